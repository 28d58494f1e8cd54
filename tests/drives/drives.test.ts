/**
 * main/drives on real folders standing in for mount roots (never the machine's own /media or /Volumes): the
 * platform roots, the volume list (system-volume symlink, hidden folders and nested roots skipped, an unreadable
 * volume listed with its error), card recognition by content (the demo card recognised at its volume root with the
 * tape name the files carry, non-audio and garbage WAVs not, litter/hidden/symlinked/too-deep files not walked, the
 * walk bound on a 6000-file folder), and the polling watcher (added with card info, cached, removed, no overlap).
 */
import { mkdirSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { DEMO_ROLL, DEMO_TAKES, writeDemoCard } from '../../main/demo/demo-card';
import { writeBwf, type BwfMeta } from '../../main/demo/bwf-writer';
import * as listModule from '../../main/drives/list-drives';
import { listDrives, mountRoots, recogniseCard, watchDrives, type DriveChange, type DriveWatcher, type MountRoot } from '../../main/drives';
import { readWavInfo } from '../../main/wav';
import { makeTempDir } from '../support/tmp';

/** A one-track, 0.1 s BWF with bext and iXML; `tape` '' writes no tape name anywhere. */
async function writeSmallBwf(path: string, tape: string, originator = 'Zoom F8n Pro'): Promise<void> {
  const meta: BwfMeta = {
    format: { sampleRate: 48000, bitDepth: 24, sampleFormat: 'pcm' },
    tracks: [{ name: 'Boom', function: 'BOOM', channelIndex: 1 }],
    timeReference: 48000 * 3600,
    bext: {
      description: tape === '' ? [['SCENE', '1'], ['TAKE', '1']] : [['SCENE', '1'], ['TAKE', '1'], ['TAPE', tape]],
      originator,
      originatorReference: 'USZOM0000000001010000000000000',
      originationDate: '2026-01-02',
      originationTime: '10:00:00',
      codingHistory: '',
    },
    ixml: {
      project: 'TEST',
      scene: '1',
      take: '1',
      tape,
      circled: false,
      note: '',
      fileUid: `UID${path.length}`,
      timecodeRate: '25/1',
      timecodeFlag: 'NDF',
    },
  };
  await writeBwf(path, meta, 4800, [new Float32Array(4800)]);
}

/** Total size of the files under `dir` (recursive), measured independently of the code under test. */
function sizeOf(dir: string): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .reduce((sum, d) => sum + statSync(join(d.parentPath, d.name)).size, 0);
}

function nextEvent(watcher: DriveWatcher, timeoutMs: number, accept: (e: DriveChange) => boolean): Promise<DriveChange> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no matching drive event within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = watcher.onChange((e) => {
      if (!accept(e)) return;
      clearTimeout(timer);
      off();
      resolve(e);
    });
  });
}

const tmp = makeTempDir('drives');
const parent = join(tmp.dir, 'Volumes');
const cardVolume = join(parent, 'SD_CARD');
const docsVolume = join(parent, 'DOCS');
const roots: MountRoot[] = [{ kind: 'parent', path: parent }];
const demoFiles = DEMO_TAKES.flatMap((t) => t.files);

beforeAll(async () => {
  mkdirSync(cardVolume, { recursive: true });
  mkdirSync(docsVolume, { recursive: true });
  await writeDemoCard(join(cardVolume, '')); // <volume>/A001/261123/*.WAV
  writeFileSync(join(docsVolume, 'budget.xlsx'), randomBytes(2000));
  mkdirSync(join(docsVolume, 'photos'));
  writeFileSync(join(docsVolume, 'photos', 'IMG_0001.JPG'), randomBytes(5000));
  symlinkSync('/', join(parent, 'Macintosh HD')); // the macOS system volume
  mkdirSync(join(parent, '.timemachine'));
  writeFileSync(join(parent, 'not-a-volume.txt'), 'x');
  symlinkSync(join(tmp.dir, 'nowhere'), join(parent, 'dangling'));
});
afterAll(() => tmp.cleanup());

