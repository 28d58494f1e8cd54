/**
 * Faults in the shape of the job rather than in the hardware: two card files whose names differ only by case (they
 * would merge on exFAT/NTFS/APFS), and a destination that is the card, inside the card, or whose roll folder would
 * land on the card. Nothing of the card may be written over; the rest of the job must complete.
 */
import { mkdirSync, renameSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import type { OffloadSummary } from '../../shared/offload';
import { allAs, expectHonestCatalog, expectHonestDestination, expectUntouched, faultWorkspace, identitiesOn, type FaultWorkspace } from '../support/fault-setup';
import { CARD_MTIME, copiesOn, digestTree, identities, MiB, rollFolder, statusesOn, verifiedInCatalog, walkFiles } from '../support/offload-harness';

describe('case-fold collision on the card (A.WAV and a.wav)', () => {
  const FILES: Record<string, number> = { 'A.WAV': MiB + 1, 'a.wav': MiB + 2, 'B01.WAV': 2 * MiB, 'SUB/C01.WAV': MiB + 3 };
  const TWINS = ['A.WAV', 'a.wav'];
  const OTHERS = ['B01.WAV', 'SUB/C01.WAV'];
  let ws: FaultWorkspace;
  let first: OffloadSummary;

  beforeAll(async () => {
    ws = faultWorkspace('casefold', { card: 'CARD10', files: FILES });
    first = await ws.openStation().run(ws.card, ws.dests);
  });
  afterAll(() => ws?.cleanup());

  test('both files are reported, each naming the other; the card is not safe to format', () => {
    for (const rel of TWINS) {
      const f = first.files.find((x) => x.relativePath === rel)!;
      expect(f.error).toMatch(/collides/);
      expect(f.error).toContain(TWINS.find((t) => t !== rel)!);
    }
    expect(first.safeToFormat).toBe(false);
  });

  test('neither is copied anywhere; the others are verified and byte-identical', () => {
    for (const d of ws.dests) {
      for (const rel of TWINS) expect(copiesOn(first, d).get(rel)?.status ?? 'not copied').not.toMatch(/verified/);
      expectHonestDestination(d, ws.digests, { files: OTHERS });
      expect(verifiedInCatalog(ws.station!.db, d).sort()).toEqual(OTHERS);
    }
    expectHonestCatalog(ws.station!.db, ws.digests);
  });

  test('after renaming one of them on the card, the same offload completes without rewriting the others', async () => {
    const before = identitiesOn(ws.dests, OTHERS);
    renameSync(join(ws.card, 'a.wav'), join(ws.card, 'a_2.wav'));
    utimesSync(ws.card, CARD_MTIME, CARD_MTIME);
    const second = await ws.station!.run(ws.card, ws.dests);
    expect(second.safeToFormat).toBe(true);
    const now = digestTree(ws.card);
    for (const d of ws.dests) {
      expect(statusesOn(second, d)).toEqual({ 'A.WAV': 'verified', 'a_2.wav': 'verified', 'B01.WAV': 'skipped-verified', 'SUB/C01.WAV': 'skipped-verified' });
      expectUntouched(d, before[d]!);
      expectHonestDestination(d, now);
    }
    expectHonestCatalog(ws.station!.db, now);
  });
});

describe('a destination that is the card, inside it, or whose roll folder would be the card', () => {
  const FILES: Record<string, number> = { 'A01.WAV': 2 * MiB + 1, 'SUB/A02.WAV': MiB + 3, 'A03.WAV': 3 * MiB };
  const ALL = Object.keys(FILES).sort();
  // card: where the card sits relative to the job's folder; bad: the wrong destination, relative to the same folder
  const CASES = [
    { name: 'the card itself', card: 'CARD11', bad: 'CARD11', reason: /the card itself or inside it/ },
    { name: 'a folder inside the card', card: 'CARD11', bad: 'CARD11/SUB', reason: /the card itself or inside it/ },
    // The card was mounted where the roll folder would go: <outer>/P/2026-11-23/A001 is the card.
    { name: 'a folder whose roll folder is the card', card: 'outer/P/2026-11-23/A001', bad: 'outer', reason: /overlaps the card/ },
  ];

  describe.each(CASES)('$name', ({ card: cardRel, bad: badRel, reason }) => {
    let ws: FaultWorkspace;
    let good: string;
    let bad: string;
    let first: OffloadSummary;

    beforeAll(async () => {
      ws = faultWorkspace('overlap', { card: cardRel, files: FILES, dests: ['good'] });
      good = ws.dests[0]!;
      bad = ws.at(badRel);
      first = await ws.openStation().run(ws.card, [good, bad]);
    });
    afterAll(() => ws?.cleanup());

    test('the destination is refused with a clear reason; the card is not safe to format', () => {
      const d = first.destinations.find((x) => x.root === bad)!;
      expect(d.error).toMatch(reason);
      expect(d.filesVerified).toBe(0);
      expect(first.safeToFormat).toBe(false);
    });

    test('nothing on the card was written, added or changed', () => {
      expect(walkFiles(ws.card, { includeAscmhl: true })).toEqual(ALL);
      expect(digestTree(ws.card)).toEqual(ws.digests);
    });

    test('the other destination completes: every file verified and byte-identical', () => {
      expect(statusesOn(first, good)).toEqual(allAs(ALL, 'verified'));
      expectHonestDestination(good, ws.digests);
      expectHonestCatalog(ws.station!.db, ws.digests);
    });

    test('with a proper second destination, the same card completes without rewriting the first', async () => {
      const before = identities(rollFolder(good), ALL);
      const proper = ws.at('proper');
      mkdirSync(proper);
      const second = await ws.station!.run(ws.card, [good, proper]);
      expect(second.safeToFormat).toBe(true);
      expect(statusesOn(second, good)).toEqual(allAs(ALL, 'skipped-verified'));
      expect(statusesOn(second, proper)).toEqual(allAs(ALL, 'verified'));
      expectUntouched(good, before);
      expectHonestDestination(proper, ws.digests);
      expect(digestTree(ws.card)).toEqual(ws.digests);
    });
  });
});
