/**
 * The floor: the least the machine needs for what an offload does, measured with plain tools on the same card and
 * disk. Read the card once and write it to both destinations (`cat | tee`), make it durable (`sync`), then read both
 * copies back from disk at the same time, as our verify reads the two destinations concurrently. Hashing, MHL and
 * catalog cost nothing here, so offload/floor shows what they and our I/O pattern add.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Card } from '../lib/card';
import { dropPageCache, syncDisks } from '../lib/cache';
import { mustSucceed, runShell, shq } from '../lib/shell';

export interface FloorResult {
  /** cat | tee of every file, plus the final sync. */
  copySeconds: number;
  /** Both destinations read back in parallel, after the cache was dropped. */
  readSeconds: number;
  /** The floor: copy + read (the cache drop between them is not counted; the offload has none). */
  seconds: number;
  /** False when the cache could not be dropped before the read-back: it then read memory. */
  cacheDropped: boolean;
}

/** Expects empty destinations and a cold cache (the caller prepares both). */
export async function measureFloor(card: Card, d1: string, d2: string): Promise<FloorResult> {
  const copySeconds = await copyToBoth(card, d1, d2);
  const cacheDropped = dropPageCache();
  const list = (d: string): string => card.files.map((f) => shq(join(d, ...f.relativePath.split('/')))).join(' ');
  const read = await runShell(`cat ${list(d1)} > /dev/null & a=$!; cat ${list(d2)} > /dev/null & b=$!; wait $a; ra=$?; wait $b; rb=$?; [ $ra -eq 0 ] && [ $rb -eq 0 ]`);
  const readSeconds = mustSucceed('floor read-back', read).seconds;
  return { copySeconds, readSeconds, seconds: copySeconds + readSeconds, cacheDropped };
}

/**
 * One untimed pass of the floor's copy, run once before anything is measured. On this machine's virtual disk the
 * first 4 GB written after the card was generated went markedly slower than every later pass (8 s vs 5.6 s in a
 * plain shell loop, up to 16 s inside the benchmark), which made run 1's floor slow and its ratio flattering.
 * Whatever the cause (host-side writeback of the fresh card, first allocation of blocks), both measured phases now
 * start from the same state. The caller empties the destinations afterwards.
 */
export async function settleDisk(card: Card, d1: string, d2: string): Promise<void> {
  await copyToBoth(card, d1, d2);
}

/** cat | tee of every file into both destinations, then sync; returns the seconds that took. */
async function copyToBoth(card: Card, d1: string, d2: string): Promise<number> {
  const rel = card.files.map((f) => f.relativePath.split('/'));
  // Folders are made before the clock starts: the offload's mkdir is cheap and this keeps the shell lines simple.
  for (const parts of rel) for (const d of [d1, d2]) await mkdir(dirname(join(d, ...parts)), { recursive: true });
  let seconds = 0;
  for (const [i, f] of card.files.entries()) {
    const parts = rel[i]!;
    const r = await runShell(`cat ${shq(f.absolutePath)} | tee ${shq(join(d1, ...parts))} > ${shq(join(d2, ...parts))}`);
    seconds += mustSucceed(`floor copy of ${f.relativePath}`, r).seconds;
  }
  const t = process.hrtime.bigint();
  syncDisks();
  return seconds + Number(process.hrtime.bigint() - t) / 1e9;
}
