/**
 * Copy once, write N: each block of the source is read once and fed to every hash and every destination writer.
 * Destinations write in parallel, each in order; a failed destination drops out of the fan-out and the others carry
 * on. A bounded ring of blocks keeps memory flat (a slow drive slows the read rather than growing a queue).
 * Nothing is published unless the source gave exactly the bytes the scan promised and did not change meanwhile.
 */
import { constants } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { HashAlgorithm, HashSet } from '../../shared/hashes';
import { allocateAligned, MultiHasher, openForReadBack, type AlignedBuffer, type ReadBackHandle } from '../hash';
import { faultPoint } from '../fault-points';
import { DestinationFile } from './destination-file';
import { describeError } from './errors';

export const COPY_BLOCK = 8 * 1024 * 1024;
const RING = 6;

export interface SourceFile {
  absolutePath: string;
  relativePath: string;
  size: number;
  mtimeMs: number;
  /** Device and inode the scan saw: the file opened for the copy must be that one. */
  dev?: number;
  ino?: number;
}

/**
 * The card's file is opened without following a symlink and without blocking, then checked to be the regular file
 * the scan listed: a name swapped for a symlink after the scan fails to open (ELOOP) instead of copying the link's
 * target, a FIFO swapped in opens without waiting for a writer that never comes, and another file put under the name
 * is refused by its inode.
 */
