/**
 * Destination full, for real: one destination is a 20 MiB tmpfs and the card is bigger, laid out so the drive fills
 * in the middle of the 1st, the 3rd or the last file. The healthy drive must finish; the full one must name exactly
 * the file that did not fit and say the drive is full; nothing half-written may sit under a final name; after the
 * drive is made bigger, the same offload finishes without rewriting anything that was already verified.
 */
import { readHistory } from '../../main/mhl';
import type { OffloadSummary } from '../../shared/offload';
import { describeWhen, needs } from '../support/fault-env';
import { allAs, expectHonestCatalog, expectHonestDestination, expectUntouched, faultWorkspace, type FaultWorkspace } from '../support/fault-setup';
import { copiesOn, finalFiles, identities, MiB, rollFolder, statusesOn, verifiedInCatalog, walkFiles, type Identity } from '../support/offload-harness';

const LAYOUTS: { fillsIn: string; files: Record<string, number>; overflows: string }[] = [
  {
    fillsIn: 'the 1st file',
    files: { 'A01.WAV': 22 * MiB + 4321, 'A02.WAV': 2 * MiB + 17, 'A03.WAV': 2 * MiB, 'SUB/A04.WAV': 2 * MiB + 999, 'SUB/A05.WAV': MiB + 5, 'SUB/A06.WAV': 2 * MiB },
    overflows: 'A01.WAV',
  },
  {
    fillsIn: 'the 3rd file',
    files: { 'A01.WAV': 6 * MiB + 123, 'A02.WAV': 6 * MiB + 77, 'A03.WAV': 12 * MiB + 1, 'SUB/A04.WAV': 2 * MiB, 'SUB/A05.WAV': 2 * MiB + 3, 'SUB/A06.WAV': MiB + 11 },
    overflows: 'A03.WAV',
  },
  {
    fillsIn: 'the last file',
    files: { 'A01.WAV': 4 * MiB + 1, 'A02.WAV': 4 * MiB, 'A03.WAV': 4 * MiB + 7, 'SUB/A04.WAV': 3 * MiB, 'SUB/A05.WAV': 2 * MiB + 3, 'SUB/A06.WAV': 9 * MiB + 1 },
    overflows: 'SUB/A06.WAV',
  },
];

describeWhen(needs({ mount: true }), 'destination full (20 MiB tmpfs)', () => {
  describe.each(LAYOUTS)('fills up in $fillsIn', ({ files, overflows }) => {
    let ws: FaultWorkspace;
    let healthy: string;
    let full: string;
    let first: OffloadSummary;
    let before: Record<string, Identity>;
    let beforeOnFull: Record<string, Identity>;
    const fitting = Object.keys(files).filter((f) => f !== overflows);

    beforeAll(async () => {
      ws = faultWorkspace('full', { card: 'CARD01', files, dests: ['healthy', 'full'] });
      [healthy, full] = ws.dests as [string, string];
      ws.mounts.tmpfs(full, '20m');
      first = await ws.openStation().run(ws.card, [healthy, full]);
      before = identities(rollFolder(healthy), Object.keys(files));
      beforeOnFull = identities(rollFolder(full), fitting);
    });
    afterAll(() => ws?.cleanup());

    test('the card is bigger than the drive, and the job says it is not safe to format', () => {
      expect(Object.values(files).reduce((a, b) => a + b, 0)).toBeGreaterThan(20 * MiB);
      expect(first.safeToFormat).toBe(false);
      expect(first.cancelled).toBe(false);
      expect(first.verdict).toMatch(/NOT safe to format/);
    });

    test('the healthy destination holds every file, verified and byte-identical', () => {
      expect(statusesOn(first, healthy)).toEqual(allAs(Object.keys(files), 'verified'));
      expectHonestDestination(healthy, ws.digests, { files: Object.keys(files).sort() });
      const d = first.destinations.find((x) => x.root === healthy)!;
      expect(d.error).toBeUndefined();
      expect(d.filesVerified).toBe(Object.keys(files).length);
      expect(d.filesFailed).toBe(0);
    });

    test('the full destination names exactly the file that did not fit, and says the drive is full', () => {
      const copies = copiesOn(first, full);
      const failed = [...copies].filter(([, c]) => c?.status !== 'verified').map(([rel]) => rel);
      expect(failed).toEqual([overflows]);
      const reason = copies.get(overflows)?.reason ?? '';
      expect(reason).toMatch(/full/);
      expect(reason).toMatch(/ENOSPC/);
      expect(reason).toContain(overflows.split('/').pop()!);
      const d = first.destinations.find((x) => x.root === full)!;
      expect(d.filesFailed).toBe(1);
      expect(d.filesVerified).toBe(fitting.length);
    });

    test('nothing incomplete sits under a final name on the full drive, and no partial file is left', () => {
      expectHonestDestination(full, ws.digests, { files: [...fitting].sort() });
    });

    test('the catalog marks verified only copies that are byte-identical on disk, and is intact', () => {
      expectHonestCatalog(ws.station!.db, ws.digests);
      expect(verifiedInCatalog(ws.station!.db, full).sort()).toEqual([...fitting].sort());
      expect(verifiedInCatalog(ws.station!.db, healthy).sort()).toEqual(Object.keys(files).sort());
    });

    test('each destination reports the bytes it wrote', () => {
      // Every file went whole to the healthy drive: the summary's byte count must say so.
      const total = Object.values(files).reduce((a, b) => a + b, 0);
      expect(first.destinations.find((x) => x.root === healthy)!.bytesWritten).toBe(total);
    });

    test('after the drive is made bigger, the same offload finishes without rewriting verified copies', async () => {
      ws.mounts.remount(full, 'size=200m');
      const second = await ws.station!.run(ws.card, [healthy, full]);
      expect(second.verdict).toMatch(/safe to format/);
      expect(second.safeToFormat).toBe(true);
      expect(statusesOn(second, healthy)).toEqual(allAs(Object.keys(files), 'skipped-verified'));
      expect(statusesOn(second, full)).toEqual(Object.fromEntries(Object.keys(files).map((f) => [f, f === overflows ? 'verified' : 'skipped-verified'])));
      expectUntouched(healthy, before);
      expectUntouched(full, beforeOnFull);
      expect(second.bytesRead).toBe(files[overflows]);
      for (const d of [healthy, full]) expectHonestDestination(d, ws.digests);
      expect(finalFiles(rollFolder(full))).toEqual(Object.keys(files).sort());
      expectHonestCatalog(ws.station!.db, ws.digests);
      // The history on each drive is a valid chain that lists every file of the card.
      for (const d of [healthy, full]) {
        const history = await readHistory(rollFolder(d));
        const listed = new Set(history.generations.flatMap((g) => g.files.map((f) => f.path)));
        expect([...listed].sort()).toEqual(Object.keys(files).sort());
      }
    });
  });
});

