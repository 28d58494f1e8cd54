/**
 * Take analyses and QC findings in the catalog (schema 3). An analysis row remembers which copies were decoded and
 * under which peaks key, so "is this take's waveform and QC current?" is a stat of its files, not a decode. Audio
 * findings are replaced with their take's analysis; metadata findings are replaced per roll each time it is indexed.
 */
import type Database from 'better-sqlite3';
import { severityRank, type QcFinding, type QcFindingKind, type QcOrigin, type QcSeverity } from '../../shared/qc';

/** Per-track figures kept for the take view and the sound report (the full run lists live in the findings). */
export interface TrackQcSummary {
  position: number;
  name: string;
  peakDbfs: number | null;
  rmsDbfs: number | null;
  dcOffset: number;
  clipRuns: number;
  clippedSamples: number;
  dropouts: number;
  silenceRuns: number;
  digitalSilence: boolean;
  loudnessLufs: number | null;
}

export interface TakeAnalysisInput {
  takeId: number;
  status: 'done' | 'failed';
  peaksKey: string;
  peaksFile?: string;
  /** The copies decoded, in track order. */
  sources: string[];
  frames?: number;
  mixLoudnessLufs?: number;
  tracks: TrackQcSummary[];
  message?: string;
  elapsedMs: number;
}

export interface TakeAnalysisRecord extends TakeAnalysisInput {
  analysedAt: string;
}

export interface StoredFinding extends QcFinding {
  id: number;
  rollId: number;
  takeId: number | null;
  origin: QcOrigin;
  /** Scene/take of the finding's take, for listings ("1/2"); null for roll-level findings. */
  scene: string | null;
  take: string | null;
  takeKey: string | null;
  startTc: string | null;
}

export interface FindingFilter {
  /** Only findings at or above this severity. */
  minSeverity?: QcSeverity;
  takeIds?: readonly number[];
}

export interface TakeSource {
  fileId: number;
  relativePath: string;
  size: number;
  /** Channels of the file, from its header read (null when the read failed). */
  channels: number | null;
  /** Verified copies of the file, most recently verified first. */
  copies: string[];
}

export interface QcCounts {
  error: number;
  warning: number;
  info: number;
}

export interface RollAnalysisState {
  takeId: number;
  status: 'done' | 'failed' | null;
  peaksKey: string | null;
}

const finite = (x: number | undefined | null): number | null => (x === undefined || x === null || !Number.isFinite(x) ? null : x);

export class QcStore {
  constructor(private readonly db: Database.Database) {}

  analysis(takeId: number): TakeAnalysisRecord | undefined {
    const row = this.db.prepare('SELECT * FROM take_analyses WHERE take_id = ?').get(takeId) as Record<string, unknown> | undefined;
    if (!row) return undefined;
    return {
      takeId,
      status: row.status as 'done' | 'failed',
      peaksKey: row.peaks_key as string,
      ...(row.peaks_file !== null ? { peaksFile: row.peaks_file as string } : {}),
      sources: JSON.parse(row.sources as string) as string[],
      ...(row.frames !== null ? { frames: row.frames as number } : {}),
      ...(row.mix_loudness !== null ? { mixLoudnessLufs: row.mix_loudness as number } : {}),
      tracks: JSON.parse(row.tracks_json as string) as TrackQcSummary[],
      ...(row.message !== null ? { message: row.message as string } : {}),
      elapsedMs: row.elapsed_ms as number,
      analysedAt: row.analysed_at as string,
    };
  }

  /** The analysis state of every take of a roll (null status: never analysed). */
  analysisStateOfRoll(rollId: number): RollAnalysisState[] {
    return this.db
      .prepare(
        `SELECT t.id AS takeId, a.status AS status, a.peaks_key AS peaksKey FROM takes t
         LEFT JOIN take_analyses a ON a.take_id = t.id WHERE t.roll_id = ? ORDER BY t.start_samples IS NULL, t.start_samples, t.key`,
      )
      .all(rollId) as RollAnalysisState[];
  }

