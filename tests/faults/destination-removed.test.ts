/**
 * A destination removed in the middle of a job. Two real shapes:
 * - a drive unplugged: the destination is a mount (a tmpfs "drive" bind-mounted at the destination path) that is
 *   lazily unmounted (`umount -l`) once two files are on it. Open handles keep working, paths fall through to the
 *   empty mount point on the system disk. The drive's bytes stay readable through the tmpfs, so the catalog's
 *   "verified" can still be checked against the disk.
 * - a folder deleted: a plain destination folder moved away at the same moment (one atomic rename, so the test
 *   knows exactly what reached the folder before it vanished) and then deleted.
 * The job must carry on with the other destination, report the removed one, and never recreate the removed root
 * (or anything under the empty mount point): a drive that is gone must not turn into folders on the system disk.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { OffloadSummary } from '../../shared/offload';
import { describeWhen, Mounts, needs } from '../support/fault-env';
import {
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
  whenever,
  writeRandomCard,
  type Station,
} from '../support/offload-harness';
import { makeTempDir } from '../support/tmp';

const FILES: Record<string, number> = Object.fromEntries(
  Array.from({ length: 10 }, (_, i) => [`${i < 5 ? '' : 'SUB/'}C${String(i + 1).padStart(2, '0')}.WAV`, 12 * MiB + i * 4099]),
);
const ALL = Object.keys(FILES).sort();
const REMOVED = /disappeared|removed|unmounted|changed device|not available/;

describeWhen(needs({ mount: true }), 'destination removed mid-job', () => {
  describe('drive unplugged (umount -l of the mounted destination)', () => {
    const mounts = new Mounts();
    let tmp: ReturnType<typeof makeTempDir>;
    let card: string;
    let good: string;
    let drive: string; // the destination path the DIT gave: a mount point
    let store: string; // the drive's own filesystem, still reachable after the unplug
    let station: Station;
    let first: OffloadSummary;
    let digests: Map<string, string>;
    let published: string[] = []; // what reached the drive, by any path, before it went away
    let unplugged = false;
    const inStore = (p: string): string => (p.startsWith(drive + '/') ? store + p.slice(drive.length) : p);

    beforeAll(async () => {
      tmp = makeTempDir('unplug');
      card = join(tmp.dir, 'CARD04');
      good = join(tmp.dir, 'good');
      drive = join(tmp.dir, 'drive');
      store = join(tmp.dir, 'store');
      for (const d of [good, drive, store]) mkdirSync(d);
      writeRandomCard(card, FILES);
      digests = digestTree(card);
      mounts.tmpfs(store, '512m');
      mounts.bind(store, drive);
      station = openStation(join(tmp.dir, 'catalog.sqlite'));
      const result = station.run(card, [good, drive]);
      unplugged = await whenever(
        () => finalFiles(rollFolder(drive)).length >= 2,
        () => mounts.detach(drive),
        result,
      );
      first = await result;
      published = finalFiles(rollFolder(store));
    });
    afterAll(() => {
      station?.close();
      mounts.releaseAll();
      tmp?.cleanup();
    });

    test('the drive was unplugged while the job still had files to copy', () => {
      expect(unplugged).toBe(true);
      expect(published.length).toBeLessThan(ALL.length - 2);
    });

    test('the other destination completes: every file verified and byte-identical', () => {
      expect(first.safeToFormat).toBe(false);
      expect(statusesOn(first, good)).toEqual(Object.fromEntries(ALL.map((f) => [f, 'verified'])));
      expect(destinationProblems(rollFolder(good), digests)).toEqual([]);
    });

    test('the unplugged drive is reported, and the files it did not get are named as failed', () => {
      const d = first.destinations.find((x) => x.root === drive)!;
      expect(d.error).toMatch(REMOVED);
      const copies = copiesOn(first, drive);
      const notThere = ALL.filter((f) => !published.includes(f));
      for (const rel of notThere) {
        expect({ rel, status: copies.get(rel)?.status }).toEqual({ rel, status: 'failed' });
        expect(copies.get(rel)?.reason).toBeTruthy();
      }
    });

    test('the catalog calls verified only copies whose bytes are on the drive, identical', () => {
      const verified = verifiedInCatalog(station.db, drive);
      for (const rel of verified) expect(published).toContain(rel);
      expect(catalogProblems(station.db, digests, inStore)).toEqual([]);
      // Everything the drive holds under a final name is the card's bytes.
      expect(destinationProblems(rollFolder(store), digests).filter((p) => !p.startsWith('partial'))).toEqual([]);
    });

    test('nothing is recreated under the empty mount point on the system disk', () => {
      expect(readdirSync(drive)).toEqual([]);
    });

    test('with the drive back, the same offload finishes without rewriting what was verified', async () => {
      const verifiedBefore = verifiedInCatalog(station.db, drive);
      const before = identities(rollFolder(store), verifiedBefore);
      const goodBefore = identities(rollFolder(good), ALL);
      rmSync(drive, { recursive: true, force: true }); // whatever the job left on the system disk goes (see test above)
      mkdirSync(drive);
      mounts.bind(store, drive);
      const second = await station.run(card, [good, drive]);
      expect(second.safeToFormat).toBe(true);
      expect(statusesOn(second, good)).toEqual(Object.fromEntries(ALL.map((f) => [f, 'skipped-verified'])));
      for (const rel of verifiedBefore) expect(copiesOn(second, drive).get(rel)?.status).toBe('skipped-verified');
      expect(identities(rollFolder(store), verifiedBefore)).toEqual(before);
      expect(identities(rollFolder(good), ALL)).toEqual(goodBefore);
      expect(finalFiles(rollFolder(drive))).toEqual(ALL);
      expect(destinationProblems(rollFolder(drive), digests)).toEqual([]);
      expect(catalogProblems(station.db, digests)).toEqual([]);
    });
  });

  describe('destination folder deleted', () => {
    let tmp: ReturnType<typeof makeTempDir>;
    let card: string;
    let good: string;
    let doomed: string;
    let station: Station;
    let first: OffloadSummary;
    let digests: Map<string, string>;
    let gone: string; // where the folder went: read after the job to know exactly what reached it
    let published: string[] = [];
    let removed = false;

    beforeAll(async () => {
      tmp = makeTempDir('rmrf');
      card = join(tmp.dir, 'CARD05');
      good = join(tmp.dir, 'good');
      doomed = join(tmp.dir, 'doomed');
      gone = join(tmp.dir, 'gone');
      for (const d of [good, doomed]) mkdirSync(d);
      writeRandomCard(card, FILES);
      digests = digestTree(card);
      station = openStation(join(tmp.dir, 'catalog.sqlite'));
      const result = station.run(card, [good, doomed]);
      removed = await whenever(
        () => finalFiles(rollFolder(doomed)).length >= 2,
        () => renameSync(doomed, gone),
        result,
      );
      first = await result;
      published = finalFiles(rollFolder(gone));
    });
    afterAll(() => {
      station?.close();
      tmp?.cleanup();
    });

    test('the folder was deleted while the job still had files to copy', () => {
      expect(removed).toBe(true);
      expect(published.length).toBeLessThan(ALL.length - 2);
    });

    test('the other destination completes: every file verified and byte-identical', () => {
      expect(first.safeToFormat).toBe(false);
      expect(statusesOn(first, good)).toEqual(Object.fromEntries(ALL.map((f) => [f, 'verified'])));
      expect(destinationProblems(rollFolder(good), digests)).toEqual([]);
    });

    test('the deleted destination is reported, its later files failed, and nothing verified after the deletion', () => {
      expect(first.destinations.find((x) => x.root === doomed)!.error).toMatch(REMOVED);
      const copies = copiesOn(first, doomed);
      for (const rel of ALL.filter((f) => !published.includes(f))) {
        expect({ rel, status: copies.get(rel)?.status }).toEqual({ rel, status: 'failed' });
      }
      for (const rel of verifiedInCatalog(station.db, doomed)) expect(published).toContain(rel);
      // What it called verified was the card's bytes (read where the folder went).
      const inGone = (p: string): string => (p.startsWith(doomed + '/') ? gone + p.slice(doomed.length) : p);
      expect(catalogProblems(station.db, digests, inGone)).toEqual([]);
      rmSync(gone, { recursive: true, force: true });
    });

    test('the deleted destination root is never recreated', () => {
      // (checked after the job: the folder was moved away, then deleted above)
      expect(existsSync(doomed)).toBe(false);
    });

    test('a fresh folder at the same path: the same offload completes, the other destination is not rewritten', async () => {
      const goodBefore = identities(rollFolder(good), ALL);
      rmSync(doomed, { recursive: true, force: true });
      mkdirSync(doomed);
      const second = await station.run(card, [good, doomed]);
      expect(second.safeToFormat).toBe(true);
      expect(statusesOn(second, good)).toEqual(Object.fromEntries(ALL.map((f) => [f, 'skipped-verified'])));
      expect(statusesOn(second, doomed)).toEqual(Object.fromEntries(ALL.map((f) => [f, 'verified'])));
      expect(identities(rollFolder(good), ALL)).toEqual(goodBefore);
      expect(destinationProblems(rollFolder(doomed), digests)).toEqual([]);
      expect(catalogProblems(station.db, digests)).toEqual([]);
    });
  });
});
