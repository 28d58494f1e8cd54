/**
 * The page cache between benchmark phases. Without dropping it, a "read from disk" right after a write reads memory
 * at several GB/s and every figure flatters. Dropping needs root (and a writable /proc/sys); where it is refused the
 * caller must say so next to the figures instead of quietly printing cached numbers.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';

/** Flushes every dirty page to disk, so the next phase does not pay for the previous one's writeback. */
export function syncDisks(): void {
  const r = spawnSync('sync', { stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`sync failed (${r.error?.message ?? `exit ${r.status}`})`);
}

/** sync, then `echo 1 > /proc/sys/vm/drop_caches` (clean page cache only). True when the kernel took it. */
export function dropPageCache(): boolean {
  syncDisks();
  try {
    writeFileSync('/proc/sys/vm/drop_caches', '1');
    return true;
  } catch {
    return false;
  }
}
