/**
 * Resume, the honest way: the CLI is killed with SIGKILL at moments spread over a whole offload (20 files, ~300 MB,
 * two destinations), then the same command is run again to completion. Whatever the moment, the end state must be
 * the one an uninterrupted run leaves: the same final files with the card's bytes, no partial files, every file
 * verified on both destinations exactly once in the catalog, a valid MHL history listing every file, exit code 0 —
 * and copies verified before the kill are not written again.
 *
 * The kill moments are tied to visible progress (see KILL_POINTS), so they land in the same phases on a fast or a
 * slow machine; the log prints when each landed next to the uninterrupted run's duration. The big card runs in
 * memory when it can (kill -9 does not lose the page cache, so a disk adds only minutes). A last group kills the CLI
 * the instant an MHL manifest appears, on the disk, before its chain file is rewritten.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { readHistory } from '../../main/mhl';
import { memoryScratch, needs } from '../support/fault-env';
import { expectExit, expectHonestCatalog, expectHonestDestination, expectUntouched, withDb } from '../support/fault-setup';
import {
  copyRows, digestTree, ensureCliBuilt, finalFiles, identities, isPartial, MiB, offloadArgs, rollFolder, runCli, startCli, statusesOn,
  verifiedInCatalog, walkFiles, writeRandomCard, type CliRun, type Identity,
} from '../support/offload-harness';
import { makeTempDir } from '../support/tmp';

// 20 takes, 9.5–24.5 MB, two in a sub-folder: ~300 MB.
const FILES: Record<string, number> = Object.fromEntries(
  Array.from({ length: 20 }, (_, i) => [`${i >= 17 ? 'FALSETAKES/' : ''}S01T${String(i + 1).padStart(2, '0')}.WAV`, Math.round((9.5 + ((i * 7) % 16)) * 1_000_000) + i]),
);
const ALL = Object.keys(FILES).sort();

const cap = needs({ tools: ['flock'] });
if (!cap.ok) process.stderr.write(`SKIPPED: resume tests (kill -9 and re-run) — ${cap.why}\n`);
const describeResume = cap.ok ? describe : describe.skip;

interface Workspace {
  dir: string;
  dests: string[];
  catalog: string;
  args: string[];
}

/** Everything a finished offload of the card must leave, whatever happened before. */
async function expectFinishedState(ws: Workspace, final: CliRun, digests: Map<string, string>): Promise<void> {
  expectExit(final, 0);
  expect(final.summary!.safeToFormat).toBe(true);
  for (const d of ws.dests) {
    const statuses = statusesOn(final.summary!, d);
    for (const rel of ALL) expect([rel, statuses[rel]]).toEqual([rel, expect.stringMatching(/^(verified|skipped-verified)$/)]);
    // Same final files as the reference run, with the card's bytes; no partial files or temp litter anywhere.
    expectHonestDestination(d, digests, { files: ALL });
    const litter = walkFiles(d, { includeAscmhl: true }).filter((rel) => rel.split('/').pop()!.startsWith('.'));
    expect(litter).toEqual([]);
    // The MHL history is a valid chain (readHistory proves it or throws) and lists every file.
    const history = await readHistory(rollFolder(d));
    expect(history.generations.length).toBeGreaterThan(0);
    const listed = new Set(history.generations.flatMap((g) => g.files.map((f) => f.path)));
    expect([...listed].sort()).toEqual(ALL);
    expect(history.generations.at(-1)!.files.map((f) => f.path).sort()).toEqual(ALL);
  }
  withDb(ws.catalog, (db) => {
    expectHonestCatalog(db, digests);
    const rows = copyRows(db);
    // Exactly one row per file and destination, every one verified.
    expect(rows.length).toBe(ALL.length * ws.dests.length);
    for (const d of ws.dests) expect(rows.filter((r) => r.root === d && r.status === 'verified').map((r) => r.relativePath)).toEqual(ALL);
    const files = db.prepare('SELECT relative_path AS p, COUNT(*) AS n FROM files GROUP BY relative_path').all() as { p: string; n: number }[];
    expect(files.map((f) => f.p).sort()).toEqual(ALL);
    expect(files.every((f) => f.n === 1)).toBe(true);
    // No job is left "running": the killed ones are recorded as interrupted.
    const states = db.prepare('SELECT state FROM jobs').all() as { state: string }[];
    expect(states.filter((s) => s.state === 'running')).toEqual([]);
  });
}

