import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { findCollisions, splitCardPath } from '../../main/offload/relpath';
import { isSystemLitter, scanCard, type CardScan, type ScanFs, type ScanIssue } from '../../main/offload/scan';

const FIXTURE_CARD = '/work/shared/fixtures/recorders';
const fixturePresent = fs.existsSync(FIXTURE_CARD);
const isRoot = process.getuid?.() === 0;

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'soundroll-scan-'));
});
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

function put(root: string, relativePath: string, content: string | Buffer = 'take'): void {
  const abs = path.join(root, relativePath);
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  fs.writeFileSync(abs, content);
}

/** A path made of raw bytes, for names that are not UTF-8 (Node's string paths cannot express them). */
function rawPath(dir: string, ...nameBytes: number[][]): Buffer {
  return Buffer.concat([Buffer.from(dir, 'utf8'), ...nameBytes.map((b) => Buffer.concat([Buffer.from('/'), Buffer.from(b)]))]);
}

const byPath = (issues: ScanIssue[]): Record<string, string> => Object.fromEntries(issues.map((i) => [i.relativePath, i.kind]));
const utf8Sorted = (paths: string[]): string[] => [...paths].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));

describe('scanCard on a generated card', () => {
  const NFC_FOLDER = 'Sc\u00e8ne 1';
  const NFD_FOLDER = 'Sce\u0300ne 1';
  const copied = [
    'S01T01.WAV',
    '.recorder-settings', // a recorder's own dot-file: copied
    'FALSETAKES/S01T02.WAV',
    `${NFC_FOLDER}/take 2.WAV`,
    `${NFD_FOLDER}/take 2.WAV`,
    'with spaces/and  double  spaces .WAV',
    'deep/a/b/.hidden-folder/x.WAV',
    'deep/a/b/c/\u{1F3AC} clap.WAV',
  ];
  const litter = [
    '.DS_Store',
    '._S01T01.WAV',
    'Thumbs.db',
    'desktop.ini',
    'FALSETAKES/.DS_Store',
    'deep/a/._x.WAV',
    'deep/a/b/DESKTOP.INI',
    'deep/a/b/c/thumbs.db',
    '.Spotlight-V100/Store-V2/store.db',
    '.Trashes/501/deleted take.WAV',
    '.fseventsd/fseventsd-uuid',
    '.TemporaryItems/folders.501/x',
    '.DocumentRevisions-V100/db',
    'System Volume Information/IndexerVolumeGuid',
    '$RECYCLE.BIN/S-1-5-21/desktop.ini',
    'deep/a/.Trashes/501/x.WAV',
  ];
  // The litter report names the top litter entry: a litter folder is not walked.
  const litterReported = utf8Sorted([
    '.DS_Store',
    '._S01T01.WAV',
    'Thumbs.db',
    'desktop.ini',
    'FALSETAKES/.DS_Store',
    'deep/a/._x.WAV',
    'deep/a/b/DESKTOP.INI',
    'deep/a/b/c/thumbs.db',
    '.Spotlight-V100',
    '.Trashes',
    '.fseventsd',
    '.TemporaryItems',
    '.DocumentRevisions-V100',
    'System Volume Information',
    '$RECYCLE.BIN',
    'deep/a/.Trashes',
  ]);

  let card: string;
  let outside: string;
  let server: net.Server;
  let scan: CardScan;

  beforeAll(async () => {
    card = path.join(tmp, 'NO NAME');
    outside = path.join(tmp, 'outside');
    copied.forEach((p, i) => put(card, p, 'x'.repeat(100 + i)));
    litter.forEach((p) => put(card, p, 'litter'));
    put(outside, 'secret.WAV', 'not on the card');
    put(outside, 'folder/another.WAV', 'not on the card');

    fs.symlinkSync(path.join(outside, 'secret.WAV'), path.join(card, 'link-to-file.WAV'));
    fs.symlinkSync(path.join(outside, 'folder'), path.join(card, 'deep', 'link-to-folder'));
    fs.symlinkSync('/nonexistent/target', path.join(card, 'dangling'));
    execFileSync('mkfifo', [path.join(card, 'FALSETAKES', 'pipe')]);
    server = net.createServer();
    await new Promise<void>((resolve) => server.listen(path.join(card, 'sock'), resolve));

    put(card, 'bad\x01name.WAV');
    put(card, 'back\\slash.WAV');
    fs.writeFileSync(rawPath(card, [...Buffer.from('S01T03'), 0xff, ...Buffer.from('.WAV')]), 'latin-1 name');
    fs.mkdirSync(rawPath(card, [0x44, 0xe9, 0x63]));
    fs.writeFileSync(rawPath(card, [0x44, 0xe9, 0x63], [...Buffer.from('inside.WAV')]), 'under a latin-1 folder');

    scan = await scanCard(card);
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('lists exactly the regular files, sorted in byte order, with "/" paths as on the card', () => {
    expect(scan.files.map((f) => f.relativePath)).toEqual(utf8Sorted(copied));
    // The NFD folder keeps its bytes: the copy must be named as the card names it.
    expect(scan.files.some((f) => f.relativePath.startsWith(NFD_FOLDER))).toBe(true);
    expect(scan.root).toBe(card);
    expect(scan.volumeName).toBe('NO NAME');
  });

  it('records size, mtime, dev and ino as lstat sees them now', () => {
    for (const file of scan.files) {
      const st = fs.lstatSync(file.absolutePath);
      expect(file.absolutePath).toBe(path.join(card, ...file.relativePath.split('/')));
      expect(file).toMatchObject({ size: st.size, mtimeMs: st.mtimeMs, dev: st.dev, ino: st.ino });
    }
    expect(scan.totalBytes).toBe(scan.files.reduce((sum, f) => sum + f.size, 0));
    expect(scan.totalBytes).toBe(copied.reduce((sum, _p, i) => sum + 100 + i, 0));
  });

  it('skips and reports litter at every depth, and does not walk litter folders', () => {
    const reported = scan.skipped.filter((s) => s.kind === 'litter').map((s) => s.relativePath);
    expect(reported).toEqual(litterReported);
    for (const p of litter) expect(isSystemLitter(p)).toBe(true);
    for (const p of copied) expect(isSystemLitter(p)).toBe(false);
    expect(scan.skipped.find((s) => s.relativePath === '.Spotlight-V100')?.detail).toBe('macOS Spotlight index');
  });

  it('reports symlinks to files and folders without following them', () => {
    const links = scan.skipped.filter((s) => s.kind === 'symlink');
    expect(links.map((s) => s.relativePath)).toEqual(['dangling', 'deep/link-to-folder', 'link-to-file.WAV']);
    expect(links.find((s) => s.relativePath === 'link-to-file.WAV')?.detail).toContain(path.join(outside, 'secret.WAV'));
    expect(scan.files.some((f) => f.absolutePath.startsWith(outside) || f.relativePath.includes('another'))).toBe(false);
  });

  it('reports a FIFO and a socket as special', () => {
    const special = scan.skipped.filter((s) => s.kind === 'special');
    expect(special.map((s) => [s.relativePath, s.detail.split(':')[0]])).toEqual([
      ['FALSETAKES/pipe', 'FIFO (named pipe)'],
      ['sock', 'socket'],
    ]);
  });

  it('reports names that cannot be carried, instead of copying them under a mangled name', () => {
    const unsafe = scan.skipped.filter((s) => s.kind === 'unsafe-name');
    expect(byPath(unsafe)).toEqual({
      'bad\x01name.WAV': 'unsafe-name',
      'back\\slash.WAV': 'unsafe-name',
      'S01T03\ufffd.WAV': 'unsafe-name',
      'D\ufffdc': 'unsafe-name',
    });
    const detail = (p: string): string => unsafe.find((s) => s.relativePath === p)?.detail ?? '';
    expect(detail('bad\x01name.WAV')).toContain('control character U+0001');
    expect(detail('back\\slash.WAV')).toContain('"\\"');
    expect(detail('S01T03\ufffd.WAV')).toContain('not valid UTF-8 (bytes 533031543033ff2e574156)');
    expect(detail('D\ufffdc')).toContain('folder not scanned');
    expect(scan.files.some((f) => f.relativePath.includes('inside.WAV'))).toBe(false);
  });

  it('reports nothing else, and every copied path passes the card-path rules', () => {
    expect(scan.skipped).toHaveLength(litterReported.length + 3 + 2 + 4);
    expect(scan.skipped.map((s) => s.relativePath)).toEqual(utf8Sorted(scan.skipped.map((s) => s.relativePath)));
    for (const f of scan.files) expect(() => splitCardPath(f.relativePath)).not.toThrow();
  });

  it('leaves NFC/NFD twins for the planner to flag as collisions', () => {
    expect(findCollisions(scan.files.map((f) => f.relativePath))).toEqual([
      { key: 'sc\u00e8ne 1/take 2.wav', kind: 'file', paths: [`${NFD_FOLDER}/take 2.WAV`, `${NFC_FOLDER}/take 2.WAV`] },
    ]);
  });
});

describe('scanCard edge cases', () => {
  it('walks a 1,000-level tree without blowing the stack', async () => {
    const card = path.join(tmp, 'DEEP');
    const deep = Array.from({ length: 1000 }, () => 'd').join('/');
    put(card, `${deep}/bottom.WAV`, 'found');
    put(card, `${deep.slice(0, 999)}/.DS_Store`, 'litter at level 500');
    const scan = await scanCard(card);
    expect(scan.files.map((f) => f.relativePath)).toEqual([`${deep}/bottom.WAV`]);
    expect(scan.skipped).toEqual([{ relativePath: `${deep.slice(0, 999)}/.DS_Store`, kind: 'litter', detail: 'macOS Finder metadata' }]);
  });

  it('scans an empty card to nothing, with a fingerprint', async () => {
    const card = path.join(tmp, 'EMPTY');
    fs.mkdirSync(card);
    const scan = await scanCard(card);
    expect(scan).toMatchObject({ files: [], skipped: [], totalBytes: 0, volumeName: 'EMPTY' });
    expect(scan.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it('rejects a root that is not a folder or does not exist', async () => {
    put(tmp, 'plain-file.WAV');
    await expect(scanCard(path.join(tmp, 'plain-file.WAV'))).rejects.toThrow(/not a folder/);
    await expect(scanCard(path.join(tmp, 'no-such-card'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('stops when the signal aborts', async () => {
    const card = path.join(tmp, 'ABORT');
    put(card, 'a/b/c.WAV');
    const controller = new AbortController();
    controller.abort();
    await expect(scanCard(card, { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('fingerprint', () => {
  const CARD_TIME = 1_750_000_000; // seconds
  let card: string;
  beforeAll(() => {
    card = path.join(tmp, 'FP CARD');
    put(card, 'S01T01.WAV', 'aaaa');
    put(card, 'sub/S01T02.WAV', 'bbbbbb');
    // Whole seconds, as a FAT card stores them: a Date round-trip would otherwise lose ext4's nanoseconds.
    for (const p of ['S01T01.WAV', 'sub/S01T02.WAV']) fs.utimesSync(path.join(card, p), CARD_TIME, CARD_TIME);
  });

  it('is stable across scans and changes when an mtime changes', async () => {
    const first = await scanCard(card);
    const second = await scanCard(card);
    expect(second.fingerprint).toBe(first.fingerprint);

    const target = path.join(card, 'sub', 'S01T02.WAV');
    fs.utimesSync(target, CARD_TIME, CARD_TIME + 2);
    const touched = await scanCard(card);
    expect(touched.fingerprint).not.toBe(first.fingerprint);

    fs.utimesSync(target, CARD_TIME, CARD_TIME);
    expect((await scanCard(card)).fingerprint).toBe(first.fingerprint);
  });

  it('reads no file contents: same size and mtime, different bytes, same fingerprint', async () => {
    const first = await scanCard(card);
    const target = path.join(card, 'S01T01.WAV');
    fs.writeFileSync(target, 'zzzz');
    fs.utimesSync(target, CARD_TIME, CARD_TIME);
    expect((await scanCard(card)).fingerprint).toBe(first.fingerprint);
  });

  it('changes with the volume name, a size or a path', async () => {
    const base = await scanCard(card);
    const renamed = path.join(tmp, 'FP CARD 2');
    fs.cpSync(card, renamed, { recursive: true, preserveTimestamps: true });
    const copy = await scanCard(renamed);
    expect(copy.files.map((f) => [f.relativePath, f.size, f.mtimeMs])).toEqual(base.files.map((f) => [f.relativePath, f.size, f.mtimeMs]));
    expect(copy.fingerprint).not.toBe(base.fingerprint);

    put(card, 'sub/S01T03.WAV', 'new take');
    expect((await scanCard(card)).fingerprint).not.toBe(base.fingerprint);
  });
});

describe('unreadable entries', () => {
  const chmodTest = isRoot ? it.skip : it;
  chmodTest('reports a folder and a file it may not read (chmod 000) and carries on [skipped when running as root: root ignores file modes]', async () => {
    const card = path.join(tmp, 'LOCKED');
    put(card, 'ok.WAV');
    put(card, 'locked/hidden.WAV');
    put(card, 'locked-file.WAV');
    fs.chmodSync(path.join(card, 'locked'), 0o000);
    fs.chmodSync(path.join(card, 'locked-file.WAV'), 0o000);
    try {
      const scan = await scanCard(card);
      expect(scan.files.map((f) => f.relativePath)).toEqual(['ok.WAV']);
      expect(byPath(scan.skipped)).toEqual({ locked: 'unreadable', 'locked-file.WAV': 'unreadable' });
      for (const issue of scan.skipped) expect(issue.detail).toContain('EACCES');
    } finally {
      fs.chmodSync(path.join(card, 'locked'), 0o755);
      fs.chmodSync(path.join(card, 'locked-file.WAV'), 0o644);
    }
  });

  // Runs as root too (as in CI): the faults are injected at the filesystem seam, the tree itself is real.
  it('reports EIO and EACCES from the filesystem with the errno and carries on', async () => {
    const card = path.join(tmp, 'FAULTY');
    put(card, 'ok/S01T01.WAV');
    put(card, 'bad-sector/S01T02.WAV');
    put(card, 'ok/S01T03.WAV');
    put(card, 'ok/S01T04.WAV');
    const fault = (code: string, syscall: string, p: string): NodeJS.ErrnoException =>
      Object.assign(new Error(`${code}: simulated, ${syscall} '${p}'`), { code, syscall, path: p });
    const real: ScanFs = {
      stat: (p) => fsp.stat(p),
      lstat: (p) => fsp.lstat(p),
      readdir: (d) => fsp.readdir(d, { encoding: 'buffer' }),
      access: (p) => fsp.access(p, fs.constants.R_OK),
      readlink: (p) => fsp.readlink(p),
    };
    const faulty: ScanFs = {
      ...real,
      readdir: async (d) => {
        if (d.endsWith('bad-sector')) throw fault('EIO', 'scandir', d);
        return real.readdir(d);
      },
      lstat: async (p) => {
        if (String(p).endsWith('S01T03.WAV')) throw fault('EIO', 'lstat', String(p));
        return real.lstat(p);
      },
      access: async (p) => {
        if (p.endsWith('S01T04.WAV')) throw fault('EACCES', 'access', p);
        return real.access(p);
      },
    };
    const scan = await scanCard(card, { fs: faulty });
    expect(scan.files.map((f) => f.relativePath)).toEqual(['ok/S01T01.WAV']);
    expect(scan.skipped.map((s) => [s.relativePath, s.kind, s.detail.replace(/'.*'/, "'…'")])).toEqual([
      ['bad-sector', 'unreadable', "cannot list folder: EIO: simulated, scandir '…'"],
      ['ok/S01T03.WAV', 'unreadable', "cannot stat: EIO: simulated, lstat '…'"],
      ['ok/S01T04.WAV', 'unreadable', "cannot read file: EACCES: simulated, access '…'"],
    ]);
  });

  it('rejects when the card root itself cannot be listed: an unreadable card is not an empty one', async () => {
    const card = path.join(tmp, 'DEAD CARD');
    put(card, 'S01T01.WAV');
    const dead: ScanFs = {
      stat: (p) => fsp.stat(p),
      lstat: (p) => fsp.lstat(p),
      readdir: async () => {
        throw Object.assign(new Error('EIO: i/o error, scandir'), { code: 'EIO' });
      },
      access: async () => undefined,
      readlink: (p) => fsp.readlink(p),
    };
    await expect(scanCard(card, { fs: dead })).rejects.toMatchObject({ code: 'EIO' });
  });
});

describe('the real recorder fixtures', () => {
  const fixtureTest = fixturePresent ? it : it.skip;
  fixtureTest(`scans ${FIXTURE_CARD} to exactly the files find lists [skipped when that fixture folder is absent]`, async () => {
    const listed = execFileSync('find', [FIXTURE_CARD, '-type', 'f', '-printf', '%P\\t%s\\n'], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => {
        const [relativePath = '', size = ''] = line.split('\t');
        return { relativePath, size: Number(size) };
      });
    const expected = listed.sort((a, b) => Buffer.compare(Buffer.from(a.relativePath), Buffer.from(b.relativePath)));
    expect(expected.length).toBeGreaterThan(10);

    const scan = await scanCard(FIXTURE_CARD);
    expect(scan.files.map((f) => ({ relativePath: f.relativePath, size: f.size }))).toEqual(expected);
    expect(scan.skipped).toEqual([]);
    expect(scan.volumeName).toBe('recorders');
    expect(scan.totalBytes).toBe(expected.reduce((sum, f) => sum + f.size, 0));
    expect((await scanCard(FIXTURE_CARD)).fingerprint).toBe(scan.fingerprint);
  });
});
