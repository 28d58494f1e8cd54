/**
 * The card's file changes under the copy. A truncated file gives a silent early end of file (no read error), a
 * recorder still writing changes the content or the modification time. The copy must not be published or verified
 * anywhere, the file must be named with the cause, and the card's other files must verify. A re-run copies the
 * file as it now is and leaves the verified ones alone.
 *
 * The trigger is the copy itself: the test watches the partial file on a destination and strikes when it has passed
 * a threshold, while most of the file is still unread (the engine's progress events are throttled to 5 per second,
 * too coarse to aim inside one file).
 */
import { closeSync, openSync, truncateSync, utimesSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { OffloadSummary } from '../../shared/offload';
import { describeWhen, needs } from '../support/fault-env';
import { expectHonestCatalog, expectHonestDestination, expectUntouched, faultWorkspace, identitiesOn, type FaultWorkspace } from '../support/fault-setup';
import { copiesOn, digestTree, finalFiles, MiB, partialSize, rollFolder, statusesOn, verifiedInCatalog, walkFiles, whenever, writeRandomCard, type Identity } from '../support/offload-harness';

interface Scenario {
  name: string;
  size: number;
  threshold: number; // strike when the partial copy on the first destination is past this many bytes
  strike: (path: string) => void;
  cause: RegExp; // what the file's error must say
}

const SCENARIOS: Scenario[] = [
  {
    name: 'truncated to half mid-read (silent early EOF)',
    size: 200_000_000,
    threshold: 10 * MiB,
    strike: (path) => truncateSync(path, 100_000_000),
    cause: /truncated|ended after 100000000 of 200000000 bytes/,
  },
  {
    name: 'rewritten at an offset, same size (a recorder still writing)',
    size: 96 * MiB + 12345,
    threshold: 8 * MiB,
    strike: (path) => {
      const fd = openSync(path, 'r+');
      try {
        writeSync(fd, randomBytes(64 * 1024), 0, 64 * 1024, MiB); // bytes the copy has already read
      } finally {
        closeSync(fd);
      }
    },
    cause: /changed during the copy/,
  },
  {
    name: 'modification time changed mid-copy, same size and bytes',
    size: 96 * MiB + 777,
    threshold: 8 * MiB,
    strike: (path) => utimesSync(path, new Date('2026-11-21T10:00:00Z'), new Date('2026-11-21T10:00:00Z')),
    cause: /changed during the copy/,
  },
];

describe.each(SCENARIOS)('source file $name', ({ size, threshold, strike, cause }) => {
  const VICTIM = 'B_BIG.WAV';
  const FILES: Record<string, number> = { 'A01.WAV': 5 * MiB + 3, [VICTIM]: size, 'C01.WAV': 5 * MiB + 11 };
  const OTHERS = ['A01.WAV', 'C01.WAV'];
  let ws: FaultWorkspace;
  let first: OffloadSummary;
  let struck = false;
  let before: Record<string, Record<string, Identity>>;

  beforeAll(async () => {
    ws = faultWorkspace('srcchange', { card: 'CARD06', files: FILES });
    const result = ws.openStation().run(ws.card, ws.dests);
    struck = await whenever(() => partialSize(rollFolder(ws.dests[0]!), VICTIM) > threshold, () => strike(join(ws.card, VICTIM)), result);
    first = await result;
    before = identitiesOn(ws.dests, OTHERS);
  });
  afterAll(() => ws?.cleanup());

  test('the change happened while the copy of that file was under way', () => {
    expect(struck).toBe(true);
  });

  test('the file is named with the cause, failed on every destination, and the card is not safe to format', () => {
    const outcome = first.files.find((f) => f.relativePath === VICTIM)!;
    expect(outcome.error).toMatch(cause);
    for (const d of ws.dests) {
      const c = copiesOn(first, d).get(VICTIM);
      expect(c?.status).toBe('failed');
      expect(c?.reason).toMatch(cause);
    }
    expect(first.safeToFormat).toBe(false);
  });

  test('no copy of it exists under its final name anywhere, and no partial file is left', () => {
    for (const d of ws.dests) {
      expect(finalFiles(rollFolder(d))).toEqual(OTHERS);
      expect(walkFiles(rollFolder(d)).filter((r) => r.includes(VICTIM.slice(0, 5)))).toEqual([]);
    }
  });

  test('the other files verify everywhere, byte-identical; the catalog never calls the changed file verified', () => {
    const now = digestTree(ws.card);
    for (const d of ws.dests) {
      expect(statusesOn(first, d)).toEqual({ 'A01.WAV': 'verified', [VICTIM]: 'failed', 'C01.WAV': 'verified' });
      expectHonestDestination(d, now);
      expect(verifiedInCatalog(ws.station!.db, d).sort()).toEqual(OTHERS);
    }
    expectHonestCatalog(ws.station!.db, now);
  });

  test('a re-run copies the file as it now is and leaves the verified copies alone', async () => {
    const second = await ws.station!.run(ws.card, ws.dests);
    expect(second.safeToFormat).toBe(true);
    const now = digestTree(ws.card);
    for (const d of ws.dests) {
      expect(statusesOn(second, d)).toEqual({ 'A01.WAV': 'skipped-verified', [VICTIM]: 'verified', 'C01.WAV': 'skipped-verified' });
      expectUntouched(d, before[d]!);
      expectHonestDestination(d, now);
    }
    expectHonestCatalog(ws.station!.db, now);
  });
});

/**
 * The card pulled mid-job: the card is a mount (its files live on a tmpfs bind-mounted at the card path) lazily
 * unmounted while its second file is being copied. The open file keeps reading (a detached mount still serves open
 * handles), so the copy must be caught by the after-copy check of the card path; the files not yet opened fail to
 * open. With the card back, a re-run finishes without rewriting the file verified before the pull.
 */
describeWhen(needs({ mount: true }), 'card pulled mid-job (umount -l of the card)', () => {
  const FILES: Record<string, number> = { 'A01.WAV': 24 * MiB + 1, 'B02.WAV': 64 * MiB + 3, 'C03.WAV': 6 * MiB + 5 };
  let ws: FaultWorkspace;
  let store: string;
  let first: OffloadSummary;
  let pulled = false;
  let digests: Map<string, string>;

  beforeAll(async () => {
    ws = faultWorkspace('cardpull', { card: 'CARD12', folders: ['CARD12', 'store'] });
    store = ws.at('store');
    ws.mounts.tmpfs(store, '256m');
    writeRandomCard(store, FILES);
    digests = digestTree(store);
    ws.mounts.bind(store, ws.card);
    const result = ws.openStation().run(ws.card, ws.dests);
    pulled = await whenever(() => partialSize(rollFolder(ws.dests[0]!), 'B02.WAV') > 8 * MiB, () => ws.mounts.detach(ws.card), result);
    first = await result;
  });
  afterAll(() => ws?.cleanup());

  test('the card was pulled while its second file was being copied', () => {
    expect(pulled).toBe(true);
  });

  test('the file in flight and the file after it are failed everywhere and named with the cause; not safe to format', () => {
    for (const rel of ['B02.WAV', 'C03.WAV']) {
      const outcome = first.files.find((f) => f.relativePath === rel)!;
      expect({ rel, error: outcome.error }).toEqual({ rel, error: expect.stringMatching(/removed|could not be checked|no such file|ENOENT/) });
      for (const d of ws.dests) expect(copiesOn(first, d).get(rel)?.status).toBe('failed');
    }
    expect(first.safeToFormat).toBe(false);
  });

  test('only the file copied before the pull exists and is verified, byte-identical; no partial files', () => {
    for (const d of ws.dests) {
      expect(statusesOn(first, d)['A01.WAV']).toBe('verified');
      expectHonestDestination(d, digests, { files: ['A01.WAV'] });
    }
    expectHonestCatalog(ws.station!.db, digests);
  });

  test('with the card back, a re-run finishes without rewriting the verified copy', async () => {
    const before = identitiesOn(ws.dests, ['A01.WAV']);
    ws.mounts.bind(store, ws.card);
    const second = await ws.station!.run(ws.card, ws.dests);
    expect(second.safeToFormat).toBe(true);
    for (const d of ws.dests) {
      expect(statusesOn(second, d)).toEqual({ 'A01.WAV': 'skipped-verified', 'B02.WAV': 'verified', 'C03.WAV': 'verified' });
      expectUntouched(d, before[d]!);
      expectHonestDestination(d, digests);
    }
    expectHonestCatalog(ws.station!.db, digests);
  });
});
