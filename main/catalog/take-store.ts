/**
 * Takes and tracks in the catalog: what the recorder wrote into each verified file (bext/iXML), grouped into takes.
 * Take ids stay stable across re-indexing (upsert by the take's grouping key), because the mixer's notes and flags
 * will hang off them.
 */
import type Database from 'better-sqlite3';
import { EDIT_COLUMNS, editsFromRow, type TakeEdits } from './edit-store';

export interface TakeTrackInput {
  position: number;
  name: string;
  nameSource: string;
  function?: string;
  fileId: number;
  channel: number;
}

export interface TakeInput {
  key: string;
  scene?: string;
  take?: string;
  tape?: string;
  project?: string;
  circled: boolean;
  flags: string[];
  note?: string;
  timecodeRate?: string;
  startSamples?: number;
  startTc?: string;
  endTc?: string;
  sampleRate?: number;
  bitDepth?: number;
  encoding?: string;
  container?: string;
  channelCount?: number;
  frames?: number;
  durationSeconds?: number;
  familyUid?: string;
  recordedOn?: string;
  sources: Record<string, string>;
  warnings: string[];
  fileIds: number[];
  tracks: TakeTrackInput[];
}

export interface TakeSummary {
  id: number;
  rollId: number;
  project: string; // the catalog's project of the roll
  roll: string;
  key: string;
  scene: string | null;
  take: string | null;
  tape: string | null;
  circled: boolean;
  flags: string[];
  note: string | null;
  startTc: string | null;
  endTc: string | null;
  timecodeRate: string | null;
  /** bext TimeReference of the first sample (samples since midnight). */
  startSamples: number | null;
  frames: number | null;
  durationSeconds: number | null;
  sampleRate: number | null;
  bitDepth: number | null;
  encoding: string | null;
  container: string | null;
  channelCount: number | null;
  recordedOn: string | null;
  trackNames: string[];
  files: string[];
  sources: Record<string, string>;
  warnings: string[];
  /**
   * The mixer's edits (schema 5), or null. `circled`, `flags` and `note` above stay what the recorder wrote; the
   * effective value is the edit where there is one.
   */
  edits: TakeEdits | null;
}

export interface TakeDetail extends TakeSummary {
  tracks: { position: number; name: string; nameSource: string; function: string | null; file: string; channel: number }[];
}

/** Filters see the mixer's edits: the mixer's word wins over the recorder's. */
export interface TakeFilter {
  scene?: string;
  take?: string;
  /**
   * Case-insensitive text searched in the recorder's note, scene, take, track names and the mixer's note, tags and
   * track notes.
   */
  text?: string;
  /** Circled takes, by the mixer's circle where the mixer set one, else the recorder's. */
  circledOnly?: boolean;
  /** Recording date range, YYYY-MM-DD inclusive. */
  from?: string;
  to?: string;
}

export type WavReadStatus = 'ok' | 'not-wav' | 'error';

export class TakeStore {
  constructor(private readonly db: Database.Database) {}

  recordWavRead(read: { fileId: number; status: WavReadStatus; infoJson?: string; message?: string; readFrom: string }): void {
    this.db
      .prepare(
        `INSERT INTO wav_reads (file_id, status, info_json, message, read_from, read_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (file_id) DO UPDATE SET status = excluded.status, info_json = excluded.info_json,
           message = excluded.message, read_from = excluded.read_from, read_at = excluded.read_at`,
      )
      .run(read.fileId, read.status, read.infoJson ?? null, read.message ?? null, read.readFrom, new Date().toISOString());
  }

  hasWavRead(fileId: number): boolean {
    return this.db.prepare('SELECT 1 FROM wav_reads WHERE file_id = ?').get(fileId) !== undefined;
  }

  wavReadsOfRoll(rollId: number): { fileId: number; relativePath: string; status: WavReadStatus; infoJson: string | null; message: string | null }[] {
    return this.db
      .prepare(
        `SELECT w.file_id AS fileId, f.relative_path AS relativePath, w.status, w.info_json AS infoJson, w.message
         FROM wav_reads w JOIN files f ON f.id = w.file_id WHERE f.roll_id = ? ORDER BY f.relative_path`,
      )
      .all(rollId) as { fileId: number; relativePath: string; status: WavReadStatus; infoJson: string | null; message: string | null }[];
  }

