/**
 * Which copy of a take's files can be read right now. The card may be gone (it was formatted once safe), so every
 * reader of audio (the analysis, playback) takes, for each file of the take, the newest verified copy that is on disk
 * now with the size the catalog recorded. A stat per candidate, never a read: the caller reads the bytes.
 */
import { stat } from 'node:fs/promises';
import type { QcStore, TakeSource } from './qc-store';

/** No verified copy of a file can be read right now (its drives are unplugged): not the take's fault. */
export class SourceUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SourceUnavailable';
  }
}

export interface ReachableSource extends TakeSource {
  /** The channel count from the file's header read (known: a file without one is refused). */
  channels: number;
  /** The verified copy chosen. */
  path: string;
}

/** The newest verified copy of the file that is on disk with the catalog's size, or undefined. */
export async function reachableCopy(source: Pick<TakeSource, 'copies' | 'size'>): Promise<string | undefined> {
  for (const path of source.copies) {
    const s = await stat(path).catch(() => undefined);
    if (s?.isFile() && s.size === source.size) return path;
  }
  return undefined;
}

/**
 * The files of a take in track order, each with its chosen copy. Throws (in the order of the files) when a file's
 * header could not be read, and SourceUnavailable when a file has no reachable verified copy.
 */
export async function reachableSourcesOfTake(qc: QcStore, takeId: number): Promise<ReachableSource[]> {
  const out: ReachableSource[] = [];
  for (const source of qc.sourcesOfTake(takeId)) {
    if (source.channels === null) throw new Error(`${source.relativePath}: its header could not be read`);
    const path = await reachableCopy(source);
    if (!path) {
      throw new SourceUnavailable(
        source.copies.length
          ? `no verified copy of ${source.relativePath} is reachable (${source.copies.join(', ')}): connect one of its drives`
          : `${source.relativePath} has no verified copy`,
      );
    }
    out.push({ ...source, channels: source.channels, path });
  }
  return out;
}
