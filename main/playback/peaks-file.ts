/**
 * Parts of a take's `.srpk` peaks file (format in main/waveform/peaks.ts) without reading all of it: the level table
 * from the header alone, or one level's bytes. A take view asks which levels exist on every open, and a waveform asks
 * for one level at a time; an hour-long take's file is tens of megabytes, most of it the finest level.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { PEAKS_FORMAT_VERSION, PEAKS_MAGIC } from '../waveform';

const FIXED_HEADER = 32;
const LEVEL_ENTRY = 16;
const TRACK_ENTRY = 8;

export interface PeaksHeader {
  sampleRate: number;
  frames: number;
  trackCount: number;
  scale: number;
  /** Finest first. */
  levels: { samplesPerBin: number; bins: number; offset: number }[];
}

export interface PeaksLevelBytes {
  sampleRate: number;
  frames: number;
  scale: number;
  samplesPerBin: number;
  bins: number;
  /** Per track: the file's bytes of that track at this level, little-endian int16 pairs (min, max) per bin. */
  tracks: Buffer[];
}

async function readExactly(fh: FileHandle, length: number, position: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  let got = 0;
  while (got < length) {
    const { bytesRead } = await fh.read(buf, got, length - got, position + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return buf.subarray(0, got);
}

async function readHeader(fh: FileHandle, file: string): Promise<PeaksHeader> {
  const bad = (why: string): never => {
    throw new Error(`${file} is not a peaks file: ${why}`);
  };
  const fixed = await readExactly(fh, FIXED_HEADER, 0);
  if (fixed.length < FIXED_HEADER || fixed.toString('latin1', 0, 4) !== PEAKS_MAGIC) bad('no SRPK magic');
  const version = fixed.readUInt16LE(4);
  if (version !== PEAKS_FORMAT_VERSION) bad(`version ${version}, this build reads ${PEAKS_FORMAT_VERSION}`);
  const headerBytes = fixed.readUInt16LE(6);
  const trackCount = fixed.readUInt32LE(12);
  const levelCount = fixed.readUInt32LE(24);
  if (headerBytes < FIXED_HEADER + LEVEL_ENTRY * levelCount + TRACK_ENTRY * trackCount) bad('header out of range');
  const table = await readExactly(fh, LEVEL_ENTRY * levelCount, FIXED_HEADER);
  if (table.length < LEVEL_ENTRY * levelCount) bad('header cut short');
  const levels = Array.from({ length: levelCount }, (_, l) => ({
    samplesPerBin: table.readUInt32LE(LEVEL_ENTRY * l),
    bins: table.readUInt32LE(LEVEL_ENTRY * l + 4),
    offset: table.readDoubleLE(LEVEL_ENTRY * l + 8),
  }));
  return { sampleRate: fixed.readUInt32LE(8), frames: fixed.readDoubleLE(16), trackCount, scale: fixed.readUInt32LE(28), levels };
}

/** The header of a peaks file (two small reads), or undefined when the file is gone or is not a peaks file. */
export async function readPeaksHeader(file: string): Promise<PeaksHeader | undefined> {
  const fh = await open(file, 'r').catch(() => undefined);
  if (!fh) return undefined;
  try {
    return await readHeader(fh, file);
  } catch {
    return undefined;
  } finally {
    await fh.close().catch(() => undefined);
  }
}

/**
 * One level of a peaks file: the header, then only that level's bytes. Undefined when the file is gone or has no such
 * level; throws when the file is damaged.
 */
export async function readPeaksLevel(file: string, samplesPerBin: number): Promise<PeaksLevelBytes | undefined> {
  const fh = await open(file, 'r').catch(() => undefined);
  if (!fh) return undefined;
  try {
    const header = await readHeader(fh, file);
    const level = header.levels.find((l) => l.samplesPerBin === samplesPerBin);
    if (!level) return undefined;
    const perTrack = level.bins * 4;
    const bytes = await readExactly(fh, perTrack * header.trackCount, level.offset);
    if (bytes.length < perTrack * header.trackCount) throw new Error(`${file} is cut short inside its ${samplesPerBin}-sample level`);
    return {
      sampleRate: header.sampleRate,
      frames: header.frames,
      scale: header.scale,
      samplesPerBin,
      bins: level.bins,
      tracks: Array.from({ length: header.trackCount }, (_, t) => bytes.subarray(t * perTrack, (t + 1) * perTrack)),
    };
  } finally {
    await fh.close().catch(() => undefined);
  }
}
