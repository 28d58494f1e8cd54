/**
 * The `ds64` chunk of RF64 / BW64 (EBU Tech 3306): the 64-bit sizes that do not fit the 32-bit size fields, which
 * then read 0xFFFFFFFF. Sizes are kept as bigint until used; one we must use that is beyond 2^53 bytes (no disk
 * holds such a file, and a JS number cannot count it exactly) is an impossible header: WavError('bad-ds64').
 */
import { fourcc, u32, u64 } from './bytes';
import { WavError } from './errors';

export interface Ds64 {
  riffSize: bigint;
  dataSize: bigint;
  sampleCount: bigint;
  /** Sizes of other chunks whose 32-bit size field reads 0xFFFFFFFF, by chunk id (first entry per id wins). */
  table: Map<string, bigint>;
}

/** Table entries we look at; real files have none or one. More is ignored, never allocated for. */
const MAX_TABLE_ENTRIES = 64;
/** riffSize, dataSize, sampleCount, tableLength, then 12-byte entries. */
export const DS64_READ_BYTES = 28 + 12 * MAX_TABLE_ENTRIES;

export function parseDs64(body: Uint8Array, cut: boolean, file: string): Ds64 {
  if (body.length < 24) {
    throw cut
      ? new WavError('truncated-header', file, `the file ends inside the "ds64" chunk (${body.length} of its 28 bytes are present)`)
      : new WavError('bad-ds64', file, `the "ds64" chunk is ${body.length} bytes long, too short for its three 64-bit sizes (24 bytes)`);
  }
  const table = new Map<string, bigint>();
  if (body.length >= 28) {
    const declared = u32(body, 24);
    const present = Math.min(declared, MAX_TABLE_ENTRIES, Math.floor((body.length - 28) / 12));
    for (let i = 0; i < present; i++) {
      const at = 28 + 12 * i;
      const id = fourcc(body, at);
      if (!table.has(id)) table.set(id, u64(body, at + 4));
    }
  }
  return { riffSize: u64(body, 0), dataSize: u64(body, 8), sampleCount: u64(body, 16), table };
}

/** A ds64 size as a number, or WavError('bad-ds64') when no real file could be that large. */
export function ds64Size(value: bigint, what: string, file: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new WavError('bad-ds64', file, `the "ds64" chunk gives ${what} as ${value} bytes, more than any file can hold`);
  }
  return Number(value);
}
