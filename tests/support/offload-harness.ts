/**
 * Running real offloads in tests, and the oracles that judge them from the disk, independently of the engine:
 * SHA-256 by node:crypto (not our hash module), a plain directory walk, and raw SQL on the catalog.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess, type SpawnSyncReturns } from 'node:child_process';
import { createHash, randomFillSync } from 'node:crypto';
import { closeSync, existsSync, lstatSync, mkdirSync, openSync, readdirSync, readSync, statSync, utimesSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type Database from 'better-sqlite3';
import type { CopyOutcome, OffloadProgress, OffloadSummary } from '../../shared/offload';
import { createServices, type Services } from '../../main/services';

export const PROJECT = 'P';
export const ROLL = 'A001';
export const DATE = '2026-11-23';
export const MiB = 1024 * 1024;
/** A card's files carry a recorder's mtime from before the test, so "changed during the copy" is unambiguous. */
export const CARD_MTIME = new Date('2026-11-20T09:15:00Z');

export const rollFolder = (dest: string): string => join(dest, PROJECT, DATE, ROLL);

// ---- cards ------------------------------------------------------------------------------------------------------

/** Writes random-content files in 4 MiB chunks (a 200 MB file never sits in memory) with the recorder's mtime. */
export function writeRandomCard(root: string, files: Record<string, number>, mtime: Date = CARD_MTIME): void {
  const chunk = Buffer.allocUnsafe(4 * MiB);
  for (const [rel, size] of Object.entries(files)) {
    const path = join(root, rel);
    mkdirSync(dirname(path), { recursive: true });
    const fd = openSync(path, 'wx');
    try {
      for (let done = 0; done < size; ) {
        const n = Math.min(chunk.length, size - done);
        randomFillSync(chunk, 0, n);
        writeSync(fd, chunk, 0, n);
        done += n;
      }
    } finally {
      closeSync(fd);
    }
    utimesSync(path, mtime, mtime);
  }
}

/** SHA-256 of a file, streamed. The oracle: it shares no code with the engine's hashers. */
export function sha256File(path: string): string {
  const hash = createHash('sha256');
  const buf = Buffer.allocUnsafe(4 * MiB);
  const fd = openSync(path, 'r');
  try {
    for (let pos = 0; ; ) {
      const n = readSync(fd, buf, 0, buf.length, pos);
      if (n === 0) break;
      hash.update(buf.subarray(0, n));
      pos += n;
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

/** Every regular file under `root` ('/'-separated relative paths), skipping the `ascmhl/` history folders. */
export function walkFiles(root: string, opts: { includeAscmhl?: boolean } = {}): string[] {
  const out: string[] = [];
  if (!existsSync(root)) return out;
  const pending = [root];
  while (pending.length > 0) {
    const dir = pending.pop()!;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name === 'ascmhl' && !opts.includeAscmhl) continue;
        pending.push(path);
      } else {
        out.push(relative(root, path).split(sep).join('/'));
      }
    }
  }
  return out.sort();
}

/** Digest of every file of a card, by relative path. */
export function digestTree(root: string): Map<string, string> {
  return new Map(walkFiles(root, { includeAscmhl: true }).map((rel) => [rel, sha256File(join(root, rel))]));
}

export const isPartial = (rel: string): boolean => /(^|\/)\.[^/]*\.soundroll-partial$/.test(rel);

/**
 * What a DIT must never find on a destination: a file under a card file's final name whose bytes are not the
 * card's, a file that matches nothing on the card, or partial-file litter. `allowForeign` lists files the test put
 * there itself (someone else's file, which the engine must leave alone).
 */
export function destinationProblems(rollPath: string, card: Map<string, string>, allowForeign: string[] = []): string[] {
  const problems: string[] = [];
  for (const rel of walkFiles(rollPath)) {
    if (isPartial(rel)) problems.push(`partial file left behind: ${rel}`);
    else if (allowForeign.includes(rel)) continue;
    else if (!card.has(rel)) problems.push(`file not on the card: ${rel}`);
    else if (sha256File(join(rollPath, rel)) !== card.get(rel)) problems.push(`${rel} exists under its final name but differs from the card`);
  }
  return problems;
}

/** Files present under `rollPath` (final names only, no history, no partials). */
export const finalFiles = (rollPath: string): string[] => walkFiles(rollPath).filter((r) => !isPartial(r));

