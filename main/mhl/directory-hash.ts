/**
 * Directory and root hashes, computed as the ASC reference tool does (checked against its histories in the fixtures):
 *
 * - content hash of a folder: the content hashes of its children (files' hashes, sub-folders' content hashes) as
 *   text, sorted, and the digest bytes behind each fed in that order to one fresh hasher;
 * - structure hash of a folder: per child, hash(UTF-8 basename + bytes of the child's hash), where the child's hash is
 *   a file's hash or a sub-folder's *structure* hash; those texts sorted and hashed the same way;
 * - an empty folder hashes the empty input.
 *
 * A folder gets a hash for an algorithm only when every child has one for it, so a hash never silently covers part
 * of a folder. A child that exists but has no hash at all (unreadable file, child history that failed) leaves its
 * ancestors without directory hashes.
 */
import type { HashAlgorithm, HashSet } from '../../shared/hashes';
import { createHasher } from '../hash';
import { hashTextToBytes } from './hash-text';
import type { DirectoryHashes } from './model';

export interface HashedLeaf {
  /** Relative, '/'-separated. */
  path: string;
  /** For a file: its hashes. */
  hashes?: HashSet;
  /** For a nested history's root folder: its root hashes, which stand in for its whole tree. */
  directory?: DirectoryHashes;
}

export interface DirectoryTree {
  /**
   * Every leaf and folder below the root in post-order lexicographic order (a folder right after its contents),
   * the order the reference tool writes a manifest's hashes in. The root itself is not listed.
   */
  order: { kind: 'file' | 'folder'; path: string }[];
  /** Hashes per folder path; '' is the root. A folder without a common algorithm has empty sets. */
  hashes: Map<string, DirectoryHashes>;
}

interface Node {
  files: Map<string, HashSet>; // basename → hashes
  dirs: Map<string, Node>;
  /** Set when this folder is a nested history's root: its own hashes, children not visited. */
  opaque?: DirectoryHashes;
}

const newNode = (): Node => ({ files: new Map(), dirs: new Map() });

/** Code-point order, as Python's sort (the reference tool) orders strings. */
export function compareCodePoints(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return x.done ? (y.done ? 0 : -1) : 1;
    const cx = x.value.codePointAt(0)!;
    const cy = y.value.codePointAt(0)!;
    if (cx !== cy) return cx - cy;
  }
}

/** Hash of a list of hash texts: sorted, bytes fed to one hasher; the empty list hashes the empty input. */
export function hashOfHashList(algorithm: HashAlgorithm, texts: string[]): string {
  const h = createHasher(algorithm);
  for (const t of [...texts].sort(compareCodePoints)) h.update(hashTextToBytes(algorithm, t));
  return h.digest();
}

const utf8 = new TextEncoder();

function structureEntry(algorithm: HashAlgorithm, basename: string, hashText: string): string {
  const name = utf8.encode(basename);
  const hash = hashTextToBytes(algorithm, hashText);
  const buf = new Uint8Array(name.length + hash.length);
  buf.set(name, 0);
  buf.set(hash, name.length);
  const h = createHasher(algorithm);
  h.update(buf);
  return h.digest();
}

function intersect(sets: HashAlgorithm[][]): HashAlgorithm[] {
  if (sets.length === 0) return [];
  return sets.reduce((acc, s) => acc.filter((a) => s.includes(a)));
}

/**
 * Builds the folder tree from leaves and extra (possibly empty) folders and computes every folder's hashes.
 * `emptyFolderAlgorithms` are the algorithms an empty folder is hashed with (the generation's algorithms).
 * Needs `ensureHashersReady()` to have run (xxHash engines are loaded asynchronously).
 */
export function computeDirectoryHashes(
  leaves: readonly HashedLeaf[],
  extraFolders: readonly string[],
  emptyFolderAlgorithms: readonly HashAlgorithm[],
): DirectoryTree {
  const root = newNode();
  const folderOf = (parts: string[]): Node => {
    let node = root;
    for (const p of parts) {
      let next = node.dirs.get(p);
      if (!next) {
        next = newNode();
        node.dirs.set(p, next);
      }
      node = next;
    }
    return node;
  };
  for (const f of extraFolders) if (f !== '') folderOf(f.split('/'));
  for (const leaf of leaves) {
    const parts = leaf.path.split('/');
    const base = parts.pop()!;
    const parent = folderOf(parts);
    if (leaf.directory) {
      const node = folderOf([...parts, base]);
      node.opaque = leaf.directory;
    } else {
      parent.files.set(base, leaf.hashes ?? {});
    }
  }

  const hashes = new Map<string, DirectoryHashes>();
  const order: DirectoryTree['order'] = [];

  const visit = (node: Node, path: string): DirectoryHashes => {
    if (node.opaque) {
      hashes.set(path, node.opaque);
      if (path !== '') order.push({ kind: 'folder', path });
      return node.opaque;
    }
    const content: { name: string; hashes: HashSet; isDir: boolean; structure?: HashSet }[] = [];
    const names = [...new Set([...node.files.keys(), ...node.dirs.keys()])].sort(compareCodePoints);
    for (const name of names) {
      const childPath = path === '' ? name : `${path}/${name}`;
      const sub = node.dirs.get(name);
      if (sub) {
        const h = visit(sub, childPath);
        content.push({ name, hashes: h.content, structure: h.structure, isDir: true });
      }
      const file = node.files.get(name);
      if (file) {
        order.push({ kind: 'file', path: childPath });
        content.push({ name, hashes: file, isDir: false });
      }
    }
    const algorithms =
      content.length === 0
        ? [...emptyFolderAlgorithms]
        : intersect(
            content.map((c) =>
              (Object.keys(c.hashes) as HashAlgorithm[]).filter((a) => !c.isDir || c.structure?.[a] !== undefined),
            ),
          );
    const result: DirectoryHashes = { content: {}, structure: {} };
    for (const alg of algorithms) {
      result.content[alg] = hashOfHashList(
        alg,
        content.map((c) => c.hashes[alg]!),
      );
      result.structure[alg] = hashOfHashList(
        alg,
        content.map((c) => structureEntry(alg, c.name, c.isDir ? c.structure![alg]! : c.hashes[alg]!)),
      );
    }
    hashes.set(path, result);
    if (path !== '') order.push({ kind: 'folder', path });
    return result;
  };
  visit(root, '');
  return { order, hashes };
}