/** When to pull the plug: a moment after start, or the first time something is visible on the destinations. */
interface KillPoint {
  label: string;
  afterMs?: number;
  when?: (ws: Workspace) => boolean;
}

const publishedOn = (dest: string): number => finalFiles(rollFolder(dest)).length;
const partialsOn = (dest: string): number => walkFiles(dest).filter(isPartial).length;

/**
 * Kill points spread over a whole run. They are tied to what the run has visibly done, not to a clock: on a shared
 * 2-core machine the same offload takes 1 s or 6 s, and a clock-based point then lands in the wrong phase or after
 * the end. The time each kill landed at is logged next to the uninterrupted run's duration.
 */
const KILL_POINTS: KillPoint[] = [
  { label: '50 ms after start (starting up / scanning)', afterMs: 50 },
  { label: 'first partial file on the first destination', when: (ws) => partialsOn(ws.dests[0]!) > 0 },
  { label: '3 files published on the second destination', when: (ws) => publishedOn(ws.dests[1]!) >= 3 },
  { label: '7 files published on the second destination', when: (ws) => publishedOn(ws.dests[1]!) >= 7 },
  { label: '11 files published on the second destination', when: (ws) => publishedOn(ws.dests[1]!) >= 11 },
  { label: '15 files published on the second destination', when: (ws) => publishedOn(ws.dests[1]!) >= 15 },
  { label: '19 files published on the second destination', when: (ws) => publishedOn(ws.dests[1]!) >= 19 },
  { label: 'last file published on both (its read-back under way, manifests next)', when: (ws) => ws.dests.every((d) => publishedOn(d) === ALL.length) },
];