// ---- catalog ----------------------------------------------------------------------------------------------------

export interface CopyRow {
  relativePath: string;
  root: string;
  path: string;
  status: string;
  reason: string | null;
}

export function copyRows(db: Database.Database): CopyRow[] {
  return db
    .prepare(
      `SELECT f.relative_path AS relativePath, d.root AS root, c.path AS path, c.status AS status, c.reason AS reason
       FROM copies c JOIN files f ON f.id = c.file_id JOIN destinations d ON d.id = c.destination_id
       ORDER BY f.relative_path, d.root`,
    )
    .all() as CopyRow[];
}

/**
 * The catalog's promise checked against the disk: every copy it calls verified is a file whose bytes are the card's.
 * `onDisk` maps a recorded path to where its bytes can be read now (a detached drive's data seen through its store).
 */
export function catalogProblems(db: Database.Database, card: Map<string, string>, onDisk: (path: string) => string = (p) => p): string[] {
  const problems: string[] = [];
  for (const row of copyRows(db)) {
    if (row.status !== 'verified') continue;
    const path = onDisk(row.path);
    if (!existsSync(path)) problems.push(`catalog says ${row.relativePath} is verified on ${row.root}, but ${path} does not exist`);
    else if (sha256File(path) !== card.get(row.relativePath)) problems.push(`catalog says ${row.relativePath} is verified on ${row.root}, but ${path} differs from the card`);
  }
  const integrity = db.pragma('integrity_check', { simple: true });
  if (integrity !== 'ok') problems.push(`PRAGMA integrity_check: ${String(integrity)}`);
  return problems;
}

export const verifiedInCatalog = (db: Database.Database, root: string): string[] =>
  copyRows(db)
    .filter((r) => r.root === root && r.status === 'verified')
    .map((r) => r.relativePath);

// ---- summaries --------------------------------------------------------------------------------------------------

/** The outcome of each file's copy on one destination, by relative path (undefined: no outcome listed at all). */
export function copiesOn(summary: OffloadSummary, root: string): Map<string, CopyOutcome | undefined> {
  return new Map(summary.files.map((f) => [f.relativePath, f.copies.find((c) => c.destination === root)]));
}

export const statusesOn = (summary: OffloadSummary, root: string): Record<string, string> =>
  Object.fromEntries([...copiesOn(summary, root)].map(([rel, c]) => [rel, c?.status ?? '(no outcome)']));

/** Every string anywhere in a value (a summary), for "is this file named with this cause somewhere?". */
export function allStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(allStrings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(allStrings);
  return [];
}

export interface Identity {
  ino: number;
  mtimeMs: number;
  ctimeMs: number;
}

/** Inode, mtime and ctime of each file: unchanged means the file was not rewritten, replaced or touched. */
export function identities(rollPath: string, rels: Iterable<string>): Record<string, Identity> {
  const out: Record<string, Identity> = {};
  for (const rel of rels) {
    const st = statSync(join(rollPath, rel));
    out[rel] = { ino: st.ino, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs };
  }
  return out;
}

// ---- running offloads in-process --------------------------------------------------------------------------------

export interface Station {
  services: Services;
  db: Database.Database;
  run(source: string, destinations: string[], hooks?: { onProgress?: (p: OffloadProgress) => void; during?: () => void }): Promise<OffloadSummary>;
  close(): Promise<void>;
}

export function openStation(catalogPath: string): Station {
  const services = createServices({ catalogPath, analyseAfterOffload: false });
  return {
    services,
    db: services.catalog.db,
    async run(source, destinations, hooks = {}) {
      const job = services.offload({ source, destinations, hashes: ['xxh128'], project: PROJECT, roll: ROLL, date: DATE });
      if (hooks.onProgress) job.onProgress(hooks.onProgress);
      hooks.during?.();
      return job.result;
    },
    close: () => services.close(),
  };
}

/**
 * Polls `condition` every millisecond while a job runs (the job's own progress events are throttled to 5 per
 * second, too coarse to catch "this file is 10 MB in"), and runs `action` once, the first time it holds.
 * Resolves true when the action ran.
 */
