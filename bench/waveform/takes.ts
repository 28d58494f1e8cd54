/**
 * The benchmark's material: two poly takes written by the project's BWF writer (8 tracks, 48 kHz; 24-bit PCM and
 * 32-bit float) with Sound Devices style bext/iXML, named tracks and MIX-L/MIX-R functions so the loudness meter over
 * the mix runs, and a card of real files (no hard links) made from the 24-bit take for the offload part.
 */
import { mkdir, open } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { blockAlignOf, bwfHeader, codingHistoryLine, writeBwf, type BwfFormat, type BwfMeta } from '../../main/demo/bwf-writer';
import { readWavInfo } from '../../main/wav';
import { speechNoise, type TrackVoice } from './speech-noise';

export const SAMPLE_RATE = 48_000;

/** The tracks as a production mixer names them, with each one's level and tone. */
export const TRACKS: readonly { name: string; function: string; voice: TrackVoice }[] = [
  { name: 'Boom', function: 'BOOM', voice: { level: 0.3, tone: 0.18 } },
  { name: 'Lav 1', function: 'LAV', voice: { level: 0.4, tone: 0.42 } },
  { name: 'Lav 2', function: 'LAV', voice: { level: 0.36, tone: 0.38 } },
  { name: 'Lav 3', function: 'LAV', voice: { level: 0.32, tone: 0.46 } },
  { name: 'Lav 4', function: 'LAV', voice: { level: 0.28, tone: 0.34 } },
  { name: 'Plant', function: 'PLANT', voice: { level: 0.2, tone: 0.25 } },
  { name: 'Mix L', function: 'MIX-L', voice: { level: 0.38, tone: 0.3 } },
  { name: 'Mix R', function: 'MIX-R', voice: { level: 0.37, tone: 0.31 } },
];

export const PCM24: BwfFormat = { sampleRate: SAMPLE_RATE, bitDepth: 24, sampleFormat: 'pcm' };
export const FLOAT32: BwfFormat = { sampleRate: SAMPLE_RATE, bitDepth: 32, sampleFormat: 'float' };

export interface TakeFile {
  path: string;
  bytes: number;
  frames: number;
  format: BwfFormat;
  /** "24-bit PCM" / "32-bit float". */
  label: string;
}

export const formatLabel = (f: BwfFormat): string => (f.sampleFormat === 'float' ? '32-bit float' : `${f.bitDepth}-bit PCM`);

function metaOf(format: BwfFormat, scene: string, take: number, fileUid: string): BwfMeta {
  const clock = 9 * 3600 + take * 900; // 09:00:00 plus a quarter of an hour per take
  const names = TRACKS.map((t) => t.name);
  return {
    format,
    tracks: TRACKS.map((t) => ({ name: t.name, function: t.function })),
    timeReference: clock * SAMPLE_RATE,
    bext: {
      description: [
        ['sSCENE', scene],
        ['sTAKE', String(take)],
        ['sTAPE', 'A001'],
        ['sSPEED', '023.976-ND'],
        ...names.map((name, i): [string, string] => [`sTRK${i + 1}`, name]),
      ],
      originator: 'Sound Devices',
      originatorReference: `USSDV${fileUid}`.slice(0, 32),
      originationDate: '2025-03-14',
      originationTime: `${String(Math.floor(clock / 3600)).padStart(2, '0')}:${String(Math.floor(clock / 60) % 60).padStart(2, '0')}:00`,
      codingHistory: codingHistoryLine(format, TRACKS.length, 'soundroll-bench'),
    },
    ixml: {
      project: 'Bench',
      scene,
      take: String(take),
      tape: 'A001',
      circled: false,
      note: '',
      fileUid,
      timecodeRate: '24000/1001',
      timecodeFlag: 'NDF',
    },
  };
}

/** Writes one take of `minutes` through writeBwf, its audio generated block by block (never whole in memory). */
export async function writeTestTake(path: string, format: BwfFormat, minutes: number, seedTag: string): Promise<TakeFile> {
  const frames = Math.round(minutes * 60 * SAMPLE_RATE);
  const meta = metaOf(format, '101', format.sampleFormat === 'float' ? 2 : 1, `BENCH${seedTag.toUpperCase()}`);
  await mkdir(dirname(path), { recursive: true });
  await writeBwf(path, meta, frames, speechNoise(TRACKS.map((t) => t.voice), SAMPLE_RATE, seedTag));
  const bytes = bwfHeader(meta, frames).length + frames * blockAlignOf(format, TRACKS.length);
  return { path, bytes, frames, format, label: formatLabel(format) };
}

export interface Card {
  root: string;
  files: { relativePath: string; path: string; bytes: number }[];
  totalBytes: number;
}

const COPY_BLOCK = 8 * 1024 * 1024;

/**
 * A card of about `totalBytes` in `root`: takes with their own header (scene, take, file UID, so each is a take of
 * its own in the catalog) followed by the audio of `source`, copied byte for byte into a new file. Whole copies,
 * then one shorter take with the remainder (whole frames) when it is worth a file.
 */
export async function writeCard(root: string, source: TakeFile, totalBytes: number): Promise<Card> {
  const info = await readWavInfo(source.path);
  const align = blockAlignOf(source.format, TRACKS.length);
  const files: Card['files'] = [];
  let left = totalBytes;
  for (let take = 1; left > 0; take++) {
    const meta = metaOf(source.format, '12A', take, `CARD${String(take).padStart(4, '0')}`);
    const overhead = bwfHeader(meta, 0).length;
    const frames = Math.min(source.frames, Math.floor((left - overhead) / align));
    // A remainder under 10 MB is not worth a take: the card is then a little under the asked size.
    if (frames * align < 10_000_000) break;
    const relativePath = `25Y03M14/S12AT${String(take).padStart(2, '0')}.WAV`;
    const path = join(root, ...relativePath.split('/'));
    await mkdir(dirname(path), { recursive: true });
    const header = bwfHeader(meta, frames);
    await copyBehindHeader(path, header, source.path, info.dataOffset, frames * align);
    const bytes = header.length + frames * align;
    files.push({ relativePath, path, bytes });
    left -= bytes;
  }
  return { root, files, totalBytes: files.reduce((n, f) => n + f.bytes, 0) };
}

async function copyBehindHeader(target: string, header: Buffer, source: string, from: number, length: number): Promise<void> {
  const src = await open(source, 'r');
  const dst = await open(target, 'wx');
  try {
    await writeAll(dst, header, 0);
    const buf = Buffer.allocUnsafe(COPY_BLOCK);
    let done = 0;
    while (done < length) {
      const { bytesRead } = await src.read(buf, 0, Math.min(COPY_BLOCK, length - done), from + done);
      if (bytesRead <= 0) throw new Error(`${source} ended after ${done} of ${length} audio bytes`);
      await writeAll(dst, buf.subarray(0, bytesRead), header.length + done);
      done += bytesRead;
    }
  } finally {
    await src.close();
    await dst.close();
  }
}

async function writeAll(file: Awaited<ReturnType<typeof open>>, data: Uint8Array, position: number): Promise<void> {
  let done = 0;
  while (done < data.length) {
    const { bytesWritten } = await file.write(data, done, data.length - done, position + done);
    if (bytesWritten <= 0) throw new Error(`write returned ${bytesWritten} bytes`);
    done += bytesWritten;
  }
}
