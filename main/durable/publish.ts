/**
 * Publishing a finished, fsynced temporary file under its final name without ever overwriting anything.
 * `link(temp, final)` fails with EEXIST instead of replacing, which is exactly the guarantee we want; then the temp
 * name is removed and the folder fsynced. Filesystems without hard links (exFAT and FAT through Linux, some network
 * shares) answer link() with one of NO_HARDLINK: there we check that the final name is free and rename. That leaves a
 * window in which another writer of the same folder could slip a file in; a job is the only writer of its roll
 * folder, and the alternative — claiming the name first with an empty placeholder — would leave an empty file under
 * the final name if the process were killed at that moment, which is worse.
 */
import { link, lstat, open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { faultPoint } from '../fault-points';

const NO_HARDLINK = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK', 'EXDEV', 'EINVAL']);

export type PublishMethod = 'link' | 'checked-rename';

/** The final name is taken: nothing was overwritten, and the temporary file has been removed. */
export class NameTakenError extends Error {
  readonly code = 'EEXIST';
  constructor(readonly path: string) {
    super(`a file already exists at ${path}; it was not overwritten`);
  }
}

export async function publishNoClobber(tempPath: string, finalPath: string, opts: { noLink?: boolean } = {}): Promise<PublishMethod> {
  let method: PublishMethod = 'link';
  try {
    if (opts.noLink) throw Object.assign(new Error('hard links disabled'), { code: 'ENOTSUP' });
    faultPoint('publish.link', finalPath);
    await link(tempPath, finalPath);
    faultPoint('publish.linked', finalPath);
    await unlink(tempPath);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    if (code === 'EEXIST') {
      await unlink(tempPath).catch(() => undefined);
      throw new NameTakenError(finalPath);
    }
    if (!NO_HARDLINK.has(code)) throw err;
    method = 'checked-rename';
    if (await nameTaken(finalPath)) {
      await unlink(tempPath).catch(() => undefined);
      throw new NameTakenError(finalPath);
    }
    faultPoint('publish.link', finalPath);
    await rename(tempPath, finalPath);
  }
  await fsyncDirectory(dirname(finalPath));
  return method;
}

/** lstat, so a dangling symlink counts as taken: a name is free only when nothing at all is there. */
export async function nameTaken(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

/** Makes new or renamed entries of a folder durable. Windows cannot open a folder for fsync; NTFS journals the rename. */
export async function fsyncDirectory(dir: string): Promise<void> {
  let handle: FileHandle;
  try {
    handle = await open(dir, 'r');
  } catch (err) {
    if (['EISDIR', 'EPERM', 'EACCES'].includes((err as NodeJS.ErrnoException).code ?? '')) return;
    throw err;
  }
  try {
    await handle.sync();
  } catch (err) {
    if (!['EINVAL', 'ENOTSUP', 'EOPNOTSUPP', 'EBADF', 'EPERM', 'EISDIR'].includes((err as NodeJS.ErrnoException).code ?? '')) throw err;
  } finally {
    await handle.close();
  }
}
