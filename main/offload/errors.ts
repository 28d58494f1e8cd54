/**
 * Turns an I/O error into the sentence a DIT reads: what we were doing, then the cause in words, then the errno for
 * whoever debugs it ("write failed at byte 1048576 of /mnt/b/…: destination is full (ENOSPC)").
 */
const CAUSES: Record<string, string> = {
  ENOSPC: 'destination is full',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file too large for this filesystem or process limit',
  EROFS: 'destination is read-only',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOENT: 'no such file or folder (drive removed?)',
  EIO: 'input/output error (failing or disconnected drive)',
  ENXIO: 'device gone (drive disconnected)',
  ENODEV: 'device gone (drive disconnected)',
  ESTALE: 'stale network file handle',
  ENAMETOOLONG: 'name too long for this filesystem',
  EEXIST: 'a file already exists there',
  EISDIR: 'a folder is in the way',
  ENOTDIR: 'a file is in the way of a folder',
  EMFILE: 'too many open files',
};

export function describeError(err: unknown, doing: string): string {
  const e = err as NodeJS.ErrnoException;
  const code = typeof e?.code === 'string' ? e.code : undefined;
  if (code && CAUSES[code]) return `${doing}: ${CAUSES[code]} (${code})`;
  const message = err instanceof Error ? err.message : String(err);
  return `${doing}: ${message}`;
}

export function errorCode(err: unknown): string | undefined {
  const code = (err as NodeJS.ErrnoException)?.code;
  return typeof code === 'string' ? code : undefined;
}
