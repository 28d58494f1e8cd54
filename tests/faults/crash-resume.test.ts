/**
 * Crash-resume loop (issue 8): the CLI is SIGKILLed at named fault points spread over a whole offload — by byte count
 * (copy.block, dest.write, readback.read across a 3-block file) and by phase (creating, writing and fsyncing copies,
 * publishing them, reading them back, recording them in the catalog, filing the takes, writing and chaining the MHL
 * generation, finishing the job) — and the same command is then run again to completion. Whatever the point, the end
 * state must be the one an uninterrupted run leaves: the same final files with the card's bytes (SHA-256 by
 * node:crypto), no partial or temp files anywhere, one MHL history per destination that the reader proves, that the
 * ASC MHL XSDs accept and that lists every file with the card's xxh128 (xxhsum), the same catalog (one verified copy
 * per file and destination, the same files and hashes, no job left running) — and copies the catalog called
 * verified at the moment of the kill are not rewritten by the resume.
 *
 * The kill plan comes from an uninterrupted reference run's fault trace (SOUNDROLL_FAULT_TRACE), made at module load
 * so each kill point is a test of its own that names it. Default: the first, a middle and the last occurrence of
 * every point name, plus byte-count kills across the big file, plus a few double crashes (the resume is killed too).
 * SOUNDROLL_CRASH_ALL=1 kills at every line of the reference trace instead (the long run). The runs are in memory
 * (tmpfs; kill -9 keeps the page cache, so a disk would only add time) and two go at once (SOUNDROLL_CRASH_JOBS).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import type Database from 'better-sqlite3';
import { CRASH_POINTS, IO_POINTS } from '../../main/fault-points';
import { readHistory, type MhlHistory } from '../../main/mhl';
import { xsdProblems } from '../mhl/helpers';
import { describeWhen, memoryScratch, needs } from '../support/fault-env';
import { expectExit, expectHonestCatalog, expectHonestDestination, expectUntouched, withDb } from '../support/fault-setup';
import {
  CLI, copyRows, digestTree, ensureCliBuilt, identities, isPartial, MiB, offloadArgs, parseSummary, rollFolder, statusesOn, verifiedInCatalog,
  walkFiles, writeRandomCard, type CliRun, type Identity,
} from '../support/offload-harness';
import { xxhsum } from '../support/tools';

// ---- the card ---------------------------------------------------------------------------------------------------

/** ~35 MB: a 3-block take (blocks are 8 MiB), one in a sub-folder, a tiny file and an empty one. */
const BIG = 'A001T01.WAV';
const FILES: Record<string, number> = {
  [BIG]: 20_000_017,
  'A001T02.WAV': 6_000_003,
  'FALSETAKES/A001T03.WAV': 5_500_001,
  'A001T04.WAV': 3_500_000,
  'NOTES.TXT': 37,
  'EMPTY.BIN': 0,
};
const ALL = Object.keys(FILES).sort();

/** Every point the issue names: each must be reached by an uninterrupted run, or a kill there proves nothing. */
const NAMED_POINTS = [
  'card.read', 'dest.create', 'dest.write', 'dest.sync', 'publish.link', 'readback.read', 'mhl.write',
  'scan.done', 'copy.block', 'publish.linked', 'publish.done', 'verify.compared', 'catalog.inside', 'catalog.committed',
  'index.done', 'mhl.published', 'mhl.chained', 'job.finishing',
];
const ALL_POINTS = [...new Set<string>([...NAMED_POINTS, ...IO_POINTS, ...CRASH_POINTS])];

const CRASH_ALL = process.env.SOUNDROLL_CRASH_ALL === '1';
/** CLI runs at once (each is one Node process, mostly one core). */
const JOBS = Math.max(1, Number(process.env.SOUNDROLL_CRASH_JOBS) || 2);
const KEEP = Boolean(process.env.SOUNDROLL_KEEP_TMP);

// ---- the reference run and the kill plan (module load: test.each needs the plan) ---------------------------------

interface TraceLine {
  name: string;
  detail: string;
}

/** `kill@<at>#<nth>`, with where it fell in the reference run. */
interface KillPoint {
  at: string;
  nth: number;
  /** How many times the reference run reached `at`. */
  of: number;
  why: string;
  /** What the point was about in the reference run (file or manifest), shortened. */
  where: string;
}

