/**
 * Where the parser's bytes come from. The parser is written once, as a generator that yields the byte ranges it
 * needs ("8 bytes at offset 6112") and receives them back; a driver answers from a buffer (synchronously: the fuzz
 * test and parseWavBytes) or from a file with positioned reads (readWavInfo). So there is one parser, and it can
 * only ever see the ranges it asked for: never the audio, never more than a cap.
 */
import type { FileHandle } from 'node:fs/promises';
import { WavError } from './errors';

/** A byte range the parser wants. The driver clamps it to the source's size. */
export interface ReadRequest {
  offset: number;
  length: number;
}

/**
 * A parsing step: yields ReadRequests, receives the bytes, returns T. A returned array shorter than the clamped
 * request means the bytes are not available (a header-only buffer of a bigger file).
 */
export type Reads<T> = Generator<ReadRequest, T, Uint8Array>;

export interface SyncByteSource {
  /** The size of the whole file, which may exceed what the source can return. */
  readonly size: number;
  readSync(offset: number, length: number): Uint8Array;
}

export interface ByteSource {
  readonly size: number;
  read(offset: number, length: number): Promise<Uint8Array>;
}

const EMPTY = new Uint8Array(0);

/** The request clamped to [0, size): the parser may ask past the end, the source is never asked to. */
function clamp(req: ReadRequest, size: number): ReadRequest | undefined {
  if (!(req.offset >= 0) || !(req.length > 0) || req.offset >= size) return undefined;
  return { offset: req.offset, length: Math.min(req.length, size - req.offset) };
}

/**
 * `bytes` as a source. `size` defaults to bytes.length; a larger size says the buffer is only the first bytes of a
 * file that long (reads past the buffer come back short). No copy: subarray views.
 */
export function bufferSource(bytes: Uint8Array, size: number = bytes.length): SyncByteSource {
  return {
    size,
    readSync: (offset, length) => bytes.subarray(Math.min(offset, bytes.length), Math.min(offset + length, bytes.length)),
  };
}

/** An open file as a source: positioned reads into a buffer of exactly the (clamped) length asked for. */
export function fileSource(fh: FileHandle, size: number): ByteSource {
  return {
    size,
    read: async (offset, length) => {
      const buf = Buffer.alloc(length);
      let total = 0;
      while (total < length) {
        const { bytesRead } = await fh.read(buf, total, length - total, offset + total);
        if (bytesRead === 0) break; // the file shrank since fstat: report what is there
        total += bytesRead;
      }
      return buf.subarray(0, total);
    },
  };
}

export function runSync<T>(steps: Reads<T>, source: SyncByteSource): T {
  let step = steps.next();
  while (!step.done) {
    const req = clamp(step.value, source.size);
    step = steps.next(req ? source.readSync(req.offset, req.length) : EMPTY);
  }
  return step.value;
}

/** Like runSync; a failing read becomes WavError('io') naming `file`, other errors pass through untouched. */
export async function runAsync<T>(steps: Reads<T>, source: ByteSource, file: string): Promise<T> {
  let step = steps.next();
  while (!step.done) {
    const req = clamp(step.value, source.size);
    let bytes: Uint8Array = EMPTY;
    if (req) {
      try {
        bytes = await source.read(req.offset, req.length);
      } catch (e) {
        const errno = typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : String(e);
        throw new WavError('io', file, `cannot read ${req.length} bytes at offset ${req.offset} (${errno})`, { cause: e });
      }
    }
    step = steps.next(bytes);
  }
  return step.value;
}
