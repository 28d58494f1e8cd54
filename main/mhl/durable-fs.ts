/**
 * Durable publication of history files. A manifest is written under a temporary name, fsynced, then published
 * without ever replacing an existing file (main/durable/publish.ts says how, with and without hard links). The chain file, which is rewritten each generation, is
 * replaced atomically with rename. Each step fsyncs the folder so the names survive a power cut.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { fsyncDirectory, NameTakenError, publishNoClobber, type PublishMethod } from '../durable/publish';
import { basename, dirname, join } from 'node:path';
import { faultPoint } from '../fault-points';
import { MhlError } from './errors';

export type { PublishMethod };
export { fsyncDirectory };

async function writeAll(path: string, bytes: Uint8Array): Promise<void> {
  const fh = await open(path, 'wx', 0o644);
  try {
    let offset = 0;
    // A write may be short (full disk, signals): loop until every byte is down or the system says why not.
    while (offset < bytes.length) {
      faultPoint('mhl.write', path);
      const { bytesWritten } = await fh.write(bytes, offset, bytes.length - offset, offset);
      if (bytesWritten <= 0) throw new Error(`write returned ${bytesWritten}`);
      offset += bytesWritten;
    }
    await fh.sync();
  } finally {
    await fh.close();
  }
}

function tempNameFor(finalPath: string): string {
  return join(dirname(finalPath), `.${basename(finalPath)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

async function removeQuietly(path: string): Promise<void> {
  await unlink(path).catch(() => undefined);
}

/**
 * Writes `bytes` to `finalPath`, which must not exist. Throws MhlError('generation-collision') when it does,
 * leaving the existing file untouched. `noLink` forces the exFAT path (for tests).
 */
export async function publishNewFile(
  finalPath: string,
  bytes: Uint8Array,
  opts: { noLink?: boolean } = {},
): Promise<PublishMethod> {
  const temp = tempNameFor(finalPath);
  try {
    await writeAll(temp, bytes);
    return await publishNoClobber(temp, finalPath, opts);
  } catch (e) {
    await removeQuietly(temp);
    if (e instanceof NameTakenError) {
      throw new MhlError('generation-collision', finalPath, 'a file with this name already exists; it was not overwritten', { cause: e });
    }
    throw e;
  }
}

/** Replaces (or creates) `path` with `bytes` atomically: readers see the old file or the new one, never a mix. */
export async function replaceFileAtomically(path: string, bytes: Uint8Array): Promise<void> {
  const temp = tempNameFor(path);
  try {
    await writeAll(temp, bytes);
    await rename(temp, path);
  } catch (e) {
    await removeQuietly(temp);
    throw e;
  }
  await fsyncDirectory(dirname(path));
}
