/**
 * The catalog: one SQLite file that remembers every roll, card, file, destination, copy and job.
 * Durability matters more than speed here: WAL with synchronous=FULL (better-sqlite3 would otherwise leave WAL at
 * NORMAL, which can lose the last commits on power loss), so a copy marked verified stays marked after a crash.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { HASH_ALGORITHMS, type HashAlgorithm, type HashSet } from '../../shared/hashes';
import { MIGRATIONS } from './schema';
import { EditStore } from './edit-store';
import { QcStore } from './qc-store';
import { TakeStore } from './take-store';

export interface RollRow {
  id: number;
  project: string;
  name: string;
  created_at: string;
}

export interface FileRecord {
  id: number;
  rollId: number;
  relativePath: string;
  size: number;
  mtimeMs: number;
  hashes: HashSet;
}

export interface CopyRecord {
  fileId: number;
  destinationId: number;
  path: string;
  status: 'verified' | 'failed';
  method: string | null;
  reason: string | null;
  verifiedAt: string | null;
  signature: string | null;
}

export interface VerifiedCopy {
  relativePath: string;
  size: number;
  mtimeMs: number;
  hashes: HashSet;
  verifiedAt: string;
  path: string;
}

export interface RollOverview {
  project: string;
  roll: string;
  files: number;
  bytes: number;
  /**
   * `lastVerifiedAt`: the most recent check of any file there. `completeSince`: when the drive holds every file of the
   * roll verified, the oldest of those checks (every file was read back and matched since then); else null.
   */
  destinations: { root: string; path: string; verified: number; failed: number; lastVerifiedAt: string | null; completeSince: string | null }[];
  /** Destinations that hold every file of the roll verified. */
  completeCopies: number;
}

export type JobState = 'running' | 'done' | 'failed' | 'cancelled' | 'interrupted';

const now = (): string => new Date().toISOString();

export class Catalog {
  /** Takes and tracks (schema 2). */
  readonly takes: TakeStore;
  /** Take analyses and QC findings (schema 3). */
  readonly qc: QcStore;
  /** The mixer's sound-report edits of takes (schema 5). */
  readonly edits: EditStore;

  private constructor(
    readonly db: Database.Database,
    readonly path: string,
  ) {
    this.takes = new TakeStore(db);
    this.qc = new QcStore(db);
    this.edits = new EditStore(db);
  }

  static open(path: string): Catalog {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 10000');
    const catalog = new Catalog(db, path);
    catalog.migrate();
    return catalog;
  }

  close(): void {
    this.db.close();
  }

  private migrate(): void {
    const current = this.db.pragma('user_version', { simple: true }) as number;
    if (current > MIGRATIONS.length) {
      throw new Error(
        `catalog ${this.path} was written by a newer soundroll (schema ${current}, this build knows ${MIGRATIONS.length}); refusing to touch it`,
      );
    }
    for (let version = current; version < MIGRATIONS.length; version++) {
      this.db.transaction(() => {
        this.db.exec(MIGRATIONS[version]!);
        this.db.pragma(`user_version = ${version + 1}`);
      })();
    }
  }

  schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  integrityCheck(): string {
    return this.db.pragma('integrity_check', { simple: true }) as string;
  }

  // ---- settings (schema 4) ----------------------------------------------------------------------------------------

