/**
 * A drive that accepts writes it cannot store, made for real: an ext4 filesystem on a loop device whose backing file
 * lives on a tmpfs too small for it (what a failing or thin-provisioned drive looks like from above). Writes land in
 * the page cache and succeed; the data never reaches the "disk", and only fsync (or the kernel's own writeback)
 * reports the loss — `EXT4-fs: failed to convert unwritten extents … potential data loss`. A copy read back from the
 * page cache would look perfect. soundroll must fsync before it publishes and read back past the cache, so nothing
 * the drive lost is ever called verified; the other drive completes; and once the drive is repaired (bigger store,
 * e2fsck), the same offload finishes without rewriting what was verified.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { statfsSync } from 'node:fs';
import type { OffloadSummary } from '../../shared/offload';
import { describeWhen, needs } from '../support/fault-env';
import { allAs, expectHonestCatalog, expectHonestDestination, faultWorkspace, type FaultWorkspace } from '../support/fault-setup';
import { copiesOn, finalFiles, identities, MiB, rollFolder, statusesOn, verifiedInCatalog, type Identity } from '../support/offload-harness';

const FILES: Record<string, number> = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`T0${i + 1}.WAV`, 6 * MiB + 1000 * i]));
const ALL = Object.keys(FILES).sort();
/** Room left for data on the backing store after mkfs: about two and a half of the card's files. */
const ROOM = 15 * MiB;

const cap = needs({ mount: true, tools: ['losetup', 'mkfs.ext4', 'e2fsck'] });

describeWhen(cap, 'a drive that loses writes under the filesystem (ext4 on a loop device over a too-small store)', () => {
  let ws: FaultWorkspace;
  let healthy: string;
  let failing: string;
  let store: string;
  let loop = '';
  let first: OffloadSummary;
  let verifiedOnFailing: string[] = [];
  let beforeRepair: Record<string, Identity>;

  const sh = (cmd: string, args: string[]): string => execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const mountDrive = (): void => void sh('mount', [loop, failing]);
  const unmountDrive = (): void => void spawnSync('umount', [failing]);

  beforeAll(async () => {
    ws = faultWorkspace('failing-drive', { card: 'CARD_LOSS', files: FILES, dests: ['healthy', 'failing'], folders: ['store'] });
    [healthy, failing] = ws.dests as [string, string];
    store = ws.at('store');
    ws.mounts.tmpfs(store, '64m');
    sh('truncate', ['-s', '256M', `${store}/disk.img`]);
    loop = sh('losetup', ['-f', '--show', `${store}/disk.img`]).trim();
    sh('mkfs.ext4', ['-q', '-E', 'lazy_itable_init=0,lazy_journal_init=0', loop]);
    // Shrink the store to what mkfs used plus ROOM: the filesystem still believes it has 256 MiB.
    const st = statfsSync(store);
    const used = (st.blocks - st.bfree) * st.bsize;
    ws.mounts.remount(store, `size=${Math.ceil((used + ROOM) / MiB)}m`);
    mountDrive();
    first = await ws.openStation().run(ws.card, [healthy, failing]);
    verifiedOnFailing = verifiedInCatalog(ws.station!.db, failing).sort();
    // Read what the drive really holds, not what the page cache remembers: unmount and mount again.
    unmountDrive();
    mountDrive();
  }, 120_000);

  afterAll(() => {
    unmountDrive();
    if (loop) spawnSync('losetup', ['-d', loop]);
    ws?.cleanup();
  });

  test('the healthy drive holds every file, verified and byte-identical', () => {
    expect(statusesOn(first, healthy)).toEqual(allAs(ALL, 'verified'));
    expectHonestDestination(healthy, ws.digests, { files: ALL });
  });

  test('the failing drive: the card is not safe to format, and each lost file is named with the cause', () => {
    expect(first.safeToFormat).toBe(false);
    const failed = [...copiesOn(first, failing)].filter(([, c]) => c?.status !== 'verified');
    expect(failed.length).toBeGreaterThan(0);
    for (const [rel, c] of failed) expect([rel, c?.reason]).toEqual([rel, expect.stringMatching(/ENOSPC|EIO|EROFS|full|input\/output|read-only/)]);
  });

  test('nothing the drive lost is called verified: every verified copy reads back whole after a remount', () => {
    expect(verifiedOnFailing.length).toBeLessThan(ALL.length);
    expectHonestDestination(failing, ws.digests, { files: finalFiles(rollFolder(failing)) });
    expectHonestCatalog(ws.station!.db, ws.digests);
  });

  test('repaired (bigger store, e2fsck), the same offload finishes without rewriting the verified copies', async () => {
    beforeRepair = identities(rollFolder(failing), verifiedOnFailing);
    unmountDrive();
    ws.mounts.remount(store, 'size=300m');
    const fsck = spawnSync('e2fsck', ['-fy', loop], { encoding: 'utf8' });
    expect(fsck.status === 0 || fsck.status === 1).toBe(true); // 1: errors corrected
    mountDrive();
    const second = await ws.station!.run(ws.card, [healthy, failing]);
    expect(second.verdict).toMatch(/safe to format/);
    expect(second.safeToFormat).toBe(true);
    expect(statusesOn(second, healthy)).toEqual(allAs(ALL, 'skipped-verified'));
    expect(statusesOn(second, failing)).toEqual(Object.fromEntries(ALL.map((f) => [f, verifiedOnFailing.includes(f) ? 'skipped-verified' : 'verified'])));
    expect(identities(rollFolder(failing), verifiedOnFailing)).toEqual(beforeRepair);
    unmountDrive();
    mountDrive();
    expectHonestDestination(failing, ws.digests, { files: ALL });
    expectHonestCatalog(ws.station!.db, ws.digests);
  }, 120_000);
});
