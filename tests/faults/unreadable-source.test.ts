/**
 * Unreadable files on the card. Root ignores file modes, so the CLI runs as `nobody` (setpriv): files with mode 000
 * are really unreadable to it. Two moments: unreadable when the job starts (the scan sees it) and made unreadable
 * after the scan, while the job copies an earlier file (the open fails). Either way each such file must be named
 * with "permission denied", must not appear on any destination, the other files verify, and the exit code is 1.
 */
import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describeWhen, needs } from '../support/fault-env';
import {
  allStrings,
  catalogProblems,
  copiesOn,
  destinationProblems,
  digestTree,
  ensureCliBuilt,
  finalFiles,
  identities,
  MiB,
  offloadArgs,
  rollFolder,
  runCli,
  startCli,
  statusesOn,
  writeRandomCard,
  type CliRun,
  type Identity,
} from '../support/offload-harness';
import { makeTempDir } from '../support/tmp';

const AS_NOBODY = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'];

/** A temp tree `nobody` can use: card readable, destinations and catalog folder writable. */
function nobodyWorkspace(label: string, files: Record<string, number>): { tmp: ReturnType<typeof makeTempDir>; card: string; dests: string[]; catalog: string } {
  const tmp = makeTempDir(label);
  chmodSync(tmp.dir, 0o755);
  const card = join(tmp.dir, 'CARD07');
  writeRandomCard(card, files);
  const dests = [join(tmp.dir, 'd1'), join(tmp.dir, 'd2')];
  const catalogDir = join(tmp.dir, 'catalog');
  for (const d of [...dests, catalogDir]) {
    mkdirSync(d);
    chmodSync(d, 0o777);
  }
  return { tmp, card, dests, catalog: join(catalogDir, 'catalog.sqlite') };
}

function withDb<T>(path: string, fn: (db: Database.Database) => T): T {
  const db = new Database(path, { readonly: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

describeWhen(needs({ root: true, tools: ['setpriv', 'flock'] }), 'unreadable card files (CLI run as nobody)', () => {
  describe('unreadable when the job starts', () => {
    const FILES: Record<string, number> = { 'A01.WAV': 2 * MiB + 1, 'B02.WAV': 3 * MiB, 'C03.WAV': MiB + 7, 'SUB/C01.WAV': 2 * MiB, 'SUB/D04.WAV': MiB };
    const LOCKED = ['B02.WAV', 'SUB/C01.WAV'];
    const READABLE = Object.keys(FILES).filter((f) => !LOCKED.includes(f)).sort();
    let ws: ReturnType<typeof nobodyWorkspace>;
    let run: CliRun;
    let digests: Map<string, string>;
    let before: Record<string, Record<string, Identity>>;

    beforeAll(() => {
      ensureCliBuilt();
      ws = nobodyWorkspace('unreadable', FILES);
      digests = digestTree(ws.card);
      for (const rel of LOCKED) chmodSync(join(ws.card, rel), 0o000);
      run = runCli(offloadArgs(ws.card, ws.dests, ws.catalog), { prefix: AS_NOBODY });
      before = Object.fromEntries(ws.dests.map((d) => [d, identities(rollFolder(d), READABLE)]));
    });
    afterAll(() => ws?.tmp.cleanup());

    test('exit code 1 with a JSON summary; not safe to format', () => {
      expect({ status: run.status, stderr: run.summary ? '' : run.stderr }).toEqual({ status: 1, stderr: '' });
      expect(run.summary!.safeToFormat).toBe(false);
    });

    test('the first unreadable file is named with "permission denied"', () => {
      const said = allStrings(run.summary).filter((s) => s.includes(LOCKED[0]!) && /permission denied/i.test(s));
      expect(said).not.toEqual([]);
    });

    test('every unreadable file is named with "permission denied" in the summary', () => {
      for (const rel of LOCKED) {
        const said = allStrings(run.summary).filter((s) => s.includes(rel) && /permission denied/i.test(s));
        expect({ rel, named: said.length > 0 }).toEqual({ rel, named: true });
      }
    });

    test('the readable files verify on both destinations; the unreadable ones are on neither', () => {
      for (const d of ws.dests) {
        for (const rel of READABLE) expect({ rel, status: statusesOn(run.summary!, d)[rel] }).toEqual({ rel, status: 'verified' });
        expect(finalFiles(rollFolder(d))).toEqual(READABLE);
        expect(destinationProblems(rollFolder(d), digests)).toEqual([]);
      }
      withDb(ws.catalog, (db) => expect(catalogProblems(db, digests)).toEqual([]));
    });

    test('once readable, the same command (as root) finishes the card without rewriting verified copies', () => {
      for (const rel of LOCKED) chmodSync(join(ws.card, rel), 0o644);
      const again = runCli(offloadArgs(ws.card, ws.dests, ws.catalog));
      expect({ status: again.status, stderr: again.summary ? '' : again.stderr }).toEqual({ status: 0, stderr: '' });
      for (const d of ws.dests) {
        expect(statusesOn(again.summary!, d)).toEqual(Object.fromEntries(Object.keys(FILES).map((f) => [f, LOCKED.includes(f) ? 'verified' : 'skipped-verified'])));
        expect(identities(rollFolder(d), READABLE)).toEqual(before[d]);
        expect(destinationProblems(rollFolder(d), digests)).toEqual([]);
      }
      withDb(ws.catalog, (db) => expect(catalogProblems(db, digests)).toEqual([]));
    });
  });

  describe('made unreadable after the scan, while an earlier file is being copied', () => {
    const FILES: Record<string, number> = { 'A01.WAV': 120 * MiB + 5, 'Z_LATE.WAV': 2 * MiB + 9 };
    let ws: ReturnType<typeof nobodyWorkspace>;
    let run: CliRun;
    let digests: Map<string, string>;
    let lockedAt = '';

    beforeAll(async () => {
      ensureCliBuilt();
      ws = nobodyWorkspace('unreadable-late', FILES);
      digests = digestTree(ws.card);
      const cli = startCli(offloadArgs(ws.card, ws.dests, ws.catalog), {
        prefix: AS_NOBODY,
        onStderr: (text) => {
          if (!lockedAt && text.includes('copying')) {
            chmodSync(join(ws.card, 'Z_LATE.WAV'), 0o000);
            lockedAt = text;
          }
        },
      });
      run = await cli.done;
    });
    afterAll(() => ws?.tmp.cleanup());

    test('the file was locked during the copy phase, and the job ended with exit code 1', () => {
      expect(lockedAt).toContain('copying');
      expect(lockedAt).not.toContain('manifest');
      expect({ status: run.status, stderr: run.summary ? '' : run.stderr }).toEqual({ status: 1, stderr: '' });
    });

    test('the file is named with "permission denied" and failed on both destinations; it exists on neither', () => {
      const outcome = run.summary!.files.find((f) => f.relativePath === 'Z_LATE.WAV')!;
      expect(outcome.error).toMatch(/permission denied/i);
      expect(outcome.error).toContain('Z_LATE.WAV');
      for (const d of ws.dests) {
        expect(copiesOn(run.summary!, d).get('Z_LATE.WAV')?.status).toBe('failed');
        expect(statusesOn(run.summary!, d)['A01.WAV']).toBe('verified');
        expect(finalFiles(rollFolder(d))).toEqual(['A01.WAV']);
        expect(destinationProblems(rollFolder(d), digests)).toEqual([]);
      }
      withDb(ws.catalog, (db) => expect(catalogProblems(db, digests)).toEqual([]));
    });
  });
});