const spec = (k: { at: string; nth: number }): string => `${k.at}#${k.nth}`;

function readTrace(path: string): TraceLine[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => {
      const [name, ...rest] = l.split('\t');
      return { name: name!, detail: rest.join('\t') };
    });
}

/** The nth time each line's point was reached (1-based), in trace order. */
function numbered(trace: TraceLine[]): (TraceLine & { nth: number })[] {
  const seen = new Map<string, number>();
  return trace.map((l) => {
    const nth = (seen.get(l.name) ?? 0) + 1;
    seen.set(l.name, nth);
    return { ...l, nth };
  });
}

/** Environment for a CLI child: only the fault variables given here, never ones inherited from the test runner. */
function cliEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, SOUNDROLL_DEBUG: '1' };
  delete env.SOUNDROLL_FAULT;
  delete env.SOUNDROLL_FAULT_TRACE;
  return { ...env, ...extra };
}

interface Workspace {
  dir: string;
  dests: string[];
  catalog: string;
  args: string[];
}

interface Setup {
  scratch: ReturnType<typeof memoryScratch>;
  card: string;
  /** SHA-256 of every card file (node:crypto). */
  digests: Map<string, string>;
  /** xxh128 of every card file (xxhsum -H2): what the MHL and the catalog must record. */
  xxh128: Map<string, string>;
  reference: Workspace;
  referenceRun: CliRun;
  referenceMs: number;
  trace: TraceLine[];
  plan: KillPoint[];
}

function newWorkspace(root: string, name: string, card: string): Workspace {
  const dir = join(root, name);
  const dests = [join(dir, 'd1'), join(dir, 'd2')];
  for (const d of dests) mkdirSync(d, { recursive: true });
  const catalog = join(dir, 'catalog.sqlite');
  return { dir, dests, catalog, args: [...offloadArgs(card, dests, catalog), '--no-previews'] };
}

/** The first, a middle and the last occurrence of every point, plus kills by byte count across the big file. */
function planFrom(trace: TraceLine[], short: (detail: string) => string): KillPoint[] {
  const lines = numbered(trace);
  const counts = new Map<string, number>();
  for (const l of lines) counts.set(l.name, l.nth);
  const where = (at: string, nth: number): string => short(lines.find((l) => l.name === at && l.nth === nth)?.detail ?? '');
  const plan = new Map<string, KillPoint>();
  const add = (at: string, nth: number, why: string): void => {
    const key = `${at}#${nth}`;
    const of = counts.get(at) ?? 0;
    if (nth < 1 || nth > of) return;
    const had = plan.get(key);
    if (had) had.why = had.why.includes(why) ? had.why : `${had.why}, ${why}`;
    else plan.set(key, { at, nth, of, why, where: where(at, nth) || '-' });
  };
  if (CRASH_ALL) {
    for (const l of lines) add(l.name, l.nth, 'every point');
    return [...plan.values()];
  }
  for (const [name, n] of counts) {
    add(name, 1, 'first');
    add(name, Math.floor((n + 1) / 2), 'middle');
    add(name, n, 'last');
  }
  // By byte count: the big file's blocks as they are read, written to each destination and read back.
  const bigHits = (name: string): number[] => lines.filter((l) => l.name === name && (l.detail === BIG || l.detail.endsWith(`/${BIG}`))).map((l) => l.nth);
  const pick = (hits: number[], at: number[]): number[] => (hits.length === 0 ? [] : at.map((i) => hits[Math.min(hits.length - 1, Math.max(0, i))]!));
  // Every block handed to the writers; the 4th and 6th writes, where one destination is a block ahead of the other
  // (at the 6th, one holds the whole file, not yet synced); the read-back halfway through the file.
  for (const nth of bigHits('copy.block')) add('copy.block', nth, 'byte count');
  const writes = bigHits('dest.write');
  for (const nth of pick(writes, [3, 5])) add('dest.write', nth, 'byte count');
  const reads = bigHits('readback.read');
  for (const nth of pick(reads, [Math.floor(reads.length / 2)])) add('readback.read', nth, 'byte count');
  // Trace order: the plan reads as a walk through the job.
  const order = new Map(lines.map((l, i) => [`${l.name}#${l.nth}`, i]));
  return [...plan.values()].sort((a, b) => order.get(spec(a))! - order.get(spec(b))!);
}