describeWhen(needs({ mount: true }), 'destination full exactly when the manifest is written (the copies fill a 20 MiB tmpfs to the byte)', () => {
  // 20 MiB of data in whole pages: every copy fits, the manifest's first byte does not.
  const files: Record<string, number> = { 'A01.WAV': 12 * MiB, 'SUB/A02.WAV': 8 * MiB };
  const all = Object.keys(files).sort();
  let ws: FaultWorkspace;
  let healthy: string;
  let full: string;
  let first: OffloadSummary;
  let before: Record<string, Record<string, Identity>>;

  beforeAll(async () => {
    ws = faultWorkspace('fullmhl', { card: 'CARD02', files, dests: ['healthy', 'full'] });
    [healthy, full] = ws.dests as [string, string];
    ws.mounts.tmpfs(full, '20m');
    first = await ws.openStation().run(ws.card, [healthy, full]);
    before = { [healthy]: identities(rollFolder(healthy), all), [full]: identities(rollFolder(full), all) };
  });
  afterAll(() => ws?.cleanup());

  test('every copy is verified on both drives, but the card is not safe to format: the full drive has no manifest', () => {
    expect(statusesOn(first, healthy)).toEqual(allAs(all, 'verified'));
    expect(statusesOn(first, full)).toEqual(allAs(all, 'verified'));
    expect(first.safeToFormat).toBe(false);
    const d = first.destinations.find((x) => x.root === full)!;
    expect(d.manifest).toBeUndefined();
    expect(d.error).toMatch(/ASC MHL manifest/);
    expect(d.error).toMatch(/ENOSPC|full/);
    expect(first.verdict).toMatch(/NOT safe to format/);
    expect(first.destinations.find((x) => x.root === healthy)!.manifest).toMatch(/ascmhl\/0001_/);
  });

  test('no half-written manifest, chain or temp file is left on the full drive', () => {
    const history = walkFiles(rollFolder(full), { includeAscmhl: true }).filter((rel) => rel.startsWith('ascmhl/'));
    expect(history).toEqual([]);
    expectHonestDestination(full, ws.digests, { files: all });
  });

  test('the catalog holds the verified copies, no manifest for the full drive, and is intact', () => {
    expectHonestCatalog(ws.station!.db, ws.digests);
    const manifests = ws.station!.db.prepare('SELECT d.root AS root FROM manifests m JOIN destinations d ON d.id = m.destination_id').all() as { root: string }[];
    expect(manifests.map((m) => m.root)).toEqual([healthy]);
  });

  test('with room made, the same offload writes the manifest without copying anything again', async () => {
    ws.mounts.remount(full, 'size=40m');
    const second = await ws.station!.run(ws.card, [healthy, full]);
    expect(second.safeToFormat).toBe(true);
    expect(second.bytesRead).toBe(0);
    for (const d of [healthy, full]) {
      expect(statusesOn(second, d)).toEqual(allAs(all, 'skipped-verified'));
      expectUntouched(d, before[d]!);
    }
    const history = await readHistory(rollFolder(full));
    expect(history.generations.map((g) => g.files.map((f) => f.path).sort())).toEqual([all]);
    expectHonestCatalog(ws.station!.db, ws.digests);
  });
});