describeResume('offload resumed after kill -9 (CLI, 20 files, ~300 MB, two destinations)', () => {
  let scratch: ReturnType<typeof memoryScratch>;
  let card: string;
  let digests: Map<string, string>;
  let referenceMs = 0;
  let n = 0;
  const log: string[] = [];

  const workspace = (): Workspace => {
    const dir = join(scratch.dir, `run${++n}`);
    const dests = [join(dir, 'd1'), join(dir, 'd2')];
    for (const d of dests) mkdirSync(d, { recursive: true });
    const catalog = join(dir, 'catalog.sqlite');
    return { dir, dests, catalog, args: offloadArgs(card, dests, catalog) };
  };
  const drop = (ws: Workspace): void => {
    if (!process.env.SOUNDROLL_KEEP_TMP) rmSync(ws.dir, { recursive: true, force: true });
  };

  /** Starts the CLI and SIGKILLs it at the kill point; says whether the kill landed, when, and in which phase. */
  async function killAt(ws: Workspace, point: KillPoint): Promise<{ killed: boolean; phase: string; atMs: number }> {
    const cli = startCli(ws.args);
    const started = Date.now();
    let atMs = -1;
    const kill = (): void => {
      atMs = Date.now() - started;
      cli.child.kill('SIGKILL');
    };
    let exited = false;
    const done = cli.done.then((r) => {
      exited = true;
      return r;
    });
    if (point.afterMs !== undefined) {
      const timer = setTimeout(kill, point.afterMs);
      void done.then(() => clearTimeout(timer));
    } else {
      const when = point.when!;
      await new Promise<void>((resolvePoll) => {
        const tick = (): void => {
          if (exited) return resolvePoll();
          let hit = false;
          try {
            hit = when(ws);
          } catch {
            hit = false;
          }
          if (hit) {
            kill();
            return resolvePoll();
          }
          setImmediate(tick);
        };
        tick();
      });
    }
    const r = await done;
    const phases = [...r.stderr.matchAll(/soundroll: (\w+)/g)].map((m) => m[1]);
    return { killed: r.signal === 'SIGKILL', phase: phases.at(-1) ?? 'starting', atMs };
  }

  beforeAll(async () => {
    ensureCliBuilt();
    scratch = memoryScratch('resume', 3 * 1024 * MiB);
    card = join(scratch.dir, 'CARD_A001');
    writeRandomCard(card, FILES);
    digests = digestTree(card);
    // The reference: one uninterrupted run.
    const ws = workspace();
    const r = await startCli(ws.args).done;
    await expectFinishedState(ws, r, digests);
    referenceMs = r.ms;
    drop(ws);
    log.push(`scratch: ${scratch.where}`);
    log.push(`uninterrupted run: ${referenceMs} ms for ${(Object.values(FILES).reduce((a, b) => a + b, 0) / 1e6).toFixed(0)} MB`);
  }, 120_000);

  afterAll(() => {
    console.log(`resume after kill -9:\n  ${log.join('\n  ')}`);
    scratch?.cleanup();
  });

  test.each(KILL_POINTS.map((p, i) => [i + 1, p.label, p] as const))('kill point %i, %s: the re-run ends in the reference state', async (_i, _label, point) => {
    const ws = workspace();
    const kill = await killAt(ws, point);
    // What the catalog called verified before the kill must not be written again.
    const verifiedBefore: Record<string, Record<string, Identity>> = {};
    if (existsSync(ws.catalog)) {
      withDb(ws.catalog, (db) => {
        for (const d of ws.dests) verifiedBefore[d] = identities(rollFolder(d), verifiedInCatalog(db, d));
      });
    }
    const final = runCli(ws.args);
    log.push(
      `${point.label}: ${kill.killed ? `killed at ${kill.atMs} ms in phase "${kill.phase}"` : 'the run finished before the kill'}; ` +
        `verified before: ${ws.dests.map((d) => Object.keys(verifiedBefore[d] ?? {}).length).join('+')}; re-run exit ${final.status}`,
    );
    expect(kill.killed).toBe(true);
    await expectFinishedState(ws, final, digests);
    for (const d of ws.dests) {
      const kept = verifiedBefore[d] ?? {};
      expectUntouched(d, kept);
      for (const rel of Object.keys(kept)) expect([rel, statusesOn(final.summary!, d)[rel]]).toEqual([rel, 'skipped-verified']);
    }
    drop(ws);
  }, 60_000);

  test('killed again and again (5 kills, each later in the card), then finished: the reference state', async () => {
    const ws = workspace();
    const kills: string[] = [];
    for (const k of [2, 6, 10, 14, 18]) {
      const kill = await killAt(ws, { label: `${k} published`, when: (w) => publishedOn(w.dests[1]!) >= k });
      expect(kill.killed).toBe(true);
      kills.push(`${k} files: ${kill.phase}`);
    }
    const final = runCli(ws.args);
    log.push(`5 kills in a row (${kills.join(', ')}); re-run exit ${final.status}`);
    await expectFinishedState(ws, final, digests);
    withDb(ws.catalog, (db) => {
      const states = (db.prepare('SELECT state FROM jobs ORDER BY started_at').all() as { state: string }[]).map((s) => s.state);
      expect(states).toEqual(['interrupted', 'interrupted', 'interrupted', 'interrupted', 'interrupted', 'done']);
    });
    drop(ws);
  }, 90_000);
});

