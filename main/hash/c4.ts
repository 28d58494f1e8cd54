/**
 * C4 ids (SMPTE ST 2114), as ASC MHL writes them: the SHA-512 digest as a base58 number, left-padded with '1' to 88
 * characters, prefixed "c4" (90 characters in all).
 */
const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

export function c4FromSha512(digest: Uint8Array): string {
  if (digest.length !== 64) throw new Error(`a C4 id needs a 64-byte SHA-512 digest, got ${digest.length} bytes`);
  let n = 0n;
  for (const byte of digest) n = (n << 8n) | BigInt(byte);
  let text = '';
  while (n > 0n) {
    text = BASE58[Number(n % 58n)] + text;
    n /= 58n;
  }
  return 'c4' + text.padStart(88, '1');
}
