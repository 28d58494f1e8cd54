/**
 * The litter rule: what macOS and Windows write onto any volume they mount, which is not the recorder's material
 * and must not be copied (and would otherwise differ between two offloads of one card, or fail on Linux-made
 * destinations). The rule is a fixed list, nothing broader: a recorder's own dot-files and folders (settings,
 * take lists, a `FALSETAKES` folder) are card content and ARE copied.
 *
 * A path is litter when ANY of its components, at any depth, is one of these names (compared case-insensitively,
 * because the volumes that carry them are case-insensitive) or starts with `._`:
 * - folders: `.Spotlight-V100`, `.Trashes`, `.fseventsd`, `.TemporaryItems`, `.DocumentRevisions-V100`
 *   (macOS), `System Volume Information`, `$RECYCLE.BIN` (Windows); their whole content is litter
 * - files: `.DS_Store`, `._*` AppleDouble resource forks (macOS), `Thumbs.db`, `desktop.ini` (Windows)
 */

const LITTER: ReadonlyMap<string, string> = new Map([
  ['.spotlight-v100', 'macOS Spotlight index'],
  ['.trashes', 'macOS trash'],
  ['.fseventsd', 'macOS file-system event log'],
  ['.temporaryitems', 'macOS temporary items'],
  ['.documentrevisions-v100', 'macOS document versions'],
  ['system volume information', 'Windows system folder'],
  ['$recycle.bin', 'Windows recycle bin'],
  ['.ds_store', 'macOS Finder metadata'],
  ['thumbs.db', 'Windows thumbnail cache'],
  ['desktop.ini', 'Windows folder settings'],
]);

/** What the litter name is, or undefined when `name` (one path component) is not litter. */
export function litterReason(name: string): string | undefined {
  if (name.startsWith('._')) return 'macOS AppleDouble resource fork';
  return LITTER.get(name.toLowerCase());
}

/** True when a '/'-separated card path is system litter by the rule above. */
export function isSystemLitter(relativePath: string): boolean {
  return relativePath.split('/').some((component) => litterReason(component) !== undefined);
}
