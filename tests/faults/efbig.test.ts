/**
 * EFBIG at an exact byte offset: the CLI runs under `prlimit --fsize=N` (Node ignores SIGXFSZ, so the write fails
 * instead of the process dying). Every destination hits the limit on the one file bigger than N; the smaller files
 * verify; the exit code says "not verified"; nothing incomplete appears under a final name. Then the same command
 * without the limit finishes the card without rewriting what was verified.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describeWhen, needs } from '../support/fault-env';
import {
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
  statusesOn,
  verifiedInCatalog,
  writeRandomCard,
  type CliRun,
  type Identity,
} from '../support/offload-harness';
import { makeTempDir } from '../support/tmp';

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
  let tmp: ReturnType<typeof makeTempDir>;
  let card: string;
  let dests: string[];
  let catalog: string;
  let run: CliRun;
  let digests: Map<string, string>;
  let before: Record<string, Record<string, Identity>>;

  beforeAll(() => {
    ensureCliBuilt();
    tmp = makeTempDir('efbig');
    card = join(tmp.dir, 'CARD02');
    dests = [join(tmp.dir, 'd1'), join(tmp.dir, 'd2')];
    for (const d of dests) mkdirSync(d);
    catalog = join(tmp.dir, 'catalog.sqlite');
    writeRandomCard(card, FILES);
    digests = digestTree(card);
    run = runCli(offloadArgs(card, dests, catalog), { prefix: ['prlimit', `--fsize=${LIMIT}`] });
    before = Object.fromEntries(dests.map((d) => [d, identities(rollFolder(d), SMALL)]));
  });
  afterAll(() => tmp?.cleanup());

  test('exit code 1 (not verified) with a JSON summary', () => {
    expect({ status: run.status, stderr: run.summary ? '' : run.stderr }).toEqual({ status: 1, stderr: '' });
    expect(run.summary!.safeToFormat).toBe(false);
  });

  test('the file past the limit fails on every destination, with EFBIG at the exact byte', () => {
    for (const d of dests) {
      const c = copiesOn(run.summary!, d).get(BIG);
      expect(c?.status).toBe('failed');
      expect(c?.reason).toMatch(/EFBIG/);
      expect(c?.reason).toContain(`at byte ${LIMIT} `);
      expect(c?.reason).toContain(BIG);
    }
  });

  test('the smaller files (one exactly at the limit) verify on every destination, byte-identical', () => {
    for (const d of dests) {
      expect(statusesOn(run.summary!, d)).toEqual({ ...Object.fromEntries(SMALL.map((f) => [f, 'verified'])), [BIG]: 'failed' });
      expect(finalFiles(rollFolder(d))).toEqual([...SMALL].sort());
      expect(destinationProblems(rollFolder(d), digests)).toEqual([]);
    }
  });

  test('the catalog marks only byte-identical copies verified, and is intact', () => {
    const db = new Database(catalog, { readonly: true });
    try {
      expect(catalogProblems(db, digests)).toEqual([]);
      for (const d of dests) expect(verifiedInCatalog(db, d).sort()).toEqual([...SMALL].sort());
    } finally {
      db.close();
    }
  });

  test('without the limit, the same command finishes the card and leaves verified copies alone (exit 0)', () => {
    const again = runCli(offloadArgs(card, dests, catalog));
    expect({ status: again.status, stderr: again.summary ? '' : again.stderr }).toEqual({ status: 0, stderr: '' });
    const s = again.summary!;
    expect(s.safeToFormat).toBe(true);
    for (const d of dests) {
      expect(statusesOn(s, d)).toEqual({ ...Object.fromEntries(SMALL.map((f) => [f, 'skipped-verified'])), [BIG]: 'verified' });
      expect(identities(rollFolder(d), SMALL)).toEqual(before[d]);
      expect(finalFiles(rollFolder(d))).toEqual(Object.keys(FILES).sort());
      expect(destinationProblems(rollFolder(d), digests)).toEqual([]);
    }
    expect(s.bytesRead).toBe(FILES[BIG]);
    const db = new Database(catalog, { readonly: true });
    try {
      expect(catalogProblems(db, digests)).toEqual([]);
    } finally {
      db.close();
    }
  });
});
