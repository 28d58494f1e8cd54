/**
 * Little-endian integers, chunk ids and text as recorders write them. Every reader takes the offset explicitly and
 * callers check lengths first: a hostile file must never make us read an index that is not there.
 */

export function u16(b: Uint8Array, at: number): number {
  return b[at]! | (b[at + 1]! << 8);
}

export function i16(b: Uint8Array, at: number): number {
  const v = u16(b, at);
  return v >= 0x8000 ? v - 0x10000 : v;
}

export function u32(b: Uint8Array, at: number): number {
  // Multiplication, not <<, so the top bit does not make the number negative.
  return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16)) + b[at + 3]! * 0x1000000;
}

export function u64(b: Uint8Array, at: number): bigint {
  return (BigInt(u32(b, at + 4)) << 32n) | BigInt(u32(b, at));
}

/**
 * A four-byte chunk id as text; bytes outside printable ASCII shown as \xNN so ids stay readable and distinct. Fewer
 * than four bytes (a file cut inside its magic) give a shorter string.
 */
export function fourcc(b: Uint8Array, at: number): string {
  let s = '';
  for (let i = at; i < Math.min(at + 4, b.length); i++) {
    const c = b[i]!;
    s += c >= 0x20 && c <= 0x7e ? String.fromCharCode(c) : `\\x${c.toString(16).padStart(2, '0')}`;
  }
  return s;
}

/** True when the four bytes could be a chunk id (printable ASCII): how we tell a pad byte from a missing one. */
export function plausibleId(b: Uint8Array, at: number): boolean {
  if (b.length < at + 4) return false;
  for (let i = at; i < at + 4; i++) if (b[i]! < 0x20 || b[i]! > 0x7e) return false;
  return true;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
const latin1 = new TextDecoder('latin1');

/** The bytes up to (not including) the first NUL: what follows a NUL in a fixed field is real-world garbage. */
export function untilNul(b: Uint8Array): Uint8Array {
  const nul = b.indexOf(0);
  return nul === -1 ? b : b.subarray(0, nul);
}

/**
 * UTF-8 when the bytes are valid UTF-8, else Latin-1 (older recorders and PC tools write code-page text; the WHATWG
 * decoder reads that label as Windows-1252, a superset for printable text). `valid` says which, so the caller can
 * warn. Latin-1 decodes any byte sequence, so this never throws.
 */
export function decodeText(b: Uint8Array): { text: string; valid: boolean } {
  try {
    return { text: utf8.decode(b), valid: true };
  } catch {
    return { text: latin1.decode(b), valid: false };
  }
}
