/**
 * Scan a card: the list of files an offload will copy, with the size and mtime recorded now so the copier can
 * tell a card that changed or was pulled mid-copy, plus everything left out and why. Anything left out is
 * reported, never dropped silently: a DIT must see what will not be on the backups before the card is formatted.
 *
 * Symlinks are never followed (lstat throughout): a link on a card could point at the whole host disk; a loop or a
 * dangling link is reported the same way, never resolved. FIFOs, sockets and devices are reported, never opened (a
 * FIFO would block the read forever). Hard links are ordinary files: each name is copied as its own file. Names are
 * checked by `cardNameProblem` (relpath.ts) before anything else touches them. The walk is an explicit stack, not
 * recursion, so a 1,000-level tree costs heap, not call stack; a path longer than PATH_MAX is reported, not followed.
 */
import type { Stats } from 'node:fs';
import { constants as fsConstants } from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { cardNameProblem, PATH_MAX_BYTES, sortByteOrder } from './relpath';
import { cardFingerprint } from './scan-fingerprint';
import { litterReason } from './scan-litter';

export { isSystemLitter } from './scan-litter';
export { cardFingerprint } from './scan-fingerprint';

export interface ScannedFile {
  relativePath: string; // '/'-separated, relative to root, as on the card
  absolutePath: string;
  size: number;
  mtimeMs: number;
  dev: number;
  ino: number;
}

export type ScanIssueKind = 'litter' | 'symlink' | 'special' | 'unreadable' | 'unsafe-name';

export interface ScanIssue {
  relativePath: string; // for an unsafe name that is not UTF-8: shown with U+FFFD where bytes were invalid
  kind: ScanIssueKind;
  detail: string;
}

export interface CardScan {
  root: string; // absolute
  volumeName: string; // the card's folder/volume basename, used as the default roll name
  files: ScannedFile[]; // sorted by relativePath, byte order
  skipped: ScanIssue[]; // sorted by relativePath, byte order
  totalBytes: number;
  fingerprint: string; // see scan-fingerprint.ts: metadata only, reads no file contents
}

/** The filesystem calls a scan makes. A seam for tests: root ignores file modes, so EACCES/EIO must be injected. */
export interface ScanFs {
  stat(p: string): Promise<Stats>;
  lstat(p: string | Buffer): Promise<Stats>;
  /** Raw names: a name that is not UTF-8 must be seen as bytes, not as Node's lossy decoding of them. */
  readdir(dir: string): Promise<Buffer[]>;
  /** Resolves when the file can be opened for reading. */
  access(p: string): Promise<void>;
  readlink(p: string): Promise<string>;
}

const nodeFs: ScanFs = {
  stat: (p) => fsp.stat(p),
  lstat: (p) => fsp.lstat(p),
  readdir: (dir) => fsp.readdir(dir, { encoding: 'buffer' }),
  access: (p) => fsp.access(p, fsConstants.R_OK),
  readlink: (p) => fsp.readlink(p),
};

