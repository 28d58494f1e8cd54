/**
 * One copy being written on one destination: the durability rules of the copy path live here and nowhere else.
 * write to a partial name → loop on short writes → fsync → publish without clobbering → fsync the folder.
 */
import { constants } from 'node:fs';
import { lstat, open, unlink, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fsyncDirectory, NameTakenError, publishNoClobber } from '../durable/publish';
import { faultPoint } from '../fault-points';
import { partialPathFor } from './partial';

export class PublishConflictError extends Error {
  constructor(readonly path: string) {
    super(`a file already exists at ${path}; it was not overwritten`);
  }
}

/**
 * Start writing back to the drive every this many bytes instead of letting gigabytes of dirty pages pile up for one
 * long fsync at the end: the drive keeps writing while the card is read, and the last fsync is short.
 */
const WRITEBACK_EVERY = 64 * 1024 * 1024;

export class DestinationFile {
  private handle: FileHandle | undefined;
  private written = 0;
  private closed = false;
  private flushedAt = 0;
  private flushing: Promise<void> | undefined;
  private flushError: unknown;
  readonly partialPath: string;
  /** The copy's inode once written: how a bad copy is later known to be ours and nobody else's. */
  identity: { dev: number; ino: number } | undefined;

  private constructor(readonly finalPath: string) {
    this.partialPath = partialPathFor(finalPath);
  }

  /** O_EXCL: a partial name is never shared, and never truncates anything that was there. */
  static async create(finalPath: string): Promise<DestinationFile> {
    const file = new DestinationFile(finalPath);
    faultPoint('dest.create', finalPath);
    file.handle = await open(file.partialPath, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o644);
    return file;
  }

  get bytesWritten(): number {
    return this.written;
  }

  /** Writes all of `data` at the current end, looping because a nearly full disk returns short writes. */
  async append(data: Uint8Array): Promise<void> {
    const handle = this.handle!;
    let offset = 0;
    while (offset < data.length) {
      faultPoint('dest.write', this.finalPath);
      const { bytesWritten } = await handle.write(data, offset, data.length - offset, this.written);
      if (bytesWritten <= 0) throw Object.assign(new Error(`write returned ${bytesWritten} bytes`), { code: 'EIO' });
      offset += bytesWritten;
      this.written += bytesWritten;
    }
    if (this.flushError) throw this.flushError;
    if (!this.flushing && this.written - this.flushedAt >= WRITEBACK_EVERY) {
      this.flushedAt = this.written;
      // Not awaited: writes go on into the page cache while the drive catches up. A writeback error (EIO, ENOSPC on
      // a thin volume) fails the copy at the next append or at publish.
      this.flushing = handle.datasync().then(
        () => {
          this.flushing = undefined;
        },
        (err: unknown) => {
          this.flushError = err;
          this.flushing = undefined;
        },
      );
    }
  }

  /**
   * Gives the copy the card file's modification time (the MHL records it, and editors sort by it), fsyncs data and
   * metadata, closes, then makes the final name appear — never over an existing file.
   */
  async publish(mtimeMs: number): Promise<void> {
    const handle = this.handle!;
    await this.flushing;
    if (this.flushError) throw this.flushError;
    // Seconds as a float keep sub-millisecond precision that a Date would round away.
    await handle.utimes(mtimeMs / 1000, mtimeMs / 1000);
    faultPoint('dest.sync', this.finalPath);
    await handle.sync();
    const st = await handle.stat();
    this.identity = { dev: st.dev, ino: st.ino };
    await handle.close();
    this.closed = true;
    try {
      await publishNoClobber(this.partialPath, this.finalPath);
    } catch (err) {
      if (err instanceof NameTakenError) throw new PublishConflictError(this.finalPath);
      throw err;
    }
    faultPoint('publish.done', this.finalPath);
  }

  /** Drops the partial file; used on any failure or cancel. Never touches the final name. */
  async discard(): Promise<void> {
    await this.flushing;
    if (!this.closed) {
      this.closed = true;
      await this.handle?.close().catch(() => undefined);
    }
    await unlink(this.partialPath).catch(() => undefined);
  }
}

/**
 * A copy this job wrote that did not read back as the card's bytes is removed, so that no file with wrong bytes sits
 * under a card file's name looking like a backup, and the next run writes it again. Only when the name still holds
 * the very inode this job published: anything else there (a file put in its place since) is somebody else's and is
 * left alone. Says whether it removed the copy.
 */
export async function withdrawBadCopy(finalPath: string, identity: { dev: number; ino: number } | undefined): Promise<boolean> {
  if (!identity) return false;
  try {
    const st = await lstat(finalPath);
    if (!st.isFile() || st.dev !== identity.dev || st.ino !== identity.ino) return false;
    await unlink(finalPath);
    await fsyncDirectory(dirname(finalPath));
    return true;
  } catch {
    return false;
  }
}
