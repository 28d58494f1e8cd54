/**
 * I/O errors at every point, in the manner of SQLite's ioerr tests: run the offload once to list every I/O call it
 * makes (card reads, destination creates, writes, fsyncs, publishes, read-backs, MHL writes), then for N = 1, 2, …
 * run it again with the Nth call failing with EIO, and check what a DIT would rely on after each:
 *   - the job ends with a verdict (it does not crash) and the card is NOT safe to format;
 *   - the summary names the file and the cause;
 *   - the other destination, or the other files, carry on and verify;
 *   - nothing sits under a final name unless it is the card's bytes, and no partial or temp file is left;
 *   - the catalog calls verified only byte-identical copies, and passes PRAGMA integrity_check;
 *   - run again without the fault, the job completes and does not write again what was already verified.
 * A second pass makes each kind of call fail for good from its first occurrence (a drive that stays broken).
 *
 * The errors are injected through main/fault-points, just before the real system call, so they travel the path a
 * real EIO takes. Runs in-process; the real-fault tests beside this file make the same faults with real mounts.
 */
import { mkdirSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { faultStruck, IO_POINTS, reachedPoints, setFaultPlan, type FaultPlan } from '../../main/fault-points';
import { readHistory } from '../../main/mhl';
import type { OffloadSummary } from '../../shared/offload';
import { faultWorkspace, type FaultWorkspace } from '../support/fault-setup';
import {
  allStrings, catalogProblems, destinationProblems, identities, MiB, openStation, rollFolder, statusesOn, verifiedInCatalog, walkFiles,
} from '../support/offload-harness';

// Two 8 MiB blocks for the first file, one for the others, an empty file: every kind of call happens more than once.
const FILES: Record<string, number> = { 'A01.WAV': 8 * MiB + 7, 'A02.WAV': MiB + 1, 'SUB/A03.WAV': 1000, 'SUB/A04.WAV': 0 };
const ALL = Object.keys(FILES).sort();

interface Hit {
  name: string;
  detail: string;
}

let ws: FaultWorkspace;
let reference: Hit[] = [];
let runs = 0;

beforeAll(async () => {
  ws = faultWorkspace('ioerr', { card: 'CARD_IO', files: FILES, dests: [] });
  const { dests, catalog } = freshTargets('reference');
  const station = openStation(catalog);
  try {
    setFaultPlan(undefined, { record: true });
    const summary = await station.run(ws.card, dests);
    expect(summary.safeToFormat).toBe(true);
    reference = reachedPoints()
      .map((line) => {
        const [name = '', detail = ''] = line.split('\t');
        return { name, detail };
      })
      .filter((h) => (IO_POINTS as readonly string[]).includes(h.name));
  } finally {
    setFaultPlan(undefined);
    await station.close();
  }
});
afterAll(() => {
  setFaultPlan(undefined);
  ws?.cleanup();
});

function freshTargets(label: string): { dests: string[]; catalog: string } {
  const dir = ws.at(`${label}-${++runs}`);
  const dests = [join(dir, 'd1'), join(dir, 'd2')];
  for (const d of dests) mkdirSync(d, { recursive: true });
  return { dests, catalog: join(dir, 'catalog.sqlite') };
}

/** The card file a point concerns (from its path on a destination or the card), or undefined for the MHL files. */
function cardFileOf(hit: Hit, dests: string[]): string | undefined {
  if (hit.name === 'card.read') return hit.detail;
  if (hit.name === 'mhl.write') return undefined;
  for (const d of dests) {
    const rel = relative(rollFolder(d), hit.detail).split(sep).join('/');
    if (!rel.startsWith('..')) return rel.startsWith('ascmhl/') ? undefined : rel;
  }
  return undefined;
}

/** Which destination a point writes or reads (undefined: the card). */
const destinationOf = (hit: Hit, dests: string[]): string | undefined => dests.find((d) => hit.detail.startsWith(d + sep));

const mentionsEio = (s: string): boolean => /EIO|input\/output error/.test(s);

/** Everything a DIT relies on after the job with the fault, and after the same job run again without it. */
async function checkOneFault(label: string, plan: FaultPlan, opts: { sticky: boolean }): Promise<string[]> {
  const problems: string[] = [];
  const say = (what: string): void => void problems.push(`${label}: ${what}`);
  const { dests, catalog } = freshTargets(label.replace(/[^a-z0-9]+/gi, '_'));
  const station = openStation(catalog);
  try {
    let first: OffloadSummary;
    let struck: Hit | undefined;
    setFaultPlan(plan);
    try {
      first = await station.run(ws.card, dests);
    } catch (err) {
      say(`the job crashed instead of ending with a verdict: ${(err as Error).message}`);
      return problems;
    } finally {
      const at = faultStruck();
      struck = at && { name: at.name, detail: at.detail ?? '' };
      setFaultPlan(undefined);
    }
    if (!struck) {
      say('the fault never struck (the point was not reached)');
      return problems;
    }
    label = `${label} struck ${struck.name} ${struck.detail.split(sep).slice(-2).join('/')}`;
    if (first.safeToFormat) say('the card was called safe to format although an I/O call failed');

    const file = cardFileOf(struck, dests);
    const faulty = destinationOf(struck, dests);
    const strings = allStrings(first);
    const named = strings.filter(mentionsEio).filter((s) => (file ? s.includes(file.split('/').pop()!) : /manifest|chain|ascmhl/i.test(s)));
    if (named.length === 0) say(`the summary does not name ${file ?? 'the manifest'} with the cause (EIO)`);

    // Who must have come through: with one failed call, every other file everywhere; with a broken drive, the other drive.
    for (const d of dests) {
      const statuses = statusesOn(first, d);
      for (const rel of ALL) {
        const hitHere = faulty === undefined ? rel === file : d === faulty && (opts.sticky || rel === file);
        if (!hitHere && statuses[rel] !== 'verified') say(`${rel} on ${d === dests[0] ? 'd1' : 'd2'} is ${statuses[rel]}, but the fault did not concern it`);
      }
    }

    // The disk and the catalog tell no lies.
    for (const d of dests) {
      for (const p of destinationProblems(rollFolder(d), ws.digests)) say(p);
      const temp = walkFiles(d, { includeAscmhl: true }).filter((rel) => rel.split('/').pop()!.startsWith('.'));
      if (temp.length > 0) say(`temporary files left: ${temp.join(', ')}`);
    }
    for (const p of catalogProblems(station.db, ws.digests)) say(p);

    // Without the fault, the same job completes and leaves the copies verified before alone.
    const before = Object.fromEntries(dests.map((d) => [d, identities(rollFolder(d), verifiedInCatalog(station.db, d))]));
    const second = await station.run(ws.card, dests);
    if (!second.safeToFormat) say(`the re-run without the fault did not complete: ${second.verdict}`);
    for (const d of dests) {
      const now = identities(rollFolder(d), Object.keys(before[d]!));
      for (const [rel, id] of Object.entries(before[d]!)) {
        if (JSON.stringify(now[rel]) !== JSON.stringify(id)) say(`the re-run rewrote ${rel}, which was already verified`);
      }
      for (const p of destinationProblems(rollFolder(d), ws.digests)) say(`after the re-run: ${p}`);
      try {
        const history = await readHistory(rollFolder(d));
        const listed = history.generations.at(-1)?.files.map((f) => f.path).sort();
        if (JSON.stringify(listed) !== JSON.stringify(ALL)) say(`after the re-run the last MHL generation lists ${JSON.stringify(listed)}`);
      } catch (err) {
        say(`after the re-run the MHL history does not read: ${(err as Error).message}`);
      }
      const litter = readdirSync(join(rollFolder(d), 'ascmhl')).filter((n) => n.startsWith('.'));
      if (litter.length > 0) say(`after the re-run, temp files in ascmhl/: ${litter.join(', ')}`);
    }
    for (const p of catalogProblems(station.db, ws.digests)) say(`after the re-run: ${p}`);
  } finally {
    await station.close();
  }
  return problems;
}

describe('an I/O error at every I/O call of an offload (card → 2 destinations, 4 files)', () => {
  test('the reference run makes every kind of I/O call', () => {
    expect([...new Set(reference.map((h) => h.name))].sort()).toEqual([...IO_POINTS].sort());
  });

  test('fail the Nth call, for every N: a verdict, the file and cause named, nothing lost, a clean re-run', async () => {
    const problems: string[] = [];
    for (let n = 1; n <= reference.length; n++) {
      problems.push(...(await checkOneFault(`fail@io#${n}`, { at: 'io', nth: n, action: { kind: 'fail', code: 'EIO' } }, { sticky: false })));
    }
    console.log(`tests/faults/io-errors: failed each of ${reference.length} I/O calls in turn`);
    expect(problems).toEqual([]);
  }, 300_000);

  test('each kind of call failing for good on one destination (a drive that stays broken): the other completes', async () => {
    const problems: string[] = [];
    const kinds = IO_POINTS.filter((k) => k !== 'card.read');
    for (const kind of kinds) {
      // Aimed at the second destination's folder, from the first such call on.
      const first = reference.find((h) => h.name === kind && h.detail.includes(`${sep}d2${sep}`));
      if (!first) {
        problems.push(`${kind}: never reached on d2 in the reference run`);
        continue;
      }
      const plan: FaultPlan = { at: kind, nth: 1, sticky: true, detailContains: `${sep}d2${sep}`, action: { kind: 'fail', code: 'EIO' } };
      problems.push(...(await checkOneFault(`fail@${kind}#1!~d2`, plan, { sticky: true })));
    }
    expect(problems).toEqual([]);
  }, 120_000);
});
