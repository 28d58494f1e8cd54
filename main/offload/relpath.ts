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
 * Windows' reserved device names (Microsoft, "Naming Files, Paths, and Namespaces"), alone or with any extension and
 * with trailing spaces before it: `CON.WAV`, `aux`, `LPT1.wav`, `nul .txt`. Windows opens the device instead of the
 * file, so a copy made on Linux or macOS could not be opened, copied or deleted by a post house on Windows.
 */
const WINDOWS_RESERVED = /^(CON|PRN|AUX|NUL|COM[0-9\u00b9\u00b2\u00b3]|LPT[0-9\u00b9\u00b2\u00b3]) *(\..*)?$/i;

/** Characters Windows, exFAT and NTFS refuse in a name (`:` on NTFS under Windows even names a hidden stream). */
const WINDOWS_FORBIDDEN = /[<>:"|?*]/;

/**
 * Linux and macOS refuse a name longer than 255 bytes (NAME_MAX); exFAT and NTFS count 255 UTF-16 units, so a name
 * from an exFAT card can be up to 765 UTF-8 bytes and could not be created on an ext4 or APFS destination.
 */
export const NAME_MAX_BYTES = 255;

/**
 * Why a name found on a card cannot be carried to a destination under the same name, or undefined. Card content is
 * hostile input; the rule is: a name that some destination filesystem would refuse, or would silently store under
 * another name, is reported and not copied, instead of being copied under a mangled name on some drives and not on
 * others (which the DIT would only find at the post house). On top of the structural rules:
 * - control characters (Unicode Cc: U+0000–U+001F, DEL U+007F, U+0080–U+009F): exFAT and NTFS refuse U+0000–U+001F,
 *   and an ESC, CSI or newline in a name rewrites the terminal or the log line that shows it;
 * - Windows' reserved device names and the characters `< > : " | ? *`: Windows cannot create or open them;
 * - a trailing dot or space: Windows (and Linux's exFAT driver by default) strip it, so `A.WAV.` would land as `A.WAV`;
 * - more than 255 bytes of UTF-8 ({@link NAME_MAX_BYTES}).
 * Names that merely contain dots (`..WAV`, `a..b.WAV`) are ordinary names: only a whole `.`/`..` component climbs.
 */
export function cardNameProblem(name: string): string | undefined {
  const structural = componentProblem(name);
  if (structural !== undefined) return structural;
  // eslint-disable-next-line no-control-regex
  const control = /[\x00-\x1f\x7f-\x9f]/.exec(name);
  if (control) return `contains control character U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  if (WINDOWS_RESERVED.test(name)) return `"${name.split('.')[0]!.trim()}" is a reserved device name on Windows`;
  const forbidden = WINDOWS_FORBIDDEN.exec(name);
  if (forbidden) return `contains "${forbidden[0]}", which Windows, exFAT and NTFS do not allow in a name`;
  if (/[. ]$/.test(name)) return `ends with ${name.endsWith('.') ? 'a dot' : 'a space'}, which Windows and exFAT drop from a name`;
  const bytes = Buffer.byteLength(name, 'utf8');
  if (bytes > NAME_MAX_BYTES) return `name is ${bytes} bytes long in UTF-8; Linux and macOS allow ${NAME_MAX_BYTES}`;
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
  const tooLong = pathLengthProblem(joined);
  if (tooLong !== undefined) throw new UnsafePathError(shown, tooLong);
  return joined;
}

/**
 * The longest absolute path this system opens, without the terminating NUL: PATH_MAX is 4,096 bytes on Linux and
 * 1,024 on macOS; Windows (through libuv's long-path prefix) takes 32,767 UTF-16 units.
 */
export const PATH_MAX_BYTES = process.platform === 'darwin' ? 1023 : process.platform === 'win32' ? 32_767 : 4095;

/**
 * Why `absolutePath` cannot be created on this system, or undefined. A card's tree may be 1,000 folders deep and fit
 * on the card, yet not fit under a destination's roll folder: that file is reported as not copied to that drive,
 * with this reason, instead of an ENAMETOOLONG escaping from somewhere in the middle of the job.
 */
export function pathLengthProblem(absolutePath: string): string | undefined {
  const win = process.platform === 'win32';
  const length = win ? absolutePath.length : Buffer.byteLength(absolutePath, 'utf8');
  const unit = win ? 'characters' : 'bytes';
  if (length > PATH_MAX_BYTES) {
    return `the destination path would be ${length.toLocaleString('en-US')} ${unit} long; this system allows at most ${PATH_MAX_BYTES.toLocaleString('en-US')}`;
  }
  for (const component of absolutePath.split(win ? /[\\/]/ : '/')) {
    const n = win ? component.length : Buffer.byteLength(component, 'utf8');
    if (n > NAME_MAX_BYTES) return `a folder or file name on the destination would be ${n} ${unit} long; this system allows at most ${NAME_MAX_BYTES}`;
  }
  return undefined;
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