describeResume('offload killed while writing an MHL generation', () => {
  const SMALL: Record<string, number> = { 'T01.WAV': MiB + 1, 'T02.WAV': 2 * MiB + 3, 'SUB/T03.WAV': MiB + 7 };
  let root: ReturnType<typeof makeTempDir>;

  beforeAll(() => {
    ensureCliBuilt();
    root = makeTempDir('resume-mhl');
  });
  afterAll(() => root?.cleanup());

  /** Runs the CLI and SIGKILLs it the moment `sees` holds for the names in the first destination's ascmhl/ folder. */
  async function killWhenAscmhl(args: string[], ascmhl: string, sees: (names: string[]) => boolean): Promise<boolean> {
    const cli = startCli(args);
    let exited = false;
    const done = cli.done.then((r) => {
      exited = true;
      return r;
    });
    await new Promise<void>((resolvePoll) => {
      const tick = (): void => {
        if (exited) return resolvePoll();
        let names: string[] = [];
        try {
          names = readdirSync(ascmhl);
        } catch {
          names = [];
        }
        if (sees(names)) {
          cli.child.kill('SIGKILL');
          return resolvePoll();
        }
        setImmediate(tick);
      };
      tick();
    });
    return (await done).signal === 'SIGKILL';
  }

  const unchainedManifests = (ascmhl: string): string[] => {
    const chainPath = join(ascmhl, 'ascmhl_chain.xml');
    const chain = existsSync(chainPath) ? readFileSync(chainPath, 'utf8') : '';
    return readdirSync(ascmhl).filter((name) => /^\d{4}_.*\.mhl$/.test(name) && !chain.includes(name));
  };
  const writerTemps = (ascmhl: string): string[] => readdirSync(ascmhl).filter((name) => name.startsWith('.') && name.endsWith('.tmp'));

  interface Case {
    what: string;
    generation: number;
    /** When to kill, from the names in ascmhl/. */
    sees: (names: string[]) => boolean;
    /** Whether the kill left the state this case is about (the window is milliseconds wide: tried until it is). */
    landed: (ascmhl: string) => boolean;
    noLitter: boolean;
  }

  const manifestOf = (g: number) => (names: string[]) => names.some((n) => n.startsWith(`${String(g).padStart(4, '0')}_`) && n.endsWith('.mhl'));
  const CASES: Case[] = [
    {
      what: 'manifest of the first generation published, no chain file yet',
      generation: 1,
      sees: manifestOf(1),
      landed: (a) => unchainedManifests(a).length > 0,
      noLitter: false,
    },
    {
      what: 'manifest of a second generation published, chain not yet rewritten (the card gained a take)',
      generation: 2,
      sees: manifestOf(2),
      landed: (a) => unchainedManifests(a).length > 0,
      noLitter: false,
    },
    {
      what: "the MHL writer's temporary file on disk",
      generation: 1,
      sees: (names) => names.some((n) => n.startsWith('.') && n.endsWith('.tmp')),
      landed: (a) => writerTemps(a).length > 0,
      noLitter: true,
    },
  ];

  test.each(CASES)('killed with $what: the re-run completes, valid history listing every file (exit 0)', async ({ generation, sees, landed, noLitter }) => {
    let hit: { args: string[]; card: string; dests: string[]; files: string[]; left: string[] } | undefined;
    for (let k = 1; k <= 6 && !hit; k++) {
      const dir = join(root.dir, `case${generation}-${Math.random().toString(36).slice(2, 8)}`);
      const card = join(dir, 'CARD_T');
      const dests = [join(dir, 'd1'), join(dir, 'd2')];
      for (const d of dests) mkdirSync(d, { recursive: true });
      const args = offloadArgs(card, dests, join(dir, 'catalog.sqlite'));
      writeRandomCard(card, SMALL);
      if (generation === 2) {
        expect(runCli(args).status).toBe(0);
        writeRandomCard(card, { 'T04.WAV': 3 * MiB });
      }
      const ascmhl = join(rollFolder(dests[0]!), 'ascmhl');
      if ((await killWhenAscmhl(args, ascmhl, sees)) && landed(ascmhl)) hit = { args, card, dests, files: walkFiles(card), left: readdirSync(ascmhl) };
    }
    expect(hit ? 'the kill landed in the window' : 'the kill never landed in the window in 6 tries').toBe('the kill landed in the window');
    const { args, card, dests, files, left } = hit!;

    const final = runCli(args);
    const digests = digestTree(card);
    expect({ left, status: final.status, verdict: final.summary?.verdict ?? final.stderr }).toEqual({ left, status: 0, verdict: expect.stringMatching(/safe to format/) });
    for (const d of dests) {
      const history = await readHistory(rollFolder(d));
      const listed = new Set(history.generations.flatMap((g) => g.files.map((f) => f.path)));
      expect([...listed].sort()).toEqual(files);
      expectHonestDestination(d, digests);
      if (noLitter) expect({ left, litter: walkFiles(d, { includeAscmhl: true }).filter((rel) => rel.split('/').pop()!.startsWith('.')) }).toEqual({ left, litter: [] });
    }
  }, 90_000);
});
