/**
 * verifyFolder on real files: a history we wrote and the ASC reference tool's histories re-verify clean and gain a
 * generation of `verified` entries; a flipped byte, a deleted file, a renamed file and a new file are each classified
 * and recorded; nested histories are verified children first with the parent referencing them; an abort writes
 * nothing. Every generation written here is read back by our reader, and validated against the XSD when xmllint is
 * available.
 */
import { readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readHistory, writeGeneration } from '../../main/mhl';
import { verifyFolder, type VerifyProgress, type VerifyRootReport } from '../../main/verify';
import { copyFixtureTree, fixturesDir } from '../support/fixtures';
import { makeTempDir } from '../support/tmp';
import { CREATOR, HAVE_XMLLINT, generationFilesFor, input, makeTree, xsdProblems } from '../mhl/helpers';

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  tmp = makeTempDir('verify');
});
afterEach(() => tmp.cleanup());

const TREE = { 'A001.WAV': 'take one', 'A002.WAV': 'take two', 'Sound Report/report.csv': 'scene,take\n' };

async function sealedRoll(name = 'ROLL_01'): Promise<string> {
  const root = join(tmp.dir, name);
  makeTree(root, TREE);
  await writeGeneration(input(root, await generationFilesFor(root, Object.keys(TREE))));
  return root;
}

function statusOf(report: VerifyRootReport): Record<string, string> {
  return Object.fromEntries(report.files.map((f) => [f.path, f.status]));
}

async function expectValidHistory(root: string): Promise<void> {
  const history = await readHistory(root); // proves the chain, including what verify appended
  if (HAVE_XMLLINT) {
    for (const g of history.generations) expect(xsdProblems(g.manifestPath, 'manifest')).toBeUndefined();
    expect(xsdProblems(history.chainPath, 'chain')).toBeUndefined();
  }
}

