/**
 * Recognises the same card offloaded twice (the DIT re-inserts a card already done) without reading a byte of
 * audio: sha256 over the volume name and every copied file's path, size and mtime, as scanned.
 *
 * It is metadata only. Two cards with identical names, sizes and mtimes would share it, and a file rewritten in
 * place with the same size and mtime would not change it; it says "probably done already", never "verified".
 */
import { createHash } from 'node:crypto';

// Bump when the encoded fields change, so old and new fingerprints never compare equal by accident.
const FORMAT = 'soundroll/card-fingerprint/1';

export interface FingerprintEntry {
  relativePath: string;
  size: number;
  mtimeMs: number;
}

/** Lowercase hex sha256. `files` must already be in the scan's order (byte order of relativePath). */
export function cardFingerprint(volumeName: string, files: readonly FingerprintEntry[]): string {
  // JSON gives an unambiguous encoding (no separator a name could contain) and a canonical form for numbers.
  const payload = JSON.stringify([FORMAT, volumeName, files.map((f) => [f.relativePath, f.size, f.mtimeMs])]);
  return createHash('sha256').update(payload, 'utf8').digest('hex');
}
