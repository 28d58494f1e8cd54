/**
 * The reader refuses hostile and broken input with a typed MhlError naming the file, and proves a history's chain:
 * a tampered, missing, unlisted manifest or a missing chain is an error, never a silently partial history.
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashBytes } from '../../main/hash';
import { MhlError, parseChain, parseManifest, readHistory, readManifestFile, writeGeneration } from '../../main/mhl';
import { fixturesDir, copyFixtureTree } from '../support/fixtures';
import { makeTempDir } from '../support/tmp';
import { generationFilesFor, input, makeTree } from './helpers';

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  tmp = makeTempDir('mhl-reader');
});
afterEach(() => tmp.cleanup());

const NS = 'urn:ASC:MHL:v2.0';
const minimal = (hashes: string, extra = ''): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n${extra}<hashlist version="2.0" xmlns="${NS}">` +
  '<creatorinfo><creationdate>2020-01-16T09:15:00+00:00</creationdate><hostname>h</hostname><tool version="1">t</tool></creatorinfo>' +
  `<processinfo><process>in-place</process></processinfo><hashes>${hashes}</hashes></hashlist>`;
const oneHash = (path: string, value = '0ea03b369a463d9d'): string =>
  `<hash><path size="5">${path}</path><xxh64 action="original">${value}</xxh64></hash>`;

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(MhlError);
    expect((e as MhlError).file).toBe('test.mhl');
    return (e as MhlError).code;
  }
  return undefined;
}
const parse = (xml: string) => parseManifest(Buffer.from(xml, 'utf8'), 'test.mhl');

describe('parseManifest on hostile and malformed input', () => {
  it('accepts the minimal valid manifest', () => {
    const m = parse(minimal(oneHash('a &amp; b &#x1F3AC; &#9;.mov')));
    expect(m.files[0]).toMatchObject({ path: 'a & b 🎬 \t.mov', size: 5, hashes: [{ algorithm: 'xxh64', value: '0ea03b369a463d9d', action: 'original' }] });
  });

  it('refuses DOCTYPE, ENTITY declarations and the billion laughs without expanding anything', () => {
    const laughs =
      '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' +
      '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>\n';
    expect(codeOf(() => parse(minimal(oneHash('&lol3;'), laughs)))).toBe('hostile-xml');
    expect(codeOf(() => parse(minimal(oneHash('&xxe;'), '<!DOCTYPE h [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n')))).toBe('hostile-xml');
    expect(codeOf(() => parse(minimal(oneHash('x'), '<!DOCTYPE hashlist SYSTEM "http://example.com/x.dtd">\n')))).toBe('hostile-xml');
    // An undeclared entity reference is never looked up either.
    expect(codeOf(() => parse(minimal(oneHash('&nbsp;.mov'))))).toBe('hostile-xml');
  });

  it('refuses malformed XML, bad UTF-8, forbidden characters and bare ampersands', () => {
    expect(codeOf(() => parse(minimal(oneHash('a.mov')).replace('</hashes>', '')))).toBe('malformed-xml');
    expect(codeOf(() => parseManifest(Buffer.from([0x3c, 0x61, 0xff, 0xfe, 0x3e]), 'test.mhl'))).toBe('malformed-xml');
    expect(codeOf(() => parse(minimal(oneHash('bell\u0007.mov'))))).toBe('malformed-xml');
    expect(codeOf(() => parse(minimal(oneHash('nul&#0;.mov'))))).toBe('malformed-xml');
    expect(codeOf(() => parse(minimal(oneHash('a & b.mov'))))).toBe('malformed-xml');
    expect(codeOf(() => parse(minimal(oneHash('a.mov')) + '<second/>'))).toBe('malformed-xml');
    expect(codeOf(() => parse(minimal(oneHash('a.mov')).replace('UTF-8', 'ISO-8859-1')))).toBe('malformed-xml');
  });

  it('refuses well-formed XML that is not an ASC MHL v2 hashlist, or that lies about paths and values', () => {
    expect(codeOf(() => parse(minimal(oneHash('a.mov')).replace(NS, 'urn:other')))).toBe('invalid-manifest');
    expect(codeOf(() => parse(minimal(oneHash('a.mov')).replace('version="2.0"', 'version="1.0"')))).toBe('invalid-manifest');
    expect(codeOf(() => parse(minimal(oneHash('../../etc/passwd'))))).toBe('invalid-manifest');
    expect(codeOf(() => parse(minimal(oneHash('/abs.mov'))))).toBe('invalid-manifest');
    expect(codeOf(() => parse(minimal(oneHash('a.mov', 'not-hex-at-all!'))))).toBe('invalid-manifest');
    expect(codeOf(() => parse(minimal(oneHash('a.mov') + oneHash('a.mov'))))).toBe('invalid-manifest');
    expect(codeOf(() => parse(minimal(oneHash('a.mov').replace('original', 'blessed'))))).toBe('invalid-manifest');
    expect(codeOf(() => parse(minimal(oneHash('a.mov').replace('size="5"', 'size="-5"'))))).toBe('invalid-manifest');
    expect(codeOf(() => parse(minimal(oneHash('a.mov')).replace('in-place', 'teleport')))).toBe('invalid-manifest');
  });

  it('refuses an absolute or climbing path wherever a path appears: file, previous path, directory, reference', () => {
    const c4 = hashBytes('c4', Buffer.from('x'));
    // The first is the control: each shape parses with an ordinary relative path, so only the path can refuse it.
    for (const bad of ['Clips/b.mov', '/etc/passwd', 'C:\\Windows\\win.ini', 'C:/Windows/win.ini', 'Clips/../../../etc/passwd']) {
      const places = {
        file: minimal(oneHash(bad)),
        previousPath: minimal(oneHash('a.mov').replace('</path>', `</path><previousPath>${bad}</previousPath>`)),
        directory: minimal(`${oneHash('a.mov')}<directoryhash><path>${bad}</path><content><xxh64>0ea03b369a463d9d</xxh64></content><structure><xxh64>0ea03b369a463d9d</xxh64></structure></directoryhash>`),
        reference: minimal(oneHash('a.mov')).replace('</hashlist>', `<references><hashlistreference><path>${bad}</path><c4>${c4}</c4></hashlistreference></references></hashlist>`),
      };
      const expected = bad === 'Clips/b.mov' ? undefined : 'invalid-manifest';
      for (const [place, xml] of Object.entries(places)) expect({ bad, place, code: codeOf(() => parse(xml)) }).toEqual({ bad, place, code: expected });
    }
  });

  it('reads prefixed namespaces, CDATA and uppercase hex the way the spec means them', () => {
    const prefixed = minimal(oneHash('<![CDATA[a&b<c>.mov]]>', '0EA03B369A463D9D'))
      .replace(`<hashlist version="2.0" xmlns="${NS}">`, `<m:hashlist version="2.0" xmlns:m="${NS}">`)
      .replace('</hashlist>', '</m:hashlist>')
      .replace(/<(\/?)(creatorinfo|creationdate|hostname|tool|processinfo|process|hashes|hash|path|xxh64)([ >])/g, '<$1m:$2$3');
    const m = parse(prefixed);
    expect(m.files[0]!.path).toBe('a&b<c>.mov');
    expect(m.files[0]!.hashes[0]!.value).toBe('0ea03b369a463d9d');
  });

  // Counter-examples found by tests/fuzz/mhl-reader.fuzz.test.ts.
  it('refuses entity names that are Object.prototype members (&constructor; was decoded to a function source)', () => {
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf']) {
      expect({ name, code: codeOf(() => parse(minimal(oneHash(`a&${name};.mov`)))) }).toEqual({ name, code: 'hostile-xml' });
      expect({ name, code: codeOf(() => parseChain(Buffer.from(`<ascmhldirectory xmlns="urn:ASC:MHL:DIRECTORY:v2.0">&${name};</ascmhldirectory>`), 'test.mhl')) }).toEqual({
        name,
        code: 'hostile-xml',
      });
    }
  });

  it('refuses a path that is absolute or climbs on Windows, where "\\" is a separator; keeps "\\" inside a name', () => {
    for (const bad of ['Clips\\..\\..\\..\\Windows\\win.ini', 'a/..\\x', '\\Windows\\win.ini', '\\\\server\\share\\x']) {
      expect({ bad, code: codeOf(() => parse(minimal(oneHash(bad)))) }).toEqual({ bad, code: 'invalid-manifest' });
    }
    expect(parse(minimal(oneHash('Clips\\a..b\\c.mov'))).files[0]!.path).toBe('Clips\\a..b\\c.mov');
  });

  it('refuses a megabyte of unterminated CDATA openers in linear time (the old regex was quadratic)', () => {
    const openers = '<![CDATA['.repeat(120_000);
    const started = performance.now();
    expect(codeOf(() => parse(minimal(oneHash(`a${openers}.mov`))))).toBe('malformed-xml');
    expect(performance.now() - started).toBeLessThan(3000); // ~0.1 s now; the regex took minutes
  });

  it('caps the size it reads', async () => {
    const file = join(tmp.dir, 'big.mhl');
    writeFileSync(file, minimal(oneHash('a.mov')) + ' '.repeat(4096));
    await expect(readManifestFile(file, { maxManifestBytes: 1024 })).rejects.toMatchObject({ code: 'too-large', file });
    await expect(readManifestFile(file)).resolves.toBeDefined();
  });

  it('parses the chain strictly', () => {
    const chain = (body: string): Buffer => Buffer.from(`<ascmhldirectory xmlns="urn:ASC:MHL:DIRECTORY:v2.0">${body}</ascmhldirectory>`);
    const c4 = hashBytes('c4', Buffer.from('x'));
    const entry = (n: number, name: string): string => `<hashlist sequencenr="${n}"><path>${name}</path><c4>${c4}</c4></hashlist>`;
    expect(parseChain(chain(entry(2, 'b.mhl') + entry(1, 'a.mhl')), 'c').map((e) => e.sequence)).toEqual([1, 2]);
    for (const bad of [entry(1, 'a.mhl') + entry(3, 'c.mhl'), entry(1, 'a.mhl') + entry(1, 'b.mhl'), entry(1, '../x.mhl'), entry(1, 'a.mhl').replace(c4, 'c4xyz')]) {
      expect(() => parseChain(chain(bad), 'c')).toThrow(expect.objectContaining({ code: 'invalid-chain' }));
    }
  });
});

describe('readHistory proves the chain', () => {
  async function history(root: string): Promise<{ first: string; second: string }> {
    makeTree(root, { 'a.wav': 'a', 'b/c.wav': 'c' });
    const files = await generationFilesFor(root, ['a.wav', 'b/c.wav']);
    const first = (await writeGeneration(input(root, files))).manifestPath;
    const second = (await writeGeneration(input(root, files, new Date('2024-05-02T00:00:00Z')))).manifestPath;
    return { first, second };
  }

  it('a tampered manifest (one byte) is named as tampered', async () => {
    const root = join(tmp.dir, 'R');
    const { first } = await history(root);
    const bytes = readFileSync(first);
    const at = bytes.indexOf('c.wav');
    bytes[at] = 'd'.charCodeAt(0); // still well-formed XML, a different file name: only the C4 can tell
    writeFileSync(first, bytes);
    await expect(readHistory(root)).rejects.toMatchObject({ code: 'manifest-tampered', file: first });
  });

  it('a missing manifest, an unlisted one and a missing chain are each named', async () => {
    const root = join(tmp.dir, 'R');
    const { first, second } = await history(root);
    renameSync(second, second + '.away');
    await expect(readHistory(root)).rejects.toMatchObject({ code: 'manifest-missing', file: second });
    renameSync(second + '.away', second);
    const extra = join(root, 'ascmhl', '0003_R_2024-05-03_000000Z.mhl');
    writeFileSync(extra, readFileSync(first));
    await expect(readHistory(root)).rejects.toMatchObject({ code: 'manifest-unlisted', file: extra });
    rmSync(extra);
    rmSync(join(root, 'ascmhl', 'ascmhl_chain.xml'));
    await expect(readHistory(root)).rejects.toMatchObject({ code: 'chain-missing' });
  });

  it('a manifest with a DOCTYPE is refused even when the chain vouches for its bytes', async () => {
    const root = join(tmp.dir, 'R');
    const { first } = await history(root);
    const evil = readFileSync(first, 'utf8').replace('<hashlist', '<!DOCTYPE x [<!ENTITY e "boom">]>\n<hashlist');
    writeFileSync(first, evil);
    const chainPath = join(root, 'ascmhl', 'ascmhl_chain.xml');
    const chain = readFileSync(chainPath, 'utf8');
    const oldC4 = /<c4>(c4\w+)<\/c4>/.exec(chain)![1]!;
    writeFileSync(chainPath, chain.replace(oldC4, hashBytes('c4', Buffer.from(evil))));
    await expect(readHistory(root)).rejects.toMatchObject({ code: 'hostile-xml', file: first });
  });

  it('macOS AppleDouble files and our temp names in ascmhl/ are not manifests', async () => {
    const root = join(tmp.dir, 'R');
    await history(root);
    writeFileSync(join(root, 'ascmhl', '._0001_R_2024-05-01_120000Z.mhl'), Buffer.from([0, 5, 22, 7]));
    writeFileSync(join(root, 'ascmhl', '.0003_R_x.mhl.123.abcd.tmp'), 'partial');
    await expect(readHistory(root)).resolves.toMatchObject({ generations: [{ sequence: 1 }, { sequence: 2 }] });
  });

  it('a folder without ascmhl/ is an empty history', async () => {
    await expect(readHistory(tmp.dir)).resolves.toMatchObject({ generations: [], references: [] });
  });

  const fixtures = fixturesDir();
  (fixtures ? it : it.skip)('a tampered copy of a reference history fails the chain check; a broken child reference is reported', async () => {
    const copy = join(tmp.dir, 'scenario_05');
    copyFixtureTree(join(fixtures!, 'ascmhl', 'scenario_05'), copy);
    const reels = join(copy, 'file_server', 'Reels');
    const child = join(reels, 'A002R2EC', 'ascmhl', '0002_A002R2EC_2020-01-17_143000Z.mhl');
    const text = readFileSync(child, 'utf8');
    writeFileSync(child, text.replace('verified', 'original'));
    await expect(readHistory(join(reels, 'A002R2EC'))).rejects.toMatchObject({ code: 'manifest-tampered', file: child });
    const parent = await readHistory(reels);
    expect(parent.references.map((r) => r.status)).toEqual(['mismatch', 'ok']);
  });
  if (!fixtures) console.warn('tests/mhl/reader: ../shared/fixtures is absent, fixture tamper test skipped');
});
