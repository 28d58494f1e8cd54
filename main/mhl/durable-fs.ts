/**
 * Durable publication of history files. A manifest is written under a temporary name, fsynced, then published
 * without ever replacing an existing file: `link` fails with EEXIST instead of overwriting. Where the file system
 * has no hard links (exFAT, FAT, some network shares) the final name is first created exclusively, then the temp
 * file is renamed over that placeholder we just created. The chain file, which is rewritten each generation, is
 * replaced atomically with rename. Each step fsyncs the folder so the names survive a power cut.
 */
import { randomBytes } from 'node:crypto';
import { link, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { errnoCode, MhlError } from './errors';

/** Errno codes with which link() says "no hard links here" rather than "something is wrong". */
const LINK_UNSUPPORTED = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK', 'EXDEV', 'EINVAL']);

export type PublishMethod = 'link' | 'exclusive-rename';

async function writeAll(path: string, bytes: Uint8Array): Promise<void> {
  const fh = await open(path, 'wx', 0o644);
  try {
    let offset = 0;
    // A write may be short (full disk, signals): loop until every byte is down or the system says why not.
    while (offset < bytes.length) {
      const { bytesWritten } = await fh.write(bytes, offset, bytes.length - offset, offset);
      if (bytesWritten <= 0) throw new Error(`write returned ${bytesWritten}`);
      offset += bytesWritten;
    }
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** fsync a folder so a new or renamed entry in it is durable. Platforms that cannot (Windows) are skipped. */
export async function fsyncDirectory(dir: string): Promise<void> {
  let fh;
  try {
    fh = await open(dir, 'r');
  } catch (e) {
    if (['EISDIR', 'EPERM', 'EACCES'].includes(errnoCode(e) ?? '')) return;
    throw e;
  }
  try {
    await fh.sync();
  } catch (e) {
    if (!['EINVAL', 'ENOTSUP', 'EOPNOTSUPP', 'EBADF', 'EPERM', 'EISDIR'].includes(errnoCode(e) ?? '')) throw e;
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
  const collision = (cause: unknown): MhlError =>
    new MhlError('generation-collision', finalPath, 'a file with this name already exists; it was not overwritten', { cause });
  try {
    await writeAll(temp, bytes);
    let method: PublishMethod = 'link';
    try {
      if (opts.noLink) throw Object.assign(new Error('hard links disabled'), { code: 'ENOTSUP' });
      await link(temp, finalPath);
      await unlink(temp);
    } catch (e) {
      const code = errnoCode(e);
      if (code === 'EEXIST') throw collision(e);
      if (!LINK_UNSUPPORTED.has(code ?? '')) throw e;
      method = 'exclusive-rename';
      try {
        const placeholder = await open(finalPath, 'wx', 0o644);
        await placeholder.close();
      } catch (e2) {
        if (errnoCode(e2) === 'EEXIST') throw collision(e2);
        throw e2;
      }
      try {
        await rename(temp, finalPath);
      } catch (e3) {
        await removeQuietly(finalPath); // our own empty placeholder, never someone else's file
        throw e3;
      }
    }
    await fsyncDirectory(dirname(finalPath));
    return method;
  } catch (e) {
    await removeQuietly(temp);
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
