/**
 * Unreadable files on the card. Root ignores file modes, so the CLI runs as `nobody` (setpriv): files with mode 000
 * are really unreadable to it. Two moments: unreadable when the job starts (the scan sees it) and made unreadable
 * after the scan, while the job copies an earlier file (the open fails). Either way each such file must be named
 * with "permission denied", must not appear on any destination, the other files verify, and the exit code is 1.
 */
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { describeWhen, needs } from '../support/fault-env';
import { expectExit, expectHonestCatalog, expectHonestDestination, expectUntouched, faultWorkspace, identitiesOn, withDb, type FaultWorkspace } from '../support/fault-setup';
import { allStrings, copiesOn, ensureCliBuilt, MiB, offloadArgs, runCli, startCli, statusesOn, type CliRun, type Identity } from '../support/offload-harness';

const AS_NOBODY = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'];

/** A workspace `nobody` can use: card readable, destinations and catalog folder writable. */
function nobodyWorkspace(label: string, files: Record<string, number>): FaultWorkspace {
  const ws = faultWorkspace(label, { card: 'CARD07', files, folders: ['catalog'], catalog: 'catalog/catalog.sqlite' });
  chmodSync(ws.dir, 0o755);
  for (const d of [...ws.dests, ws.at('catalog')]) chmodSync(d, 0o777);
  return ws;
}

/** The catalog the CLI wrote, opened read-only. */
const withCatalog = (ws: FaultWorkspace, check: (db: Database.Database) => void): void => withDb(ws.catalog, check, { readonly: true });

describeWhen(needs({ root: true, tools: ['setpriv', 'flock'] }), 'unreadable card files (CLI run as nobody)', () => {
  describe('unreadable when the job starts', () => {
    const FILES: Record<string, number> = { 'A01.WAV': 2 * MiB + 1, 'B02.WAV': 3 * MiB, 'C03.WAV': MiB + 7, 'SUB/C01.WAV': 2 * MiB, 'SUB/D04.WAV': MiB };
    const LOCKED = ['B02.WAV', 'SUB/C01.WAV'];
    const READABLE = Object.keys(FILES).filter((f) => !LOCKED.includes(f)).sort();
    let ws: FaultWorkspace;
    let run: CliRun;
    let before: Record<string, Record<string, Identity>>;

    beforeAll(() => {
      ensureCliBuilt();
      ws = nobodyWorkspace('unreadable', FILES);
      for (const rel of LOCKED) chmodSync(join(ws.card, rel), 0o000);
      run = runCli(offloadArgs(ws.card, ws.dests, ws.catalog), { prefix: AS_NOBODY });
      before = identitiesOn(ws.dests, READABLE);
    });
    afterAll(() => ws?.cleanup());

    test('exit code 1 with a JSON summary; not safe to format', () => {
      expectExit(run, 1);
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
        expectHonestDestination(d, ws.digests, { files: READABLE });
      }
      withCatalog(ws, (db) => expectHonestCatalog(db, ws.digests));
    });

    test('once readable, the same command (as root) finishes the card without rewriting verified copies', () => {
      for (const rel of LOCKED) chmodSync(join(ws.card, rel), 0o644);
      const again = runCli(offloadArgs(ws.card, ws.dests, ws.catalog));
      expectExit(again, 0);
      for (const d of ws.dests) {
        expect(statusesOn(again.summary!, d)).toEqual(Object.fromEntries(Object.keys(FILES).map((f) => [f, LOCKED.includes(f) ? 'verified' : 'skipped-verified'])));
        expectUntouched(d, before[d]!);
        expectHonestDestination(d, ws.digests);
      }
      withCatalog(ws, (db) => expectHonestCatalog(db, ws.digests));
    });
  });

  describe('made unreadable after the scan, while an earlier file is being copied', () => {
    const FILES: Record<string, number> = { 'A01.WAV': 120 * MiB + 5, 'Z_LATE.WAV': 2 * MiB + 9 };
    let ws: FaultWorkspace;
    let run: CliRun;
    let lockedAt = '';

    beforeAll(async () => {
      ensureCliBuilt();
      ws = nobodyWorkspace('unreadable-late', FILES);
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
    afterAll(() => ws?.cleanup());

    test('the file was locked during the copy phase, and the job ended with exit code 1', () => {
      expect(lockedAt).toContain('copying');
      expect(lockedAt).not.toContain('manifest');
      expectExit(run, 1);
    });

    test('the file is named with "permission denied" and failed on both destinations; it exists on neither', () => {
      const outcome = run.summary!.files.find((f) => f.relativePath === 'Z_LATE.WAV')!;
      expect(outcome.error).toMatch(/permission denied/i);
      expect(outcome.error).toContain('Z_LATE.WAV');
      for (const d of ws.dests) {
        expect(copiesOn(run.summary!, d).get('Z_LATE.WAV')?.status).toBe('failed');
        expect(statusesOn(run.summary!, d)['A01.WAV']).toBe('verified');
        expectHonestDestination(d, ws.digests, { files: ['A01.WAV'] });
      }
      withCatalog(ws, (db) => expectHonestCatalog(db, ws.digests));
    });
  });
});
