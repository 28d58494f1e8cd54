/**
 * Hashing alone, with the disk out of the picture: the same file, warm in the page cache, through `xxhsum -H2` (the
 * reference C implementation) and through our streaming xxh128 (hash-wasm, 8 MiB double-buffered reads). If ours is
 * far behind, hashing, not I/O, will cap the offload on fast drives.
 */
import { stat } from 'node:fs/promises';
import { ensureHashersReady, hashFile } from '../../main/hash';
import { hasCommand, mustSucceed, run, runShell, shq } from '../lib/shell';

export interface HashTiming {
  seconds: number;
  mbPerSecond: number;
  digest: string;
}

export interface HashingResult {
  file: string;
  bytes: number;
  /** Best of this many timings for each tool: the least disturbed by the rest of the machine. */
  repeats: number;
  soundroll: HashTiming;
  /** Undefined when xxhsum is not installed. */
  xxhsum?: HashTiming;
  /** soundroll MB/s ÷ xxhsum MB/s: 1.00 = as fast as the C tool. */
  ratio?: number;
}

const REPEATS = 3;

export async function measureHashing(file: string): Promise<HashingResult> {
  const bytes = (await stat(file)).size;
  // Twice: the first read fills the cache, the second proves it stays there (24 GiB here; a 1 GB file fits).
  for (let i = 0; i < 2; i++) mustSucceed('warming the cache', await runShell(`cat ${shq(file)} > /dev/null`));
  await ensureHashersReady(); // WebAssembly compile once, outside the clock

  const soundroll = await best(async () => {
    const t = process.hrtime.bigint();
    const r = await hashFile(file, ['xxh128'], { direct: false });
    const seconds = Number(process.hrtime.bigint() - t) / 1e9;
    if (r.bytes !== bytes) throw new Error(`hashFile read ${r.bytes} of ${bytes} bytes of ${file}`);
    return { seconds, digest: r.hashes.xxh128 ?? '' };
  }, bytes);

  if (!(await hasCommand('xxhsum'))) return { file, bytes, repeats: REPEATS, soundroll };
  const xxhsum = await best(async () => {
    const r = mustSucceed('xxhsum -H2', await run('xxhsum', ['-H2', file]));
    // "<hex>  <file>" (GNU style) for XXH128.
    return { seconds: r.seconds, digest: r.stdout.trim().split(/\s+/)[0] ?? '' };
  }, bytes);
  return { file, bytes, repeats: REPEATS, soundroll, xxhsum, ratio: soundroll.mbPerSecond / xxhsum.mbPerSecond };
}

async function best(once: () => Promise<{ seconds: number; digest: string }>, bytes: number): Promise<HashTiming> {
  let fastest: { seconds: number; digest: string } | undefined;
  for (let i = 0; i < REPEATS; i++) {
    const r = await once();
    if (!fastest || r.seconds < fastest.seconds) fastest = r;
  }
  return { ...fastest!, mbPerSecond: bytes / 1e6 / fastest!.seconds };
}
