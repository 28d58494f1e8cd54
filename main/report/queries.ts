/**
 * The few catalog reads the reports need that the catalog's own methods do not offer. Read-only SELECTs on the
 * catalog's connection; everything else goes through Catalog, TakeStore and QcStore.
 */
import type { Catalog, JobState, RollRow } from '../catalog';

export interface JobRow {
  id: string;
  kind: 'offload' | 'verify';
  rollId: number | null;
  source: string | null;
  destinations: string[];
  hashes: string[];
  state: JobState;
  startedAt: string;
  finishedAt: string | null;
  summaryJson: string | null;
}

export interface CardRow {
  fingerprint: string;
  volumeName: string;
  sourcePath: string;
  recorder: string | null;
  fileCount: number;
  totalBytes: number;
}

export function rollById(catalog: Catalog, id: number): RollRow | undefined {
  return catalog.db.prepare('SELECT * FROM rolls WHERE id = ?').get(id) as RollRow | undefined;
}

export function jobRow(catalog: Catalog, id: string): JobRow | undefined {
  const row = catalog.db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as Record<string, unknown> | undefined;
  if (!row) return undefined;
  return {
    id: row.id as string,
    kind: row.kind as 'offload' | 'verify',
    rollId: row.roll_id as number | null,
    source: row.source as string | null,
    destinations: JSON.parse(row.destinations as string) as string[],
    hashes: (row.hashes as string).split(',').filter(Boolean),
    state: row.state as JobState,
    startedAt: row.started_at as string,
    finishedAt: row.finished_at as string | null,
    summaryJson: row.summary_json as string | null,
  };
}

/** Ids of jobs starting with `prefix` (a job id shortened as the reports print it), at most `limit`. */
export function jobIdsByPrefix(catalog: Catalog, prefix: string, limit = 2): string[] {
  const rows = catalog.db
    .prepare("SELECT id FROM jobs WHERE substr(id, 1, length(@p)) = @p ORDER BY started_at DESC LIMIT @limit")
    .all({ p: prefix, limit }) as { id: string }[];
  return rows.map((r) => r.id);
}

/** The most recently started offload job, or undefined when there was none. */
export function lastOffloadJobId(catalog: Catalog): string | undefined {
  const row = catalog.db.prepare("SELECT id FROM jobs WHERE kind = 'offload' ORDER BY started_at DESC, rowid DESC LIMIT 1").get() as
    | { id: string }
    | undefined;
  return row?.id;
}

/** The roll's folder on the destination with this root, as the catalog recorded it. */
export function rollPathOn(catalog: Catalog, rollId: number, root: string): string | undefined {
  const row = catalog.db
    .prepare('SELECT l.path FROM roll_locations l JOIN destinations d ON d.id = l.destination_id WHERE l.roll_id = ? AND d.root = ?')
    .get(rollId, root) as { path: string } | undefined;
  return row?.path;
}

export function cardsOfRoll(catalog: Catalog, rollId: number): CardRow[] {
  return catalog.db
    .prepare(
      `SELECT fingerprint, volume_name AS volumeName, source_path AS sourcePath, recorder, file_count AS fileCount, total_bytes AS totalBytes
       FROM cards WHERE roll_id = ? ORDER BY first_seen_at, id`,
    )
    .all(rollId) as CardRow[];
}

/** The copies a job recorded (for a job that left no summary: killed, interrupted). */
export function copiesOfJob(
  catalog: Catalog,
  jobId: string,
): { relativePath: string; size: number; fileId: number; destination: string; path: string; status: 'verified' | 'failed'; method: string | null; reason: string | null }[] {
  return catalog.db
    .prepare(
      `SELECT f.relative_path AS relativePath, f.size, f.id AS fileId, d.root AS destination, c.path, c.status, c.method, c.reason
       FROM copies c JOIN files f ON f.id = c.file_id JOIN destinations d ON d.id = c.destination_id
       WHERE c.job_id = ? ORDER BY f.relative_path, d.root`,
    )
    .all(jobId) as ReturnType<typeof copiesOfJob>;
}

/** Per roll and destination: the oldest and newest verification of a currently verified copy of its files. */
export function verificationSpans(catalog: Catalog): Map<string, { oldest: string | null; newest: string | null; verified: number }> {
  const rows = catalog.db
    .prepare(
      `SELECT r.project, r.name AS roll, d.root, MIN(c.verified_at) AS oldest, MAX(c.verified_at) AS newest, COUNT(*) AS verified
       FROM copies c JOIN files f ON f.id = c.file_id JOIN rolls r ON r.id = f.roll_id JOIN destinations d ON d.id = c.destination_id
       WHERE c.status = 'verified' GROUP BY r.id, d.id`,
    )
    .all() as { project: string; roll: string; root: string; oldest: string | null; newest: string | null; verified: number }[];
  return new Map(rows.map((r) => [spanKey(r.project, r.roll, r.root), { oldest: r.oldest, newest: r.newest, verified: r.verified }]));
}

export const spanKey = (project: string, roll: string, root: string): string => JSON.stringify([project, roll, root]);
