/**
 * One group of files to a TakeRecord. Take-level values come from the files in track order, best source first;
 * files of one take should agree, and where they don't (a renamed scene on one file, a shorter file after a dead
 * battery) the take says so in its warnings instead of silently picking one.
 */
import { endTimecode, framesPerDay, samplesToFrames, samplesToTimecode } from '../../shared/timecode';
import type { Entry } from './entry';
import { comparePaths } from './naming';
import { arrangeTracks } from './tracks';
import type { Sourced, TakeMetadata, TakeRecord, TakeTrack, TakeWarning, ValueSource } from './types';

const RANK: Record<ValueSource, number> = { ixml: 0, bext: 1, filename: 2, default: 3 };

type Field = 'scene' | 'take' | 'tape' | 'project' | 'note' | 'circled' | 'flags' | 'timecodeRate' | 'startSamples';

function show(field: Field, v: Sourced<unknown>): string {
  const value = v.value;
  if (field === 'timecodeRate') return (value as { label: string }).label;
  if (Array.isArray(value)) return value.join(', ');
  return String(value);
}

/** The best-sourced value of `field` among the files (first in order on a tie), and a warning when they differ. */
function agreed<F extends Field>(field: F, entries: Entry[], warnings: TakeWarning[]): TakeMetadata[F] {
  let best: { entry: Entry; v: Sourced<unknown> } | undefined;
  for (const entry of entries) {
    const v = entry.meta[field] as Sourced<unknown> | undefined;
    if (v !== undefined && (best === undefined || RANK[v.source] < RANK[best.v.source])) best = { entry, v };
  }
  if (best === undefined) return undefined as TakeMetadata[F];
  const shown = show(field, best.v);
  const other = entries.find((e) => {
    const v = e.meta[field] as Sourced<unknown> | undefined;
    return v !== undefined && v.source !== 'default' && show(field, v) !== shown;
  });
  if (other) {
    warnings.push({
      code: 'files-disagree',
      message: `${field}: ${best.entry.parts.name} says "${shown}", ${other.parts.name} says "${show(field, other.meta[field] as Sourced<unknown>)}"`,
      relativePath: other.relativePath,
    });
  }
  return best.v as TakeMetadata[F];
}

function sameFormat(entries: Entry[], warnings: TakeWarning[]): void {
  const describe = (e: Entry): string => {
    const f = e.info.format;
    return `${f.sampleRate} Hz ${f.bitsPerSample}-bit ${f.encoding}`;
  };
  const first = entries[0]!;
  const other = entries.find((e) => describe(e) !== describe(first));
  if (other) {
    warnings.push({ code: 'files-disagree', message: `format: ${first.parts.name} is ${describe(first)}, ${other.parts.name} is ${describe(other)}`, relativePath: other.relativePath });
  }
  const shorter = entries.find((e) => e.info.frames !== first.info.frames);
  if (shorter) {
    warnings.push({
      code: 'files-disagree',
      message: `length: ${first.parts.name} has ${first.info.frames} sample frames, ${shorter.parts.name} ${shorter.info.frames}`,
      relativePath: shorter.relativePath,
    });
  }
}

function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

export function takeRecordOf(key: string, entries: Entry[]): TakeRecord {
  const arranged = arrangeTracks(entries);
  const warnings: TakeWarning[] = entries.flatMap((e) => e.info.warnings.map((w) => ({ code: w.code, message: w.message, relativePath: e.relativePath })));
  warnings.push(...arranged.warnings);
  const tracks: TakeTrack[] = arranged.tracks.map((t, i) => defined({
    position: i + 1,
    // "Track N" numbers the take's tracks, not a file's channels: split files of an unnamed take read Track 1…N.
    name: t.track.name.source === 'default' ? `Track ${i + 1}` : t.track.name.value,
    nameSource: t.track.name.source,
    function: t.track.function,
    relativePath: t.entry.relativePath,
    channel: t.track.channel,
    alternates: t.alternates.map((a) => ({ relativePath: a.entry.relativePath, channel: a.track.channel })),
  }));
  // Files in track order, so the leading rendition's first file speaks first.
  const ordered = [...new Set([...arranged.tracks.map((t) => t.entry), ...arranged.tracks.flatMap((t) => t.alternates.map((a) => a.entry)), ...entries])];
  const lead = ordered[0]!;
  sameFormat(ordered, warnings);
  const format = lead.info.format;
  const frames = Math.max(...ordered.map((e) => e.info.frames));
  const rate = agreed('timecodeRate', ordered, warnings);
  const start = agreed('startSamples', ordered, warnings);

  let startSamples: Sourced<number> | undefined;
  let startTc: string | undefined;
  let endTc: string | undefined;
  if (start !== undefined) {
    if (start.value > BigInt(Number.MAX_SAFE_INTEGER)) {
      warnings.push({ code: 'start-not-time-of-day', message: `start sample ${start.value} is no time of day: no timecode`, relativePath: lead.relativePath });
    } else {
      startSamples = { value: Number(start.value), source: start.source };
      if (rate !== undefined && format.sampleRate > 0) {
        if (samplesToFrames(start.value, format.sampleRate, rate.value) >= framesPerDay(rate.value)) {
          warnings.push({ code: 'start-not-time-of-day', message: `start sample ${start.value} is past 24 hours since midnight: timecode wrapped`, relativePath: lead.relativePath });
        }
        startTc = samplesToTimecode(start.value, format.sampleRate, rate.value);
        endTc = endTimecode(start.value, frames, format.sampleRate, rate.value);
      }
    }
  }

  return defined({
    key,
    relativePaths: entries.map((e) => e.relativePath).sort(comparePaths),
    scene: agreed('scene', ordered, warnings),
    take: agreed('take', ordered, warnings),
    tape: agreed('tape', ordered, warnings),
    project: agreed('project', ordered, warnings),
    note: agreed('note', ordered, warnings),
    circled: agreed('circled', ordered, warnings),
    flags: agreed('flags', ordered, warnings),
    timecodeRate: rate,
    startSamples,
    startTc,
    endTc,
    sampleRate: format.sampleRate,
    bitDepth: format.bitsPerSample,
    encoding: format.encoding,
    container: format.container,
    channelCount: tracks.length,
    frames,
    durationSeconds: format.sampleRate > 0 ? frames / format.sampleRate : 0,
    familyUid: ordered.map((e) => e.meta.familyUid).find((u) => u !== undefined),
    recordedOn: ordered.map((e) => e.meta.recordedOn).find((d) => d !== undefined),
    tracks,
    conflicts: ordered.flatMap((e) => e.meta.conflicts.map((c) => ({ ...c, relativePath: e.relativePath }))),
    warnings,
  });
}