describe('verifyFolder', () => {
  it('gen 1 → verify → gen 2 with every file verified, read back from disk', async () => {
    const root = await sealedRoll();
    const progress: VerifyProgress[] = [];
    const report = await verifyFolder(tmp.dir, { creator: CREATOR, onProgress: (p) => progress.push(p) });
    expect(report.ok).toBe(true);
    expect(report.roots).toHaveLength(1);
    const r = report.roots[0]!;
    expect(r.counts).toMatchObject({ verified: 3, changed: 0, missing: 0, new: 0, renamed: 0 });
    expect(r.manifest?.sequence).toBe(2);
    expect(['direct-io', 'page-cache']).toContain(r.readBack);
    expect(r.files.every((f) => f.readBack === 'direct-io' || f.readBack === 'page-cache')).toBe(true);

    const history = await readHistory(root);
    const g2 = history.generations[1]!;
    expect(g2.process).toBe('in-place');
    expect(g2.creator.tool.name).toBe('soundroll');
    expect(g2.files.flatMap((f) => f.hashes.map((h) => h.action))).toEqual(['verified', 'verified', 'verified']);
    // Nothing changed: the root hash is the one gen 1 recorded.
    expect(g2.rootHash).toEqual(history.generations[0]!.rootHash);
    expect(progress.at(-1)).toMatchObject({ phase: 'done', filesDone: 3, filesTotal: 3 });
    await expectValidHistory(root);
  });

  it('classifies changed, missing, renamed and new, and records them', async () => {
    const root = await sealedRoll();
    const a1 = join(root, 'A001.WAV');
    const bytes = readFileSync(a1);
    bytes[0] = bytes[0]! ^ 0x01;
    writeFileSync(a1, bytes); // same size, one bit flipped
    rmSync(join(root, 'Sound Report', 'report.csv'));
    renameSync(join(root, 'A002.WAV'), join(root, 'A002_renamed.WAV'));
    makeTree(root, { 'B001.WAV': 'a new take' });
    makeTree(root, { '.DS_Store': 'finder litter' }); // ignored by the history's patterns

    const report = await verifyFolder(root, { creator: CREATOR });
    const r = report.roots[0]!;
    expect(report.ok).toBe(false);
    expect(statusOf(r)).toEqual({
      'A001.WAV': 'changed',
      'A002_renamed.WAV': 'renamed',
      'B001.WAV': 'new',
      'Sound Report/report.csv': 'missing',
    });
    const changed = r.files.find((f) => f.path === 'A001.WAV')!;
    expect(changed.mismatched).toEqual(['xxh128']);
    expect(changed.reason).toContain(`xxh128 expected ${changed.expected!.xxh128}, found ${changed.actual!.xxh128}`);
    expect(r.files.find((f) => f.path === 'A002_renamed.WAV')!.previousPath).toBe('A002.WAV');

    const g2 = (await readHistory(root)).generations[1]!;
    const entry = (p: string) => g2.files.find((f) => f.path === p);
    expect(entry('A001.WAV')!.hashes[0]!.action).toBe('failed');
    expect(entry('A002_renamed.WAV')).toMatchObject({ previousPath: 'A002.WAV', hashes: [{ action: 'verified' }] });
    expect(entry('B001.WAV')!.hashes[0]!.action).toBe('original');
    expect(entry('Sound Report/report.csv')).toBeUndefined();
    expect(entry('.DS_Store')).toBeUndefined();
    await expectValidHistory(root);

    // The next verify still compares A001 with the last good hash: the failed entry is not a new baseline.
    const again = await verifyFolder(root, { creator: CREATOR });
    expect(statusOf(again.roots[0]!)).toEqual({
      'A001.WAV': 'changed',
      'A002_renamed.WAV': 'verified',
      'B001.WAV': 'verified',
      'Sound Report/report.csv': 'missing',
    });
  });

  it('requested algorithms are added as original next to the verified ones', async () => {
    const root = await sealedRoll();
    const report = await verifyFolder(root, { creator: CREATOR, algorithms: ['md5'] });
    expect(report.ok).toBe(true);
    const g2 = (await readHistory(root)).generations[1]!;
    for (const f of g2.files) {
      expect(Object.fromEntries(f.hashes.map((h) => [h.algorithm, h.action]))).toEqual({ md5: 'original', xxh128: 'verified' });
    }
    // Every file now has md5 as well: folders get md5 directory hashes too.
    expect(Object.keys(g2.rootHash!.content).sort()).toEqual(['md5', 'xxh128']);
    await expectValidHistory(root);
  });

  it('an abort stops cleanly: no generation, no temp file', async () => {
    const root = join(tmp.dir, 'BIG');
    makeTree(root, { 'a.wav': Buffer.alloc(20 * 1024 * 1024, 1), 'b.wav': Buffer.alloc(20 * 1024 * 1024, 2) });
    await writeGeneration(input(root, await generationFilesFor(root, ['a.wav', 'b.wav'])));
    const ac = new AbortController();
    const run = verifyFolder(root, {
      creator: CREATOR,
      signal: ac.signal,
      onProgress: (p) => {
        if (p.bytesDone > 0) ac.abort();
      },
    });
    await expect(run).rejects.toThrow();
    expect(readdirSync(join(root, 'ascmhl')).sort()).toEqual(['0001_BIG_2024-05-01_120000Z.mhl', 'ascmhl_chain.xml']);
    expect((await readHistory(root)).generations).toHaveLength(1);
  });

  it('a root whose history cannot be proven is reported with its error; other roots still verify', async () => {
    const good = await sealedRoll('GOOD');
    const bad = await sealedRoll('BAD');
    const manifest = join(bad, 'ascmhl', readdirSync(join(bad, 'ascmhl')).find((n) => n.endsWith('.mhl'))!);
    writeFileSync(manifest, readFileSync(manifest, 'utf8').replace('A001.WAV', 'A00X.WAV'));
    const report = await verifyFolder(tmp.dir, { creator: CREATOR });
    expect(report.ok).toBe(false);
    const byRoot = Object.fromEntries(report.roots.map((r) => [r.root, r]));
    expect(byRoot[bad]!.error).toMatchObject({ code: 'manifest-tampered', file: manifest });
    expect(byRoot[bad]!.manifest).toBeUndefined();
    expect(byRoot[good]!.ok).toBe(true);
    expect(readdirSync(join(bad, 'ascmhl'))).toHaveLength(2);
  });

  it('hostile file names verify and re-record byte for byte', async () => {
    const root = join(tmp.dir, 'R & <D>');
    const names = ['a&b<c>"d\'.wav', ' spaced ', 'tab\tand\nnewline', 'テイク/🎬.wav'];
    makeTree(root, Object.fromEntries(names.map((n, i) => [n, `take ${i}`])));
    await writeGeneration(input(root, await generationFilesFor(root, names)));
    const report = await verifyFolder(root, { creator: CREATOR });
    expect(report.ok).toBe(true);
    expect(statusOf(report.roots[0]!)).toEqual(Object.fromEntries(names.map((n) => [n, 'verified'])));
    await expectValidHistory(root);
  });

  it('a file whose name XML cannot carry: hashed and reported, the root fails with the reason, nothing written', async () => {
    const root = await sealedRoll();
    makeTree(root, { 'esc\u001b.wav': 'x' });
    const report = await verifyFolder(root, { creator: CREATOR });
    const r = report.roots[0]!;
    expect(r.error).toMatchObject({ code: 'unencodable-text' });
    expect(r.error!.message).toContain('U+001B');
    expect(statusOf(r)['esc\u001b.wav']).toBe('new');
    expect((await readHistory(root)).generations).toHaveLength(1);
  });

  it('no history below the folder: nothing verified, not ok', async () => {
    makeTree(tmp.dir, { 'loose.wav': 'x' });
    const report = await verifyFolder(tmp.dir, { creator: CREATOR });
    expect(report.roots).toEqual([]);
    expect(report.ok).toBe(false);
  });
});