function prepare(): Setup {
  ensureCliBuilt();
  const scratch = memoryScratch('crash-resume', 1024 * MiB);
  try {
    const card = join(scratch.dir, 'CARD_A001');
    writeRandomCard(card, FILES);
    const digests = digestTree(card);
    const xxh128 = new Map(ALL.map((rel) => [rel, xxhsum(join(card, rel), 'H2')]));
    const reference = newWorkspace(scratch.dir, 'reference', card);
    const tracePath = join(reference.dir, 'trace.txt');
    const started = Date.now();
    const r = spawnSync(process.execPath, [CLI, ...reference.args], { encoding: 'utf8', maxBuffer: 64 * MiB, timeout: 120_000, env: cliEnv({ SOUNDROLL_FAULT_TRACE: tracePath }) });
    if (r.error) throw new Error(`the reference run could not run: ${r.error.message}\n${r.stderr}`);
    const referenceRun: CliRun = { status: r.status, stdout: r.stdout, stderr: r.stderr, summary: parseSummary(r.stdout) };
    const trace = readTrace(tracePath);
    const short = (detail: string): string =>
      detail.split(`${reference.dir}/`).join('').split(scratch.dir).join('<scratch>').replace(/^(d\d)\/P\/2026-11-23\/A001\//, '$1 ');
    return { scratch, card, digests, xxh128, reference, referenceRun, referenceMs: Date.now() - started, trace, plan: planFrom(trace, short) };
  } catch (err) {
    scratch.cleanup();
    throw err;
  }
}

const cap = needs({ tools: ['flock', 'xmllint', 'xxhsum'] });
let setup: Setup | undefined;
let setupError: unknown;
if (cap.ok) {
  try {
    setup = prepare();
  } catch (err) {
    setupError = err;
  }
}

/** Kills after the first, each run killed at a later phase of the resume; then a clean run finishes the job. */
const DOUBLE_CRASHES: { kills: string[]; what: string }[] = [
  { kills: ['dest.write#3', 'readback.read#2'], what: 'copying the big file, then reading copies back' },
  { kills: ['publish.linked#1', 'catalog.inside#2'], what: 'final name and partial name both there, then inside the catalog transaction' },
  { kills: ['catalog.committed#2', 'mhl.published#1'], what: 'two files recorded, then a manifest published but not chained' },
  { kills: ['mhl.write#2', 'mhl.chained#1'], what: "the chain's temp file being written, then chained but the catalog not told" },
];

// ---- running the CLI ----------------------------------------------------------------------------------------------

interface Run extends CliRun {
  signal: NodeJS.Signals | null;
  ms: number;
}

function runCliAsync(args: string[], env: Record<string, string>): Promise<Run> {
  const started = Date.now();
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: cliEnv(env) });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (t: string) => (stdout += t));
  child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
  const timer = setTimeout(() => child.kill('SIGTERM'), 60_000);
  return new Promise<Run>((resolveRun, reject) => {
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolveRun({ status, signal, stdout, stderr, summary: parseSummary(stdout), ms: Date.now() - started });
    });
  });
}

/** At most JOBS crash-and-resume sequences at once (jest would start 5): the machine has two cores. */
let active = 0;
const waiting: (() => void)[] = [];
async function inSlot<T>(fn: () => Promise<T>): Promise<T> {
  if (active < JOBS) active++;
  else await new Promise<void>((resolveSlot) => waiting.push(resolveSlot)); // a finishing sequence hands its slot over
  try {
    return await fn();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else active--;
  }
}

// ---- the final state --------------------------------------------------------------------------------------------

interface Reference {
  fileRows: unknown[];
  rolls: unknown[];
  generations: number;
}

const tail = (text: string, n: number): string => text.trimEnd().split('\n').slice(-n).join('\n');

/** Dot-files (partial copies, the MHL writer's `.<name>.<pid>.<hex>.tmp`) and any *.tmp anywhere on a destination. */
const litterOn = (dest: string): string[] =>
  walkFiles(dest, { includeAscmhl: true }).filter((rel) => isPartial(rel) || basename(rel).startsWith('.') || rel.endsWith('.tmp'));

const fileRowsOf = (db: Database.Database): unknown[] =>
  db.prepare('SELECT relative_path, size, mtime_ms, xxh128, xxh64, xxh3, md5, sha1, c4 FROM files ORDER BY relative_path').all();
const rollsOf = (db: Database.Database): unknown[] => db.prepare('SELECT project, name FROM rolls ORDER BY id').all();

