/**
 * Is this volume a recorder card? Decided by content, not by name: a bounded walk down from the volume root finds
 * the WAV/BWF files, a few of their headers are read (never the audio), and it is a card when at least one of them
 * carries bext or iXML, which location recorders write and consumer devices and DAW exports mostly do not.
 *
 * Recognised at the folder given (the volume root), walking down to the WAVs: a Sound Devices card keeps them two
 * levels down (`A001/261123/S01T01.WAV`), a Zoom take folder three (`PROJECT/DAY/Scene001-T001.TAKE/`).
 *
 * Bounded for a large or hostile card: at most `maxDepth` folder levels and `maxEntries` directory entries in all
 * (a folder of a million files costs `maxEntries` entries, read lazily, never the whole listing), at most
 * `maxHeaders` headers with capped reads (main/wav), symlinks never followed, only regular files opened, OS litter
 * and hidden folders skipped. A file that is not a WAV or cannot be read is counted in `unreadable`, never thrown.
 */
import { lstat, opendir, realpath, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { litterReason } from '../offload/scan-litter';
import { takeMetadataOf } from '../takes';
import { readWavInfo, type WavInfo } from '../wav';
import type { CardInfo, RecogniseOptions } from './types';

export const DEFAULT_MAX_DEPTH = 3;
export const DEFAULT_MAX_ENTRIES = 5000;
export const DEFAULT_MAX_HEADERS = 24;

const WAV_NAME = /\.(wav|bwf)$/i;
/** Headers read at once; stats of found WAVs at once. */
const HEADER_CONCURRENCY = 4;
const STAT_CONCURRENCY = 32;

interface WalkResult {
  /** '/'-separated paths relative to the card folder, shallow folders first, names sorted within a folder. */
  wavs: string[];
  truncated: boolean;
}

async function walk(root: string, maxDepth: number, maxEntries: number): Promise<WalkResult> {
  const wavs: string[] = [];
  const queue: { rel: string; depth: number }[] = [{ rel: '', depth: 0 }];
  let seen = 0;
  let truncated = false;
  while (queue.length > 0 && !truncated) {
    const { rel, depth } = queue.shift()!;
    const entries: { name: string; dir: boolean; file: boolean }[] = [];
    try {
      const dir = await opendir(rel === '' ? root : join(root, ...rel.split('/')), { bufferSize: 128 });
      for await (const d of dir) {
        // for-await closes the Dir on break
        if (++seen > maxEntries) {
          truncated = true;
          break;
        }
        // Dirent types come from the listing (lstat semantics): a symlink is neither a folder nor a file here.
        entries.push({ name: d.name, dir: d.isDirectory(), file: d.isFile() });
      }
    } catch {
      continue; // an unreadable folder hides its files, it does not fail the card
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith('.') || litterReason(e.name) !== undefined) continue;
      const path = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.dir && depth < maxDepth) queue.push({ rel: path, depth: depth + 1 });
      else if (e.file && WAV_NAME.test(e.name)) wavs.push(path);
    }
  }
  return { wavs, truncated };
}

/** Runs `fn` over `items`, `limit` at a time, results in order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** `k` items spread evenly over `items` (all of them when there are no more than `k`), first one included. */
function spread<T>(items: readonly T[], k: number): T[] {
  if (items.length <= k) return [...items];
  return Array.from({ length: k }, (_, i) => items[Math.floor((i * items.length) / k)]!);
}

/** The value most entries agree on; ties go to the one seen first. */
function mostCommon(values: readonly string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: string | undefined;
  for (const [v, n] of counts) if (best === undefined || n > counts.get(best)!) best = v;
  return best;
}

function nonEmpty(v: string | undefined): string | undefined {
  const t = v?.trim();
  return t === undefined || t === '' ? undefined : t;
}

/** The tape name main/takes reads (iXML TAPE, else the bext Description's `sTAPE=`/`TAPE=`); never throws. */
function tapeOf(info: WavInfo, rel: string): string | undefined {
  try {
    return nonEmpty(takeMetadataOf(info, rel).tape?.value);
  } catch {
    return undefined;
  }
}

/** The limits with their defaults; a bad value is the caller's bug (RangeError), said before touching the disk. */
export function recogniseLimits(opts: RecogniseOptions = {}): Required<RecogniseOptions> {
  const limits = {
    maxDepth: opts.maxDepth ?? DEFAULT_MAX_DEPTH,
    maxEntries: opts.maxEntries ?? DEFAULT_MAX_ENTRIES,
    maxHeaders: opts.maxHeaders ?? DEFAULT_MAX_HEADERS,
  };
  for (const [name, v] of Object.entries(limits)) {
    if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`${name} must be a non-negative integer, got ${v}`);
  }
  return limits;
}

/** The card in folder `path`, or null when it holds no WAV with bext or iXML (or cannot be read at all). */
export async function recogniseCard(path: string, opts: RecogniseOptions = {}): Promise<CardInfo | null> {
  const { maxDepth, maxEntries, maxHeaders } = recogniseLimits(opts);

  let root: string;
  try {
    // The volume itself may be a symlink (a /Volumes alias); nothing below it is followed.
    root = await realpath(path);
    if (!(await stat(root)).isDirectory()) return null;
  } catch {
    return null;
  }

  const { wavs, truncated } = await walk(root, maxDepth, maxEntries);
  if (wavs.length === 0) return null;

  const sizes = await mapLimit(wavs, STAT_CONCURRENCY, async (rel) => {
    try {
      return (await lstat(join(root, ...rel.split('/')))).size;
    } catch {
      return 0; // gone since the listing
    }
  });
  const bytes = sizes.reduce((a, b) => a + b, 0);

  const sample = spread(wavs, maxHeaders);
  const infos = await mapLimit(sample, HEADER_CONCURRENCY, async (rel) => {
    try {
      return { rel, info: await readWavInfo(join(root, ...rel.split('/'))) };
    } catch {
      return { rel, info: undefined };
    }
  });
  const read = infos.filter((r): r is { rel: string; info: WavInfo } => r.info !== undefined);
  const withMeta = read.filter((r) => r.info.bext !== undefined || r.info.ixml !== undefined);
  if (withMeta.length === 0) return null;

  const recorder = mostCommon(withMeta.map((r) => nonEmpty(r.info.bext?.originator)).filter((v): v is string => v !== undefined));
  const tape = mostCommon(withMeta.map((r) => tapeOf(r.info, r.rel)).filter((v): v is string => v !== undefined));
  const folder = nonEmpty(basename(path));
  const card: CardInfo = {
    path,
    wavFiles: wavs.length,
    bytes,
    sampleWavs: sample.length,
    unreadable: sample.length - read.length,
    withMetadata: withMeta.length,
    truncated,
  };
  if (recorder !== undefined) card.recorder = recorder;
  if (tape !== undefined) {
    card.roll = tape;
    card.rollSource = 'metadata';
  } else if (folder !== undefined) {
    card.roll = folder;
    card.rollSource = 'folder';
  }
  return card;
}
