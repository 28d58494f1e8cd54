/**
 * The producer's check: a backup drive re-verified against its MHL history and the catalog, with the catalog brought
 * in line with the disk, and our own half-finished generation (killed between manifest and chain) rolled forward.
 */
import { closeSync, mkdirSync, openSync, readFileSync, readSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { writeDemoCard } from '../../main/demo/demo-card';
import { readChainFile, readHistory, renderChain } from '../../main/mhl';
import { createServices, type Services } from '../../main/services';
import { soundroll } from '../support/cli';
import { copyFixtureTree, fixturesDir } from '../support/fixtures';
import { makeTempDir } from '../support/tmp';

function flipByte(path: string, offset: number): void {
  const fd = openSync(path, 'r+');
  const b = Buffer.alloc(1);
  readSync(fd, b, 0, 1, offset);
  b[0] = b[0]! ^ 0xff;
  writeSync(fd, b, 0, 1, offset);
  closeSync(fd);
}

describe('verify a backup drive', () => {
  const tmp = makeTempDir('verify-drive');
  let services: Services;
  const a = join(tmp.dir, 'a');
  const b = join(tmp.dir, 'b');
  const rollOn = (d: string): string => join(d, 'Night Ext', '2026-11-23', 'A001');

  beforeAll(async () => {
    mkdirSync(a);
    mkdirSync(b);
    services = createServices({ catalogPath: join(tmp.dir, 'catalog.sqlite'), analyseAfterOffload: false });
    const card = await writeDemoCard(join(tmp.dir, 'card'));
    const s = await services.offload({ source: card, destinations: [a, b], project: 'Night Ext', date: '2026-11-23' }).result;
    expect(s.safeToFormat).toBe(true);
  });
  afterAll(async () => {
    await services.close();
    tmp.cleanup();
  });

  it('verifies a healthy drive clean, appends a generation and stamps "last verified" in the catalog', async () => {
    const before = services.catalog.rollsOverview()[0]!.destinations.find((d) => d.path === rollOn(a))!.lastVerifiedAt!;
    await new Promise((r) => setTimeout(r, 20));
    const r = await services.verify({ dir: a }).result;
    expect(r.ok).toBe(true);
    expect(r.roots).toHaveLength(1);
    expect(r.roots[0]!.counts.verified).toBe(21);
    expect(r.catalog).toEqual([expect.objectContaining({ roll: 'A001', copiesVerified: 21, copiesFailed: 0 })]);
    expect((await readHistory(rollOn(a))).generations.map((g) => g.process)).toEqual(['transfer', 'in-place']);
    const after = services.catalog.rollsOverview()[0]!.destinations.find((d) => d.path === rollOn(a))!.lastVerifiedAt!;
    expect(after > before).toBe(true);
  });

  it('catches a flipped byte, a deleted file and an added one on exactly that drive, and the roll then has one complete copy', async () => {
    const expected = services.catalog.db.prepare("SELECT xxh128 FROM files WHERE relative_path = '261123/S01T02.WAV'").pluck().get() as string;
    flipByte(join(rollOn(b), '261123', 'S01T02.WAV'), 100_000);
    rmSync(join(rollOn(b), '261123', 'S02T02.WAV'));
    writeFileSync(join(rollOn(b), '261123', 'EXTRA.WAV'), 'not from the card');
    const r = await services.verify({ dir: b }).result;
    expect(r.ok).toBe(false);
    const byPath = new Map(r.roots[0]!.files.map((f) => [f.path, f]));
    const changed = byPath.get('261123/S01T02.WAV')!;
    expect(changed.status).toBe('changed');
    // Expected and actual hash, so the producer can see it is not a reading glitch.
    expect(changed.expected?.xxh128).toBe(expected);
    expect(changed.actual?.xxh128).toMatch(/^[0-9a-f]{32}$/);
    expect(changed.actual?.xxh128).not.toBe(expected);
    expect(changed.reason).toContain(expected);
    expect(byPath.get('261123/S02T02.WAV')!.status).toBe('missing');
    expect(byPath.get('261123/EXTRA.WAV')!.status).toBe('new');
    expect([...byPath.values()].filter((f) => f.status !== 'verified').map((f) => f.path).sort()).toEqual([
      '261123/EXTRA.WAV',
      '261123/S01T02.WAV',
      '261123/S02T02.WAV',
    ]);
    // The other drive is untouched and still verifies clean.
    expect((await services.verify({ dir: a }).result).ok).toBe(true);
    const [roll] = services.catalog.rollsOverview();
    expect(roll!.completeCopies).toBe(1);
    expect(roll!.destinations.find((d) => d.path === rollOn(b))).toMatchObject({ verified: 19, failed: 2 });
    const last = (await readHistory(rollOn(b))).generations.at(-1)!;
    const failed = last.files.find((f) => f.path === '261123/S01T02.WAV')!;
    expect(failed.hashes[0]!.action).toBe('failed');
  });

  it('finishes a generation of ours that a crash left out of the chain', async () => {
    const chainPath = join(rollOn(a), 'ascmhl', 'ascmhl_chain.xml');
    const entries = await readChainFile(chainPath);
    expect(entries.length).toBeGreaterThanOrEqual(2);
    // Killed after publishing the newest manifest, before rewriting the chain: the chain lacks the last entry.
    writeFileSync(chainPath, renderChain(entries.slice(0, -1), chainPath));
    await expect(readHistory(rollOn(a))).rejects.toThrow(/not listed in ascmhl_chain\.xml/);
    const r = await services.verify({ dir: a }).result;
    expect(r.recovered).toEqual([join(rollOn(a), 'ascmhl', entries.at(-1)!.path)]);
    expect(r.ok).toBe(true);
    expect((await readHistory(rollOn(a))).generations).toHaveLength(entries.length + 1);
  });

  it('leaves a foreign unchained manifest for a human instead of adopting it', async () => {
    const chainPath = join(rollOn(a), 'ascmhl', 'ascmhl_chain.xml');
    const entries = await readChainFile(chainPath);
    const newest = join(rollOn(a), 'ascmhl', entries.at(-1)!.path);
    writeFileSync(newest, readFileSync(newest, 'utf8').replace('>soundroll</tool>', '>othertool</tool>'));
    writeFileSync(chainPath, renderChain(entries.slice(0, -1), chainPath));
    const r = await services.verify({ dir: a }).result;
    expect(r.recovered).toEqual([]);
    expect(r.ok).toBe(false);
    expect(r.roots[0]!.error?.code).toBe('manifest-unlisted');
  });
});

describe('soundroll verify on histories written by the ASC reference tool', () => {
  const fixtures = fixturesDir();
  const tmp = makeTempDir('verify-fixtures');
  afterAll(tmp.cleanup);
  const withFixtures = fixtures ? it : it.skip;
  if (!fixtures) console.warn('skipped: ../shared/fixtures/ascmhl not found');

  withFixtures('verifies scenario 02 clean (exit 0) and reports a flipped byte as changed (exit 1)', () => {
    const tree = join(tmp.dir, 'scenario_02');
    copyFixtureTree(join(fixtures!, 'ascmhl', 'scenario_02'), tree);
    const catalog = join(tmp.dir, 'catalog.sqlite');
    const clean = soundroll(['verify', join(tree, 'file_server'), '--catalog', catalog]);
    expect(clean.status).toBe(0);
    expect(clean.stdout).toMatch(/A002R2EC: 3 verified, 0 changed, 0 missing/);
    flipByte(join(tree, 'travel_01', 'A002R2EC', 'Clips', 'A002C006_141024_R2EC.mov'), 0);
    const bad = soundroll(['verify', join(tree, 'travel_01'), '--json', '--catalog', catalog]);
    expect(bad.status).toBe(1);
    const report = JSON.parse(bad.stdout) as { roots: { files: { path: string; status: string }[] }[] };
    expect(report.roots[0]!.files.find((f) => f.path === 'Clips/A002C006_141024_R2EC.mov')!.status).toBe('changed');
  });

  it('exits 1 and says so when a folder holds no history', () => {
    const empty = join(tmp.dir, 'empty');
    mkdirSync(empty);
    const r = soundroll(['verify', empty, '--catalog', join(tmp.dir, 'c2.sqlite')]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('no ASC MHL history found');
  });
});