describe('mountRoots', () => {
  test('SOUNDROLL_MOUNT_ROOTS adds absolute parent folders after the platform ones (relative ones are ignored)', () => {
    expect(mountRoots('darwin', { SOUNDROLL_MOUNT_ROOTS: '/srv/cards::relative:/mnt/reader ' })).toEqual([
      { kind: 'parent', path: '/Volumes' },
      { kind: 'parent', path: '/srv/cards' },
      { kind: 'parent', path: '/mnt/reader' },
    ]);
    expect(mountRoots('win32', { SystemDrive: 'C:', SOUNDROLL_MOUNT_ROOTS: 'E:\\Cards;rel' }).at(-1)).toEqual({ kind: 'parent', path: 'E:\\Cards' });
  });

  it('is /Volumes on macOS', () => {
    expect(mountRoots('darwin', { USER: 'alice' })).toEqual([{ kind: 'parent', path: '/Volumes' }]);
  });

  it('is the udisks, direct, Fedora and manual mount folders on Linux', () => {
    expect(mountRoots('linux', { USER: 'alice' })).toEqual([
      { kind: 'parent', path: '/media/alice' },
      { kind: 'parent', path: '/media' },
      { kind: 'parent', path: '/run/media/alice' },
      { kind: 'parent', path: '/mnt' },
    ]);
    expect(mountRoots('linux', { LOGNAME: 'bob' }).map((r) => r.path)).toContain('/run/media/bob');
  });

  it('leaves out the per-user folders without a usable user name', () => {
    expect(mountRoots('linux', {}).map((r) => r.path)).toEqual(['/media', '/mnt']);
    expect(mountRoots('linux', { USER: '../etc' }).map((r) => r.path)).toEqual(['/media', '/mnt']);
  });

  it('is the drive letters D: to Z: on Windows, each a drive, without the system drive', () => {
    const r = mountRoots('win32', {});
    expect(r).toHaveLength(23);
    expect(r[0]).toEqual({ kind: 'drive', path: 'D:\\' });
    expect(r[22]).toEqual({ kind: 'drive', path: 'Z:\\' });
    expect(r.every((x) => x.kind === 'drive')).toBe(true);
    const onE = mountRoots('win32', { SystemDrive: 'E:' }).map((x) => x.path);
    expect(onE).toHaveLength(22);
    expect(onE).not.toContain('E:\\');
  });
});

describe('listDrives', () => {
  it('lists each volume folder with its space, skipping the system symlink, hidden folders, files and dangling links', async () => {
    const drives = await listDrives(roots);
    expect(drives.map((d) => d.name)).toEqual(['DOCS', 'SD_CARD']);
    expect(drives.map((d) => d.path)).toEqual([docsVolume, cardVolume]);
    for (const d of drives) {
      expect(d.error).toBeUndefined();
      expect(d.totalBytes).toBeGreaterThan(0);
      expect(d.freeBytes).toBeGreaterThanOrEqual(0);
      expect(d.freeBytes!).toBeLessThanOrEqual(d.totalBytes!);
    }
  });

  it('never reports one mount root as a volume of another (/media/$USER inside /media)', async () => {
    const media = join(tmp.dir, 'media');
    mkdirSync(join(media, 'alice', 'USB_STICK'), { recursive: true });
    mkdirSync(join(media, 'CARD_DIRECT'), { recursive: true });
    const drives = await listDrives([
      { kind: 'parent', path: join(media, 'alice') },
      { kind: 'parent', path: media },
    ]);
    expect(drives.map((d) => d.path)).toEqual([join(media, 'alice', 'USB_STICK'), join(media, 'CARD_DIRECT')]);
  });

  it('skips roots and drive letters that do not exist, lists a drive that does', async () => {
    expect(await listDrives([{ kind: 'parent', path: join(tmp.dir, 'no-such-root') }])).toEqual([]);
    const drives = await listDrives([
      { kind: 'drive', path: join(tmp.dir, 'no-such-drive') },
      { kind: 'drive', path: docsVolume },
    ]);
    expect(drives).toHaveLength(1);
    expect(drives[0]).toMatchObject({ path: docsVolume, name: docsVolume });
    expect(drives[0]!.totalBytes).toBeGreaterThan(0);
  });

  it('lists an unreadable volume with its error instead of failing the list', async () => {
    const loop = join(tmp.dir, 'loop');
    symlinkSync(loop, loop); // stat fails with ELOOP: there, but unreadable
    const drives = await listDrives([{ kind: 'drive', path: loop }, ...roots]);
    expect(drives).toHaveLength(3);
    expect(drives[0]).toMatchObject({ path: loop, freeBytes: null, totalBytes: null, error: expect.stringContaining('ELOOP') });
    expect(drives.slice(1).map((d) => d.name)).toEqual(['DOCS', 'SD_CARD']);
  });
});