async function historyOf(dest: string): Promise<MhlHistory> {
  const ascmhl = join(rollFolder(dest), 'ascmhl');
  try {
    return await readHistory(rollFolder(dest));
  } catch (err) {
    const names = existsSync(ascmhl) ? readdirSync(ascmhl).join(', ') : '(no ascmhl folder)';
    throw new Error(`the MHL history of ${dest} cannot be read: ${err instanceof Error ? err.message : String(err)}\nascmhl/ holds: ${names}`);
  }
}

/** Everything a finished offload of the card must leave, compared with the oracles and with the reference run. */
async function expectFinalState(s: Setup, ws: Workspace, final: CliRun, ref: Reference | undefined): Promise<void> {
  expectExit(final, 0);
  expect(final.summary!.safeToFormat).toBe(true);
  for (const d of ws.dests) {
    const statuses = statusesOn(final.summary!, d);
    for (const rel of ALL) expect([rel, statuses[rel]]).toEqual([rel, expect.stringMatching(/^(verified|skipped-verified)$/)]);

    // The same final files, each the card's bytes (SHA-256), no partial or temp file anywhere on the destination.
    expectHonestDestination(d, s.digests, { files: ALL });
    expect({ dest: d, litter: litterOn(d) }).toEqual({ dest: d, litter: [] });
    const roll = relative(d, rollFolder(d));
    expect(walkFiles(d).filter((rel) => !rel.startsWith(`${roll}/`))).toEqual([]);

    // One coherent MHL history: proven by the reader, generations 1..n, nothing in ascmhl/ but the chain and the
    // manifests it lists, every file valid against the ASC MHL XSDs, the last generation listing every file with
    // the card's xxh128.
    const history = await historyOf(d);
    const n = history.generations.length;
    expect(history.generations.map((g) => g.sequence)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    expect(n).toBeGreaterThan(0);
    if (ref) expect({ dest: d, generations: n }).toEqual({ dest: d, generations: ref.generations });
    const ascmhl = join(rollFolder(d), 'ascmhl');
    const names = readdirSync(ascmhl).sort();
    expect(names).toEqual([...history.generations.map((g) => g.fileName), 'ascmhl_chain.xml'].sort());
    const invalid = names.flatMap((name) => {
      const problem = xsdProblems(join(ascmhl, name), name === 'ascmhl_chain.xml' ? 'chain' : 'manifest');
      return problem ? [`${name}: ${problem}`] : [];
    });
    expect(invalid).toEqual([]);
    const last = history.generations.at(-1)!;
    const listed = last.files
      .map((f) => ({ path: f.path, size: f.size, xxh128: f.hashes.find((h) => h.algorithm === 'xxh128')?.value }))
      .sort((a, b) => (a.path < b.path ? -1 : 1));
    expect(listed).toEqual(ALL.map((rel) => ({ path: rel, size: FILES[rel], xxh128: s.xxh128.get(rel) })));
  }

  withDb(ws.catalog, (db) => {
    // integrity_check, and every copy called verified is the card's bytes on disk.
    expectHonestCatalog(db, s.digests);
    // Exactly one copy row per file and destination, every one verified.
    const rows = copyRows(db).map((r) => [r.relativePath, r.root, r.status]);
    const dests = [...ws.dests].sort();
    expect(rows).toEqual(ALL.flatMap((rel) => dests.map((d) => [rel, d, 'verified'])));
    // The same files with the same hashes as the uninterrupted run; the same one roll.
    if (ref) {
      expect(fileRowsOf(db)).toEqual(ref.fileRows);
      expect(rollsOf(db)).toEqual(ref.rolls);
    }
    // No job left running: the killed ones are interrupted, the last one is done.
    const states = (db.prepare('SELECT state FROM jobs ORDER BY started_at').all() as { state: string }[]).map((j) => j.state);
    expect(states.at(-1)).toBe('done');
    expect(states.slice(0, -1).filter((st) => st !== 'interrupted')).toEqual([]);
    // The catalog's record of MHL generations matches what is chained on the disk: nothing more, nothing less.
    const recorded = db
      .prepare('SELECT d.root AS root, m.path AS path, m.generation AS generation FROM manifests m JOIN destinations d ON d.id = m.destination_id ORDER BY d.root, m.generation')
      .all();
    const chained = dests.flatMap((d) => {
      const ascmhl = join(rollFolder(d), 'ascmhl');
      const chain = readFileSync(join(ascmhl, 'ascmhl_chain.xml'), 'utf8');
      return [...chain.matchAll(/<hashlist sequencenr="(\d+)">\s*<path>([^<]+)<\/path>/g)].map((m) => ({ root: d, path: join(ascmhl, m[2]!), generation: Number(m[1]) }));
    });
    const key = (m: unknown): string => JSON.stringify(m);
    // Honest: the catalog never records a generation that is not chained on the disk.
    expect({ recordedButNotChained: recorded.filter((m) => !chained.some((c) => key(c) === key(m))) }).toEqual({ recordedButNotChained: [] });
    // Complete: every chained generation is known to the catalog, as after an uninterrupted run.
    expect({ chainedButNotInCatalog: chained.filter((c) => !recorded.some((m) => key(m) === key(c))) }).toEqual({ chainedButNotInCatalog: [] });
  });
}

/** What the catalog of a killed run calls verified, with each copy's identity on disk now (before the resume). */
function verifiedNow(ws: Workspace): Record<string, Record<string, Identity>> {
  const out: Record<string, Record<string, Identity>> = {};
  if (!existsSync(ws.catalog)) return out;
  withDb(
    ws.catalog,
    (db) => {
      for (const d of ws.dests) {
        const rels = verifiedInCatalog(db, d);
        try {
          out[d] = identities(rollFolder(d), rels);
        } catch (err) {
          throw new Error(`the killed run's catalog calls ${rels.join(', ')} verified on ${d}, but: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
    },
    { readonly: true },
  );
  return out;
}

// ---- the tests ----------------------------------------------------------------------------------------------------

describeWhen(cap, 'crash-resume loop: SIGKILL at fault points, then the same offload again (CLI, 6 files, 35 MB, two destinations)', () => {
  if (!setup) {
    test('setting up the card and the reference run', () => {
      throw setupError instanceof Error ? setupError : new Error(String(setupError));
    });
    return;
  }
  const s = setup;
  const log: string[] = [];
  let ref: Reference | undefined;
  let n = 0;
  const startedAt = Date.now();

  beforeAll(() => {
    const totals = new Map<string, number>();
    for (const l of s.trace) totals.set(l.name, (totals.get(l.name) ?? 0) + 1);
    log.push(`scratch: ${s.scratch.where}; ${JOBS} run(s) at once`);
    log.push(`uninterrupted run: ${s.referenceMs} ms, ${s.trace.length} points reached (${[...totals].map(([k, v]) => `${k} ×${v}`).join(', ')})`);
    log.push(`kill plan (${CRASH_ALL ? 'SOUNDROLL_CRASH_ALL: every point' : 'first/middle/last of each point + byte counts'}): ${s.plan.length} single kills + ${DOUBLE_CRASHES.length} double crashes`);
    log.push(`  ${s.plan.map(spec).join(' ')}`);
    if (existsSync(s.reference.catalog) && s.referenceRun.status === 0) {
      withDb(s.reference.catalog, (db) => (ref = { fileRows: fileRowsOf(db), rolls: rollsOf(db), generations: 0 }), { readonly: true });
    }
  });

  afterAll(() => {
    log.push(`total: ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
    console.log(`crash-resume:\n  ${log.join('\n  ')}`);
    s.scratch.cleanup();
  });

  test('the uninterrupted reference run reaches every fault point and ends in the final state', async () => {
    expectExit(s.referenceRun, 0);
    const reached = new Set(s.trace.map((l) => l.name));
    expect({ neverReached: ALL_POINTS.filter((p) => !reached.has(p)) }).toEqual({ neverReached: [] });
    await expectFinalState(s, s.reference, s.referenceRun, undefined);
    const generations = (await historyOf(s.reference.dests[0]!)).generations.length;
    expect(generations).toBe(1);
    // The reference's catalog holds the oracle's hashes, so comparing with it compares with the card.
    withDb(s.reference.catalog, (db) => {
      const rows = fileRowsOf(db) as { relative_path: string; size: number; xxh128: string }[];
      expect(rows.map((r) => [r.relative_path, r.size, r.xxh128])).toEqual(ALL.map((rel) => [rel, FILES[rel], s.xxh128.get(rel)]));
    });
    expect(ref).toBeDefined();
    ref!.generations = generations;
    expect(s.plan.length).toBeGreaterThanOrEqual(24);
  });

  /** Kills the CLI at each point in turn (the last run of `kills` is the first resume's, and so on), then finishes. */
  async function crashAndResume(kills: string[]): Promise<void> {
    if (!ref || ref.generations === 0) throw new Error('the reference run did not end in the final state (see its test): nothing to compare with');
    const ws = newWorkspace(s.scratch.dir, `k${++n}`, s.card);
    const started = Date.now();
    const inReference = s.plan.find((k) => spec(k) === kills[0]);
    const context: string[] = inReference ? [`in the uninterrupted run, ${kills[0]} was reached at: ${inReference.where}`] : [];
    try {
      const keep: Record<string, Record<string, Identity>> = Object.fromEntries(ws.dests.map((d) => [d, {}]));
      for (const [i, kill] of kills.entries()) {
        const [at, nth] = kill.split('#') as [string, string];
        const tracePath = join(ws.dir, `trace-${i + 1}.txt`);
        const run = await runCliAsync(ws.args, { SOUNDROLL_FAULT: `kill@${kill}`, SOUNDROLL_FAULT_TRACE: tracePath });
        const trace = readTrace(tracePath);
        const lastLine = trace.at(-1);
        const landed = lastLine ? `${lastLine.name}#${trace.filter((l) => l.name === lastLine.name).length}` : '(no point reached)';
        context.push(
          `run ${i + 1} with kill@${kill}: ${run.signal ? `killed by ${run.signal}` : `exit ${run.status}`} after ${run.ms} ms; last points:\n    ` +
            trace.slice(-4).map((l) => `${l.name} ${l.detail.split(`${ws.dir}/`).join('')}`).join('\n    '),
        );
        // The point was really reached: the process died of SIGKILL, there, at its nth hit.
        expect({ kill, signal: run.signal, status: run.status, lastPoint: landed }).toEqual({ kill, signal: 'SIGKILL', status: null, lastPoint: `${at}#${nth}` });
        // What the catalog called verified at this moment must survive every later run untouched.
        for (const [d, ids] of Object.entries(verifiedNow(ws))) for (const [rel, id] of Object.entries(ids)) keep[d]![rel] ??= id;
      }
      const final = await runCliAsync(ws.args, {});
      context.push(`resume: exit ${final.status ?? final.signal} after ${final.ms} ms; stderr:\n    ${tail(final.stderr, 6).split('\n').join('\n    ')}`);
      context.push(`verified before the resume: ${ws.dests.map((d) => Object.keys(keep[d]!).length).join(' + ')}`);
      const checking = Date.now();
      await expectFinalState(s, ws, final, ref);
      for (const d of ws.dests) {
        expectUntouched(d, keep[d]!);
        const statuses = statusesOn(final.summary!, d);
        for (const rel of Object.keys(keep[d]!)) expect([rel, statuses[rel]]).toEqual([rel, 'skipped-verified']);
      }
      log.push(
        `${kills.map((k) => `kill@${k}`).join(' → ')}: ok in ${Date.now() - started} ms (verified before the resume: ${ws.dests.map((d) => Object.keys(keep[d]!).length).join('+')} copies; resume ${final.ms} ms, checks ${Date.now() - checking} ms)`,
      );
    } catch (err) {
      log.push(`${kills.map((k) => `kill@${k}`).join(' → ')}: FAILED`);
      if (err instanceof Error) err.message += `\n\n${context.join('\n')}${KEEP ? `\nworkspace kept: ${ws.dir}` : ''}`;
      throw err;
    } finally {
      if (!KEEP) rmSync(ws.dir, { recursive: true, force: true });
    }
  }

  test.concurrent.each(s.plan.map((k) => [spec(k), k.nth, k.of, k.why] as const))(
    'kill@%s (%i of %i: %s), then resume: the reference state',
    (kill) => inSlot(() => crashAndResume([kill])),
    90_000,
  );

  test.concurrent.each(DOUBLE_CRASHES.map((c) => [c.kills.join(' then '), c.what, c.kills] as const))(
    'double crash kill@%s (%s), then resume: the reference state',
    (_label, _what, kills) => inSlot(() => crashAndResume([...kills])),
    120_000,
  );

  test('the card was only read', () => {
    expect(digestTree(s.card)).toEqual(s.digests);
  });
});
