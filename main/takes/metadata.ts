/**
 * One file's say about its take: iXML, then bext Description pairs, then the file name, then defaults. iXML wins
 * because it is structured and per track (Zoom writes `TR1=Tr1` in bext but `<NAME>BOOM</NAME>` in iXML); when
 * both speak and disagree the loser is kept in `conflicts` so the mixer can see it. The one exception is the start
 * sample, where bext TimeReference is the field every tool reads, and iXML's TIMESTAMP only a copy of it.
 */
import { parseTimecodeRate, type TimecodeRate } from '../../shared/timecode';
import type { IxmlTrack, WavInfo } from '../wav/types';
import { descriptionBoolean, descriptionValue, normalizeDescription, numberedTrackKeys, type DescriptionFields } from './description';
import { pathParts, sceneTakeFromName, soundDevicesSplit, zoomTrackName } from './naming';
import type { FileTrack, MetadataConflict, Sourced, TakeFlag, TakeMetadata } from './types';

function text(v: string | undefined): string | undefined {
  const t = v?.trim();
  return t === undefined || t === '' ? undefined : t;
}

/** `001` and `1` are the same take number; anything else compares as written. */
function sameText(a: string, b: string): boolean {
  return a === b || (/^\d+$/.test(a) && /^\d+$/.test(b) && Number(a) === Number(b));
}

class Merger {
  readonly conflicts: MetadataConflict[] = [];

  /** First present of ixml, bext, filename; a bext value that differs from iXML's is recorded. */
  pick(field: string, ixml: string | undefined, bext: string | undefined, filename?: string): Sourced<string> | undefined {
    const [i, b, f] = [text(ixml), text(bext), text(filename)];
    if (i !== undefined) {
      if (b !== undefined && !sameText(i, b)) this.conflict(field, { value: i, source: 'ixml' }, { value: b, source: 'bext' });
      return { value: i, source: 'ixml' };
    }
    if (b !== undefined) return { value: b, source: 'bext' };
    return f !== undefined ? { value: f, source: 'filename' } : undefined;
  }

  conflict(field: string, kept: Sourced<string>, ignored: Sourced<string>): void {
    this.conflicts.push({ field, kept, ignored });
  }
}

function flagsOf(info: WavInfo, bext: DescriptionFields, merger: Merger): Sourced<TakeFlag[]> {
  const fromBooleans = (ng?: boolean, fs?: boolean, wild?: boolean, typeList: string[] = []): TakeFlag[] | undefined => {
    const types = typeList.map((t) => t.trim().toUpperCase()).filter((t) => t !== '');
    if (ng === undefined && fs === undefined && wild === undefined && types.length === 0) return undefined;
    const set = new Set<TakeFlag>(types.filter((t) => t !== 'DEFAULT'));
    if (ng) set.add('NO_GOOD');
    if (fs) set.add('FALSE_START');
    if (wild) set.add('WILD_TRACK');
    return [...set].sort();
  };
  const x = info.ixml;
  const fromIxml = x ? fromBooleans(x.noGood, x.falseStart, x.wildTrack, x.takeType ?? []) : undefined;
  // No recorder in the fixtures writes flags into bext; these are the iXML names, the obvious spelling if one does.
  const fromBext = fromBooleans(
    descriptionBoolean(descriptionValue(bext, 'NO_GOOD')),
    descriptionBoolean(descriptionValue(bext, 'FALSE_START')),
    descriptionBoolean(descriptionValue(bext, 'WILD_TRACK')),
    (descriptionValue(bext, 'TAKE_TYPE') ?? '').split(/[,;\s]+/),
  );
  if (fromIxml) {
    if (fromBext && fromBext.join() !== fromIxml.join()) {
      merger.conflict('flags', { value: fromIxml.join(', '), source: 'ixml' }, { value: fromBext.join(', '), source: 'bext' });
    }
    return { value: fromIxml, source: 'ixml' };
  }
  return fromBext ? { value: fromBext, source: 'bext' } : { value: [], source: 'default' };
}

function circledOf(info: WavInfo, bext: DescriptionFields, merger: Merger): Sourced<boolean> {
  const i = info.ixml?.circled;
  const b = descriptionBoolean(descriptionValue(bext, 'CIRCLED'));
  if (i !== undefined) {
    if (b !== undefined && b !== i) merger.conflict('circled', { value: String(i), source: 'ixml' }, { value: String(b), source: 'bext' });
    return { value: i, source: 'ixml' };
  }
  return b !== undefined ? { value: b, source: 'bext' } : { value: false, source: 'default' };
}

function rateOf(info: WavInfo, bext: DescriptionFields, merger: Merger): Sourced<TimecodeRate> | undefined {
  const speed = info.ixml?.speed;
  const i = speed?.timecodeRate !== undefined ? parseTimecodeRate(speed.timecodeRate, speed.timecodeFlag) : undefined;
  const bextText = descriptionValue(bext, 'SPEED');
  const b = bextText !== undefined ? parseTimecodeRate(bextText) : undefined;
  if (i) {
    if (b && b.label !== i.label) merger.conflict('timecodeRate', { value: i.label, source: 'ixml' }, { value: b.label, source: 'bext' });
    return { value: i, source: 'ixml' };
  }
  return b ? { value: b, source: 'bext' } : undefined;
}

