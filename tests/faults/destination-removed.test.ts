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
import type { OffloadSummary } from '../../shared/offload';
import { describeWhen, needs } from '../support/fault-env';
import { allAs, expectHonestCatalog, expectHonestDestination, expectUntouched, faultWorkspace, type FaultWorkspace } from '../support/fault-setup';
import { copiesOn, destinationProblems, finalFiles, identities, MiB, rollFolder, statusesOn, verifiedInCatalog, whenever } from '../support/offload-harness';

const FILES: Record<string, number> = Object.fromEntries(
  Array.from({ length: 10 }, (_, i) => [`${i < 5 ? '' : 'SUB/'}C${String(i + 1).padStart(2, '0')}.WAV`, 12 * MiB + i * 4099]),
);
const ALL = Object.keys(FILES).sort();
const REMOVED = /disappeared|removed|unmounted|changed device|not available/;

/**
 * Runs the offload to `good` and `victim`, calls `remove` once two files are published on the victim, and says
 * whether it did. The summary and the removal are what both shapes below judge.
 */
async function runRemovingAfterTwo(ws: FaultWorkspace, good: string, victim: string, remove: () => void): Promise<{ first: OffloadSummary; removed: boolean }> {
  const result = ws.openStation().run(ws.card, [good, victim]);
  const removed = await whenever(() => finalFiles(rollFolder(victim)).length >= 2, remove, result);
  return { first: await result, removed };
}

/** The two checks both shapes share: the removal landed while files were still to copy, and the other destination completed. */
function removalLandedAndOtherCompleted(what: string, get: () => { ws: FaultWorkspace; good: string; first: OffloadSummary; removed: boolean; published: string[] }): void {
  test(`the ${what} while the job still had files to copy`, () => {
    const { removed, published } = get();
    expect(removed).toBe(true);
    expect(published.length).toBeLessThan(ALL.length - 2);
  });

  test('the other destination completes: every file verified and byte-identical', () => {
    const { ws, good, first } = get();
    expect(first.safeToFormat).toBe(false);
    expect(statusesOn(first, good)).toEqual(allAs(ALL, 'verified'));
    expectHonestDestination(good, ws.digests);
  });
}

describeWhen(needs({ mount: true }), 'destination removed mid-job', () => {
  describe('drive unplugged (umount -l of the mounted destination)', () => {
    let ws: FaultWorkspace;
    let good: string;
    let drive: string; // the destination path the DIT gave: a mount point
    let store: string; // the drive's own filesystem, still reachable after the unplug
    let first: OffloadSummary;
    let published: string[] = []; // what reached the drive, by any path, before it went away
    let unplugged = false;
    const inStore = (p: string): string => (p.startsWith(drive + '/') ? store + p.slice(drive.length) : p);

    beforeAll(async () => {
      ws = faultWorkspace('unplug', { card: 'CARD04', files: FILES, dests: ['good', 'drive'], folders: ['store'] });
      [good, drive] = ws.dests as [string, string];
      store = ws.at('store');
      ws.mounts.tmpfs(store, '512m');
      ws.mounts.bind(store, drive);
      ({ first, removed: unplugged } = await runRemovingAfterTwo(ws, good, drive, () => ws.mounts.detach(drive)));
      published = finalFiles(rollFolder(store));
    });
    afterAll(() => ws?.cleanup());

    removalLandedAndOtherCompleted('drive was unplugged', () => ({ ws, good, first, removed: unplugged, published }));

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
      const verified = verifiedInCatalog(ws.station!.db, drive);
      for (const rel of verified) expect(published).toContain(rel);
      expectHonestCatalog(ws.station!.db, ws.digests, inStore);
      // Everything the drive holds under a final name is the card's bytes.
      expect(destinationProblems(rollFolder(store), ws.digests).filter((p) => !p.startsWith('partial'))).toEqual([]);
    });

    test('nothing is recreated under the empty mount point on the system disk', () => {
      expect(readdirSync(drive)).toEqual([]);
    });

    test('with the drive back, the same offload finishes without rewriting what was verified', async () => {
      const verifiedBefore = verifiedInCatalog(ws.station!.db, drive);
      const before = identities(rollFolder(store), verifiedBefore);
      const goodBefore = identities(rollFolder(good), ALL);
      rmSync(drive, { recursive: true, force: true }); // whatever the job left on the system disk goes (see test above)
      mkdirSync(drive);
      ws.mounts.bind(store, drive);
      const second = await ws.station!.run(ws.card, [good, drive]);
      expect(second.safeToFormat).toBe(true);
      expect(statusesOn(second, good)).toEqual(allAs(ALL, 'skipped-verified'));
      for (const rel of verifiedBefore) expect(copiesOn(second, drive).get(rel)?.status).toBe('skipped-verified');
      expectUntouched(store, before);
      expectUntouched(good, goodBefore);
      expectHonestDestination(drive, ws.digests, { files: ALL });
      expectHonestCatalog(ws.station!.db, ws.digests);
    });
  });

  describe('destination folder deleted', () => {
    let ws: FaultWorkspace;
    let good: string;
    let doomed: string;
    let first: OffloadSummary;
    let gone: string; // where the folder went: read after the job to know exactly what reached it
    let published: string[] = [];
    let removed = false;

    beforeAll(async () => {
      ws = faultWorkspace('rmrf', { card: 'CARD05', files: FILES, dests: ['good', 'doomed'] });
      [good, doomed] = ws.dests as [string, string];
      gone = ws.at('gone');
      ({ first, removed } = await runRemovingAfterTwo(ws, good, doomed, () => renameSync(doomed, gone)));
      published = finalFiles(rollFolder(gone));
    });
    afterAll(() => ws?.cleanup());

    removalLandedAndOtherCompleted('folder was deleted', () => ({ ws, good, first, removed, published }));

    test('the deleted destination is reported, its later files failed, and nothing verified after the deletion', () => {
      expect(first.destinations.find((x) => x.root === doomed)!.error).toMatch(REMOVED);
      const copies = copiesOn(first, doomed);
      for (const rel of ALL.filter((f) => !published.includes(f))) {
        expect({ rel, status: copies.get(rel)?.status }).toEqual({ rel, status: 'failed' });
      }
      for (const rel of verifiedInCatalog(ws.station!.db, doomed)) expect(published).toContain(rel);
      // What it called verified was the card's bytes (read where the folder went).
      const inGone = (p: string): string => (p.startsWith(doomed + '/') ? gone + p.slice(doomed.length) : p);
      expectHonestCatalog(ws.station!.db, ws.digests, inGone);
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
      const second = await ws.station!.run(ws.card, [good, doomed]);
      expect(second.safeToFormat).toBe(true);
      expect(statusesOn(second, good)).toEqual(allAs(ALL, 'skipped-verified'));
      expect(statusesOn(second, doomed)).toEqual(allAs(ALL, 'verified'));
      expectUntouched(good, goodBefore);
      expectHonestDestination(doomed, ws.digests);
      expectHonestCatalog(ws.station!.db, ws.digests);
    });
  });
});
