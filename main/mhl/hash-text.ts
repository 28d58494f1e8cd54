/**
 * Hash values as text and as bytes. Directory hashes feed the *bytes* behind each child's hash text to a fresh hasher
 * (the reference tool's `bytes_from_string_digest`), so we need the inverse of the canonical text form: hex for the
 * xxHash/MD5/SHA-1 family, base58 back to the 64 SHA-512 bytes for C4.
 */
import type { HashAlgorithm } from '../../shared/hashes';

const HEX_LENGTH: Partial<Record<HashAlgorithm, number>> = { md5: 32, sha1: 40, xxh64: 16, xxh3: 16, xxh128: 32 };
const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const C4_PATTERN = /^c4[1-9A-HJ-NP-Za-km-z]{88}$/;

/**
 * The canonical form of a hash text read from a manifest, or undefined when it cannot be a value of that algorithm.
 * Hex is lowercased: the spec writes lowercase, but an uppercase digest from another tool still names the same bytes.
 */
export function normaliseHashText(algorithm: HashAlgorithm, text: string): string | undefined {
  const t = text.trim();
  if (algorithm === 'c4') {
    if (!C4_PATTERN.test(t)) return undefined;
    // 88 base58 digits can exceed 2^512; such a text names no SHA-512 digest.
    return c4ToBigInt(t) < 1n << 512n ? t : undefined;
  }
  const len = HEX_LENGTH[algorithm];
  if (len === undefined || t.length !== len || !/^[0-9a-fA-F]+$/.test(t)) return undefined;
  return t.toLowerCase();
}

function c4ToBigInt(text: string): bigint {
  let n = 0n;
  for (let i = 2; i < text.length; i++) n = n * 58n + BigInt(BASE58.indexOf(text[i]!));
  return n;
}

/** The digest bytes a canonical hash text stands for. Throws on text that is not canonical for the algorithm. */
export function hashTextToBytes(algorithm: HashAlgorithm, text: string): Uint8Array {
  const canonical = normaliseHashText(algorithm, text);
  if (canonical === undefined) throw new Error(`"${text}" is not a ${algorithm} value`);
  if (algorithm !== 'c4') return Uint8Array.from(Buffer.from(canonical, 'hex'));
  let n = c4ToBigInt(canonical);
  const out = new Uint8Array(64);
  for (let i = 63; i >= 0; i--) {
    out[i] = Number(n & 0xffn);
    n >>= 8n;
  }
  return out;
}
