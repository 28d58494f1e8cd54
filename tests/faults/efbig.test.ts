/**
 * EFBIG at an exact byte offset: the CLI runs under `prlimit --fsize=N` (Node ignores SIGXFSZ, so the write fails
 * instead of the process dying). Every destination hits the limit on the one file bigger than N; the smaller files
 * verify; the exit code says "not verified"; nothing incomplete appears under a final name. Then the same command
 * without the limit finishes the card without rewriting what was verified.
 */
import { describeWhen, needs } from '../support/fault-env';
import { allAs, expectExit, expectHonestCatalog, expectHonestDestination, expectUntouched, faultWorkspace, identitiesOn, withDb, type FaultWorkspace } from '../support/fault-setup';
import { copiesOn, ensureCliBuilt, MiB, offloadArgs, runCli, statusesOn, verifiedInCatalog, type CliRun, type Identity } from '../support/offload-harness';

const LIMIT = 6 * MiB; // RLIMIT_FSIZE: no file of this process may grow past this byte
const FILES: Record<string, number> = {
  'A01.WAV': 3 * MiB + 17,
  'A02.WAV': 9 * MiB + 5, // the only file past the limit
  'A03.WAV': LIMIT, // exactly at the limit: allowed
  'SUB/A04.WAV': MiB + 1,
};
const BIG = 'A02.WAV';
const SMALL = Object.keys(FILES).filter((f) => f !== BIG);

describeWhen(needs({ tools: ['prlimit', 'flock'] }), 'EFBIG at an exact byte offset (prlimit --fsize)', () => {
  let ws: FaultWorkspace;
  let run: CliRun;
  let before: Record<string, Record<string, Identity>>;

  beforeAll(() => {
    ensureCliBuilt();
    ws = faultWorkspace('efbig', { card: 'CARD02', files: FILES });
    run = runCli(offloadArgs(ws.card, ws.dests, ws.catalog), { prefix: ['prlimit', `--fsize=${LIMIT}`] });
    before = identitiesOn(ws.dests, SMALL);
  });
  afterAll(() => ws?.cleanup());

  test('exit code 1 (not verified) with a JSON summary', () => {
    expectExit(run, 1);
    expect(run.summary!.safeToFormat).toBe(false);
  });

  test('the file past the limit fails on every destination, with EFBIG at the exact byte', () => {
    for (const d of ws.dests) {
      const c = copiesOn(run.summary!, d).get(BIG);
      expect(c?.status).toBe('failed');
      expect(c?.reason).toMatch(/EFBIG/);
      expect(c?.reason).toContain(`at byte ${LIMIT} `);
      expect(c?.reason).toContain(BIG);
    }
  });

  test('the smaller files (one exactly at the limit) verify on every destination, byte-identical', () => {
    for (const d of ws.dests) {
      expect(statusesOn(run.summary!, d)).toEqual({ ...allAs(SMALL, 'verified'), [BIG]: 'failed' });
      expectHonestDestination(d, ws.digests, { files: [...SMALL].sort() });
    }
  });

  test('the catalog marks only byte-identical copies verified, and is intact', () => {
    withDb(
      ws.catalog,
      (db) => {
        expectHonestCatalog(db, ws.digests);
        for (const d of ws.dests) expect(verifiedInCatalog(db, d).sort()).toEqual([...SMALL].sort());
      },
      { readonly: true },
    );
  });

  test('without the limit, the same command finishes the card and leaves verified copies alone (exit 0)', () => {
    const again = runCli(offloadArgs(ws.card, ws.dests, ws.catalog));
    expectExit(again, 0);
    const s = again.summary!;
    expect(s.safeToFormat).toBe(true);
    for (const d of ws.dests) {
      expect(statusesOn(s, d)).toEqual({ ...allAs(SMALL, 'skipped-verified'), [BIG]: 'verified' });
      expectUntouched(d, before[d]!);
      expectHonestDestination(d, ws.digests, { files: Object.keys(FILES).sort() });
    }
    expect(s.bytesRead).toBe(FILES[BIG]);
    withDb(ws.catalog, (db) => expectHonestCatalog(db, ws.digests), { readonly: true });
  });
});
