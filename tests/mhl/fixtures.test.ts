/**
 * The ASC reference tool's own histories (scenario_01..05) must read, prove and recompute exactly: every manifest
 * parses, every chain C4 matches, and file, directory and root hashes recomputed from the media on disk equal the
 * recorded ones. This pins our directory-hash algorithm to the reference tool's.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { HashSet } from '../../shared/hashes';
import { hashFile } from '../../main/hash';
import { computeDirectoryHashes, expectedFiles, findHistories, readHistory, type HashedLeaf, type MhlHistory } from '../../main/mhl';
import { fixturesDir } from '../support/fixtures';

const fixtures = fixturesDir();
const ascmhl = fixtures ? join(fixtures, 'ascmhl') : undefined;
const scenarios = ascmhl ? readdirSync(ascmhl).filter((n) => n.startsWith('scenario_')).sort() : [];
if (!ascmhl) console.warn('tests/mhl/fixtures: ../shared/fixtures/ascmhl is absent, reference-history tests skipped');
const describeFixtures = ascmhl ? describe : describe.skip;

/** Root hashes recomputed from the media on disk, using the child histories' own roots for nested folders. */
async function recomputeRoot(history: MhlHistory, childRoots: Map<string, { content: HashSet; structure: HashSet }>) {
  const latest = history.generations.at(-1)!;
  const leaves: HashedLeaf[] = [];
  for (const f of latest.files) {
    const algs = f.hashes.map((h) => h.algorithm);
    const { hashes } = await hashFile(join(history.root, ...f.path.split('/')), algs, { direct: false });
    leaves.push({ path: f.path, hashes });
  }
  for (const [path, directory] of childRoots) leaves.push({ path, directory });
  return computeDirectoryHashes(leaves, [], []);
}

describeFixtures('ASC reference histories', () => {
  it('has the five scenarios', () => {
    expect(scenarios).toEqual(['scenario_01', 'scenario_02', 'scenario_03', 'scenario_04', 'scenario_05']);
  });

  describe.each(scenarios)('%s', (scenario) => {
    it('every history reads, its chain proves out and recomputed hashes equal the recorded ones', async () => {
      const roots = await findHistories(join(ascmhl!, scenario));
      expect(roots.length).toBeGreaterThan(0);
      // Children first, so a parent can use their recomputed root hashes.
      const computed = new Map<string, { content: HashSet; structure: HashSet }>();
      for (const { root } of [...roots].reverse()) {
        const history = await readHistory(root);
        expect(history.generations.length).toBeGreaterThan(0);
        history.generations.forEach((g, i) => expect(g.sequence).toBe(i + 1));
        expect(history.references.every((r) => r.status === 'ok')).toBe(true);

        const childRoots = new Map(
          [...computed].filter(([p]) => p.startsWith(root + '/')).map(([p, h]) => [p.slice(root.length + 1), h] as const),
        );
        const tree = await recomputeRoot(history, childRoots);
        const latest = history.generations.at(-1)!;

        // File hashes: what is on disk equals the recorded value (scenario_04's file server holds the altered copy,
        // whose latest entry is the failed one recording what was found).
        for (const f of latest.files) {
          const leafHashes = (await hashFile(join(root, ...f.path.split('/')), ['xxh64'], { direct: false })).hashes;
          for (const h of f.hashes.filter((x) => x.algorithm === 'xxh64')) expect(leafHashes.xxh64).toBe(h.value);
        }
        for (const g of history.generations.filter((x) => x === latest)) {
          for (const d of g.directories) {
            const mine = tree.hashes.get(d.path)!;
            for (const alg of Object.keys(d.content) as (keyof HashSet)[]) {
              expect({ path: d.path, alg, content: mine.content[alg], structure: mine.structure[alg] }).toEqual({
                path: d.path,
                alg,
                content: d.content[alg],
                structure: d.structure[alg],
              });
            }
          }
          const mineRoot = tree.hashes.get('')!;
          for (const alg of Object.keys(g.rootHash!.content) as (keyof HashSet)[]) {
            expect(mineRoot.content[alg]).toBe(g.rootHash!.content[alg]);
            expect(mineRoot.structure[alg]).toBe(g.rootHash!.structure[alg]);
          }
        }
        computed.set(root, tree.hashes.get('')!);
        expect(expectedFiles(history).size).toBeGreaterThan(0);
      }
    });
  });

  it('scenario_04: the failed entry does not replace the expected hash', async () => {
    const history = await readHistory(join(ascmhl!, 'scenario_04/file_server/A002R2EC'));
    const expected = expectedFiles(history).get('Sidecar.txt')!;
    expect(expected.hashes.xxh64).toBe('3ab5a4166b9bde44');
    const g2 = history.generations[1]!.files.find((f) => f.path === 'Sidecar.txt')!;
    expect(g2.hashes[0]).toMatchObject({ algorithm: 'xxh64', value: '70d2cf31aaa3eac4', action: 'failed' });
  });

  it('scenario_03: md5 directory and root hashes from the log', async () => {
    const history = await readHistory(join(ascmhl!, 'scenario_03/file_server/A002R2EC'));
    const g2 = history.generations[1]!;
    expect(g2.rootHash!.content.md5).toBe('6fae2da9bc6dca45486cb91bfea6db70');
    expect(g2.rootHash!.structure.md5).toBe('be1f2eaed208efbed061845a64cacdfa');
    expect(g2.directories.find((d) => d.path === 'Clips')!.content.md5).toBe('202a2d71b56b080d9b089c1f4f29a4ba');
  });

  it('scenario_05: the Reels history is a separate root that references its rolls', async () => {
    const roots = await findHistories(join(ascmhl!, 'scenario_05/file_server'));
    const reels = join(ascmhl!, 'scenario_05/file_server/Reels');
    expect(roots).toEqual([
      { root: reels },
      { root: join(reels, 'A002R2EC'), parent: reels },
      { root: join(reels, 'A003R2EC'), parent: reels },
    ]);
    const history = await readHistory(reels);
    expect(history.references.map((r) => [r.path, r.status])).toEqual([
      ['A002R2EC/ascmhl/0002_A002R2EC_2020-01-17_143000Z.mhl', 'ok'],
      ['A003R2EC/ascmhl/0002_A003R2EC_2020-01-17_143000Z.mhl', 'ok'],
    ]);
    expect(history.generations[0]!.rootHash!.content.xxh64).toBe('92950bc8fda076ec');
  });
});