const fixtures = fixturesDir();
if (!fixtures) console.warn('tests/verify: ../shared/fixtures is absent, reference-history verify tests skipped');
(fixtures ? describe : describe.skip)('verifyFolder on the ASC reference histories', () => {
  const scenario = (name: string): string => {
    const dest = join(tmp.dir, name);
    copyFixtureTree(join(fixtures!, 'ascmhl', name), dest);
    return dest;
  };

  it.each(['scenario_01', 'scenario_02', 'scenario_03'])('%s verifies clean', async (name) => {
    const dir = scenario(name);
    const report = await verifyFolder(dir, { creator: CREATOR });
    expect(report.ok).toBe(true);
    for (const r of report.roots) {
      expect(r.counts).toMatchObject({ verified: 3, changed: 0, missing: 0, new: 0 });
      const history = await readHistory(r.root);
      const latest = history.generations.at(-1)!;
      expect(latest.sequence).toBe(r.generationsBefore + 1);
      // Same bytes, same hashes: the recomputed root hash equals the reference tool's.
      expect(latest.rootHash!.content.xxh64).toBe('8d02114c32e28cbe');
      expect(latest.rootHash!.structure.xxh64).toBe('f557f8ca8e5a88ef');
      await expectValidHistory(r.root);
    }
  });

  it('copies keep the fixtures\' modification times, and our generation records them', async () => {
    const dir = scenario('scenario_01');
    const rel = 'travel_01/A002R2EC/Clips/A002C006_141024_R2EC.mov';
    const original = statSync(join(fixtures!, 'ascmhl', 'scenario_01', rel)).mtime;
    expect(statSync(join(dir, rel)).mtime.getTime()).toBe(original.getTime());
    await verifyFolder(dir, { creator: CREATOR });
    const latest = (await readHistory(join(dir, 'travel_01/A002R2EC'))).generations.at(-1)!;
    const entry = latest.files.find((f) => f.path === 'Clips/A002C006_141024_R2EC.mov')!;
    expect(entry.lastModified!.getTime()).toBe(Math.floor(original.getTime() / 1000) * 1000);
  });

  it('a copied reference roll with one flipped byte, one deleted and one renamed file', async () => {
    const dir = scenario('scenario_02');
    const roll = join(dir, 'file_server', 'A002R2EC');
    const mov = join(roll, 'Clips', 'A002C006_141024_R2EC.mov');
    const bytes = readFileSync(mov);
    bytes[2] = bytes[2]! ^ 0x20;
    writeFileSync(mov, bytes);
    rmSync(join(roll, 'Sidecar.txt'));
    renameSync(join(roll, 'Clips', 'A002C007_141024_R2EC.mov'), join(roll, 'Clips', 'A002C007_renamed.mov'));
    const report = await verifyFolder(roll, { creator: CREATOR });
    const r = report.roots[0]!;
    expect(statusOf(r)).toEqual({
      'Clips/A002C006_141024_R2EC.mov': 'changed',
      'Clips/A002C007_renamed.mov': 'renamed',
      'Sidecar.txt': 'missing',
    });
    expect(r.files.find((f) => f.status === 'changed')!.reason).toMatch(/^xxh64 expected 0ea03b369a463d9d, found [0-9a-f]{16}$/);
    expect(r.counts).toMatchObject({ changed: 1, renamed: 1, missing: 1, verified: 0 });
    expect(r.manifest!.sequence).toBe(3);
    await expectValidHistory(roll);
  });

  it('scenario_03: md5 added by the reference tool is verified too', async () => {
    const dir = scenario('scenario_03');
    const report = await verifyFolder(join(dir, 'file_server'), { creator: CREATOR });
    const r = report.roots[0]!;
    expect(r.files.every((f) => Object.keys(f.expected!).sort().join() === 'md5,xxh64')).toBe(true);
    const latest = (await readHistory(r.root)).generations.at(-1)!;
    expect(latest.rootHash!.content.md5).toBe('6fae2da9bc6dca45486cb91bfea6db70');
  });

  it('scenario_04: the altered Sidecar.txt on the file server is still changed against the original hash', async () => {
    const dir = scenario('scenario_04');
    const report = await verifyFolder(dir, { creator: CREATOR });
    const [server, travel] = [...report.roots].sort((a, b) => (a.root < b.root ? -1 : 1));
    expect(travel!.ok).toBe(true);
    expect(server!.ok).toBe(false);
    expect(statusOf(server!)).toEqual({
      'Clips/A002C006_141024_R2EC.mov': 'verified',
      'Clips/A002C007_141024_R2EC.mov': 'verified',
      'Sidecar.txt': 'changed',
    });
    expect(server!.files.find((f) => f.path === 'Sidecar.txt')!.reason).toBe(
      'xxh64 expected 3ab5a4166b9bde44, found 70d2cf31aaa3eac4 (size 58 → 60 bytes)',
    );
    // Recorded like the reference tool recorded it: failed, root hash over what is on disk.
    const latest = (await readHistory(server!.root)).generations.at(-1)!;
    expect(latest.rootHash!.content.xxh64).toBe('8e52e9c3d15e055c');
    expect(latest.rootHash!.structure.xxh64).toBe('32706d5f4b48f047');
    await expectValidHistory(server!.root);
  });

  it('scenario_05: nested rolls verify first, the Reels generation carries their root hashes and references them', async () => {
    const dir = scenario('scenario_05');
    const reels = join(dir, 'file_server', 'Reels');
    const report = await verifyFolder(reels, { creator: CREATOR });
    expect(report.ok).toBe(true);
    expect(report.roots.map((r) => [r.root, r.parent])).toEqual([
      [reels, undefined],
      [join(reels, 'A002R2EC'), reels],
      [join(reels, 'A003R2EC'), reels],
    ]);
    expect(statusOf(report.roots[0]!)).toEqual({ 'Summary.txt': 'verified' });

    const parent = await readHistory(reels);
    const latest = parent.generations.at(-1)!;
    expect(latest.sequence).toBe(2);
    expect(latest.rootHash!.content.xxh64).toBe('92950bc8fda076ec');
    expect(latest.rootHash!.structure.xxh64).toBe('2c2ce52605558158');
    expect(latest.directories.map((d) => [d.path, d.content.xxh64, d.structure.xxh64])).toEqual([
      ['A002R2EC', '8d02114c32e28cbe', 'f557f8ca8e5a88ef'],
      ['A003R2EC', '7a82373c131cf40a', '1131a950fcc55e4b'],
    ]);
    const childManifests = report.roots.slice(1).map((r) => r.manifest!);
    expect(latest.references.map((r) => r.c4)).toEqual(childManifests.map((m) => m.c4));
    expect(latest.references.map((r) => r.path)).toEqual([
      `A002R2EC/ascmhl/${childManifests[0]!.path.split('/').at(-1)}`,
      `A003R2EC/ascmhl/${childManifests[1]!.path.split('/').at(-1)}`,
    ]);
    expect(parent.references.every((r) => r.status === 'ok')).toBe(true);
    for (const r of report.roots) await expectValidHistory(r.root);
  });
});
