/**
 * The peaks cache: one `.srpk` file per take under a cache folder (the app uses `<userData>/peaks`), named by a key
 * that hashes, for each file of the take in track order, its absolute path, size, mtimeMs and inode, plus the format
 * version and the levels. A file rewritten in place (new mtime or size) or replaced (new inode) gets a new key, so a
 * stale cache is never found; old cache files are simply orphaned (a later cleanup can delete by age).
 *
 * Files, not SQLite blobs: a take's peaks are read whole, by one process, and written once; a plain file is one
 * `readFile` away and needs no catalog schema or migration, and deleting the folder is a safe cache reset.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { readWavInfo } from '../wav';
import { decodeTracks, fanOut, type BlockHandler, type DecodeFile } from './decode';
import { DEFAULT_LEVELS, PEAKS_FORMAT_VERSION, PeaksBuilder, parsePeaks, type TakePeaks } from './peaks';

export interface PeaksTake {
  /** One poly file, or the mono files of a split take in track order. */
  files: readonly DecodeFile[];
}

export interface BuildPeaksOptions {
  levels?: readonly number[];
  signal?: AbortSignal;
  /** More consumers of the same decode pass (QC analyzers): they see every block the peaks builder sees. */
  alsoOnBlock?: BlockHandler[];
}

/** The cache key of a take as its files are now (stat only, no reads). */
export async function peaksCacheKey(take: PeaksTake, levels: readonly number[] = DEFAULT_LEVELS): Promise<string> {
  const h = createHash('sha256');
  h.update(`srpk v${PEAKS_FORMAT_VERSION} levels ${levels.join(',')}\n`);
  for (const f of take.files) {
    const path = resolve(f.path);
    const s = await stat(path, { bigint: true });
    h.update(`${JSON.stringify(path)} ${f.channels} ${s.size} ${s.mtimeNs} ${s.ino}\n`);
  }
  return h.digest('hex').slice(0, 40);
}

export const peaksCachePath = (cacheDir: string, key: string): string => join(cacheDir, `${key}.srpk`);

/** Reads a cache file: one read, typed-array views over the bytes. */
export async function readPeaks(cacheFile: string): Promise<TakePeaks> {
  return parsePeaks(await readFile(cacheFile));
}

/**
 * The peaks file of a take: the cached one when its key matches the files as they are, else built by one decode pass
 * and published atomically (temp file + rename, so a reader never sees half a file). Returns the cache path.
 */
export async function buildTakePeaks(take: PeaksTake, cacheDir: string, opts: BuildPeaksOptions = {}): Promise<string> {
  const levels = opts.levels ?? DEFAULT_LEVELS;
  const key = await peaksCacheKey(take, levels);
  const target = peaksCachePath(cacheDir, key);
  try {
    parsePeaks(await readFile(target));
    return target;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT' && (e as Error).name !== 'PeaksFormatError') throw e;
  }
  const first = take.files[0];
  if (!first) throw new RangeError('a take has at least one file');
  const info = await readWavInfo(first.path);
  const trackCount = take.files.reduce((n, f) => n + f.channels, 0);
  const builder = new PeaksBuilder(trackCount, info.format.sampleRate, levels);
  await decodeTracks(take.files, { onBlock: fanOut(builder.onBlock, ...(opts.alsoOnBlock ?? [])), signal: opts.signal });
  const bytes = builder.encode();
  // The key again: a file that changed during the decode must not be cached under the key it had before.
  if ((await peaksCacheKey(take, levels)) !== key) throw new Error('a file of the take changed while its peaks were built');
  await publishPeaks(target, bytes);
  return target;
}

/** Writes a peaks file atomically (temp file + rename, so a reader never sees half a file). */
export async function publishPeaks(target: string, bytes: Buffer): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  const temp = `${target}.${process.pid}.${Date.now()}.tmp`;
  try {
    await writeFile(temp, bytes);
    await rename(temp, target);
  } catch (e) {
    await unlink(temp).catch(() => undefined);
    throw e;
  }
}