/** bext TimeReference, else iXML TIMESTAMP; a bext 0 beside a non-zero iXML stamp is a tool that never set it. */
function startOf(info: WavInfo, merger: Merger): Sourced<bigint> | undefined {
  const b = info.bext?.timeReference;
  const i = info.ixml?.speed?.timestampSamplesSinceMidnight;
  if (b !== undefined && !(b === 0n && i !== undefined && i !== 0n)) {
    if (i !== undefined && i !== b) merger.conflict('startSamples', { value: String(b), source: 'bext' }, { value: String(i), source: 'ixml' });
    return { value: b, source: 'bext' };
  }
  return i !== undefined ? { value: i, source: 'ixml' } : undefined;
}

/** The iXML track of channel `c`: by INTERLEAVE_INDEX; files that leave it out are matched by CHANNEL_INDEX. */
function ixmlTrackOf(tracks: IxmlTrack[], c: number, channels: number): IxmlTrack | undefined {
  if (tracks.some((t) => t.interleaveIndex !== undefined)) return tracks.find((t) => t.interleaveIndex === c);
  if (channels === 1 && tracks.length === 1) return tracks[0];
  return tracks.find((t) => t.channelIndex === c);
}

/**
 * Without iXML CHANNEL_INDEX: a poly file's channels are the take's; a Sound Devices split file's index is its
 * suffix (`_2`); a Zoom name orders by its own rule (naming.ts), and its `_D`/`_R` endings are no split suffix.
 */
function takeChannelFromName(c: number, channels: number, zoomNamed: boolean, splitIndex: number | undefined): number | undefined {
  if (zoomNamed) return undefined;
  if (channels > 1) return c;
  return splitIndex;
}

function tracksOf(info: WavInfo, relativePath: string, bext: DescriptionFields, merger: Merger): FileTrack[] {
  const channels = info.format.channels;
  const { stem } = pathParts(relativePath);
  const zoom = zoomTrackName(stem);
  const zoomChannels = zoom && zoom.channels.length === channels ? zoom.channels : undefined;
  const split = channels === 1 ? soundDevicesSplit(stem) : undefined;
  const numbered = numberedTrackKeys(bext);
  const out: FileTrack[] = [];
  for (let c = 1; c <= channels; c++) {
    const ix = ixmlTrackOf(info.ixml?.tracks ?? [], c, channels);
    const zc = zoomChannels?.[c - 1];
    const takeChannel = ix?.channelIndex ?? takeChannelFromName(c, channels, zoom !== undefined, split?.index);
    let bextName: string | undefined;
    if (zc) {
      const v = descriptionValue(bext, zc.bextKey);
      bextName = v !== undefined ? v + zc.bextSuffix : undefined;
    } else if (channels === 1 && numbered.size === 1) {
      bextName = [...numbered.values()][0]; // a Sound Devices split file keeps only its own sTRKn
    } else {
      bextName = numbered.get(channels === 1 ? (takeChannel ?? 1) : c);
    }
    const name = merger.pick(`track ${c} name`, ix?.name, bextName, zc?.name) ?? { value: `Track ${takeChannel ?? c}`, source: 'default' as const };
    const fn = text(ix?.function);
    out.push({ channel: c, ...(takeChannel !== undefined ? { takeChannel } : {}), name, ...(fn !== undefined ? { function: fn } : {}) });
  }
  return out;
}

function isoDate(v: string | undefined): string | undefined {
  const m = /^(\d{4})[-:/.](\d{2})[-:/.](\d{2})$/.exec(v?.trim() ?? '');
  return m ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
}

function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

export function takeMetadataOf(info: WavInfo, relativePath: string): TakeMetadata {
  const x = info.ixml;
  const bext = normalizeDescription(info.bext?.descriptionFields);
  const merger = new Merger();
  const fromName = sceneTakeFromName(relativePath);
  const meta: TakeMetadata = {
    scene: merger.pick('scene', x?.scene, descriptionValue(bext, 'SCENE'), fromName?.scene),
    take: merger.pick('take', x?.take, descriptionValue(bext, 'TAKE'), fromName?.take),
    tape: merger.pick('tape', x?.tape, descriptionValue(bext, 'TAPE')),
    project: merger.pick('project', x?.project, descriptionValue(bext, 'PROJECT')),
    note: merger.pick('note', x?.note, descriptionValue(bext, 'NOTE')),
    circled: circledOf(info, bext, merger),
    flags: flagsOf(info, bext, merger),
    timecodeRate: rateOf(info, bext, merger),
    startSamples: startOf(info, merger),
    tracks: tracksOf(info, relativePath, bext, merger),
    familyUid: text(x?.fileSet?.familyUid),
    fileUid: text(x?.fileUid),
    fileSetTotal: x?.fileSet?.totalFiles,
    originatorReference: text(info.bext?.originatorReference),
    recordedOn: isoDate(info.bext?.originationDate),
    conflicts: merger.conflicts,
  };
  return defined(meta);
}