export interface ScanOptions {
  signal?: AbortSignal;
  fs?: ScanFs;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lossyUtf8 = new TextDecoder('utf-8');

/**
 * Every regular file under `root`, recursively. Rejects when `root` itself cannot be listed (an unreadable card
 * must not look like an empty one); below the root, problems become `skipped` entries and the walk carries on.
 */
export async function scanCard(root: string, opts: ScanOptions = {}): Promise<CardScan> {
  const fs = opts.fs ?? nodeFs;
  const { signal } = opts;
  const absRoot = path.resolve(root);
  // The root may be a link (a mount point alias): the user chose it, so it is followed; nothing below it is.
  const rootStat = await fs.stat(absRoot);
  if (!rootStat.isDirectory()) throw new Error(`Cannot scan ${absRoot}: not a folder`);

  const files: ScannedFile[] = [];
  const skipped: ScanIssue[] = [];
  const skip = (relativePath: string, kind: ScanIssueKind, detail: string): void => {
    skipped.push({ relativePath, kind, detail });
  };

  const pending: { abs: string; rel: string }[] = [{ abs: absRoot, rel: '' }];
  for (let dir = pending.pop(); dir !== undefined; dir = pending.pop()) {
    signal?.throwIfAborted();
    let names: Buffer[];
    try {
      names = await fs.readdir(dir.abs);
    } catch (err) {
      if (dir.rel === '') throw err;
      skip(dir.rel, 'unreadable', `cannot list folder: ${errorText(err)}`);
      continue;
    }
    for (const raw of names) {
      signal?.throwIfAborted();
      const join = (name: string): string => (dir.rel === '' ? name : `${dir.rel}/${name}`);

      let name: string;
      try {
        name = strictUtf8.decode(raw);
      } catch {
        const what = await describeEntry(fs, Buffer.concat([Buffer.from(dir.abs + path.sep), raw]));
        skip(join(lossyUtf8.decode(raw)), 'unsafe-name', `name is not valid UTF-8 (bytes ${raw.toString('hex')}); ${what}`);
        continue;
      }
      const relativePath = join(name);
      const absolutePath = path.join(dir.abs, name);

      const litter = litterReason(name);
      if (litter !== undefined) {
        skip(relativePath, 'litter', litter);
        continue;
      }
      const nameProblem = cardNameProblem(name);
      if (nameProblem !== undefined) {
        skip(relativePath, 'unsafe-name', `${nameProblem}; ${await describeEntry(fs, absolutePath)}`);
        continue;
      }

      // A tree deeper than PATH_MAX fits on a card (each folder is reached from its parent) but no absolute path
      // reaches below this point: say so in a sentence, instead of an ENAMETOOLONG that quotes 4,000 bytes of path.
      const pathBytes = Buffer.byteLength(absolutePath, 'utf8');
      if (pathBytes > PATH_MAX_BYTES) {
        skip(
          relativePath,
          'unreadable',
          `its path on the card is ${pathBytes.toLocaleString('en-US')} bytes long, over the ${PATH_MAX_BYTES.toLocaleString('en-US')} this system can open (PATH_MAX); not copied, nor anything inside it`,
        );
        continue;
      }
      let st: Stats;
      try {
        st = await fs.lstat(absolutePath);
      } catch (err) {
        skip(relativePath, 'unreadable', `cannot stat: ${errorText(err)}`);
        continue;
      }
      if (st.isSymbolicLink()) {
        const target = await fs.readlink(absolutePath).catch((err: unknown) => `unreadable target (${errorText(err)})`);
        skip(relativePath, 'symlink', `symbolic link to ${target}, not followed`);
      } else if (st.isDirectory()) {
        pending.push({ abs: absolutePath, rel: relativePath });
      } else if (st.isFile()) {
        try {
          await fs.access(absolutePath);
        } catch (err) {
          skip(relativePath, 'unreadable', `cannot read file: ${errorText(err)}`);
          continue;
        }
        files.push({ relativePath, absolutePath, size: st.size, mtimeMs: st.mtimeMs, dev: st.dev, ino: st.ino });
      } else {
        skip(relativePath, 'special', `${specialKind(st)}: not a regular file, no content to copy`);
      }
    }
  }

  const sortedFiles = sortByPath(files);
  const volumeName = path.basename(absRoot) || absRoot; // a bare drive or '/' has no basename
  return {
    root: absRoot,
    volumeName,
    files: sortedFiles,
    skipped: sortByPath(skipped),
    totalBytes: sortedFiles.reduce((sum, f) => sum + f.size, 0),
    fingerprint: cardFingerprint(volumeName, sortedFiles),
  };
}

function sortByPath<T extends { relativePath: string }>(items: T[]): T[] {
  return sortByteOrder(items, (item) => item.relativePath);
}

/** "a folder, not scanned" / "a file, not copied": what the DIT loses by an unsafe name. */
async function describeEntry(fs: ScanFs, p: string | Buffer): Promise<string> {
  try {
    const st = await fs.lstat(p);
    return st.isDirectory() ? 'folder not scanned, nothing inside it is copied' : 'not copied';
  } catch {
    return 'not copied';
  }
}

function specialKind(st: Stats): string {
  if (st.isFIFO()) return 'FIFO (named pipe)';
  if (st.isSocket()) return 'socket';
  if (st.isBlockDevice()) return 'block device';
  if (st.isCharacterDevice()) return 'character device';
  return 'unknown file type';
}

/** The errno code first (EACCES, EIO…), then Node's message, which names the syscall and path. */
function errorText(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code;
    return code !== undefined && !err.message.startsWith(code) ? `${code}: ${err.message}` : err.message;
  }
  return String(err);
}