describe('recogniseCard', () => {
  it('recognises the demo card at its volume root, with the tape name and recorder its files carry', async () => {
    // What the demo writes, checked with the reader itself: the roll must come from the files, not a folder name.
    const first = await readWavInfo(join(cardVolume, DEMO_ROLL, ...demoFiles[0]!.split('/')));
    expect(first.ixml?.tape).toBe(DEMO_ROLL);

    const card = await recogniseCard(cardVolume);
    expect(card).toEqual({
      path: cardVolume,
      recorder: 'Sound Devices',
      roll: DEMO_ROLL,
      rollSource: 'metadata',
      wavFiles: demoFiles.length,
      bytes: sizeOf(cardVolume),
      sampleWavs: demoFiles.length,
      unreadable: 0,
      withMetadata: demoFiles.length,
      truncated: false,
    });
    expect(demoFiles.length).toBe(21);
  });

  it('is null for a volume without WAVs, an empty folder, a file and a missing path', async () => {
    const empty = join(tmp.dir, 'empty');
    mkdirSync(empty);
    expect(await recogniseCard(docsVolume)).toBeNull();
    expect(await recogniseCard(empty)).toBeNull();
    expect(await recogniseCard(join(docsVolume, 'budget.xlsx'))).toBeNull();
    expect(await recogniseCard(join(tmp.dir, 'missing'))).toBeNull();
  });

  it('counts random bytes named .WAV as unreadable, and a folder of only those is not a card', async () => {
    const junkOnly = join(tmp.dir, 'JUNK_ONLY');
    mkdirSync(junkOnly);
    writeFileSync(join(junkOnly, 'A.WAV'), randomBytes(100_000));
    writeFileSync(join(junkOnly, 'B.wav'), Buffer.alloc(0));
    await expect(recogniseCard(junkOnly)).resolves.toBeNull();

    const mixed = join(tmp.dir, 'MIXED');
    mkdirSync(join(mixed, 'DAY1'), { recursive: true });
    await writeSmallBwf(join(mixed, 'DAY1', 'S01T01.WAV'), 'R7');
    writeFileSync(join(mixed, 'DAY1', 'S01T02.WAV'), randomBytes(100_000));
    writeFileSync(join(mixed, 'DAY1', 'S01T03.wav'), Buffer.from('RIFF\xff\xff\xff\xffWAVEfmt ', 'latin1'));
    const card = await recogniseCard(mixed);
    expect(card).toMatchObject({ roll: 'R7', rollSource: 'metadata', recorder: 'Zoom F8n Pro', wavFiles: 3, sampleWavs: 3, unreadable: 2, withMetadata: 1 });
    expect(card!.bytes).toBe(sizeOf(mixed));
  });

  it('offers the card folder name as roll when the files carry no tape name', async () => {
    const volume = join(tmp.dir, 'ROLL_B12');
    mkdirSync(volume);
    await writeSmallBwf(join(volume, 'T001.BWF'), '');
    expect((await readWavInfo(join(volume, 'T001.BWF'))).ixml?.tape ?? '').toBe('');
    expect(await recogniseCard(volume)).toMatchObject({ roll: 'ROLL_B12', rollSource: 'folder', wavFiles: 1, unreadable: 0 });
  });

  it('walks three folder levels, skips OS litter, hidden folders and symlinks', async () => {
    const v = join(tmp.dir, 'WALK');
    mkdirSync(join(v, 'a', 'b', 'c', 'd'), { recursive: true });
    await writeSmallBwf(join(v, 'a', 'b', 'c', 'deep3.wav'), 'W1');
    await writeSmallBwf(join(v, 'a', 'b', 'c', 'd', 'deep4.wav'), 'W1');
    for (const litter of ['.Trashes', 'System Volume Information', '$RECYCLE.BIN', '.hidden']) {
      mkdirSync(join(v, litter));
      await writeSmallBwf(join(v, litter, 'x.WAV'), 'LITTER');
    }
    writeFileSync(join(v, 'a', '._deep3.wav'), randomBytes(4096)); // AppleDouble
    symlinkSync(join(cardVolume, DEMO_ROLL), join(v, 'link-to-card')); // a folder symlink: not followed
    symlinkSync(join(v, 'a', 'b', 'c', 'deep3.wav'), join(v, 'link.wav')); // a file symlink: not opened
    const card = await recogniseCard(v);
    expect(card).toMatchObject({ roll: 'W1', wavFiles: 1, sampleWavs: 1, unreadable: 0, truncated: false });
    expect(await recogniseCard(v, { maxDepth: 4 })).toMatchObject({ wavFiles: 2 });
    expect(await recogniseCard(v, { maxDepth: 2 })).toBeNull();
  });

  it('keeps the walk bounded: a folder of 6000 files returns promptly with wavFiles capped and 24 headers read', async () => {
    const v = join(tmp.dir, 'BIG');
    mkdirSync(join(v, 'FLOOD'), { recursive: true });
    await writeSmallBwf(join(v, 'REAL.WAV'), 'BIG1');
    for (let i = 0; i < 6000; i++) writeFileSync(join(v, 'FLOOD', `F${String(i).padStart(5, '0')}.WAV`), '');
    const t0 = Date.now();
    const card = await recogniseCard(v);
    const ms = Date.now() - t0;
    expect(card).not.toBeNull();
    expect(card!.truncated).toBe(true);
    expect(card!.wavFiles).toBeLessThanOrEqual(5000);
    expect(card!.wavFiles).toBeGreaterThan(4000);
    expect(card!.sampleWavs).toBe(24);
    expect(card!.unreadable).toBe(23);
    expect(card!.roll).toBe('BIG1');
    expect(ms).toBeLessThan(10_000);
    expect(await recogniseCard(v, { maxEntries: 100 })).toMatchObject({ wavFiles: 99, truncated: true }); // 2 root entries + 98
  });

  it('refuses nonsense limits', async () => {
    await expect(recogniseCard(cardVolume, { maxHeaders: -1 })).rejects.toThrow(RangeError);
  });
});

