/**
 * The mixer's sound-report edits (schema 5): note, circled, flags, tags and per-track notes changed in the station,
 * kept beside what the recorder wrote, never written into the card's files or the copies. Keyed by the take's stable
 * grouping key within its roll, not by the take's row id, so an edit survives any re-indexing of the roll (and comes
 * back if a take disappears from an index and returns in a later one).
 *
 * A NULL column is a field the mixer has not edited: the recorder's value stands. What the mixer sets is stored as
 * set, even when it equals the recorder's value; a field is only un-edited by patching it with `null`. When no field
 * is edited any more, the row is deleted.
 */
import type Database from 'better-sqlite3';

/** The mixer's edits of one take; a field is absent when the mixer has not touched it. */
export interface TakeEdits {
  note?: string;
  circled?: boolean;
  flags?: string[];
  tags?: string[];
  /** 0-based track lane ("0", "1"…) → note. */
  trackNotes?: Record<string, string>;
  /** When the edits last changed (ISO 8601). */
  updatedAt: string;
}

/**
 * A change to the edits: a field left `undefined` is unchanged, `null` removes the edit (back to the recorder's
 * value), a value sets it. A value replaces the whole field: `trackNotes` is the take's complete set of track notes
 * (lanes not named have none; blank notes are dropped), `tags` the complete list. No tags or no track notes is no
 * edit (recorders write neither).
 */
export interface TakeEditPatch {
  note?: string | null;
  circled?: boolean | null;
  flags?: readonly string[] | null;
  tags?: readonly string[] | null;
  trackNotes?: Readonly<Record<string, string>> | null;
}

/** The columns of a take_edits row as selected with the `e_` prefix (see EDIT_COLUMNS). */
export const EDIT_COLUMNS =
  'e.note AS e_note, e.circled AS e_circled, e.flags AS e_flags, e.tags AS e_tags, e.track_notes AS e_track_notes, e.updated_at AS e_updated_at';

/** The edits from a row selected with EDIT_COLUMNS (a LEFT JOIN without a match gives null). */
export function editsFromRow(row: Record<string, unknown>): TakeEdits | null {
  if (row.e_updated_at === null || row.e_updated_at === undefined) return null;
  const edits: TakeEdits = { updatedAt: row.e_updated_at as string };
  if (row.e_note !== null) edits.note = row.e_note as string;
  if (row.e_circled !== null) edits.circled = row.e_circled === 1;
  if (row.e_flags !== null) edits.flags = JSON.parse(row.e_flags as string) as string[];
  if (row.e_tags !== null) edits.tags = JSON.parse(row.e_tags as string) as string[];
  if (row.e_track_notes !== null) edits.trackNotes = JSON.parse(row.e_track_notes as string) as Record<string, string>;
  return edits;
}

/** Whether any field is edited. */
export const hasEdits = (e: TakeEdits | null | undefined): boolean =>
  !!e && (e.note !== undefined || e.circled !== undefined || e.flags !== undefined || e.tags !== undefined || e.trackNotes !== undefined);

/** What a take shows: the mixer's edit where there is one, else what the recorder wrote. */
export interface EffectiveTakeValues {
  circled: boolean;
  flags: string[];
  note: string | null;
  tags: string[];
  /** Whether the mixer changed anything the recorder wrote. */
  edited: boolean;
}

/**
 * The effective values of a take (the take view, the take list and the sound report all show these): an edited field
 * replaces the recorder's, an unedited one (absent) leaves it. An edited empty note is the mixer's word too.
 */
export function effectiveTakeValues(recorder: { circled: boolean; flags: readonly string[]; note: string | null }, edits: TakeEdits | null | undefined): EffectiveTakeValues {
  return {
    circled: edits?.circled ?? recorder.circled,
    flags: [...(edits?.flags ?? recorder.flags)],
    note: edits?.note !== undefined ? edits.note : recorder.note,
    tags: [...(edits?.tags ?? [])],
    edited: hasEdits(edits),
  };
}

export class EditStore {
  constructor(private readonly db: Database.Database) {}

