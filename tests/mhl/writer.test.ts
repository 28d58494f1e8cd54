/**
 * writeGeneration on a real file system: the manifest and chain it writes validate against the official XSDs, read
 * back through our reader unchanged, number generations in sequence, never overwrite, and refuse what XML cannot
 * carry with nothing left behind.
 */
import { existsSync, linkSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashBytes } from '../../main/hash';
import { MhlError, readHistory, writeGeneration } from '../../main/mhl';
import { publishNewFile } from '../../main/mhl/durable-fs';
import { makeTempDir } from '../support/tmp';
import { CREATOR, HAVE_XMLLINT, generationFilesFor, input, makeTree, xsdProblems } from './helpers';

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  tmp = makeTempDir('mhl-writer');
});
afterEach(() => tmp.cleanup());

const TREE = {
  'A001.WAV': 'take one',
  'A002.WAV': 'take two, longer',
  'Notes/report.csv': 'scene,take\n1,1\n',
  'Notes/deep/x.txt': 'x',
};

async function rollWithGeneration(root: string) {
  makeTree(root, TREE);
  const files = await generationFilesFor(root, Object.keys(TREE), ['xxh128', 'md5']);
  return { files, written: await writeGeneration(input(root, files)) };
}

describe('writeGeneration', () => {
  it('writes 0001 with the reference naming, a chain whose C4 is the manifest bytes, and reads back', async () => {
    const root = join(tmp.dir, 'ROLL_007');
    const { files, written } = await rollWithGeneration(root);
    expect(written.fileName).toBe('0001_ROLL_007_2024-05-01_120000Z.mhl');
    expect(written.sequence).toBe(1);
    expect(written.c4).toBe(hashBytes('c4', readFileSync(written.manifestPath)));
    const chain = readFileSync(written.chainPath, 'utf8');
    expect(chain).toContain('<ascmhldirectory xmlns="urn:ASC:MHL:DIRECTORY:v2.0">');
    expect(chain).toContain(`<hashlist sequencenr="1">\n    <path>${written.fileName}</path>\n    <c4>${written.c4}</c4>`);

    const xml = readFileSync(written.manifestPath, 'utf8');
    expect(xml).toContain('<creationdate>2024-05-01T12:00:00+00:00</creationdate>');
    expect(xml.indexOf('<process>')).toBeLessThan(xml.indexOf('<roothash>'));
    expect(xml.indexOf('<roothash>')).toBeLessThan(xml.indexOf('<ignore>'));
    // Post-order: a folder's directoryhash follows its contents.
    expect(xml.indexOf('>Notes/deep/x.txt<')).toBeLessThan(xml.indexOf('>Notes/deep<'));
    expect(xml.indexOf('>Notes/deep<')).toBeLessThan(xml.indexOf('>Notes/report.csv<'));
    expect(xml.indexOf('>Notes/report.csv<')).toBeLessThan(xml.indexOf('<path>Notes</path>'));

    const history = await readHistory(root);
    expect(history.generations).toHaveLength(1);
    const g = history.generations[0]!;
    expect(g.creator).toMatchObject({ hostname: CREATOR.hostname, tool: { name: 'soundroll', version: '0.1.0' } });
    expect(g.process).toBe('transfer');
    expect(g.ignorePatterns).toEqual(['.DS_Store', 'ascmhl', 'ascmhl/']);
    expect(g.files.map((f) => f.path).sort()).toEqual(Object.keys(TREE).sort());
    for (const f of files) {
      const back = g.files.find((x) => x.path === f.path)!;
      expect(back.size).toBe(f.size);
      expect(back.lastModified!.getTime()).toBe(Math.floor(f.lastModified.getTime() / 1000) * 1000);
      expect(Object.fromEntries(back.hashes.map((h) => [h.algorithm, h.value]))).toEqual(f.hashes);
      expect(back.hashes.every((h) => h.action === 'original')).toBe(true);
    }
    expect(g.directories.map((d) => d.path).sort()).toEqual(['Notes', 'Notes/deep']);
    expect(Object.keys(g.rootHash!.content).sort()).toEqual(['md5', 'xxh128']);
    expect(g.rootHash).toEqual(written.rootHash);
  });

  (HAVE_XMLLINT ? it : it.skip)('manifest and chain validate against the official ASC MHL XSDs (xmllint)', async () => {
    const root = join(tmp.dir, 'ROLL');
    const { files } = await rollWithGeneration(root);
    const second = await writeGeneration({
      ...input(root, files.map((f) => ({ ...f, action: 'verified' as const, actions: { md5: 'failed' as const } })), new Date('2024-05-02T08:00:00Z')),
      process: 'in-place',
      creator: {
        ...CREATOR,
        location: 'Stage 4 & "B"',
        comment: "<not> a tag, it's text",
        authors: [{ name: 'Sam Mixer', email: 'sam@example.com', phone: '+1 555', role: 'PSM' }, { name: 'Utility' }],
      },
      directories: [{ path: 'Empty', lastModified: new Date('2024-05-01T09:00:00Z') }],
      ignorePatterns: ['*.tmp'],
    });
    expect(xsdProblems(second.manifestPath, 'manifest')).toBeUndefined();
    expect(xsdProblems(join(root, 'ascmhl', readdirSync(join(root, 'ascmhl')).find((n) => n.startsWith('0001'))!), 'manifest')).toBeUndefined();
    expect(xsdProblems(second.chainPath, 'chain')).toBeUndefined();
    const g = (await readHistory(root)).generations[1]!;
    expect(g.creator.authors).toEqual([{ name: 'Sam Mixer', email: 'sam@example.com', phone: '+1 555', role: 'PSM' }, { name: 'Utility' }]);
    expect(g.creator.location).toBe('Stage 4 & "B"');
    expect(g.creator.comment).toBe("<not> a tag, it's text");
    expect(g.ignorePatterns).toEqual(['.DS_Store', 'ascmhl', 'ascmhl/', '*.tmp']);
    expect(g.directories.find((d) => d.path === 'Empty')).toBeDefined();
    expect(g.files[0]!.hashes.find((h) => h.algorithm === 'md5')!.action).toBe('failed');
    expect(g.files[0]!.hashes.find((h) => h.algorithm === 'xxh128')!.action).toBe('verified');
  });
  (HAVE_XMLLINT ? it : it.skip)('the XSD check is not vacuous: elements out of XSD order are rejected', async () => {
    const root = join(tmp.dir, 'ROLL');
    const { written } = await rollWithGeneration(root);
    const xml = readFileSync(written.manifestPath, 'utf8');
    const swapped = join(tmp.dir, 'swapped.mhl');
    // roothash before process: the older draft order, which the final XSD refuses.
    writeFileSync(swapped, xml.replace(/(<process>[^<]*<\/process>\n)(\s*<roothash>[\s\S]*?<\/roothash>\n)/, '$2$1'));
    expect(readFileSync(swapped, 'utf8')).not.toBe(xml);
    expect(xsdProblems(swapped, 'manifest')).toMatch(/fails to validate|not expected/);
  });
  if (!HAVE_XMLLINT) console.warn('tests/mhl/writer: xmllint is not installed, XSD validation skipped (apt-get install libxml2-utils)');

  it('appends generations in sequence and never edits earlier manifests', async () => {
    const root = join(tmp.dir, 'R');
    const { files, written: first } = await rollWithGeneration(root);
    const before = readFileSync(first.manifestPath);
    const second = await writeGeneration(input(root, files, new Date('2024-05-02T00:00:00Z')));
    const third = await writeGeneration(input(root, files, new Date('2024-05-03T00:00:00Z')));
    expect([second.sequence, third.sequence]).toEqual([2, 3]);
    expect(third.fileName).toBe('0003_R_2024-05-03_000000Z.mhl');
    expect(readFileSync(first.manifestPath).equals(before)).toBe(true);
    const history = await readHistory(root);
    expect(history.generations.map((g) => g.sequence)).toEqual([1, 2, 3]);
    // Only the manifests and the chain: no temp files left behind.
    expect(readdirSync(join(root, 'ascmhl')).sort()).toEqual([first.fileName, second.fileName, third.fileName, 'ascmhl_chain.xml'].sort());
  });

  it('hostile names round-trip byte for byte', async () => {
    const root = join(tmp.dir, 'Hostile & <Roll>');
    const names = [
      'a&b<c>d"e\'f.wav',
      ' leading and trailing space ',
      'tab\there',
      'new\nline',
      'carriage\rreturn',
      ']]>cdata-end',
      '&amp; literally',
      'Ünïcödé/Sžéne 1/テイク.wav',
      'emoji 🎬.wav',
      'NFD e\u0301.wav',
    ];
    makeTree(root, Object.fromEntries(names.map((n, i) => [n, `content ${i}`])));
    const files = await generationFilesFor(root, names, ['xxh64']);
    const written = await writeGeneration(input(root, files));
    const g = (await readHistory(root)).generations[0]!;
    expect(g.files.map((f) => f.path).sort()).toEqual([...names].sort());
    expect(g.directories.map((d) => d.path).sort()).toEqual(['Ünïcödé', 'Ünïcödé/Sžéne 1']);
    if (HAVE_XMLLINT) expect(xsdProblems(written.manifestPath, 'manifest')).toBeUndefined();
    if (HAVE_XMLLINT) expect(xsdProblems(written.chainPath, 'chain')).toBeUndefined();
  });

  it('refuses a name XML 1.0 cannot carry, naming it, and writes nothing', async () => {
    const root = join(tmp.dir, 'R');
    makeTree(root, { 'bell\u0007.wav': 'x', 'ok.wav': 'y' });
    const files = await generationFilesFor(root, ['bell\u0007.wav', 'ok.wav']);
    const err = await writeGeneration(input(root, files)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MhlError);
    expect((err as MhlError).code).toBe('unencodable-text');
    expect((err as MhlError).message).toContain('U+0007');
    expect((err as MhlError).message).toContain('"bell\\u0007.wav"');
    expect(existsSync(join(root, 'ascmhl')) ? readdirSync(join(root, 'ascmhl')) : []).toEqual([]);
  });

  it('refuses bad input: absolute or dotted paths, no hashes, non-canonical hash text', async () => {
    const root = join(tmp.dir, 'R');
    makeTree(root, { 'a.wav': 'a' });
    const [f] = await generationFilesFor(root, ['a.wav']);
    for (const bad of [
      { ...f!, path: '/etc/passwd' },
      { ...f!, path: '../a.wav' },
      { ...f!, path: 'x//a.wav' },
      { ...f!, path: 'ascmhl/0001_x.mhl' },
      { ...f!, hashes: {} },
      { ...f!, hashes: { xxh128: f!.hashes.xxh128!.toUpperCase() } },
      { ...f!, size: -1 },
    ]) {
      await expect(writeGeneration(input(root, [bad]))).rejects.toMatchObject({ code: 'invalid-input' });
    }
    await expect(writeGeneration(input(root, [f!, f!]))).rejects.toMatchObject({ code: 'invalid-input' });
  });

  it('an unchained manifest already in ascmhl/ stops the writer with an error naming it, and stays untouched', async () => {
    const root = join(tmp.dir, 'R');
    makeTree(root, { 'a.wav': 'a' });
    const files = await generationFilesFor(root, ['a.wav']);
    // Exactly the name we would write: the reader refuses the unchained file before any link is tried.
    const same = join(root, 'ascmhl', '0001_R_2024-05-01_120000Z.mhl');
    makeTree(root, { 'ascmhl/0001_R_2024-05-01_120000Z.mhl': 'rival' });
    await expect(writeGeneration(input(root, files))).rejects.toMatchObject({ code: 'chain-missing' });
    // With a chain listing nothing, the unlisted rival is itself an error the reader names:
    writeFileSync(join(root, 'ascmhl', 'ascmhl_chain.xml'), '<?xml version="1.0"?><ascmhldirectory xmlns="urn:ASC:MHL:DIRECTORY:v2.0"/>');
    await expect(writeGeneration(input(root, files))).rejects.toMatchObject({ code: 'manifest-unlisted', file: same });
    expect(readFileSync(same, 'utf8')).toBe('rival');
  });

  it('two writers racing for the same generation: at most one wins, the loser fails with generation-collision', async () => {
    for (let round = 0; round < 5; round++) {
      const root = join(tmp.dir, `race${round}`);
      makeTree(root, { 'a.wav': 'a' });
      const files = await generationFilesFor(root, ['a.wav']);
      const results = await Promise.allSettled([
        writeGeneration(input(root, files, new Date('2024-05-01T12:00:00Z'))),
        writeGeneration(input(root, files, new Date('2024-05-01T12:00:01Z'))),
      ]);
      const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(failures.length).toBeGreaterThanOrEqual(1);
      for (const f of failures) expect((f.reason as MhlError).code).toBe('generation-collision');
      // Whatever happened, the history on disk is consistent: no unchained or half-written manifest.
      const history = await readHistory(root);
      expect(history.generations.length).toBe(2 - failures.length);
    }
  });

  it('publishes without hard links (exFAT path) the same way, and still refuses to overwrite', async () => {
    const root = join(tmp.dir, 'R');
    makeTree(root, { 'a.wav': 'a' });
    const files = await generationFilesFor(root, ['a.wav']);
    const written = await writeGeneration(input(root, files), { noLink: true });
    expect(written.publishMethod).toBe('checked-rename');
    expect((await readHistory(root)).generations).toHaveLength(1);
    // A default publication is by hard link where the file system has them.
    const again = await writeGeneration(input(root, files, new Date('2024-05-02T00:00:00Z')));
    expect(again.publishMethod).toBe('link');
  });

  it('a manifest that appeared under our name between read and publish is not overwritten', async () => {
    const root = join(tmp.dir, 'R');
    makeTree(root, { 'a.wav': 'a' });
    const files = await generationFilesFor(root, ['a.wav']);
    await writeGeneration(input(root, files));
    // Simulate the rival: a hard link of gen 1 placed at the name gen 2 will take, chain untouched.
    const target = join(root, 'ascmhl', '0002_R_2024-05-02_000000Z.mhl');
    linkSync(join(root, 'ascmhl', '0001_R_2024-05-01_120000Z.mhl'), target);
    const before = readFileSync(target);
    for (const noLink of [false, true]) {
      await expect(publishNewFile(target, Buffer.from('mine'), { noLink })).rejects.toMatchObject({ code: 'generation-collision' });
      expect(readFileSync(target).equals(before)).toBe(true);
    }
    expect(readdirSync(join(root, 'ascmhl')).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses to extend a history it cannot prove', async () => {
    const root = join(tmp.dir, 'R');
    const { files, written } = await rollWithGeneration(root);
    const bytes = readFileSync(written.manifestPath);
    bytes[bytes.length - 20] = bytes[bytes.length - 20]! ^ 1;
    writeFileSync(written.manifestPath, bytes);
    await expect(writeGeneration(input(root, files, new Date('2024-06-01T00:00:00Z')))).rejects.toMatchObject({
      code: 'manifest-tampered',
      file: written.manifestPath,
    });
  });

  it('never recreates a root that is gone (unplugged drive, deleted folder)', async () => {
    const root = join(tmp.dir, 'gone', 'ROLL');
    await expect(writeGeneration(input(root, [{ path: 'a.wav', size: 1, lastModified: new Date(), hashes: { xxh64: '44bc2cf5ad770999' }, action: 'original', hashDate: new Date() }]))).rejects.toMatchObject({ code: 'io', file: root });
    expect(existsSync(join(tmp.dir, 'gone'))).toBe(false);
  });

  it('an aborted signal writes nothing', async () => {
    const root = join(tmp.dir, 'R');
    makeTree(root, { 'a.wav': 'a' });
    const files = await generationFilesFor(root, ['a.wav']);
    const ac = new AbortController();
    ac.abort();
    await expect(writeGeneration(input(root, files), { signal: ac.signal })).rejects.toThrow();
    expect(existsSync(join(root, 'ascmhl'))).toBe(false);
  });
});
