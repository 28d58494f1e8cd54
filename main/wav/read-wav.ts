/**
 * The reader: walks the chunks, interprets fmt / ds64 / bext / iXML, and works out how much audio is really there.
 * `parseWav` is the one parser (a generator of reads, see byte-source.ts); readWavInfo drives it with positioned
 * reads on a file, parseWavBytes with an in-memory buffer.
 */
import { open } from 'node:fs/promises';
import { parseBext } from './bext';
import { bufferSource, fileSource, runAsync, runSync, type ByteSource, type Reads, type SyncByteSource } from './byte-source';
import { WavError } from './errors';
import { parseFmt } from './fmt';
import { parseIxml } from './ixml';
import { walkRiff, type Walk } from './riff-walk';
import type { WavInfo } from './types';
import { WarningSink } from './warnings';

export interface ReadWavOptions {
  /** Larger iXML chunks are ignored (warning `ixml-rejected`), never read. Default 1 MiB. */
  maxIxmlBytes?: number;
  /** bext is read up to this many bytes (the rest of CodingHistory is dropped, warning `bext-malformed`). Default 1 MiB. */
  maxBextBytes?: number;
}

export const DEFAULT_MAX_IXML_BYTES = 1024 * 1024;
export const DEFAULT_MAX_BEXT_BYTES = 1024 * 1024;

function limitsOf(opts: ReadWavOptions): { maxIxmlBytes: number; maxBextBytes: number } {
  const check = (name: string, v: number): number => {
    if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`${name} must be a non-negative integer, got ${v}`);
    return v;
  };
  return {
    maxIxmlBytes: check('maxIxmlBytes', opts.maxIxmlBytes ?? DEFAULT_MAX_IXML_BYTES),
    maxBextBytes: check('maxBextBytes', opts.maxBextBytes ?? DEFAULT_MAX_BEXT_BYTES),
  };
}

function seconds(s: number): string {
  return `${s.toFixed(3)} s`;
}

/** Words for a missing chunk: a walk that ran into the end of the file means the header was cut, not incomplete. */
function missing(walk: Walk, chunk: 'fmt ' | 'data', file: string): WavError {
  const stopped = walk.stopped;
  if (stopped && (stopped.kind === 'cut' || stopped.kind === 'unavailable')) {
    return new WavError('truncated-header', file, `${stopped.reason} before a "${chunk}" chunk was found`);
  }
  const within = stopped ? ` (${stopped.reason})` : '';
  return chunk === 'fmt '
    ? new WavError('no-fmt', file, `there is no "fmt " chunk${within}: the audio format is unknown`)
    : new WavError('no-data', file, `there is no "data" chunk${within}: the file holds no audio`);
}

/** The one parser. `size` is the file's size; reads are answered by a driver. */
export function* parseWav(size: number, file: string, opts: ReadWavOptions = {}): Reads<WavInfo> {
  const limits = limitsOf(opts);
  const warnings = new WarningSink(file);
  const walk = yield* walkRiff(size, file, limits, warnings);

  if (!walk.fmt) throw missing(walk, 'fmt ', file);
  const format = parseFmt(walk.fmt.body, walk.fmt.cut, walk.container, file, warnings);
  if (!walk.data) throw missing(walk, 'data', file);

  // How much audio there really is: the declared size, clamped to the file, in whole frames.
  const { offset: dataOffset, declaredSize } = walk.data;
  const present = Math.max(0, size - dataOffset);
  const usable = Math.min(declaredSize, present);
  const frames = Math.floor(usable / format.blockAlign);
  const dataSize = frames * format.blockAlign;
  const durationSeconds = frames / format.sampleRate;
  if (declaredSize > present) {
    const declaredSeconds = Math.floor(declaredSize / format.blockAlign) / format.sampleRate;
    warnings.add(
      'truncated-data',
      `the header promises ${declaredSize} bytes of audio (${seconds(declaredSeconds)}) but the file holds only ${present}: ` +
        `${frames} frames (${seconds(durationSeconds)}) are playable; the recording was cut short`,
    );
  } else if (usable !== dataSize) {
    warnings.add(
      'odd-block-align',
      `the "data" chunk holds ${declaredSize} bytes, not a whole number of ${format.blockAlign}-byte frames: the last ${usable - dataSize} byte(s) are ignored`,
    );
  }

  const info: WavInfo = {
    path: file,
    fileSize: size,
    format,
    dataOffset,
    declaredDataSize: declaredSize,
    dataSize,
    frames,
    durationSeconds,
    chunks: walk.chunks,
    warnings: [],
  };
  if (walk.bext) info.bext = parseBext(walk.bext.body, walk.bext.declaredSize, walk.bext.cut, limits.maxBextBytes, warnings);
  if (walk.ixml?.body) {
    const ixml = parseIxml(walk.ixml.body, warnings);
    if (ixml) info.ixml = ixml;
  }
  info.warnings = warnings.finish();
  return info;
}

/** parseWav over any synchronous source (tests count its reads). */
export function parseWavSource(source: SyncByteSource, file: string, opts?: ReadWavOptions): WavInfo {
  return runSync(parseWav(source.size, file, opts), source);
}

/** parseWav over any asynchronous source. */
export function readWavSource(source: ByteSource, file: string, opts?: ReadWavOptions): Promise<WavInfo> {
  return runAsync(parseWav(source.size, file, opts), source, file);
}

/**
 * The same parser over bytes in memory. `fileSize` (default bytes.length) lets `bytes` be just the first bytes of a
 * longer file: durations are then computed against the whole file.
 */
export function parseWavBytes(bytes: Uint8Array, path: string, fileSize?: number, opts?: ReadWavOptions): WavInfo {
  const size = fileSize ?? bytes.length;
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`fileSize must be a non-negative integer, got ${fileSize}`);
  return parseWavSource(bufferSource(bytes, size), path, opts);
}

function errnoOf(e: unknown): string {
  return typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : String(e);
}

/** Reads a WAV file's header regions with positioned reads: never the audio, never more than the caps. */
export async function readWavInfo(path: string, opts: ReadWavOptions = {}): Promise<WavInfo> {
  limitsOf(opts); // bad options are the caller's bug: say so before touching the disk
  let fh;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    throw new WavError('io', path, `cannot open the file (${errnoOf(e)})`, { cause: e });
  }
  try {
    let size: number;
    try {
      const st = await fh.stat();
      if (!st.isFile()) throw new WavError('io', path, 'not a regular file');
      size = st.size;
    } catch (e) {
      if (e instanceof WavError) throw e;
      throw new WavError('io', path, `cannot stat the file (${errnoOf(e)})`, { cause: e });
    }
    return await readWavSource(fileSource(fh, size), path, opts);
  } finally {
    await fh.close().catch(() => undefined);
  }
}
