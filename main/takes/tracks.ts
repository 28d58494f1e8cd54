/**
 * A take's tracks in order. Within a group, files are split into renditions by iXML FILE_SET TOTAL_FILES (the
 * files of one recording agree on it; a tool's re-split of that recording does not). The leading rendition gives the
 * tracks, ordered by iXML CHANNEL_INDEX, else the file name's track index, else the channel in the file; the other
 * renditions' channels become alternates of the track with the same CHANNEL_INDEX.
 */
import type { Entry } from './entry';
import { comparePaths, zoomTrackName } from './naming';
import type { FileTrack, TakeWarning } from './types';

/** A track of a file, with its sort key in the take. */
export interface PlacedTrack {
  entry: Entry;
  track: FileTrack;
  order: number;
}

function orderOf(e: Entry, t: FileTrack): number {
  return t.takeChannel ?? zoomTrackName(e.parts.stem)?.channels[t.channel - 1]?.order ?? t.channel;
}

function placed(entries: Entry[]): PlacedTrack[] {
  return entries
    .flatMap((entry) => entry.meta.tracks.map((track) => ({ entry, track, order: orderOf(entry, track) })))
    .sort((a, b) => a.order - b.order || comparePaths(a.entry.relativePath, b.entry.relativePath) || a.track.channel - b.track.channel);
}

/**
 * The recording itself before a tool's copy of it: a rendition holding a file whose FILE_UID another file names as
 * its bext OriginatorReference (Sound Devices keeps the recording's UID there; Wave Agent's split files keep the
 * bext but get new FILE_UIDs). Then fewer files (a poly file over its split), then path order.
 */
function rank(renditions: Entry[][], all: Entry[]): Entry[][] {
  const isParent = (r: Entry[]): boolean =>
    r.some((f) => f.meta.fileUid !== undefined && all.some((g) => g !== f && g.meta.fileUid !== f.meta.fileUid && g.meta.originatorReference === f.meta.fileUid));
  return [...renditions].sort(
    (a, b) => Number(isParent(b)) - Number(isParent(a)) || a.length - b.length || comparePaths(a[0]!.relativePath, b[0]!.relativePath),
  );
}

/** Primary tracks in order, and the other renditions' tracks matched to them as alternates (or added when unmatched). */
export function arrangeTracks(entries: Entry[]): { tracks: (PlacedTrack & { alternates: PlacedTrack[] })[]; warnings: TakeWarning[] } {
  const byTotal = new Map<string, Entry[]>();
  for (const e of entries) {
    const k = String(e.meta.fileSetTotal ?? '?');
    const rendition = byTotal.get(k);
    if (rendition) rendition.push(e);
    else byTotal.set(k, [e]);
  }
  const [primary, ...others] = rank([...byTotal.values()], entries);
  const warnings: TakeWarning[] = [];
  const tracks = placed(primary ?? []).map((p) => ({ ...p, alternates: [] as PlacedTrack[] }));
  const seen = new Map<number, PlacedTrack>();
  for (const t of tracks) {
    const c = t.track.takeChannel;
    if (c === undefined) continue;
    const first = seen.get(c);
    if (first) {
      warnings.push({
        code: 'channel-claimed-twice',
        message: `${t.entry.parts.name} and ${first.entry.parts.name} both say they hold take channel ${c}`,
        relativePath: t.entry.relativePath,
      });
    } else seen.set(c, t);
  }
  for (const other of others.flatMap((r) => placed(r))) {
    const match = tracks.find((t) => t.track.takeChannel !== undefined && t.track.takeChannel === other.track.takeChannel);
    if (match) match.alternates.push(other);
    else tracks.push({ ...other, alternates: [] });
  }
  return { tracks, warnings };
}

