/**
 * The offload end to end on real files: the real recorder fixtures to two real folders, checked against xxhsum, the
 * catalog and the MHL history; then the things a DIT does next — run it again, offload the same card as a new roll,
 * bring a different card with the same names, cancel.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { readHistory } from '../../main/mhl';
import { createServices, type Services } from '../../main/services';
import type { OffloadSummary } from '../../shared/offload';
import { makeCard } from '../support/card';
import { fixturesDir } from '../support/fixtures';
import { makeTempDir } from '../support/tmp';
import { hasTool, xxhsum } from '../support/tools';

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(relative(dir, p).split('\\').join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

const request = (source: string, d1: string, d2: string) => ({
  source,
  destinations: [d1, d2],
  project: 'Night Shoot',
  roll: 'A001',
  date: '2026-11-23',
});

describe('offload of the real recorder fixtures', () => {
  const fixtures = fixturesDir();
  const tmp = makeTempDir('offload');
  let services: Services;
  let summary: OffloadSummary;
  const d1 = join(tmp.dir, 'drive1');
  const d2 = join(tmp.dir, 'drive2');

  beforeAll(async () => {
    mkdirSync(d1);
    mkdirSync(d2);
    services = createServices({ catalogPath: join(tmp.dir, 'catalog.sqlite'), analyseAfterOffload: false });
    if (!fixtures) return;
    summary = await services.offload({ ...request(join(fixtures, 'recorders'), d1, d2), hashes: ['xxh128', 'md5'] }).result;
  });
  afterAll(async () => {
    await services.close();
    tmp.cleanup();
  });

  const skip = !fixturesDir();
  if (skip) console.warn('skipped: ../shared/fixtures/recorders not found (a user clone has no fixtures)');
  const fit = skip ? it.skip : it;

  fit('says the card is safe to format, every file verified on both drives', () => {
    expect(summary.safeToFormat).toBe(true);
    expect(summary.verdict).toMatch(/^Card recorders is safe to format: 17 files verified on 2 drives\.$/);
    for (const f of summary.files) {
      expect(f.copies.map((c) => c.status)).toEqual(['verified', 'verified']);
      expect(f.copies.every((c) => c.method === 'direct-io')).toBe(true);
    }
  });

  fit('lays the copies out under project/date/roll with the card\'s own paths, and nothing else', () => {
    const card = filesUnder(join(fixtures!, 'recorders'));
    for (const d of [d1, d2]) {
      const roll = join(d, 'Night Shoot', '2026-11-23', 'A001');
      const copied = filesUnder(roll).filter((p) => !p.startsWith('ascmhl/'));
      expect(copied).toEqual(card);
      for (const rel of card) {
        expect(readFileSync(join(roll, rel)).equals(readFileSync(join(fixtures!, 'recorders', rel)))).toBe(true);
        // The copy keeps the card's modification time (editors sort by it; the MHL records it).
        expect(Math.abs(statSync(join(roll, rel)).mtimeMs - statSync(join(fixtures!, 'recorders', rel)).mtimeMs)).toBeLessThan(0.001);
      }
    }
  });

  fit('records hashes that xxhsum computes independently from the copies', () => {
    if (!hasTool('xxhsum')) {
      console.warn('xxhsum not installed: .ci/run installs it; skipping the independent check');
      return;
    }
    for (const f of summary.files) {
      for (const c of f.copies) expect(xxhsum(c.path, 'H2')).toBe(f.hashes.xxh128);
    }
  });

  fit('logs every file and both copies in the catalog, verified, with the read-back method', () => {
    const db = services.catalog.db;
    const files = db.prepare('SELECT relative_path, size, xxh128, md5 FROM files').all() as { relative_path: string; size: number; xxh128: string; md5: string }[];
    expect(files).toHaveLength(17);
    const copies = db.prepare("SELECT COUNT(*) AS n FROM copies WHERE status = 'verified' AND method = 'direct-io' AND verified_at IS NOT NULL").get() as { n: number };
    expect(copies.n).toBe(34);
    const md5 = execFileSync('md5sum', [join(fixtures!, 'recorders', 'sounddevices', 'A101_1.WAV')], { encoding: 'utf8' }).split(' ')[0];
    expect(files.find((f) => f.relative_path === 'sounddevices/A101_1.WAV')?.md5).toBe(md5);
    expect(services.catalog.integrityCheck()).toBe('ok');
    const [roll] = services.catalog.rollsOverview();
    expect(roll).toMatchObject({ project: 'Night Shoot', roll: 'A001', files: 17, completeCopies: 2 });
  });

  fit('writes one ASC MHL generation per destination listing every file as original', async () => {
    for (const d of [d1, d2]) {
      const history = await readHistory(join(d, 'Night Shoot', '2026-11-23', 'A001'));
      expect(history.generations).toHaveLength(1);
      const [gen] = history.generations;
      expect(gen!.process).toBe('transfer');
      expect(gen!.creator.tool.name).toBe('soundroll');
      expect(gen!.files).toHaveLength(17);
      const a101 = gen!.files.find((f) => f.path === 'sounddevices/A101_1.WAV')!;
      const xxh = a101.hashes.find((h) => h.algorithm === 'xxh128');
      expect(xxh?.action).toBe('original');
      expect(xxh?.value).toBe(summary.files.find((f) => f.relativePath === 'sounddevices/A101_1.WAV')!.hashes.xxh128);
      expect(gen!.rootHash?.content.xxh128).toMatch(/^[0-9a-f]{32}$/);
    }
  });

  fit('skips a card it has already verified, and adds no MHL generation', async () => {
    const inode = statSync(join(d1, 'Night Shoot', '2026-11-23', 'A001', 'sounddevices', 'A101_2.WAV')).ino;
    const again = await services.offload({ ...request(join(fixtures!, 'recorders'), d1, d2), hashes: ['xxh128', 'md5'] }).result;
    expect(again.safeToFormat).toBe(true);
    expect(again.bytesRead).toBe(0);
    expect(again.verdict).toContain('17 already verified by an earlier offload');
    expect(again.files.every((f) => f.copies.every((c) => c.status === 'skipped-verified'))).toBe(true);
    expect(statSync(join(d1, 'Night Shoot', '2026-11-23', 'A001', 'sounddevices', 'A101_2.WAV')).ino).toBe(inode);
    const history = await readHistory(join(d1, 'Night Shoot', '2026-11-23', 'A001'));
    expect(history.generations).toHaveLength(1);
  });

  fit('writes the same card as a new roll when asked', async () => {
    const fresh = await services.offload({ ...request(join(fixtures!, 'recorders'), d1, d2), newRoll: true }).result;
    expect(fresh.roll).toBe('A001-2');
    expect(fresh.safeToFormat).toBe(true);
    expect(existsSync(join(d2, 'Night Shoot', '2026-11-23', 'A001-2', 'sounddevices', 'A101_3.WAV'))).toBe(true);
  });
});

describe('offload decisions on generated cards', () => {
  const tmp = makeTempDir('offload-gen');
  let services: Services;
  beforeAll(() => {
    services = createServices({ catalogPath: join(tmp.dir, 'catalog.sqlite'), analyseAfterOffload: false });
  });
  afterAll(async () => {
    await services.close();
    tmp.cleanup();
  });

  function setup(name: string, files: Record<string, number>): { card: string; d1: string; d2: string } {
    const card = join(tmp.dir, name, 'CARD');
    makeCard(card, files);
    const d1 = join(tmp.dir, name, 'd1');
    const d2 = join(tmp.dir, name, 'd2');
    mkdirSync(d1);
    mkdirSync(d2);
    return { card, d1, d2 };
  }

  it('never overwrites a same-named file from another card, and says what to do', async () => {
    const { card, d1, d2 } = setup('twin', { 'S01T01.WAV': 200_000, 'S01T02.WAV': 300_000 });
    const first = await services.offload({ ...request(card, d1, d2), roll: 'B001' }).result;
    expect(first.safeToFormat).toBe(true);
    // Another card, same roll name, same file names, different audio.
    const other = join(tmp.dir, 'twin', 'OTHER', 'CARD');
    makeCard(other, { 'S01T01.WAV': 200_000, 'S01T03.WAV': 1000 });
    const rollFolder = join(d1, 'Night Shoot', '2026-11-23', 'B001');
    const before = readFileSync(join(rollFolder, 'S01T01.WAV'));
    const second = await services.offload({ ...request(other, d1, d2), roll: 'B001' }).result;
    expect(second.safeToFormat).toBe(false);
    const clash = second.files.find((f) => f.relativePath === 'S01T01.WAV')!;
    expect(clash.copies.every((c) => c.status === 'failed')).toBe(true);
    expect(clash.copies[0]!.reason).toMatch(/a different file already exists .* not overwritten .*--new-roll/);
    expect(readFileSync(join(rollFolder, 'S01T01.WAV')).equals(before)).toBe(true);
    // The new take on that card is still copied and verified.
    expect(second.files.find((f) => f.relativePath === 'S01T03.WAV')!.copies.map((c) => c.status)).toEqual(['verified', 'verified']);
    expect(second.verdict).toMatch(/NOT safe to format: 1 of 2 files are not verified everywhere/);
  });

  it('checks a copy that exists but was never recorded (crash after publishing) instead of rewriting it', async () => {
    const { card, d1, d2 } = setup('published', { 'A/T1.WAV': 500_000, 'A/T2.WAV': 10 });
    const rollFolder = join(d1, 'Night Shoot', '2026-11-23', 'C001');
    mkdirSync(join(rollFolder, 'A'), { recursive: true });
    writeFileSync(join(rollFolder, 'A', 'T1.WAV'), readFileSync(join(card, 'A', 'T1.WAV')));
    const inode = statSync(join(rollFolder, 'A', 'T1.WAV')).ino;
    // A partial file left by a killed job is swept.
    writeFileSync(join(rollFolder, 'A', '.T2.WAV.0badf00d.soundroll-partial'), 'half');
    const s = await services.offload({ ...request(card, d1, d2), roll: 'C001' }).result;
    expect(s.safeToFormat).toBe(true);
    expect(statSync(join(rollFolder, 'A', 'T1.WAV')).ino).toBe(inode);
    expect(existsSync(join(rollFolder, 'A', '.T2.WAV.0badf00d.soundroll-partial'))).toBe(false);
  });

  it('refuses colliding names (case twins) but copies the rest, and the card is not safe', async () => {
    const { card, d1, d2 } = setup('case', { 'A.WAV': 100, 'a.wav': 200, 'B.WAV': 300 });
    const s = await services.offload({ ...request(card, d1, d2), roll: 'D001' }).result;
    expect(s.safeToFormat).toBe(false);
    expect(s.files.find((f) => f.relativePath === 'A.WAV')!.error).toMatch(/collides with a\.wav/);
    expect(s.files.find((f) => f.relativePath === 'B.WAV')!.copies.map((c) => c.status)).toEqual(['verified', 'verified']);
  });

  it('leaves out system litter by rule, reports it, and still calls the card safe', async () => {
    const { card, d1, d2 } = setup('litter', { 'S02T01.WAV': 1000, '.DS_Store': 10, '._S02T01.WAV': 10, '.Spotlight-V100/store.db': 10 });
    const s = await services.offload({ ...request(card, d1, d2), roll: 'E001' }).result;
    expect(s.safeToFormat).toBe(true);
    expect(s.files.map((f) => f.relativePath)).toEqual(['S02T01.WAV']);
    expect(s.skippedLitter.sort()).toEqual(expect.arrayContaining(['.DS_Store', '._S02T01.WAV']));
  });

  it('cancels between blocks without publishing a half file, and a re-run finishes the card', async () => {
    const { card, d1, d2 } = setup('cancel', { 'BIG1.WAV': 40_000_000, 'BIG2.WAV': 40_000_000 });
    const job = services.offload({ ...request(card, d1, d2), roll: 'F001' });
    job.onProgress((p) => {
      if (p.bytesDone > 10_000_000) job.cancel();
    });
    const s = await job.result;
    expect(s.cancelled).toBe(true);
    expect(s.safeToFormat).toBe(false);
    const rollFolder = join(d1, 'Night Shoot', '2026-11-23', 'F001');
    for (const name of ['BIG1.WAV', 'BIG2.WAV']) {
      const p = join(rollFolder, name);
      if (existsSync(p)) expect(readFileSync(p).equals(readFileSync(join(card, name)))).toBe(true);
    }
    expect(filesUnder(rollFolder).filter((p) => p.endsWith('.soundroll-partial'))).toEqual([]);
    const resumed = await services.offload({ ...request(card, d1, d2), roll: 'F001' }).result;
    expect(resumed.safeToFormat).toBe(true);
  });

  it('refuses a destination that is not mounted and carries on with the other', async () => {
    const { card, d1 } = setup('missing', { 'X.WAV': 1000 });
    const s = await services.offload({ ...request(card, d1, join(tmp.dir, 'missing', 'not-mounted')), roll: 'G001' }).result;
    expect(s.safeToFormat).toBe(false);
    expect(s.destinations[1]!.error).toMatch(/not available \(is the drive mounted\?\)/);
    expect(existsSync(join(tmp.dir, 'missing', 'not-mounted'))).toBe(false);
    expect(s.files[0]!.copies.find((c) => c.destination === d1)!.status).toBe('verified');
  });
});
