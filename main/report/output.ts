/**
 * Writing a finished report: a temporary file beside the target, fsynced, then published under its name in one step,
 * so a reader never sees half a report. An existing file is never replaced unless `force` is set (then the rename
 * replaces it atomically).
 */
import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fsyncDirectory, nameTaken, NameTakenError, publishNoClobber } from '../durable/publish';

export { NameTakenError };

export interface WriteReportOptions {
  /** Replace a file already at the path (default: refuse with NameTakenError). */
  force?: boolean;
}

/** Throws NameTakenError when the path is taken and `force` is not set; nothing is written then. */
export async function writeReportFile(path: string, content: string | Uint8Array, options: WriteReportOptions = {}): Promise<void> {
  if (!options.force && (await nameTaken(path))) throw new NameTakenError(path);
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx');
  try {
    await handle.writeFile(content);
    await handle.sync();
  } catch (err) {
    await handle.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw err;
  }
  await handle.close();
  if (options.force) {
    try {
      await rename(temp, path);
    } catch (err) {
      await unlink(temp).catch(() => undefined);
      throw err;
    }
    await fsyncDirectory(dirname(path));
  } else {
    await publishNoClobber(temp, path);
  }
}