  /** Stores a take's analysis and makes its audio findings exactly `findings`, in one transaction. */
  saveAnalysis(a: TakeAnalysisInput, findings: readonly QcFinding[]): void {
    const rollId = (this.db.prepare('SELECT roll_id FROM takes WHERE id = ?').get(a.takeId) as { roll_id: number } | undefined)?.roll_id;
    if (rollId === undefined) throw new Error(`take ${a.takeId} is no longer in the catalog (the roll was re-indexed)`);
    const tracks = a.tracks.map((t) => ({ ...t, peakDbfs: finite(t.peakDbfs), rmsDbfs: finite(t.rmsDbfs), loudnessLufs: finite(t.loudnessLufs) }));
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO take_analyses (take_id, status, peaks_key, peaks_file, sources, frames, mix_loudness, tracks_json, message, elapsed_ms, analysed_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (take_id) DO UPDATE SET status = excluded.status, peaks_key = excluded.peaks_key, peaks_file = excluded.peaks_file,
             sources = excluded.sources, frames = excluded.frames, mix_loudness = excluded.mix_loudness, tracks_json = excluded.tracks_json,
             message = excluded.message, elapsed_ms = excluded.elapsed_ms, analysed_at = excluded.analysed_at`,
        )
        .run(
          a.takeId,
          a.status,
          a.peaksKey,
          a.peaksFile ?? null,
          JSON.stringify(a.sources),
          a.frames ?? null,
          finite(a.mixLoudnessLufs),
          JSON.stringify(tracks),
          a.message ?? null,
          Math.round(a.elapsedMs),
          new Date().toISOString(),
        );
      this.db.prepare("DELETE FROM qc_findings WHERE take_id = ? AND origin = 'audio'").run(a.takeId);
      this.insertFindings(rollId, 'audio', findings.map((f) => ({ ...f, takeId: a.takeId })));
    })();
  }

  /** Makes the roll's metadata findings exactly `findings` (re-run each time the roll is indexed). */
  replaceMetadataFindings(rollId: number, findings: readonly (QcFinding & { takeId?: number })[]): void {
    this.db.transaction(() => {
      this.db.prepare("DELETE FROM qc_findings WHERE roll_id = ? AND origin = 'metadata'").run(rollId);
      this.insertFindings(rollId, 'metadata', findings);
    })();
  }

  /** A roll's findings: errors first, then by take in timecode order, then by time within the take. */
  findingsOfRoll(rollId: number, filter: FindingFilter = {}): StoredFinding[] {
    return this.findings('q.roll_id = @id', rollId, filter);
  }

  /** One take's findings, errors first, then by time. */
  findingsOfTake(takeId: number, filter: FindingFilter = {}): StoredFinding[] {
    return this.findings('q.take_id = @id', takeId, filter);
  }

  private findings(scope: string, id: number, filter: FindingFilter): StoredFinding[] {
    const where = [scope];
    if (filter.minSeverity) {
      const allowed = (['info', 'warning', 'error'] as const).filter((s) => severityRank(s) >= severityRank(filter.minSeverity!));
      where.push(`q.severity IN (${allowed.map((s) => `'${s}'`).join(', ')})`);
    }
    if (filter.takeIds) where.push(`q.take_id IN (${filter.takeIds.map((id) => Number(id)).join(', ') || 'NULL'})`);
    const rows = this.db
      .prepare(
        `SELECT q.*, t.scene AS t_scene, t.take AS t_take, t.key AS t_key, t.start_tc AS t_start_tc FROM qc_findings q
         LEFT JOIN takes t ON t.id = q.take_id WHERE ${where.join(' AND ')}
         ORDER BY CASE q.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END,
           t.start_samples IS NULL, t.start_samples, t.key, q.from_seconds, q.id`,
      )
      .all({ id }) as Record<string, unknown>[];
    return rows.map((r) => ({
      id: r.id as number,
      rollId: r.roll_id as number,
      takeId: r.take_id as number | null,
      origin: r.origin as QcOrigin,
      severity: r.severity as QcSeverity,
      kind: r.kind as QcFindingKind,
      ...(r.track !== null ? { track: r.track as string } : {}),
      ...(r.relative_path !== null ? { relativePath: r.relative_path as string } : {}),
      fromSeconds: r.from_seconds as number,
      toSeconds: r.to_seconds as number,
      ...(r.from_tc !== null ? { fromTc: r.from_tc as string } : {}),
      ...(r.to_tc !== null ? { toTc: r.to_tc as string } : {}),
      ...(r.count !== null ? { count: r.count as number } : {}),
      message: r.message as string,
      scene: r.t_scene as string | null,
      take: r.t_take as string | null,
      takeKey: r.t_key as string | null,
      startTc: r.t_start_tc as string | null,
    }));
  }

  /** The files of a take in track order (each file once), with the verified copies that could be decoded. Two queries. */
  sourcesOfTake(takeId: number): TakeSource[] {
    const rows = this.db
      .prepare(
        `SELECT f.id AS fileId, f.relative_path AS relativePath, f.size AS size, w.info_json AS infoJson, MIN(k.position) AS firstTrack
         FROM tracks k JOIN files f ON f.id = k.file_id LEFT JOIN wav_reads w ON w.file_id = f.id
         WHERE k.take_id = ? GROUP BY f.id ORDER BY firstTrack`,
      )
      .all(takeId) as { fileId: number; relativePath: string; size: number; infoJson: string | null }[];
    const copies = new Map<number, string[]>();
    const copyRows = this.db
      .prepare(
        `SELECT file_id AS fileId, path FROM copies WHERE status = 'verified' AND file_id IN (SELECT file_id FROM tracks WHERE take_id = ?)
         ORDER BY verified_at DESC, id DESC`,
      )
      .all(takeId) as { fileId: number; path: string }[];
    for (const c of copyRows) {
      let list = copies.get(c.fileId);
      if (!list) copies.set(c.fileId, (list = []));
      list.push(c.path);
    }
    return rows.map((r) => ({
      fileId: r.fileId,
      relativePath: r.relativePath,
      size: r.size,
      channels: channelsOf(r.infoJson),
      copies: copies.get(r.fileId) ?? [],
    }));
  }

  /** Findings per take of a roll by severity (every origin), one query; takes without findings are absent. */
  countsOfRoll(rollId: number): Map<number, QcCounts> {
    const rows = this.db
      .prepare('SELECT take_id AS takeId, severity, COUNT(*) AS n FROM qc_findings WHERE roll_id = ? AND take_id IS NOT NULL GROUP BY take_id, severity')
      .all(rollId) as { takeId: number; severity: QcSeverity; n: number }[];
    const out = new Map<number, QcCounts>();
    for (const r of rows) {
      let c = out.get(r.takeId);
      if (!c) out.set(r.takeId, (c = { error: 0, warning: 0, info: 0 }));
      c[r.severity] += r.n;
    }
    return out;
  }

  private insertFindings(rollId: number, origin: QcOrigin, findings: readonly (QcFinding & { takeId?: number })[]): void {
    const insert = this.db.prepare(
      `INSERT INTO qc_findings (roll_id, take_id, origin, severity, kind, track, relative_path, from_seconds, to_seconds, from_tc, to_tc, count, message)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const f of findings) {
      insert.run(
        rollId,
        f.takeId ?? null,
        origin,
        f.severity,
        f.kind,
        f.track ?? null,
        f.relativePath ?? null,
        f.fromSeconds,
        f.toSeconds,
        f.fromTc ?? null,
        f.toTc ?? null,
        f.count ?? null,
        f.message,
      );
    }
  }
}

/** The channel count from a stored header read, without reviving the whole WavInfo. */
function channelsOf(infoJson: string | null): number | null {
  if (!infoJson) return null;
  const info = JSON.parse(infoJson) as { format?: { channels?: unknown } };
  const c = info.format?.channels;
  return typeof c === 'number' && Number.isInteger(c) && c > 0 ? c : null;
}