const CARD_OPEN_FLAGS = (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

export interface TargetResult {
  finalPath: string;
  published: boolean;
  bytesWritten: number;
  error?: string;
  /** The published copy's inode (see DestinationFile.identity). */
  identity?: { dev: number; ino: number };
}

export interface CopyOnceResult {
  hashes: HashSet;
  bytesRead: number;
  /** A problem with the card's file: nothing was published anywhere. */
  sourceError?: string;
  targets: TargetResult[];
}

export interface CopyOnceOptions {
  signal?: AbortSignal;
  ring?: CopyRing;
  onProgress?: (bytesRead: number, bytesWrittenPerTarget: number[]) => void;
}

/** The ring's blocks are the copy's only large allocation: one ring per job, reused for every file of it. */
export class CopyRing {
  private readonly blocks: AlignedBuffer[] = [];
  block(i: number): AlignedBuffer {
    this.blocks[i] ??= allocateAligned(COPY_BLOCK);
    return this.blocks[i]!;
  }
}

export async function copyOnce(
  source: SourceFile,
  finalPaths: readonly string[],
  algorithms: readonly HashAlgorithm[],
  opts: CopyOnceOptions = {},
): Promise<CopyOnceResult> {
  const hasher = new MultiHasher(algorithms);
  const ring = opts.ring ?? new CopyRing();
  const targets = await Promise.all(
    finalPaths.map(async (finalPath) => {
      try {
        return { finalPath, file: await DestinationFile.create(finalPath), error: undefined as string | undefined };
      } catch (err) {
        return { finalPath, file: undefined, error: describeError(err, `cannot create a file in the folder of ${finalPath}`) };
      }
    }),
  );
  const chains: Promise<void>[] = targets.map(() => Promise.resolve());
  const released: Promise<void>[] = Array.from({ length: RING }, () => Promise.resolve());

  let bytesRead = 0;
  let sourceError: string | undefined;
  let aborted = false;
  // The card is read with O_DIRECT where it can be: a card is read once, so caching it only costs CPU and evicts
  // what the read-back needs; the fallback is an ordinary read.
  const handle: ReadBackHandle | undefined = await openForReadBack(source.absolutePath, true, CARD_OPEN_FLAGS).catch((err: unknown) => {
    sourceError =
      (err as NodeJS.ErrnoException).code === 'ELOOP'
        ? `${source.relativePath} on the card was replaced by a symlink after the scan; a link is never followed`
        : describeError(err, `cannot open ${source.relativePath} on the card`);
    return undefined;
  });
  if (handle && !sourceError) sourceError = await notTheScannedFile(source, handle.handle);
  const readAt = (slot: number, position: number): Promise<number> =>
    (async () => {
      faultPoint('card.read', source.relativePath);
      return handle!.read(ring.block(slot), position);
    })().catch((err: unknown) => {
      sourceError = describeError(err, `read error on the card at byte ${position} of ${source.relativePath}`);
      return 0;
    });
  try {
    // One read always in flight ahead of the hashing, so the card never waits for the CPU.
    let pending = handle && !sourceError ? readAt(0, 0) : Promise.resolve(0);
    for (let i = 0; ; i++) {
      const n = await pending;
      if (n === 0 || sourceError) break;
      if (opts.signal?.aborted) {
        aborted = true;
        break;
      }
      const slot = i % RING;
      const next = (i + 1) % RING;
      await released[next];
      pending = readAt(next, bytesRead + n);
      const chunk = ring.block(slot).view.subarray(0, n);
      hasher.update(chunk);
      bytesRead += n;
      faultPoint('copy.block', source.relativePath);
      const writes = targets.map((t, k) => {
        chains[k] = chains[k]!.then(async () => {
          if (t.error || !t.file) return;
          try {
            await t.file.append(chunk);
          } catch (err) {
            t.error = describeError(err, `write failed at byte ${t.file.bytesWritten} of ${t.finalPath}`);
          }
        });
        return chains[k];
      });
      released[slot] = Promise.all(writes).then(() => undefined);
      opts.onProgress?.(bytesRead, targets.map((t) => t.file?.bytesWritten ?? 0));
    }
    await pending.catch(() => 0);
    await Promise.all(chains);
    if (handle && !sourceError && !aborted) sourceError = await checkSourceUnchanged(source, handle.handle, bytesRead);
  } finally {
    await handle?.close().catch(() => undefined);
  }

  if (sourceError || aborted) {
    await Promise.all(targets.map((t) => t.file?.discard()));
    return {
      hashes: {},
      bytesRead,
      sourceError: sourceError ?? 'cancelled',
      targets: targets.map((t) => ({ finalPath: t.finalPath, published: false, bytesWritten: t.file?.bytesWritten ?? 0, error: t.error ?? (aborted ? 'cancelled' : sourceError) })),
    };
  }

  const hashes = hasher.digest();
  const results = await Promise.all(
    targets.map(async (t): Promise<TargetResult> => {
      const bytesWritten = t.file?.bytesWritten ?? 0;
      if (t.error || !t.file) {
        await t.file?.discard();
        return { finalPath: t.finalPath, published: false, bytesWritten, error: t.error };
      }
      try {
        await t.file.publish(source.mtimeMs);
        return { finalPath: t.finalPath, published: true, bytesWritten, identity: t.file.identity };
      } catch (err) {
        await t.file.discard();
        return { finalPath: t.finalPath, published: false, bytesWritten, error: describeError(err, `could not publish ${t.finalPath}`) };
      }
    }),
  );
  return { hashes, bytesRead, targets: results };
}

/**
 * A pulled card or a truncated file gives a silent early end of file, not an error; a recorder still writing changes
 * size or mtime. Compare what we read with what the scan recorded, on the open handle and on the path.
 */
async function checkSourceUnchanged(
  source: SourceFile,
  handle: { stat(): Promise<{ size: number; mtimeMs: number }> },
  bytesRead: number,
): Promise<string | undefined> {
  if (bytesRead !== source.size) {
    return bytesRead < source.size
      ? `the card's file ended after ${bytesRead} of ${source.size} bytes (card pulled or file truncated during the copy)`
      : `the card's file grew to more than ${source.size} bytes during the copy (still being written?)`;
  }
  try {
    const [open_, now] = await Promise.all([handle.stat(), stat(source.absolutePath)]);
    for (const st of [open_, now]) {
      if (st.size !== source.size || st.mtimeMs !== source.mtimeMs) {
        return `the card's file changed during the copy (size ${source.size} → ${st.size}, modified ${new Date(source.mtimeMs).toISOString()} → ${new Date(st.mtimeMs).toISOString()})`;
      }
    }
  } catch (err) {
    return describeError(err, 'the card\'s file could not be checked after the copy (card removed?)');
  }
  return undefined;
}

/** Why the opened card file is not the one the scan listed (not a regular file, or another inode), or undefined. */
async function notTheScannedFile(source: SourceFile, handle: { stat(): Promise<{ isFile(): boolean; dev: number; ino: number }> }): Promise<string | undefined> {
  try {
    const st = await handle.stat();
    if (!st.isFile()) return `${source.relativePath} on the card is no longer a regular file (replaced after the scan); not copied`;
    if (source.ino !== undefined && (st.ino !== source.ino || st.dev !== source.dev)) {
      return `${source.relativePath} on the card was replaced by another file after the scan (a different inode); not copied`;
    }
  } catch (err) {
    return describeError(err, `cannot check ${source.relativePath} on the card`);
  }
  return undefined;
}