  /** A remembered setting (JSON), or undefined. */
  setting<T>(key: string): T | undefined {
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  setSetting(key: string, value: unknown): void {
    this.db
      .prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at')
      .run(key, JSON.stringify(value), now());
  }

  // ---- rolls, cards, destinations -------------------------------------------------------------------------------

  findRoll(project: string, name: string): RollRow | undefined {
    return this.db.prepare('SELECT * FROM rolls WHERE project = ? AND name = ?').get(project, name) as RollRow | undefined;
  }

  ensureRoll(project: string, name: string): RollRow {
    this.db.prepare('INSERT OR IGNORE INTO rolls (project, name, created_at) VALUES (?, ?, ?)').run(project, name, now());
    return this.findRoll(project, name)!;
  }

  /** `A001`, then `A001-2`, `A001-3`… : the name a duplicate card gets when the DIT asks for a new roll. */
  freeRollName(project: string, base: string): string {
    if (!this.findRoll(project, base)) return base;
    for (let n = 2; ; n++) {
      const candidate = `${base}-${n}`;
      if (!this.findRoll(project, candidate)) return candidate;
    }
  }

  ensureCard(
    rollId: number,
    card: { fingerprint: string; volumeName: string; sourcePath: string; recorder: string | null; fileCount: number; totalBytes: number },
  ): number {
    this.db
      .prepare(
        `INSERT OR IGNORE INTO cards (roll_id, fingerprint, volume_name, source_path, recorder, file_count, total_bytes, first_seen_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(rollId, card.fingerprint, card.volumeName, card.sourcePath, card.recorder, card.fileCount, card.totalBytes, now());
    const row = this.db.prepare('SELECT id FROM cards WHERE roll_id = ? AND fingerprint = ?').get(rollId, card.fingerprint) as {
      id: number;
    };
    return row.id;
  }

  ensureDestination(root: string): number {
    this.db
      .prepare('INSERT INTO destinations (root, last_seen_at) VALUES (?, ?) ON CONFLICT(root) DO UPDATE SET last_seen_at = excluded.last_seen_at')
      .run(root, now());
    return (this.db.prepare('SELECT id FROM destinations WHERE root = ?').get(root) as { id: number }).id;
  }

  rollLocation(rollId: number, destinationId: number): string | undefined {
    const row = this.db
      .prepare('SELECT path FROM roll_locations WHERE roll_id = ? AND destination_id = ?')
      .get(rollId, destinationId) as { path: string } | undefined;
    return row?.path;
  }

  setRollLocation(rollId: number, destinationId: number, path: string): void {
    this.db
      .prepare('INSERT INTO roll_locations (roll_id, destination_id, path) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET path = excluded.path')
      .run(rollId, destinationId, path);
  }

  /** Rolls whose folder on some destination is `path` (how `verify <dir>` ties a folder back to the catalog). */
  rollByName(name: string, project?: string): RollRow[] {
    return (
      project === undefined
        ? this.db.prepare('SELECT * FROM rolls WHERE name = ? ORDER BY project').all(name)
        : this.db.prepare('SELECT * FROM rolls WHERE name = ? AND project = ?').all(name, project)
    ) as RollRow[];
  }

  rollsAtPath(path: string): { rollId: number; destinationId: number; project: string; roll: string }[] {
    return this.db
      .prepare(
        `SELECT l.roll_id AS rollId, l.destination_id AS destinationId, r.project, r.name AS roll
         FROM roll_locations l JOIN rolls r ON r.id = l.roll_id WHERE l.path = ?`,
      )
      .all(path) as { rollId: number; destinationId: number; project: string; roll: string }[];
  }

  // ---- jobs -----------------------------------------------------------------------------------------------------

  startJob(job: { id: string; kind: 'offload' | 'verify'; rollId: number | null; source: string | null; destinations: string[]; hashes: HashAlgorithm[] }): void {
    this.db
      .prepare(
        `INSERT INTO jobs (id, kind, roll_id, source, destinations, hashes, state, pid, started_at)
         VALUES (?, ?, ?, ?, ?, ?, 'running', ?, ?)`,
      )
      .run(job.id, job.kind, job.rollId, job.source, JSON.stringify(job.destinations), job.hashes.join(','), process.pid, now());
  }

  finishJob(id: string, state: Exclude<JobState, 'running'>, summary: unknown): void {
    this.db
      .prepare('UPDATE jobs SET state = ?, finished_at = ?, summary_json = ? WHERE id = ?')
      .run(state, now(), JSON.stringify(summary), id);
  }

  /**
   * Jobs still marked running whose process is gone died mid-way (kill -9, power cut): say so, so the history tells
   * the truth, before a new job for the same roll picks up where they stopped.
   */
  markInterruptedJobs(isAlive: (pid: number) => boolean): number {
    const running = this.db.prepare("SELECT id, pid FROM jobs WHERE state = 'running'").all() as { id: string; pid: number | null }[];
    let marked = 0;
    for (const job of running) {
      if (job.pid !== null && job.pid !== process.pid && isAlive(job.pid)) continue;
      if (job.pid === process.pid) continue;
      this.db.prepare("UPDATE jobs SET state = 'interrupted', finished_at = ? WHERE id = ?").run(now(), job.id);
      marked++;
    }
    return marked;
  }

  job(id: string): { id: string; kind: string; state: JobState; summary: unknown } | undefined {
    const row = this.db.prepare('SELECT id, kind, state, summary_json FROM jobs WHERE id = ?').get(id) as
      | { id: string; kind: string; state: JobState; summary_json: string | null }
      | undefined;
    return row && { id: row.id, kind: row.kind, state: row.state, summary: row.summary_json ? JSON.parse(row.summary_json) : null };
  }

  recordError(jobId: string, cause: string, relativePath?: string, destination?: string): void {
    this.db
      .prepare('INSERT INTO job_errors (job_id, relative_path, destination, cause, at) VALUES (?, ?, ?, ?, ?)')
      .run(jobId, relativePath ?? null, destination ?? null, cause, now());
  }

  jobErrors(jobId: string): { relativePath: string | null; destination: string | null; cause: string }[] {
    return this.db
      .prepare('SELECT relative_path AS relativePath, destination, cause FROM job_errors WHERE job_id = ? ORDER BY id')
      .all(jobId) as { relativePath: string | null; destination: string | null; cause: string }[];
  }

  // ---- files and copies -----------------------------------------------------------------------------------------

  fileByPath(rollId: number, relativePath: string): FileRecord | undefined {
    const row = this.db.prepare('SELECT * FROM files WHERE roll_id = ? AND relative_path = ?').get(rollId, relativePath) as
      | Record<string, unknown>
      | undefined;
    return row && toFileRecord(row);
  }

  /** Inserts the file's source record; an existing record is kept as it is (the first verified hashes win). */
  recordFile(rollId: number, cardId: number, file: { relativePath: string; size: number; mtimeMs: number; hashes: HashSet }): FileRecord {
    const cols = HASH_ALGORITHMS.join(', ');
    const marks = HASH_ALGORITHMS.map(() => '?').join(', ');
    this.db
      .prepare(
        `INSERT OR IGNORE INTO files (roll_id, card_id, relative_path, size, mtime_ms, ${cols}, hashed_at)
         VALUES (?, ?, ?, ?, ?, ${marks}, ?)`,
      )
      .run(rollId, cardId, file.relativePath, file.size, Math.round(file.mtimeMs), ...HASH_ALGORITHMS.map((a) => file.hashes[a] ?? null), now());
    // Fill in algorithms an earlier job did not compute (same bytes: the caller checked the common ones matched).
    const existing = this.fileByPath(rollId, file.relativePath)!;
    for (const alg of HASH_ALGORITHMS) {
      const value = file.hashes[alg];
      if (value && !existing.hashes[alg]) {
        this.db.prepare(`UPDATE files SET ${alg} = ? WHERE id = ?`).run(value, existing.id);
        existing.hashes[alg] = value;
      }
    }
    return existing;
  }

  copy(fileId: number, destinationId: number): CopyRecord | undefined {
    const row = this.db.prepare('SELECT * FROM copies WHERE file_id = ? AND destination_id = ?').get(fileId, destinationId) as
      | Record<string, unknown>
      | undefined;
    return (
      row && {
        fileId: row.file_id as number,
        destinationId: row.destination_id as number,
        path: row.path as string,
        status: row.status as 'verified' | 'failed',
        method: row.method as string | null,
        reason: row.reason as string | null,
        verifiedAt: row.verified_at as string | null,
        signature: row.signature as string | null,
      }
    );
  }

  /** Called only after the copy's bytes were read back from the destination (or failed to). */
  recordCopy(copy: {
    fileId: number;
    destinationId: number;
    path: string;
    status: 'verified' | 'failed';
    method?: string;
    reason?: string;
    signature?: string;
    jobId: string;
  }): void {
    const at = now();
    this.db
      .prepare(
        `INSERT INTO copies (file_id, destination_id, path, status, method, reason, verified_at, last_checked_at, signature, job_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (file_id, destination_id) DO UPDATE SET
           path = excluded.path, status = excluded.status, method = excluded.method, reason = excluded.reason,
           verified_at = COALESCE(excluded.verified_at, copies.verified_at), last_checked_at = excluded.last_checked_at,
           signature = excluded.signature, job_id = excluded.job_id`,
      )
      .run(
        copy.fileId,
        copy.destinationId,
        copy.path,
        copy.status,
        copy.method ?? null,
        copy.reason ?? null,
        copy.status === 'verified' ? at : null,
        at,
        copy.status === 'verified' ? (copy.signature ?? null) : null,
        copy.jobId,
      );
  }

  verifiedCopies(rollId: number, destinationId: number): VerifiedCopy[] {
    const rows = this.db
      .prepare(
        `SELECT f.*, c.verified_at AS verified_at, c.path AS copy_path FROM copies c JOIN files f ON f.id = c.file_id
         WHERE f.roll_id = ? AND c.destination_id = ? AND c.status = 'verified' ORDER BY f.relative_path`,
      )
      .all(rollId, destinationId) as Record<string, unknown>[];
    return rows.map((row) => {
      const f = toFileRecord(row);
      return { relativePath: f.relativePath, size: f.size, mtimeMs: f.mtimeMs, hashes: f.hashes, verifiedAt: row.verified_at as string, path: row.copy_path as string };
    });
  }

  recordManifest(m: { destinationId: number; rollId: number | null; path: string; generation: number; jobId: string }): void {
    this.db
      .prepare('INSERT OR IGNORE INTO manifests (destination_id, roll_id, path, generation, job_id, written_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(m.destinationId, m.rollId, m.path, m.generation, m.jobId, now());
  }

  // ---- overview -------------------------------------------------------------------------------------------------

  rollsOverview(): RollOverview[] {
    const rolls = this.db
      .prepare(
        `SELECT r.id, r.project, r.name, COUNT(f.id) AS files, COALESCE(SUM(f.size), 0) AS bytes
         FROM rolls r LEFT JOIN files f ON f.roll_id = r.id GROUP BY r.id ORDER BY r.project, r.name`,
      )
      .all() as { id: number; project: string; name: string; files: number; bytes: number }[];
    const perDestination = this.db.prepare(
      `SELECT d.root, l.path,
              SUM(CASE WHEN c.status = 'verified' THEN 1 ELSE 0 END) AS verified,
              SUM(CASE WHEN c.status = 'failed' THEN 1 ELSE 0 END) AS failed,
              MAX(c.verified_at) AS lastVerifiedAt,
              MIN(CASE WHEN c.status = 'verified' THEN c.verified_at END) AS oldestVerifiedAt
       FROM roll_locations l JOIN destinations d ON d.id = l.destination_id
       LEFT JOIN files f ON f.roll_id = l.roll_id
       LEFT JOIN copies c ON c.file_id = f.id AND c.destination_id = l.destination_id
       WHERE l.roll_id = ? GROUP BY d.id ORDER BY d.root`,
    );
    return rolls.map((r) => {
      const destinations = (perDestination.all(r.id) as (RollOverview['destinations'][number] & { oldestVerifiedAt: string | null })[]).map(
        ({ oldestVerifiedAt, ...d }) => {
          const verified = d.verified ?? 0;
          // A drive's copy is only as fresh as its least recently checked file, and only if it holds every file.
          return { ...d, verified, failed: d.failed ?? 0, completeSince: r.files > 0 && verified === r.files ? oldestVerifiedAt : null };
        },
      );
      return {
        project: r.project,
        roll: r.name,
        files: r.files,
        bytes: r.bytes,
        destinations,
        completeCopies: destinations.filter((d) => r.files > 0 && d.verified === r.files).length,
      };
    });
  }
}

function toFileRecord(row: Record<string, unknown>): FileRecord {
  const hashes: HashSet = {};
  for (const alg of HASH_ALGORITHMS) {
    const v = row[alg];
    if (typeof v === 'string') hashes[alg] = v;
  }
  return {
    id: row.id as number,
    rollId: row.roll_id as number,
    relativePath: row.relative_path as string,
    size: row.size as number,
    mtimeMs: row.mtime_ms as number,
    hashes,
  };
}
