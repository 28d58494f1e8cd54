/**
 * Files to takes. The rules, in order (the first that applies decides a file's group):
 *  1. iXML FILE_SET FAMILY_UID: every file of one recording carries it (Zoom F8: 9 files, one family). Grouped per
 *     folder too, so a copy of a take elsewhere on the card stays apart instead of doubling its tracks.
 *  2. A Zoom take folder `…-T001.TAKE/`: all its files are one take.
 *  3. A Zoom split name `<base>_Tr1`, `_Tr1_D`, `_TrL_R`…: same folder and base, one take.
 *  4. A Sound Devices split name `<base>_1`, `_2`…`_A`: only for mono files, and only with the same start sample,
 *     because `A101_1.WAV` is as likely take 1 of scene A101 as channel 1 of take A101 (it is a take on the 702T).
 *  5. Otherwise the file is a take of its own (a poly file: one take, N tracks).
 * A family can hold the same audio twice: the 702T's poly `A101_1.WAV` and Wave Agent's mono split of it
 * (`A101_1_1.WAV`, `A101_1_2.WAV`) share FAMILY_UID. They are one take, not four tracks: files are split into
 * renditions by FILE_SET TOTAL_FILES (files of one recording agree on it), the recorder's original leads (see
 * rank), and the other rendition's channels become alternates of the tracks with the same iXML CHANNEL_INDEX.
 */
import { entryOf, type Entry, type TakeFile } from './entry';
import { comparePaths, isTakeFolder, soundDevicesSplit, zoomTrackName } from './naming';
import { takeRecordOf } from './record';
import type { TakeRecord } from './types';

export type { TakeFile } from './entry';

function at(dir: string): string {
  return dir === '' ? '.' : dir;
}

function groupKeyOf(e: Entry): string {
  const { dir, stem } = e.parts;
  if (e.meta.familyUid !== undefined) return `family:${e.meta.familyUid}@${at(dir)}`;
  if (isTakeFolder(dir)) return `folder:${dir}`;
  const zoom = zoomTrackName(stem);
  if (zoom) return `name:${at(dir)}/${zoom.base}_Tr*`;
  const split = e.info.format.channels === 1 ? soundDevicesSplit(stem) : undefined;
  const start = e.meta.startSamples?.value;
  if (split && start !== undefined) return `name:${at(dir)}/${split.base}_*@${start}`;
  return `file:${e.relativePath}`;
}

export function groupTakes(files: TakeFile[]): TakeRecord[] {
  const groups = new Map<string, Entry[]>();
  for (const f of files) {
    const e: Entry = entryOf(f);
    const key = groupKeyOf(e);
    const group = groups.get(key);
    if (group) group.push(e);
    else groups.set(key, [e]);
  }
  return [...groups]
    .map(([key, entries]) => takeRecordOf(key, entries))
    .sort((a, b) => comparePaths(a.relativePaths[0] ?? '', b.relativePaths[0] ?? ''));
}
