/**
 * What recorders encode in file names, used only where the metadata is silent (no iXML FILE_SET) and, for Sound
 * Devices, only together with the metadata (see group.ts): `A101_1.WAV` is take 1 of scene A101 on a 702T, and
 * would be channel 1 of take `A101` by the split-mono rule; the name alone cannot tell.
 */

export interface PathParts {
  dir: string; // '' at the card's root, else 'a/b'
  name: string; // file name with extension
  stem: string; // file name without its extension
}

/** Code-point order: the same on every machine, unlike localeCompare. */
export function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function pathParts(relativePath: string): PathParts {
  const slash = relativePath.lastIndexOf('/');
  const name = relativePath.slice(slash + 1);
  const dot = name.lastIndexOf('.');
  return { dir: slash < 0 ? '' : relativePath.slice(0, slash), name, stem: dot > 0 ? name.slice(0, dot) : name };
}

/** A Zoom split file: `<base>_Tr1`, `_Tr1_D` (dual-channel safety of track 1), `_TrL_R` (stereo mix), `_Tr1_2` (a linked pair). */
export interface ZoomTrackName {
  base: string;
  /** Per channel of the file: the name the recorder's default would show, and a sort key in the take. */
  channels: { name: string; order: number; bextKey: string; bextSuffix: string }[];
}

/**
 * Sort keys mirror the F-series track order: the L/R mix first, then tracks by number, a dual-channel file just
 * after the plain track (the F8 records it on a spare track whose number the name does not carry).
 */
export function zoomTrackName(stem: string): ZoomTrackName | undefined {
  const m = /^(.+)_Tr(L_R|L|R|\d+_D|\d+_\d+|\d+)$/i.exec(stem);
  if (!m) return undefined;
  const base = m[1]!;
  const suffix = m[2]!.toUpperCase();
  const one = (n: string, order: number, bextSuffix = ''): ZoomTrackName['channels'][number] => ({
    name: `Tr${n}${bextSuffix}`,
    order,
    bextKey: `TR${n}`,
    bextSuffix,
  });
  if (suffix === 'L_R') return { base, channels: [one('L', -2), one('R', -1)] };
  if (suffix === 'L' || suffix === 'R') return { base, channels: [one(suffix, suffix === 'L' ? -2 : -1)] };
  const dual = /^(\d+)_D$/.exec(suffix);
  if (dual) return { base, channels: [one(dual[1]!, Number(dual[1]) + 0.5, '_D')] };
  const pair = /^(\d+)_(\d+)$/.exec(suffix);
  if (pair) return { base, channels: [one(pair[1]!, Number(pair[1])), one(pair[2]!, Number(pair[2]))] };
  return { base, channels: [one(suffix, Number(suffix))] };
}

/** A Sound Devices split-mono suffix: `_1`…`_99`, then `_A`, `_B`… (taken as 10, 11…, after the digits). */
export function soundDevicesSplit(stem: string): { base: string; index: number } | undefined {
  const m = /^(.+)_(?:([1-9]\d?)|([A-Z]))$/.exec(stem);
  if (!m) return undefined;
  const index = m[2] !== undefined ? Number(m[2]) : m[3]!.charCodeAt(0) - 'A'.charCodeAt(0) + 10;
  return { base: m[1]!, index };
}

/** A Zoom take folder `…-T001.TAKE` (mono + stereo files of one take): every file in it is that take. */
export function isTakeFolder(dir: string): boolean {
  return /\.TAKE$/i.test(pathParts(dir).name);
}

/** Scene and take from a Zoom-style name `<scene>-T<take>` (the file's base or its .TAKE folder). */
export function sceneTakeFromName(relativePath: string): { scene: string; take: string } | undefined {
  const { dir, stem } = pathParts(relativePath);
  const candidates = [zoomTrackName(stem)?.base ?? stem];
  if (isTakeFolder(dir)) candidates.push(pathParts(dir).stem);
  for (const c of candidates) {
    const m = /^(.+)-T(\d+)$/i.exec(c);
    if (m) return { scene: m[1]!, take: m[2]! };
  }
  return undefined;
}
