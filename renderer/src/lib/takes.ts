/**
 * The mixer's take list and sound report (pure: tested in tests/renderer): flags and their short names, sorting, the
 * effective value of a field against what the recorder wrote, tags typed as text, and the `takes.update` patch.
 */
import type { TAKE_FLAGS as CONTRACT_TAKE_FLAGS, TakeDetailView, TakeRowView } from '../../../shared/contract';

/**
 * The contract's TAKE_FLAGS, restated: importing one value from shared/contract would bundle all of zod into the page
 * (see api/browser.ts). `satisfies` makes the compiler refuse any drift between the two lists.
 */
export const TAKE_FLAGS = ['NO_GOOD', 'FALSE_START', 'WILD_TRACK', 'ROOM_TONE', 'ADR', 'PICKUP'] as const satisfies typeof CONTRACT_TAKE_FLAGS;
export type TakeFlag = (typeof TAKE_FLAGS)[number];

export const FLAG_INFO: Record<TakeFlag, { short: string; label: string }> = {
  NO_GOOD: { short: 'NG', label: 'No good' },
  FALSE_START: { short: 'FS', label: 'False start' },
  WILD_TRACK: { short: 'WT', label: 'Wild track' },
  ROOM_TONE: { short: 'RT', label: 'Room tone' },
  ADR: { short: 'ADR', label: 'ADR' },
  PICKUP: { short: 'PU', label: 'Pickup' },
};

export function isTakeFlag(flag: string): flag is TakeFlag {
  return (TAKE_FLAGS as readonly string[]).includes(flag);
}

export function flagShort(flag: string): string {
  return isTakeFlag(flag) ? FLAG_INFO[flag].short : flag;
}

export function flagLabel(flag: string): string {
  return isTakeFlag(flag) ? FLAG_INFO[flag].label : flag;
}

/** "12A / 3", "– / 3" when the recorder wrote no scene. */
export function sceneTake(row: Pick<TakeRowView, 'scene' | 'take'>): string {
  return `${row.scene || '–'} / ${row.take || '–'}`;
}

export type TakeSort = 'timecode' | 'scene' | 'duration';

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/**
 * The list in the chosen order. `timecode` keeps the station's order (it answers in the roll's timecode order, which
 * also knows a roll that runs past midnight); `scene` is scene then take, numbers compared as numbers (2 before 10,
 * 12 before 12A); `duration` is longest first. Ties keep the timecode order.
 */
export function sortTakes(rows: readonly TakeRowView[], by: TakeSort): TakeRowView[] {
  const indexed = rows.map((row, i) => ({ row, i }));
  if (by === 'scene') {
    indexed.sort((a, b) => collator.compare(a.row.scene ?? '', b.row.scene ?? '') || collator.compare(a.row.take ?? '', b.row.take ?? '') || a.i - b.i);
  } else if (by === 'duration') {
    indexed.sort((a, b) => (b.row.durationSeconds ?? -1) - (a.row.durationSeconds ?? -1) || a.i - b.i);
  }
  return indexed.map((x) => x.row);
}

