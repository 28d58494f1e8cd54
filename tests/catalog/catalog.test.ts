/** The catalog file itself: durable settings, migrations, and the rules that keep "verified" honest. */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { Catalog, defaultCatalogPath } from '../../main/catalog';
import { MIGRATIONS } from '../../main/catalog/schema';
import { makeTempDir } from '../support/tmp';

const tmp = makeTempDir('catalog');
afterAll(tmp.cleanup);

describe('catalog', () => {
  it('opens in WAL mode with synchronous=FULL and foreign keys on, at the latest schema', () => {
    const c = Catalog.open(join(tmp.dir, 'a', 'catalog.sqlite'));
    expect(c.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(c.db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(c.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(c.schemaVersion()).toBe(MIGRATIONS.length);
    expect(c.integrityCheck()).toBe('ok');
    c.close();
  });

  it('refuses a catalog written by a newer soundroll instead of damaging it', () => {
    const path = join(tmp.dir, 'newer.sqlite');
    const raw = new Database(path);
    raw.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    raw.close();
    expect(() => Catalog.open(path)).toThrow(/newer soundroll .* refusing to touch it/);
  });

  it('keeps what was recorded across a reopen (a restart of the app)', () => {
    const path = join(tmp.dir, 'reopen.sqlite');
    const c = Catalog.open(path);
    const roll = c.ensureRoll('P', 'A001');
    const card = c.ensureCard(roll.id, { fingerprint: 'f', volumeName: 'A001', sourcePath: '/card', recorder: null, fileCount: 1, totalBytes: 10 });
    const dest = c.ensureDestination('/mnt/a');
    c.setRollLocation(roll.id, dest, '/mnt/a/P/A001');
    c.startJob({ id: 'j1', kind: 'offload', rollId: roll.id, source: '/card', destinations: ['/mnt/a'], hashes: ['xxh128'] });
    const file = c.recordFile(roll.id, card, { relativePath: 'S01T01.WAV', size: 10, mtimeMs: 1000, hashes: { xxh128: '0'.repeat(32) } });
    c.recordCopy({ fileId: file.id, destinationId: dest, path: '/mnt/a/P/A001/S01T01.WAV', status: 'verified', method: 'direct-io', jobId: 'j1' });
    c.close();
    const again = Catalog.open(path);
    expect(again.verifiedCopies(roll.id, dest)).toEqual([
      expect.objectContaining({ relativePath: 'S01T01.WAV', size: 10, hashes: { xxh128: '0'.repeat(32) }, path: '/mnt/a/P/A001/S01T01.WAV' }),
    ]);
    expect(again.rollsOverview()[0]).toMatchObject({ roll: 'A001', files: 1, completeCopies: 1 });
    again.close();
  });

  it('rejects a copy of a file that does not exist and a status it does not know', () => {
    const c = Catalog.open(join(tmp.dir, 'fk.sqlite'));
    const dest = c.ensureDestination('/mnt/b');
    c.startJob({ id: 'j', kind: 'offload', rollId: null, source: null, destinations: [], hashes: ['xxh128'] });
    expect(() => c.recordCopy({ fileId: 999, destinationId: dest, path: '/x', status: 'verified', jobId: 'j' })).toThrow(/FOREIGN KEY/);
    expect(() => c.db.prepare("INSERT INTO copies (file_id, destination_id, path, status, last_checked_at) VALUES (1, 1, '/x', 'probably', 'now')").run()).toThrow(/CHECK/);
    c.close();
  });

  it('marks jobs whose process died as interrupted, and leaves live ones alone', () => {
    const c = Catalog.open(join(tmp.dir, 'jobs.sqlite'));
    c.startJob({ id: 'dead', kind: 'offload', rollId: null, source: null, destinations: [], hashes: ['xxh128'] });
    c.db.prepare("UPDATE jobs SET pid = 999999 WHERE id = 'dead'").run();
    c.startJob({ id: 'alive', kind: 'offload', rollId: null, source: null, destinations: [], hashes: ['xxh128'] });
    c.db.prepare("UPDATE jobs SET pid = 1 WHERE id = 'alive'").run();
    expect(c.markInterruptedJobs((pid) => pid === 1)).toBe(1);
    expect(c.job('dead')?.state).toBe('interrupted');
    expect(c.job('alive')?.state).toBe('running');
    c.close();
  });

  it('gives each duplicate card roll a free name', () => {
    const c = Catalog.open(join(tmp.dir, 'names.sqlite'));
    c.ensureRoll('P', 'A001');
    c.ensureRoll('P', 'A001-2');
    expect(c.freeRollName('P', 'A001')).toBe('A001-3');
    expect(c.freeRollName('Q', 'A001')).toBe('A001');
    c.close();
  });

  it('lives in the user data folder unless told otherwise', () => {
    expect(defaultCatalogPath({ SOUNDROLL_CATALOG: '/x/c.sqlite' }, 'linux')).toBe('/x/c.sqlite');
    expect(defaultCatalogPath({ XDG_DATA_HOME: '/home/u/.data' }, 'linux')).toBe('/home/u/.data/soundroll/catalog.sqlite');
    expect(defaultCatalogPath({}, 'darwin')).toMatch(/Library\/Application Support\/soundroll\/catalog\.sqlite$/);
  });
});
