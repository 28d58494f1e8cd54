/**
 * Faults in the shape of the job rather than in the hardware: two card files whose names differ only by case (they
 * would merge on exFAT/NTFS/APFS), and a destination that is the card, inside the card, or whose roll folder would
 * land on the card. Nothing of the card may be written over; the rest of the job must complete.
 */
import { mkdirSync, renameSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import type { OffloadSummary } from '../../shared/offload';
import {
  CARD_MTIME,
  catalogProblems,
  copiesOn,
  destinationProblems,
  digestTree,
  finalFiles,
  identities,
  MiB,
  openStation,
  rollFolder,
  statusesOn,
  verifiedInCatalog,
  walkFiles,
  writeRandomCard,
  type Station,
} from '../support/offload-harness';
import { makeTempDir } from '../support/tmp';

describe('case-fold collision on the card (A.WAV and a.wav)', () => {
  const FILES: Record<string, number> = { 'A.WAV': MiB + 1, 'a.wav': MiB + 2, 'B01.WAV': 2 * MiB, 'SUB/C01.WAV': MiB + 3 };
  const TWINS = ['A.WAV', 'a.wav'];
  const OTHERS = ['B01.WAV', 'SUB/C01.WAV'];
  let tmp: ReturnType<typeof makeTempDir>;
  let card: string;
  let dests: string[];
  let station: Station;
  let first: OffloadSummary;
  let digests: Map<string, string>;

  beforeAll(async () => {
    tmp = makeTempDir('casefold');
    card = join(tmp.dir, 'CARD10');
    dests = [join(tmp.dir, 'd1'), join(tmp.dir, 'd2')];
    for (const d of dests) mkdirSync(d);
    writeRandomCard(card, FILES);
    digests = digestTree(card);
    station = openStation(join(tmp.dir, 'catalog.sqlite'));
    first = await station.run(card, dests);
  });
  afterAll(() => {
    station?.close();
    tmp?.cleanup();
  });

  test('both files are reported, each naming the other; the card is not safe to format', () => {
    for (const rel of TWINS) {
      const f = first.files.find((x) => x.relativePath === rel)!;
      expect(f.error).toMatch(/collides/);
      expect(f.error).toContain(TWINS.find((t) => t !== rel)!);
    }
    expect(first.safeToFormat).toBe(false);
  });

  test('neither is copied anywhere; the others are verified and byte-identical', () => {
    for (const d of dests) {
      for (const rel of TWINS) expect(copiesOn(first, d).get(rel)?.status ?? 'not copied').not.toMatch(/verified/);
      expect(finalFiles(rollFolder(d))).toEqual(OTHERS);
      expect(destinationProblems(rollFolder(d), digests)).toEqual([]);
      expect(verifiedInCatalog(station.db, d).sort()).toEqual(OTHERS);
    }
    expect(catalogProblems(station.db, digests)).toEqual([]);
  });

  test('after renaming one of them on the card, the same offload completes without rewriting the others', async () => {
    const before = Object.fromEntries(dests.map((d) => [d, identities(rollFolder(d), OTHERS)]));
    renameSync(join(card, 'a.wav'), join(card, 'a_2.wav'));
    utimesSync(card, CARD_MTIME, CARD_MTIME);
    const second = await station.run(card, dests);
    expect(second.safeToFormat).toBe(true);
    const now = digestTree(card);
    for (const d of dests) {
      expect(statusesOn(second, d)).toEqual({ 'A.WAV': 'verified', 'a_2.wav': 'verified', 'B01.WAV': 'skipped-verified', 'SUB/C01.WAV': 'skipped-verified' });
      expect(identities(rollFolder(d), OTHERS)).toEqual(before[d]);
      expect(destinationProblems(rollFolder(d), now)).toEqual([]);
    }
    expect(catalogProblems(station.db, now)).toEqual([]);
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
    let tmp: ReturnType<typeof makeTempDir>;
    let card: string;
    let good: string;
    let bad: string;
    let station: Station;
    let first: OffloadSummary;
    let digests: Map<string, string>;

    beforeAll(async () => {
      tmp = makeTempDir('overlap');
      card = join(tmp.dir, cardRel);
      good = join(tmp.dir, 'good');
      bad = join(tmp.dir, badRel);
      mkdirSync(good);
      writeRandomCard(card, FILES);
      digests = digestTree(card);
      station = openStation(join(tmp.dir, 'catalog.sqlite'));
      first = await station.run(card, [good, bad]);
    });
    afterAll(() => {
      station?.close();
      tmp?.cleanup();
    });

    test('the destination is refused with a clear reason; the card is not safe to format', () => {
      const d = first.destinations.find((x) => x.root === bad)!;
      expect(d.error).toMatch(reason);
      expect(d.filesVerified).toBe(0);
      expect(first.safeToFormat).toBe(false);
    });

    test('nothing on the card was written, added or changed', () => {
      expect(walkFiles(card, { includeAscmhl: true })).toEqual(ALL);
      expect(digestTree(card)).toEqual(digests);
    });

    test('the other destination completes: every file verified and byte-identical', () => {
      expect(statusesOn(first, good)).toEqual(Object.fromEntries(ALL.map((f) => [f, 'verified'])));
      expect(destinationProblems(rollFolder(good), digests)).toEqual([]);
      expect(catalogProblems(station.db, digests)).toEqual([]);
    });

    test('with a proper second destination, the same card completes without rewriting the first', async () => {
      const before = identities(rollFolder(good), ALL);
      const proper = join(tmp.dir, 'proper');
      mkdirSync(proper);
      const second = await station.run(card, [good, proper]);
      expect(second.safeToFormat).toBe(true);
      expect(statusesOn(second, good)).toEqual(Object.fromEntries(ALL.map((f) => [f, 'skipped-verified'])));
      expect(statusesOn(second, proper)).toEqual(Object.fromEntries(ALL.map((f) => [f, 'verified'])));
      expect(identities(rollFolder(good), ALL)).toEqual(before);
      expect(destinationProblems(rollFolder(proper), digests)).toEqual([]);
      expect(digestTree(card)).toEqual(digests);
    });
  });
});
