/**
 * A read-only destination (a tmpfs remounted read-only: what a drive with a locked switch or a filesystem the kernel
 * flipped to read-only after errors looks like). Two shapes: a new drive (the roll folder cannot even be created)
 * and a drive that already holds the roll folder from an earlier card (every file create fails). Either way every
 * file is reported failed there with "read-only", the other destination completes, and once the drive is writable
 * again the same offload finishes without touching what was verified.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { OffloadSummary } from '../../shared/offload';
import { describeWhen, needs } from '../support/fault-env';
import { allAs, expectHonestCatalog, expectHonestDestination, expectUntouched, faultWorkspace, type FaultWorkspace } from '../support/fault-setup';
import { copiesOn, identities, MiB, rollFolder, statusesOn, verifiedInCatalog, walkFiles, type Identity } from '../support/offload-harness';

const FILES: Record<string, number> = { 'B01.WAV': 3 * MiB + 1, 'B02.WAV': 5 * MiB + 7, 'B03.WAV': MiB, 'SUB/B04.WAV': 2 * MiB + 3 };
const ALL = Object.keys(FILES).sort();

describeWhen(needs({ mount: true }), 'read-only destination', () => {
  describe.each([
    { shape: 'new drive: the roll folder cannot be created', preCreateRoll: false },
    { shape: 'the roll folder already exists: every file create fails', preCreateRoll: true },
  ])('$shape', ({ preCreateRoll }) => {
    let ws: FaultWorkspace;
    let good: string;
    let ro: string;
    let first: OffloadSummary;
    let before: Record<string, Identity>;

    beforeAll(async () => {
      ws = faultWorkspace('readonly', { card: 'CARD03', files: FILES, dests: ['good', 'ro'] });
      [good, ro] = ws.dests as [string, string];
      ws.mounts.tmpfs(ro, '64m');
      if (preCreateRoll) mkdirSync(join(rollFolder(ro), 'SUB'), { recursive: true });
      ws.mounts.remount(ro, 'ro');
      first = await ws.openStation().run(ws.card, [good, ro]);
      before = identities(rollFolder(good), ALL);
    });
    afterAll(() => ws?.cleanup());

    test('not safe to format; the writable destination completes, every file verified and byte-identical', () => {
      expect(first.safeToFormat).toBe(false);
      expect(statusesOn(first, good)).toEqual(allAs(ALL, 'verified'));
      expectHonestDestination(good, ws.digests, { files: ALL });
    });

    test('the read-only destination is reported as read-only', () => {
      const d = first.destinations.find((x) => x.root === ro)!;
      const said = [d.error ?? '', ...[...copiesOn(first, ro).values()].map((c) => c?.reason ?? '')].join('\n');
      expect(said).toMatch(/read-only/);
      expect(d.filesVerified).toBe(0);
      expect(walkFiles(ro, { includeAscmhl: true })).toEqual([]);
    });

    test('every file has a failed outcome on the read-only destination that says read-only', () => {
      const copies = copiesOn(first, ro);
      for (const rel of ALL) {
        expect({ rel, status: copies.get(rel)?.status }).toEqual({ rel, status: 'failed' });
        expect(copies.get(rel)?.reason).toMatch(/read-only/);
      }
    });

    test('the catalog holds no verified copy on the read-only destination, and is intact', () => {
      expect(verifiedInCatalog(ws.station!.db, ro)).toEqual([]);
      expectHonestCatalog(ws.station!.db, ws.digests);
    });

    test('once the drive is writable, the same offload finishes without rewriting the verified copies', async () => {
      ws.mounts.remount(ro, 'rw');
      const second = await ws.station!.run(ws.card, [good, ro]);
      expect(second.verdict).toMatch(/safe to format/);
      expect(second.safeToFormat).toBe(true);
      expect(statusesOn(second, good)).toEqual(allAs(ALL, 'skipped-verified'));
      expect(statusesOn(second, ro)).toEqual(allAs(ALL, 'verified'));
      expectUntouched(good, before);
      for (const d of [good, ro]) expectHonestDestination(d, ws.digests, { files: ALL });
      expectHonestCatalog(ws.station!.db, ws.digests);
    });
  });
});
