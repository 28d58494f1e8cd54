/**
 * hashFile: the verify half of "verified". Re-reads a whole file (from the disk where the filesystem allows) through
 * every requested algorithm, double-buffered so the drive keeps reading while the previous block is hashed.
 */
import type { HashAlgorithm, HashSet } from '../../shared/hashes';
import type { ReadBackMethod } from '../../shared/offload';
import { allocateAligned, openForReadBack, type AlignedBuffer } from './direct-read';
import { faultPoint } from '../fault-points';
import { ensureHashersReady, MultiHasher } from './hasher';

export const READ_BACK_BLOCK = 8 * 1024 * 1024;

export interface HashFileOptions {
  /** Bypass the page cache where possible (default true). */
  direct?: boolean;
  signal?: AbortSignal;
  onProgress?: (bytesSoFar: number) => void;
  /** Reuse buffers across files (two are needed); allocated per call otherwise. */
  buffers?: [AlignedBuffer, AlignedBuffer];
}

export interface FileHashResult {
  hashes: HashSet;
  bytes: number;
  method: ReadBackMethod;
}

export async function hashFile(
  path: string,
  algorithms: readonly HashAlgorithm[],
  opts: HashFileOptions = {},
): Promise<FileHashResult> {
  await ensureHashersReady();
  const hasher = new MultiHasher(algorithms);
  const buffers = opts.buffers ?? [allocateAligned(READ_BACK_BLOCK), allocateAligned(READ_BACK_BLOCK)];
  const file = await openForReadBack(path, opts.direct ?? true);
  let bytes = 0;
  const readBlock = async (buf: AlignedBuffer, position: number): Promise<number> => {
    faultPoint('readback.read', path);
    return file.read(buf, position);
  };
  try {
    let current = 0;
    let pending = readBlock(buffers[0], 0);
    for (;;) {
      const n = await pending;
      if (n === 0) break;
      opts.signal?.throwIfAborted();
      const buf = buffers[current]!;
      const position = bytes + n;
      const next = current ^ 1;
      // A short read from a direct handle only happens at end of file; the next read then returns 0.
      pending = readBlock(buffers[next]!, position);
      hasher.update(buf.view.subarray(0, n));
      bytes = position;
      current = next;
      opts.onProgress?.(bytes);
    }
  } finally {
    await file.close();
  }
  return { hashes: hasher.digest(), bytes, method: file.method };
}