  /** The mixer's edits of the take with this key in this roll, or null when there are none. */
  get(rollId: number, takeKey: string): TakeEdits | null {
    const row = this.db.prepare(`SELECT ${EDIT_COLUMNS} FROM take_edits e WHERE e.roll_id = ? AND e.take_key = ?`).get(rollId, takeKey) as
      | Record<string, unknown>
      | undefined;
    return row ? editsFromRow(row) : null;
  }

  /** Applies a patch in one transaction and returns the edits as they now stand (null: nothing edited any more). */
  patch(rollId: number, takeKey: string, patch: TakeEditPatch): TakeEdits | null {
    return this.db.transaction((): TakeEdits | null => {
      const current = this.get(rollId, takeKey);
      const next: Omit<TakeEdits, 'updatedAt'> = {
        ...(current?.note !== undefined ? { note: current.note } : {}),
        ...(current?.circled !== undefined ? { circled: current.circled } : {}),
        ...(current?.flags !== undefined ? { flags: current.flags } : {}),
        ...(current?.tags !== undefined ? { tags: current.tags } : {}),
        ...(current?.trackNotes !== undefined ? { trackNotes: current.trackNotes } : {}),
      };
      if (patch.note !== undefined) setOrDelete(next, 'note', patch.note);
      if (patch.circled !== undefined) setOrDelete(next, 'circled', patch.circled);
      if (patch.flags !== undefined) setOrDelete(next, 'flags', patch.flags === null ? null : normaliseFlags(patch.flags));
      if (patch.tags !== undefined) {
        const tags = patch.tags === null ? [] : normaliseTags(patch.tags);
        // Tags have no recorder value to fall back to: no tags is no edit.
        setOrDelete(next, 'tags', tags.length ? tags : null);
      }
      if (patch.trackNotes !== undefined) {
        const notes: Record<string, string> = {};
        for (const [lane, text] of Object.entries(patch.trackNotes ?? {})) if (text.trim() !== '') notes[String(Number(lane))] = text;
        setOrDelete(next, 'trackNotes', Object.keys(notes).length ? sortedLanes(notes) : null);
      }
      if (!hasEdits({ ...next, updatedAt: '' })) {
        this.db.prepare('DELETE FROM take_edits WHERE roll_id = ? AND take_key = ?').run(rollId, takeKey);
        return null;
      }
      const updatedAt = new Date().toISOString();
      this.db
        .prepare(
          `INSERT INTO take_edits (roll_id, take_key, note, circled, flags, tags, track_notes, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (roll_id, take_key) DO UPDATE SET note = excluded.note, circled = excluded.circled, flags = excluded.flags,
             tags = excluded.tags, track_notes = excluded.track_notes, updated_at = excluded.updated_at`,
        )
        .run(
          rollId,
          takeKey,
          next.note ?? null,
          next.circled === undefined ? null : next.circled ? 1 : 0,
          next.flags === undefined ? null : JSON.stringify(next.flags),
          next.tags === undefined ? null : JSON.stringify(next.tags),
          next.trackNotes === undefined ? null : JSON.stringify(next.trackNotes),
          updatedAt,
        );
      return { ...next, updatedAt };
    })();
  }
}

function setOrDelete<K extends keyof Omit<TakeEdits, 'updatedAt'>>(target: Omit<TakeEdits, 'updatedAt'>, key: K, value: TakeEdits[K] | null): void {
  if (value === null) delete target[key];
  else target[key] = value;
}

/** Flags as the recorder's are kept: each once, sorted. */
const normaliseFlags = (flags: readonly string[]): string[] => [...new Set(flags.map((f) => f.trim().toUpperCase()).filter(Boolean))].sort();

/** Tags trimmed, each once (first spelling wins, case-insensitively), in the order given. */
function normaliseTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const t of tags.map((x) => x.trim()).filter(Boolean)) {
    const k = t.toLowerCase();
    if (!seen.has(k)) {
      seen.add(k);
      out.push(t);
    }
  }
  return out;
}

const sortedLanes = (notes: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(notes).sort(([a], [b]) => Number(a) - Number(b)));