  /** Makes the roll's takes exactly `takes`: upserted by key (ids kept), tracks and files rewritten, stale takes removed. */
  replaceRollTakes(rollId: number, takes: TakeInput[]): void {
    const upsert = this.db.prepare(
      `INSERT INTO takes (roll_id, key, scene, take, tape, project, circled, flags, note, timecode_rate, start_samples,
         start_tc, end_tc, sample_rate, bit_depth, encoding, container, channel_count, frames, duration_seconds,
         family_uid, recorded_on, sources, warnings, indexed_at)
       VALUES (@rollId, @key, @scene, @take, @tape, @project, @circled, @flags, @note, @timecodeRate, @startSamples,
         @startTc, @endTc, @sampleRate, @bitDepth, @encoding, @container, @channelCount, @frames, @durationSeconds,
         @familyUid, @recordedOn, @sources, @warnings, @indexedAt)
       ON CONFLICT (roll_id, key) DO UPDATE SET scene = excluded.scene, take = excluded.take, tape = excluded.tape,
         project = excluded.project, circled = excluded.circled, flags = excluded.flags, note = excluded.note,
         timecode_rate = excluded.timecode_rate, start_samples = excluded.start_samples, start_tc = excluded.start_tc,
         end_tc = excluded.end_tc, sample_rate = excluded.sample_rate, bit_depth = excluded.bit_depth,
         encoding = excluded.encoding, container = excluded.container, channel_count = excluded.channel_count,
         frames = excluded.frames, duration_seconds = excluded.duration_seconds, family_uid = excluded.family_uid,
         recorded_on = excluded.recorded_on, sources = excluded.sources, warnings = excluded.warnings,
         indexed_at = excluded.indexed_at`,
    );
    const idOf = this.db.prepare('SELECT id FROM takes WHERE roll_id = ? AND key = ?');
    const clearTracks = this.db.prepare('DELETE FROM tracks WHERE take_id = ?');
    const clearFiles = this.db.prepare('DELETE FROM take_files WHERE take_id = ?');
    const addFile = this.db.prepare('INSERT OR IGNORE INTO take_files (take_id, file_id) VALUES (?, ?)');
    const addTrack = this.db.prepare(
      'INSERT INTO tracks (take_id, position, name, name_source, function, file_id, channel) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const removeTake = this.db.prepare('DELETE FROM takes WHERE id = ?');
    this.db.transaction(() => {
      const keep = new Set<number>();
      const indexedAt = new Date().toISOString();
      for (const t of takes) {
        upsert.run({
          rollId,
          key: t.key,
          scene: t.scene ?? null,
          take: t.take ?? null,
          tape: t.tape ?? null,
          project: t.project ?? null,
          circled: t.circled ? 1 : 0,
          flags: JSON.stringify(t.flags),
          note: t.note ?? null,
          timecodeRate: t.timecodeRate ?? null,
          startSamples: t.startSamples ?? null,
          startTc: t.startTc ?? null,
          endTc: t.endTc ?? null,
          sampleRate: t.sampleRate ?? null,
          bitDepth: t.bitDepth ?? null,
          encoding: t.encoding ?? null,
          container: t.container ?? null,
          channelCount: t.channelCount ?? null,
          frames: t.frames ?? null,
          durationSeconds: t.durationSeconds ?? null,
          familyUid: t.familyUid ?? null,
          recordedOn: t.recordedOn ?? null,
          sources: JSON.stringify(t.sources),
          warnings: JSON.stringify(t.warnings),
          indexedAt,
        });
        const id = (idOf.get(rollId, t.key) as { id: number }).id;
        keep.add(id);
        clearTracks.run(id);
        clearFiles.run(id);
        for (const fileId of t.fileIds) addFile.run(id, fileId);
        for (const tr of t.tracks) addTrack.run(id, tr.position, tr.name, tr.nameSource, tr.function ?? null, tr.fileId, tr.channel);
      }
      const existing = this.db.prepare('SELECT id FROM takes WHERE roll_id = ?').all(rollId) as { id: number }[];
      for (const { id } of existing) if (!keep.has(id)) removeTake.run(id);
    })();
  }

  /**
   * A roll's takes in timecode order (takes without timecode last, by key), filtered. A constant number of queries
   * whatever the roll's size: the takes (with the mixer's edits joined), then the track names and the files of all of
   * them at once.
   */
  takesOfRoll(rollId: number, filter: TakeFilter = {}): TakeSummary[] {
    const where = ['t.roll_id = @rollId'];
    if (filter.scene !== undefined) where.push('t.scene = @scene COLLATE NOCASE');
    if (filter.take !== undefined) where.push('t.take = @take COLLATE NOCASE');
    if (filter.circledOnly) where.push('COALESCE(e.circled, t.circled) = 1');
    if (filter.from !== undefined) where.push('t.recorded_on >= @from');
    if (filter.to !== undefined) where.push('t.recorded_on <= @to');
    if (filter.text !== undefined) {
      const has = (expr: string): string => `instr(lower(coalesce(${expr}, '')), lower(@text)) > 0`;
      where.push(`(${has('t.note')} OR ${has('t.scene')} OR ${has('t.take')} OR ${has('e.note')}
        OR EXISTS (SELECT 1 FROM tracks k WHERE k.take_id = t.id AND ${has('k.name')})
        OR EXISTS (SELECT 1 FROM json_each(e.tags) j WHERE ${has('j.value')})
        OR EXISTS (SELECT 1 FROM json_each(e.track_notes) j WHERE ${has('j.value')}))`);
    }
    const rows = this.db
      .prepare(
        `${TAKE_SELECT} WHERE ${where.join(' AND ')} ORDER BY t.start_samples IS NULL, t.start_samples, t.key`,
      )
      .all({ rollId, scene: filter.scene, take: filter.take, from: filter.from, to: filter.to, text: filter.text }) as Record<string, unknown>[];
    if (rows.length === 0) return [];
    const ids = JSON.stringify(rows.map((r) => r.id as number));
    const names = groupBy(
      this.db
        .prepare('SELECT take_id AS takeId, name AS v FROM tracks WHERE take_id IN (SELECT value FROM json_each(?)) ORDER BY take_id, position')
        .all(ids) as { takeId: number; v: string }[],
    );
    const files = groupBy(
      this.db
        .prepare(
          `SELECT tf.take_id AS takeId, f.relative_path AS v FROM take_files tf JOIN files f ON f.id = tf.file_id
           WHERE tf.take_id IN (SELECT value FROM json_each(?)) ORDER BY tf.take_id, f.relative_path`,
        )
        .all(ids) as { takeId: number; v: string }[],
    );
    return rows.map((row) => summaryOf(row, names.get(row.id as number) ?? [], files.get(row.id as number) ?? []));
  }

  take(id: number): TakeDetail | undefined {
    const row = this.db.prepare(`${TAKE_SELECT} WHERE t.id = ?`).get(id) as Record<string, unknown> | undefined;
    if (!row) return undefined;
    const tracks = this.db
      .prepare(
        `SELECT k.position, k.name, k.name_source AS nameSource, k.function, f.relative_path AS file, k.channel
         FROM tracks k JOIN files f ON f.id = k.file_id WHERE k.take_id = ? ORDER BY k.position`,
      )
      .all(id) as TakeDetail['tracks'];
    const files = (
      this.db
        .prepare('SELECT f.relative_path AS p FROM take_files tf JOIN files f ON f.id = tf.file_id WHERE tf.take_id = ? ORDER BY f.relative_path')
        .all(id) as { p: string }[]
    ).map((f) => f.p);
    return { ...summaryOf(row, tracks.map((t) => t.name), files), tracks };
  }

  /** The takes before and after this one in its roll's timecode order (the order of `takesOfRoll`), one query. */
  neighbours(id: number): { previousId: number | null; nextId: number | null } | undefined {
    const row = this.db
      .prepare(
        `SELECT previousId, nextId FROM (
           SELECT t.id, LAG(t.id) OVER w AS previousId, LEAD(t.id) OVER w AS nextId FROM takes t
           WHERE t.roll_id = (SELECT roll_id FROM takes WHERE id = @id)
           WINDOW w AS (ORDER BY t.start_samples IS NULL, t.start_samples, t.key)
         ) WHERE id = @id`,
      )
      .get({ id }) as { previousId: number | null; nextId: number | null } | undefined;
    return row;
  }

  /** Every roll with its number of takes and of takes holding at least one error-level QC finding. */
  rollSummaries(): { id: number; project: string; name: string; takes: number; takesWithErrors: number }[] {
    return this.db
      .prepare(
        `SELECT r.id, r.project, r.name,
           (SELECT COUNT(*) FROM takes t WHERE t.roll_id = r.id) AS takes,
           (SELECT COUNT(DISTINCT q.take_id) FROM qc_findings q WHERE q.roll_id = r.id AND q.severity = 'error' AND q.take_id IS NOT NULL) AS takesWithErrors
         FROM rolls r ORDER BY r.project, r.name`,
      )
      .all() as { id: number; project: string; name: string; takes: number; takesWithErrors: number }[];
  }
}

/** A take row with its roll and the mixer's edits (a LEFT JOIN: null edit columns when the mixer changed nothing). */
const TAKE_SELECT = `SELECT t.*, r.project AS roll_project, r.name AS roll_name, ${EDIT_COLUMNS}
  FROM takes t JOIN rolls r ON r.id = t.roll_id LEFT JOIN take_edits e ON e.roll_id = t.roll_id AND e.take_key = t.key`;

function groupBy(rows: readonly { takeId: number; v: string }[]): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const r of rows) {
    let list = out.get(r.takeId);
    if (!list) out.set(r.takeId, (list = []));
    list.push(r.v);
  }
  return out;
}

function summaryOf(row: Record<string, unknown>, trackNames: string[], files: string[]): TakeSummary {
  return {
    id: row.id as number,
    rollId: row.roll_id as number,
    project: row.roll_project as string,
    roll: row.roll_name as string,
    key: row.key as string,
    scene: row.scene as string | null,
    take: row.take as string | null,
    tape: row.tape as string | null,
    circled: row.circled === 1,
    flags: JSON.parse(row.flags as string) as string[],
    note: row.note as string | null,
    startTc: row.start_tc as string | null,
    endTc: row.end_tc as string | null,
    timecodeRate: row.timecode_rate as string | null,
    startSamples: row.start_samples as number | null,
    frames: row.frames as number | null,
    durationSeconds: row.duration_seconds as number | null,
    sampleRate: row.sample_rate as number | null,
    bitDepth: row.bit_depth as number | null,
    encoding: row.encoding as string | null,
    container: row.container as string | null,
    channelCount: row.channel_count as number | null,
    recordedOn: row.recorded_on as string | null,
    trackNames,
    files,
    sources: JSON.parse(row.sources as string) as Record<string, string>,
    warnings: JSON.parse(row.warnings as string) as string[],
    edits: editsFromRow(row),
  };
}
