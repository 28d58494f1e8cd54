/**
 * Relative paths from a card, and the joins that turn them into destination paths. Card content is untrusted
 * input: a name is validated before it can become part of a path we write to, and every join is checked to land
 * inside the root it was meant for.
 */
import * as path from 'node:path';

/** A path (or one of its components) that must not be used, with the cause in words. */
export class UnsafePathError extends Error {
  override readonly name = 'UnsafePathError';
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`Unsafe path ${JSON.stringify(path)}: ${reason}`);
  }
}

/**
 * Why `name` cannot be one component of a path, or undefined when it can. Structural rules only: what would
 * make a join escape, alias or split differently. A backslash counts because Windows (and code that "normalises"
 * paths for it) reads it as a separator, so `a\..\b` would climb on one platform and not on another.
 */
export function componentProblem(name: string): string | undefined {
  if (name === '') return 'empty component';
  if (name === '.' || name === '..') return `"${name}" component`;
  if (name.includes('\0')) return 'contains NUL';
  if (name.includes('/')) return 'contains "/" inside one component';
  if (name.includes('\\')) return 'contains "\\", a folder separator on Windows';
  // Drive-qualified ("C:x") is absolute or drive-relative on Windows, and an NTFS stream name otherwise.
  if (/^[A-Za-z]:/.test(name)) return 'starts with a drive letter';
  return undefined;
}

/**
 * Why a name found on a card cannot be carried to a destination under the same name, or undefined. Adds control
 * characters to the structural rules: exFAT and NTFS refuse U+0000–U+001F, so such a file would fail on some
 * destinations and silently differ on others. The scan reports these instead of copying under a mangled name.
 */
export function cardNameProblem(name: string): string | undefined {
  const structural = componentProblem(name);
  if (structural !== undefined) return structural;
  // eslint-disable-next-line no-control-regex
  const control = /[\x00-\x1f]/.exec(name);
  if (control) return `contains control character U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  return undefined;
}

/** The components of a '/'-separated card path, each checked with {@link cardNameProblem}. */
export function splitCardPath(relativePath: string): string[] {
  if (relativePath.startsWith('/')) throw new UnsafePathError(relativePath, 'absolute path');
  const components = relativePath.split('/');
  for (const component of components) {
    const problem = cardNameProblem(component);
    if (problem !== undefined) throw new UnsafePathError(relativePath, `component ${JSON.stringify(component)}: ${problem}`);
  }
  return components;
}

/**
 * `root` joined with `relativeComponents`, guaranteed to lie strictly inside `root` (after `path.resolve`).
 * The check is lexical: it does not resolve symlinks already present under `root`; destination roots are ours.
 */
export function safeJoin(root: string, relativeComponents: string[]): string {
  const shown = relativeComponents.join('/');
  if (relativeComponents.length === 0) throw new UnsafePathError(shown, 'no components to join');
  for (const component of relativeComponents) {
    if (path.isAbsolute(component) || path.win32.isAbsolute(component)) {
      throw new UnsafePathError(shown, `component ${JSON.stringify(component)} is absolute`);
    }
    const problem = componentProblem(component);
    if (problem !== undefined) throw new UnsafePathError(shown, `component ${JSON.stringify(component)}: ${problem}`);
  }
  const base = path.resolve(root);
  const joined = path.resolve(base, ...relativeComponents);
  // Belt and braces: the component rules should make escape impossible; this states the guarantee itself.
  const rel = path.relative(base, joined);
  if (rel === '' || rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) {
    throw new UnsafePathError(shown, `resolves to ${joined}, outside ${base}`);
  }
  return joined;
}

/**
 * - `file`: two files would become one destination file (the second copy fails or overwrites)
 * - `file-vs-folder`: a file and a folder need the same destination name; one of them cannot be created
 * - `folder-merge`: folders differing only by case or Unicode form merge into one; the files in them stay distinct,
 *   but the tree on the drive no longer spells the card's paths
 */
export type CollisionKind = 'file' | 'file-vs-folder' | 'folder-merge';

export interface PathCollision {
  /** The folded form the colliding paths share (see {@link collisionKey}). */
  key: string;
  kind: CollisionKind;
  /** The input paths involved, sorted, byte order. */
  paths: string[];
}

/**
 * The form under which case-insensitive, normalisation-insensitive destinations (exFAT, NTFS, APFS default) may
 * treat two names as one: NFC, then `toLocaleLowerCase('und')` (Unicode default lowercasing, no locale tailoring,
 * so the Turkish dotless i is not special-cased on a Turkish machine), then NFC again because lowercasing can
 * produce decomposed sequences (U+0130 → i + U+0307). Simple lowercasing, not full case folding: `ß` and `ss` stay
 * distinct, as in the upcase tables of exFAT and NTFS.
 */
export function collisionKey(relativePath: string): string {
  return relativePath.normalize('NFC').toLocaleLowerCase('und').normalize('NFC');
}

/**
 * Paths that would land on the same destination entry where case and Unicode normalisation are ignored:
 * `A.WAV` vs `a.wav`, NFC vs NFD twins, a file `X` vs a folder `x/`, and folders `A/` vs `a/` that would merge.
 * Each collision lists the input paths involved, keyed at the deepest level where exactly that set collides
 * (so `A/x.wav` + `a/x.wav` is one entry keyed `a/x.wav`, not also one for the folders).
 */
export function findCollisions(relativePaths: string[]): PathCollision[] {
  const unique = [...new Set(relativePaths)];
  // key of every prefix (folder or file) → spelling of that prefix → input paths under / at it
  const levels = new Map<string, Map<string, Set<string>>>();
  const fileKeys = new Set<string>();
  const folderKeys = new Set<string>();
  for (const input of unique) {
    const parts = input.split('/');
    for (let depth = 1; depth <= parts.length; depth++) {
      const spelling = parts.slice(0, depth).join('/');
      const key = collisionKey(spelling);
      (depth === parts.length ? fileKeys : folderKeys).add(key);
      let spellings = levels.get(key);
      if (!spellings) levels.set(key, (spellings = new Map()));
      let inputs = spellings.get(spelling);
      if (!inputs) spellings.set(spelling, (inputs = new Set()));
      inputs.add(input);
    }
  }
  const bySet = new Map<string, PathCollision>();
  for (const [key, spellings] of levels) {
    const fileAndFolder = fileKeys.has(key) && folderKeys.has(key);
    if (spellings.size < 2 && !fileAndFolder) continue;
    const kind: CollisionKind = fileAndFolder ? 'file-vs-folder' : fileKeys.has(key) ? 'file' : 'folder-merge';
    const paths = sortByteOrder([...new Set([...spellings.values()].flatMap((s) => [...s]))], (p) => p);
    const setId = paths.join('\0');
    const previous = bySet.get(setId);
    // Deeper keys are longer; keep the deepest key for one set of involved paths.
    if (!previous || key.length > previous.key.length) bySet.set(setId, { key, kind, paths });
  }
  return sortByteOrder([...bySet.values()], (c) => c.key);
}

/**
 * `items` sorted by the UTF-8 bytes of `keyOf(item)`: the order a manifest or `ls` in the C locale shows
 * (JavaScript's default UTF-16 order differs above U+FFFF). Returns a new array.
 */
export function sortByteOrder<T>(items: readonly T[], keyOf: (item: T) => string): T[] {
  return items
    .map((item) => ({ item, bytes: Buffer.from(keyOf(item), 'utf8') }))
    .sort((a, b) => Buffer.compare(a.bytes, b.bytes))
    .map((e) => e.item);
}
