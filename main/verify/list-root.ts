/**
 * What is on disk under one MHL root, as the history's ignore patterns see it. Nested histories (sub-folders with their
 * own ascmhl/) are listed as child roots and not entered: their files belong to their own history. Symbolic links
 * and special files are not followed or hashed; they are reported so nothing disappears silently.
 */
import { lstat, opendir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ASCMHL_FOLDER, MhlError, type IgnoreMatcher } from '../mhl';
import { errnoCode } from '../mhl/errors';

export interface DiskFile {
  path: string;
  size: number;
  lastModified: Date;
}

export interface DiskFolder {
  path: string;
  lastModified: Date;
}

export interface RootListing {
  files: DiskFile[];
  folders: DiskFolder[];
  childRoots: DiskFolder[];
  /** Entries that are neither regular files nor folders (symlinks, sockets, devices). */
  skipped: { path: string; kind: string }[];
}

async function hasHistoryFolder(dir: string): Promise<boolean> {
  try {
    const names = await readdir(dir, { withFileTypes: true });
    return names.some((e) => e.name === ASCMHL_FOLDER && e.isDirectory());
  } catch {
    return false;
  }
}

/** Runs one file-system call, turning its failure into an MhlError that names the path. */
async function io<T>(path: string, what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    throw new MhlError('io', path, `cannot ${what} (${errnoCode(e) ?? String(e)})`, { cause: e });
  }
}

export async function listRoot(root: string, ignore: IgnoreMatcher, signal?: AbortSignal): Promise<RootListing> {
  const out: RootListing = { files: [], folders: [], childRoots: [], skipped: [] };
  const walk = async (rel: string): Promise<void> => {
    signal?.throwIfAborted();
    const abs = rel === '' ? root : join(root, ...rel.split('/'));
    const entries = await io(abs, 'list', async () => {
      const list = [];
      for await (const ent of await opendir(abs)) list.push(ent);
      return list;
    });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const ent of entries) {
      const childRel = rel === '' ? ent.name : `${rel}/${ent.name}`;
      const childAbs = join(abs, ent.name);
      if (rel === '' && ent.name === ASCMHL_FOLDER) continue; // the history itself, whatever the patterns say
      const isDir = ent.isDirectory();
      if (ignore.ignores(childRel, isDir)) continue;
      if (isDir) {
        const st = await io(childAbs, 'stat', () => lstat(childAbs));
        const folder = { path: childRel, lastModified: st.mtime };
        if (await hasHistoryFolder(childAbs)) {
          out.childRoots.push(folder);
        } else {
          out.folders.push(folder);
          await walk(childRel);
        }
      } else if (ent.isFile()) {
        const st = await io(childAbs, 'stat', () => lstat(childAbs));
        out.files.push({ path: childRel, size: st.size, lastModified: st.mtime });
      } else {
        out.skipped.push({ path: childRel, kind: ent.isSymbolicLink() ? 'symbolic link' : 'special file' });
      }
    }
  };
  await walk('');
  return out;
}