describe('watchDrives', () => {
  let watcher: DriveWatcher | undefined;
  afterEach(async () => {
    await watcher?.close();
    watcher = undefined;
    jest.restoreAllMocks();
  });

  it('reports the volumes present at start as added, with their cards, and never the system symlink', async () => {
    watcher = watchDrives({ roots, intervalMs: 50 });
    const first = nextEvent(watcher, 10_000, () => true);
    const e = await first;
    expect(e.removed).toEqual([]);
    expect(e.added.map((d) => d.name)).toEqual(['DOCS', 'SD_CARD']);
    expect(e.added.find((d) => d.name === 'SD_CARD')!.card).toMatchObject({ roll: DEMO_ROLL, recorder: 'Sound Devices' });
    expect(e.added.find((d) => d.name === 'DOCS')!.card).toBeNull();
    expect(watcher.current().map((d) => d.name)).toEqual(['DOCS', 'SD_CARD']);
  });

  it('sees a volume appear within a few polls, recognises it once, and sees it go', async () => {
    const root = join(tmp.dir, 'watch-root');
    mkdirSync(root);
    symlinkSync('/', join(root, 'Macintosh HD'));
    watcher = watchDrives({ roots: [{ kind: 'parent', path: root }], intervalMs: 50 });
    await watcher.refresh();
    expect(watcher.current()).toEqual([]);

    const volume = join(root, 'F8_CARD');
    mkdirSync(join(volume, 'PROJ', 'DAY1'), { recursive: true });
    await writeSmallBwf(join(volume, 'PROJ', 'DAY1', 'S01-T01.WAV'), 'ROLL9');
    const added = await nextEvent(watcher, 10_000, (e) => e.added.length > 0); // by the timer, no refresh
    expect(added.removed).toEqual([]);
    expect(added.added).toHaveLength(1);
    expect(added.added[0]).toMatchObject({ path: volume, name: 'F8_CARD', card: { path: volume, roll: 'ROLL9', recorder: 'Zoom F8n Pro', wavFiles: 1 } });
    expect(added.drives.map((d) => d.path)).toEqual([volume]);

    // Cached while mounted: a later poll keeps the same card object, even though the content changed.
    const card = watcher.current()[0]!.card;
    await writeSmallBwf(join(volume, 'PROJ', 'DAY1', 'S01-T02.WAV'), 'ROLL9');
    await watcher.refresh();
    await watcher.refresh();
    expect(watcher.current()[0]!.card).toBe(card);
    expect(card!.wavFiles).toBe(1);

    const gone = nextEvent(watcher, 10_000, (e) => e.removed.length > 0);
    rmSync(volume, { recursive: true });
    await watcher.refresh();
    const removed = await gone;
    expect(removed.added).toEqual([]);
    expect(removed.removed.map((d) => d.path)).toEqual([volume]);
    expect(removed.drives).toEqual([]);
    expect(watcher.current()).toEqual([]);
  });

  it('recognises again after a volume was removed and came back', async () => {
    const root = join(tmp.dir, 'watch-again');
    mkdirSync(join(root, 'CARD'), { recursive: true });
    await writeSmallBwf(join(root, 'CARD', 'A.WAV'), 'FIRST');
    watcher = watchDrives({ roots: [{ kind: 'parent', path: root }], intervalMs: 60_000 });
    await watcher.refresh();
    expect(watcher.current()[0]!.card?.roll).toBe('FIRST');
    rmSync(join(root, 'CARD'), { recursive: true });
    await watcher.refresh();
    mkdirSync(join(root, 'CARD'));
    await writeSmallBwf(join(root, 'CARD', 'A.WAV'), 'SECOND');
    await watcher.refresh();
    expect(watcher.current()[0]!.card?.roll).toBe('SECOND');
  });

  it('leaves card null when asked not to recognise', async () => {
    watcher = watchDrives({ roots, intervalMs: 60_000, recognise: false });
    await watcher.refresh();
    expect(watcher.current().map((d) => [d.name, d.card])).toEqual([
      ['DOCS', null],
      ['SD_CARD', null],
    ]);
  });

  it('never runs two polls at once, however often refresh is called', async () => {
    const real = listModule.listDrives;
    let inFlight = 0;
    let maxInFlight = 0;
    let calls = 0;
    jest.spyOn(listModule, 'listDrives').mockImplementation(async (r, o) => {
      calls++;
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      await new Promise((res) => setTimeout(res, 30));
      try {
        return await real(r, o);
      } finally {
        inFlight--;
      }
    });
    watcher = watchDrives({ roots, intervalMs: 5, recognise: false });
    await Promise.all([watcher.refresh(), watcher.refresh(), watcher.refresh(), watcher.refresh()]);
    await new Promise((res) => setTimeout(res, 200)); // timer polls too
    await watcher.refresh();
    expect(calls).toBeGreaterThanOrEqual(3);
    expect(maxInFlight).toBe(1);
  });

  it('stops polling and reporting once closed', async () => {
    const root = join(tmp.dir, 'watch-close');
    mkdirSync(root);
    watcher = watchDrives({ roots: [{ kind: 'parent', path: root }], intervalMs: 20 });
    await watcher.refresh();
    const events: DriveChange[] = [];
    watcher.onChange((e) => events.push(e));
    await watcher.close();
    mkdirSync(join(root, 'LATE'));
    await watcher.refresh();
    await new Promise((res) => setTimeout(res, 150));
    expect(events).toEqual([]);
    expect(watcher.current()).toEqual([]);
  });
});
