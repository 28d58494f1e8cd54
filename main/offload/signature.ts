/**
 * A copy's identity on its drive when it was last read back: device, inode, size, mtime and ctime. A later offload
 * skips a copy only while this is unchanged. Rewriting a file in place changes its ctime, which no program can set
 * back, so a copy edited after it was verified is read again instead of being trusted.
 */
import type { Stats } from 'node:fs';
import { lstat } from 'node:fs/promises';

export function signatureOf(st: Stats): string {
  return `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`;
}

export async function currentSignature(path: string): Promise<string | undefined> {
  try {
    return signatureOf(await lstat(path));
  } catch {
    return undefined;
  }
}