/** "1:05", "12:40", "1:02:03": a take's length for the list (whole seconds, never rounded up). */
export function shortDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return '–';
  const s = Math.floor(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${r}` : `${m}:${r}`;
}

// ---- effective values: the mixer's edit against the recorder's value -------------------------------------------

export interface FieldState<T> {
  /** What the take shows: the mixer's value where there is one, else the recorder's. */
  value: T;
  /** What the recorder wrote (the card's files are never changed). */
  recorder: T;
  /** The mixer changed it: there is something to revert. */
  edited: boolean;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const s = new Set(a);
  return b.every((x) => s.has(x));
}

type Sources = Pick<TakeDetailView, 'recorder' | 'mixer'>;

export function noteState(d: Sources): FieldState<string> {
  const recorder = d.recorder.note ?? '';
  const value = d.mixer.note ?? recorder;
  return { value, recorder, edited: d.mixer.note !== undefined && d.mixer.note !== recorder };
}

export function circledState(d: Sources): FieldState<boolean> {
  const recorder = d.recorder.circled;
  const value = d.mixer.circled ?? recorder;
  return { value, recorder, edited: d.mixer.circled !== undefined && d.mixer.circled !== recorder };
}

export function flagsState(d: Sources): FieldState<string[]> {
  const recorder = d.recorder.flags;
  const value = d.mixer.flags ?? recorder;
  return { value, recorder, edited: d.mixer.flags !== undefined && !sameSet(d.mixer.flags, recorder) };
}

/** Tags are the mixer's only (recorders write none). */
export function tagsState(d: Sources): FieldState<string[]> {
  const value = d.mixer.tags ?? [];
  return { value, recorder: [], edited: value.length > 0 };
}

export function trackNoteState(d: Sources, position: number): FieldState<string> {
  const value = d.mixer.trackNotes?.[String(position)] ?? '';
  return { value, recorder: '', edited: value !== '' };
}

// ---- tags typed as text ----------------------------------------------------------------------------------------

export const MAX_TAGS = 30;
export const MAX_TAG_LENGTH = 60;

/** "dialogue, plane,  Plane , ,noise" → ["dialogue", "plane", "noise"]: trimmed, no empties, no repeats (any case). */
export function parseTags(text: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const raw of text.split(',')) {
    const tag = raw.trim().replace(/\s+/g, ' ').slice(0, MAX_TAG_LENGTH).trim();
    if (!tag || seen.has(tag.toLowerCase())) continue;
    seen.add(tag.toLowerCase());
    out.push(tag);
    if (out.length === MAX_TAGS) break;
  }
  return out;
}

export function formatTags(tags: readonly string[]): string {
  return tags.join(', ');
}

// ---- flags -------------------------------------------------------------------------------------------------------

/** Sets or clears one flag, keeping TAKE_FLAGS order; flags the contract does not know are dropped (cannot be sent). */
export function toggleFlag(flags: readonly string[], flag: TakeFlag, on?: boolean): TakeFlag[] {
  const has = flags.includes(flag);
  const want = on ?? !has;
  return TAKE_FLAGS.filter((f) => (f === flag ? want : flags.includes(f)));
}

// ---- the takes.update patch ---------------------------------------------------------------------------------------

/** A sound-report edit in flight: each field is the new value, or null to go back to the recorder's. */
export interface NotesPatch {
  note?: string | null;
  circled?: boolean | null;
  flags?: TakeFlag[] | null;
  tags?: string[] | null;
  trackNotes?: Record<string, string> | null;
}

/**
 * The value to send for an edit: equal to the recorder's value means "no edit" (null), so typing a note back to what
 * the recorder wrote, or re-ticking the recorder's flags, leaves the take unedited rather than a copy of the recorder.
 */
export function patchFor<K extends keyof NotesPatch>(d: Sources, field: K, value: Exclude<NotesPatch[K], null | undefined>): NotesPatch {
  switch (field) {
    case 'note':
      return { note: value === (d.recorder.note ?? '') ? null : (value as string) };
    case 'circled':
      return { circled: value === d.recorder.circled ? null : (value as boolean) };
    case 'flags':
      return { flags: sameSet(value as TakeFlag[], d.recorder.flags) ? null : (value as TakeFlag[]) };
    case 'tags':
      return { tags: (value as string[]).length === 0 ? null : (value as string[]) };
    case 'trackNotes': {
      const notes = Object.fromEntries(Object.entries(value as Record<string, string>).filter(([, v]) => v.trim() !== ''));
      return { trackNotes: Object.keys(notes).length === 0 ? null : notes };
    }
  }
  return {};
}

/** Later edits win field by field. */
export function mergePatch(a: NotesPatch, b: NotesPatch): NotesPatch {
  return { ...a, ...b };
}

export function isEmptyPatch(p: NotesPatch): boolean {
  return Object.keys(p).length === 0;
}

/** The rows after an edit answered: the edited take's row takes the fresh effective values. */
export function replaceRow(rows: readonly TakeRowView[], d: TakeDetailView): TakeRowView[] {
  let changed = false;
  const next = rows.map((r) => {
    if (r.id !== d.id) return r;
    changed = true;
    return { ...r, circled: d.circled, flags: d.flags, note: d.note, tags: d.tags, edited: d.edited, qc: d.qc, analysis: d.analysis };
  });
  return changed ? next : (rows as TakeRowView[]);
}
