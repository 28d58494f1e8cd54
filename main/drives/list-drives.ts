/**
 * What is mounted under the mount roots, with free and total space from statfs. One unreadable volume never fails
 * the list: it is listed with `error`. A hung mount (stale network share, dying card) cannot hang the list: each
 * volume's statfs has a time limit, and a path whose statfs is still stuck is not asked again until it returns, so
 * a hung mount holds at most one libuv thread.
 */
import { readdir, realpath, stat, statfs } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { mountRoots } from './mount-roots';
import type { DriveInfo, MountRoot } from './types';

export interface ListDrivesOptions {
  /** Time allowed for one volume's stat/statfs. Default 5000. */
  timeoutMs?: number;
}

/** Errors that mean "nothing is mounted there" rather than "a volume is there but unreadable". */
const ABSENT = new Set(['ENOENT', 'ENOTDIR', 'ENODEV', 'ENXIO']);

function codeOf(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : undefined;
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms (hung mount?)`)), ms);
    timer.unref();
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** statfs calls not yet returned, by path: a stuck mount is asked once, not once per poll. */
const pendingStatfs = new Map<string, Promise<{ bsize: number; blocks: number; bavail: number }>>();

function statfsOnce(path: string): Promise<{ bsize: number; blocks: number; bavail: number }> {
  let p = pendingStatfs.get(path);
  if (!p) {
    p = statfs(path).finally(() => pendingStatfs.delete(path));
    pendingStatfs.set(path, p);
  }
  return p;
}

async function volumeInfo(path: string, name: string, timeoutMs: number): Promise<DriveInfo> {
  try {
    const s = await withTimeout(statfsOnce(path), timeoutMs, `statfs ${path}`);
    return { path, name, freeBytes: s.bavail * s.bsize, totalBytes: s.blocks * s.bsize };
  } catch (e) {
    return { path, name, freeBytes: null, totalBytes: null, error: messageOf(e) };
  }
}

/** A Windows drive letter: absent letters are skipped, a present but unreadable one (drive not ready) is listed. */
async function driveVolume(path: string, timeoutMs: number): Promise<DriveInfo | undefined> {
  const name = path.replace(/[\\/]+$/, '');
  try {
    const st = await withTimeout(stat(path), timeoutMs, `stat ${path}`);
    if (!st.isDirectory()) return undefined;
  } catch (e) {
    if (ABSENT.has(codeOf(e) ?? '')) return undefined;
    return { path, name, freeBytes: null, totalBytes: null, error: messageOf(e) };
  }
  return volumeInfo(path, name, timeoutMs);
}

/**
 * The volumes in a parent root: its direct child folders, not hidden ones (`/Volumes/.timemachine`), not another
 * mount root (`/media/$USER` inside `/media`). A symlinked child is followed to see whether it is a folder; one
 * that resolves to a filesystem root (`/Volumes/Macintosh HD` → `/`) is the system volume and skipped, a dangling
 * one is not a volume.
 */
async function parentVolumes(root: string, otherRoots: ReadonlySet<string>, timeoutMs: number): Promise<DriveInfo[]> {
  let entries;
  try {
    entries = await withTimeout(readdir(root, { withFileTypes: true }), timeoutMs, `readdir ${root}`);
  } catch {
    return []; // no such root on this machine, or not ours to read
  }
  const candidates: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = join(root, entry.name);
    if (otherRoots.has(resolve(path))) continue;
    if (entry.isDirectory()) {
      candidates.push(path);
    } else if (entry.isSymbolicLink()) {
      try {
        const real = await withTimeout(realpath(path), timeoutMs, `realpath ${path}`);
        if (dirname(real) === real) continue; // resolves to `/` (or a drive root): the system volume
        if ((await withTimeout(stat(real), timeoutMs, `stat ${real}`)).isDirectory()) candidates.push(path);
      } catch {
        // dangling or unreadable link: not a volume
      }
    }
  }
  candidates.sort();
  return Promise.all(candidates.map((p) => volumeInfo(p, basename(p), timeoutMs)));
}

/** Every mounted volume under `roots`, roots in order, volumes of one root by name; each path once. */
export async function listDrives(roots: readonly MountRoot[] = mountRoots(), opts: ListDrivesOptions = {}): Promise<DriveInfo[]> {
  const timeoutMs = opts.timeoutMs ?? 5000;
  const rootPaths = new Set(roots.map((r) => resolve(r.path)));
  const lists = await Promise.all(
    roots.map(async (r): Promise<DriveInfo[]> => {
      if (r.kind === 'drive') {
        const d = await driveVolume(r.path, timeoutMs);
        return d ? [d] : [];
      }
      return parentVolumes(r.path, rootPaths, timeoutMs);
    }),
  );
  const seen = new Set<string>();
  return lists.flat().filter((d) => !seen.has(d.path) && (seen.add(d.path), true));
}