export function whenever(condition: () => boolean, action: () => void, until: Promise<unknown>): Promise<boolean> {
  return new Promise((resolvePoll) => {
    let done = false;
    void until.finally(() => {
      done = true;
    });
    const tick = (): void => {
      if (done) return resolvePoll(false);
      let hit = false;
      try {
        hit = condition();
      } catch {
        hit = false;
      }
      if (hit) {
        action();
        return resolvePoll(true);
      }
      setTimeout(tick, 1);
    };
    tick();
  });
}

/** Size of the partial file being written for `rel` in `rollPath` (0 when none is there yet). */
export function partialSize(rollPath: string, rel: string): number {
  const dir = join(rollPath, dirname(rel));
  const stem = rel.split('/').pop()!;
  if (!existsSync(dir)) return 0;
  for (const name of readdirSync(dir)) {
    if (name.startsWith(`.${stem}.`) && name.endsWith('.soundroll-partial')) {
      try {
        return lstatSync(join(dir, name)).size;
      } catch {
        return 0;
      }
    }
  }
  return 0;
}

// ---- the CLI ----------------------------------------------------------------------------------------------------

const REPO = resolve(__dirname, '../..');
export const CLI = join(REPO, 'dist/main/cli/index.js');

let built = false;
/**
 * The CLI tests run `dist/`, so `dist/` must be what the sources say: build it (incrementally, a second or two when
 * up to date) under a lock, since two jest workers may ask at once.
 */
export function ensureCliBuilt(): string {
  if (built) return CLI;
  const tsc = join(REPO, 'node_modules/typescript/bin/tsc');
  const lock = join(tmpdir(), 'soundroll-tests-tsc.lock');
  try {
    execFileSync('flock', [lock, process.execPath, tsc, '-b', join(REPO, 'main')], { cwd: REPO, encoding: 'utf8', stdio: 'pipe' });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    throw new Error(`could not build the CLI (tsc -b main): ${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
  built = true;
  return CLI;
}

export function offloadArgs(card: string, destinations: string[], catalog: string): string[] {
  return ['offload', card, ...destinations.flatMap((d) => ['--dest', d]), '--project', PROJECT, '--roll', ROLL, '--date', DATE, '--catalog', catalog, '--json'];
}

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
  summary?: OffloadSummary;
}

export function parseSummary(stdout: string): OffloadSummary | undefined {
  try {
    return JSON.parse(stdout) as OffloadSummary;
  } catch {
    return undefined;
  }
}

/** Runs the CLI to completion; `prefix` wraps it (`prlimit --fsize=N`, `setpriv --reuid=…`). */
export function runCli(args: string[], opts: { prefix?: string[]; timeoutMs?: number } = {}): CliRun {
  const command = [...(opts.prefix ?? []), process.execPath, CLI, ...args];
  const r: SpawnSyncReturns<string> = spawnSync(command[0]!, command.slice(1), {
    encoding: 'utf8',
    maxBuffer: 64 * MiB,
    timeout: opts.timeoutMs ?? 120_000,
    env: { ...process.env, SOUNDROLL_DEBUG: '1' },
  });
  if (r.error) {
    // Say where it was: the CLI's phase lines on stderr tell a stuck phase from a merely slow disk.
    throw new Error(`soundroll ${args.join(' ')}: ${r.error.message}\nstderr so far:\n${r.stderr}`);
  }
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, summary: parseSummary(r.stdout) };
}

export interface RunningCli {
  child: ChildProcess;
  /** Settles when the process has exited: status null and signal set when it was killed. */
  done: Promise<CliRun & { signal: NodeJS.Signals | null; ms: number }>;
}

/** Starts the CLI without waiting; `onStderr` sees its progress lines as they come (phase changes when not a TTY). */
export function startCli(args: string[], opts: { prefix?: string[]; onStderr?: (text: string) => void } = {}): RunningCli {
  const command = [...(opts.prefix ?? []), process.execPath, CLI, ...args];
  const started = Date.now();
  const child = spawn(command[0]!, command.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SOUNDROLL_DEBUG: '1' } });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (t: string) => (stdout += t));
  child.stderr!.setEncoding('utf8').on('data', (t: string) => {
    stderr += t;
    opts.onStderr?.(stderr);
  });
  const done = new Promise<CliRun & { signal: NodeJS.Signals | null; ms: number }>((resolveRun, reject) => {
    child.on('error', reject);
    child.on('close', (status, signal) => resolveRun({ status, signal, stdout, stderr, summary: parseSummary(stdout), ms: Date.now() - started }));
  });
  return { child, done };
}
