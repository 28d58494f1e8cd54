/**
 * Writes a benchmark card to disk: the planned BWF takes (see card-plan.ts), each as its header followed by noise
 * audio in 8 MiB sequential writes. Generating a block overlaps writing the previous one (two buffers), so making the
 * card costs about what the disk needs to take it in, not that plus the generator.
 */
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { bwfHeader, dataBytesFor } from './bwf';
import { planCard, type CardPlanOptions } from './card-plan';
import { XorShift128 } from './prng';

export interface CardFile {
  relativePath: string;
  absolutePath: string;
  bytes: number;
}

export interface Card {
  root: string;
  files: CardFile[];
  totalBytes: number;
}

const BLOCK = 8 * 1024 * 1024;

/** Creates `root` (which must not hold a card yet) and writes the card into it. */
export async function writeCard(root: string, opts: CardPlanOptions): Promise<Card> {
  const rng = new XorShift128((opts.seed ?? 0x50d0) ^ 0xa0d10);
  // allocUnsafeSlow: a buffer of its own, 4-byte aligned, so the generator fills it through a Uint32Array in place.
  const buffers: [Buffer, Buffer] = [Buffer.allocUnsafeSlow(BLOCK), Buffer.allocUnsafeSlow(BLOCK)];
  const files: CardFile[] = [];
  for (const take of planCard(opts)) {
    const absolutePath = join(root, ...take.relativePath.split('/'));
    await mkdir(dirname(absolutePath), { recursive: true });
    const dataBytes = dataBytesFor(take.meta, take.bytes);
    const header = bwfHeader(take.meta, dataBytes);
    const file = await open(absolutePath, 'wx');
    try {
      await writeAll(file, header, 0);
      await writeNoise(file, header.length, dataBytes, rng, buffers);
    } finally {
      await file.close();
    }
    files.push({ relativePath: take.relativePath, absolutePath, bytes: header.length + dataBytes });
  }
  return { root, files, totalBytes: files.reduce((n, f) => n + f.bytes, 0) };
}

async function writeNoise(file: FileHandle, start: number, length: number, rng: XorShift128, buffers: [Buffer, Buffer]): Promise<void> {
  let position = start;
  let left = length;
  let pending: Promise<void> = Promise.resolve();
  for (let i = 0; left > 0; i++) {
    // This buffer's previous write was awaited one iteration ago, so it is free to refill.
    const chunk = buffers[i & 1]!.subarray(0, Math.min(left, BLOCK));
    rng.fill(chunk);
    await pending;
    pending = writeAll(file, chunk, position);
    position += chunk.length;
    left -= chunk.length;
  }
  await pending;
}

async function writeAll(file: FileHandle, data: Uint8Array, position: number): Promise<void> {
  let done = 0;
  while (done < data.length) {
    const { bytesWritten } = await file.write(data, done, data.length - done, position + done);
    if (bytesWritten <= 0) throw new Error(`write returned ${bytesWritten} bytes`);
    done += bytesWritten;
  }
}
