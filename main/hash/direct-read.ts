/**
 * Reading a file back from the disk rather than from the page cache. On Linux a file just written re-reads from
 * memory at ~8 GB/s unless the cache is bypassed, and a "verify" that only reads memory proves nothing about the
 * drive. O_DIRECT needs the buffer address, the file offset and the length aligned to the device's block size;
 * Node cannot tell us a buffer's address, so we over-allocate and probe once for an offset the kernel accepts.
 * Where the filesystem refuses O_DIRECT (tmpfs, some network or FUSE mounts) or the platform has no such flag
 * (macOS, Windows), we read normally and say so: the caller records the method next to the result.
 */
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import type { ReadBackMethod } from '../../shared/offload';

/** Alignment we round to: covers 512-byte and 4 KiB logical blocks. */
const ALIGN = 4096;

export interface AlignedBuffer {
  /** A view of `length` bytes starting at an offset the kernel accepted for O_DIRECT (or 0 when unknown). */
  view: Uint8Array;
  raw: ArrayBuffer;
  alignedOffset: number | undefined;
}

export function allocateAligned(length: number): AlignedBuffer {
  if (length % ALIGN !== 0) throw new Error(`read-back block size must be a multiple of ${ALIGN}`);
  const raw = new ArrayBuffer(length + ALIGN);
  return { raw, view: new Uint8Array(raw, 0, length), alignedOffset: undefined };
}

export interface ReadBackHandle {
  handle: FileHandle;
  method: ReadBackMethod;
  /** Reads up to buf.view.length bytes at `position`; returns the bytes read (0 at end of file). */
  read(buf: AlignedBuffer, position: number): Promise<number>;
  close(): Promise<void>;
}

const O_DIRECT: number | undefined = (constants as Record<string, number | undefined>).O_DIRECT;

/**
 * Opens `path` for read-back. `direct: false` forces an ordinary read (used for the source card, where the page cache
 * cannot lie about the drive we are certifying). `flags` are added to every open, fallbacks included (the card is
 * opened with O_NOFOLLOW | O_NONBLOCK: see copy-once.ts).
 */
export async function openForReadBack(path: string, direct = true, flags = 0): Promise<ReadBackHandle> {
  const plain = constants.O_RDONLY | flags;
  if (direct && O_DIRECT !== undefined) {
    let handle: FileHandle | undefined;
    try {
      handle = await open(path, plain | O_DIRECT);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EINVAL') throw err;
    }
    if (handle) return directHandle(path, handle, plain);
  }
  return bufferedHandle(await open(path, plain));
}

function bufferedHandle(handle: FileHandle): ReadBackHandle {
  return {
    handle,
    method: 'page-cache',
    async read(buf, position) {
      const { bytesRead } = await handle.read(buf.view, 0, buf.view.length, position);
      return bytesRead;
    },
    close: () => handle.close(),
  };
}

function directHandle(path: string, handle: FileHandle, plain: number): ReadBackHandle {
  let fallback: ReadBackHandle | undefined;
  const self: ReadBackHandle = {
    handle,
    method: 'direct-io',
    async read(buf, position) {
      if (fallback) return fallback.read(buf, position);
      if (buf.alignedOffset === undefined) {
        const probe = await probeAlignment(handle, buf);
        if (probe === 'empty-file') return 0;
        if (probe === 'refused') {
          // The filesystem opened with O_DIRECT but accepts no alignment we can offer: read normally, and say so.
          await handle.close();
          fallback = bufferedHandle(await open(path, plain));
          self.method = 'page-cache';
          self.handle = fallback.handle;
          return fallback.read(buf, position);
        }
      }
      try {
        const { bytesRead } = await handle.read(buf.view, 0, buf.view.length, position);
        return bytesRead;
      } catch (err) {
        // A buffer aligned for another filesystem (or a device that changed its mind): read normally, and say so.
        if ((err as NodeJS.ErrnoException).code !== 'EINVAL') throw err;
        await handle.close();
        fallback = bufferedHandle(await open(path, plain));
        self.method = 'page-cache';
        self.handle = fallback.handle;
        return fallback.read(buf, position);
      }
    },
    close: () => (fallback ? fallback.close() : handle.close()),
  };
  return self;
}

/**
 * Tries each 16-byte step inside the slack until a direct read of one block is accepted, then points `buf.view` at
 * that offset for good (a backing store never moves). An empty file teaches nothing: nothing is read, nothing learnt.
 */
async function probeAlignment(handle: FileHandle, buf: AlignedBuffer): Promise<'aligned' | 'empty-file' | 'refused'> {
  for (let offset = 0; offset < ALIGN; offset += 16) {
    try {
      const { bytesRead } = await handle.read(new Uint8Array(buf.raw, offset, ALIGN), 0, ALIGN, 0);
      if (bytesRead === 0) return 'empty-file';
      buf.alignedOffset = offset;
      buf.view = new Uint8Array(buf.raw, offset, buf.view.length);
      return 'aligned';
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EINVAL') throw err;
    }
  }
  return 'refused';
}
