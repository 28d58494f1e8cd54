/** The small pure pieces: dates, hash text, ignore patterns, directory-hash rules, file names. */
import { createHash } from 'node:crypto';
import { ensureHashersReady, hashBytes } from '../../main/hash';
import {
  computeDirectoryHashes,
  createIgnoreMatcher,
  formatMhlDate,
  generationNumberOf,
  hashOfHashList,
  manifestFileName,
  mergeIgnorePatterns,
  parseMhlDate,
} from '../../main/mhl';
import { hashTextToBytes, normaliseHashText } from '../../main/mhl/hash-text';
import { findUnencodable } from '../../main/mhl/xml-escape';

beforeAll(() => ensureHashersReady());

describe('XML 1.0 character check', () => {
  it('refuses C0 controls, U+FFFE/U+FFFF and lone surrogates; allows tab, newline, astral characters', () => {
    expect(findUnencodable('a\u0000b')).toBe('\u0000');
    expect(findUnencodable('\uFFFE')).toBe('\uFFFE');
    expect(findUnencodable('x\uD800y')).toBe('\uD800');
    expect(findUnencodable('\uDC00')).toBe('\uDC00');
    expect(findUnencodable('tab\tnl\ncr\r 🎬 \u0085 \u2028')).toBeUndefined();
  });
});

describe('dates', () => {
  it('writes UTC with +00:00 and whole seconds, like the reference tool', () => {
    expect(formatMhlDate(new Date('2020-01-17T14:30:00.987Z'))).toBe('2020-01-17T14:30:00+00:00');
  });
  it('reads any xs:dateTime offset and fraction', () => {
    expect(parseMhlDate('2020-01-17T15:30:00+01:00')!.toISOString()).toBe('2020-01-17T14:30:00.000Z');
    expect(parseMhlDate('2020-01-17T14:30:00.123456Z')!.toISOString()).toBe('2020-01-17T14:30:00.123Z');
    expect(parseMhlDate('2020-01-17T14:30:00')!.toISOString()).toBe('2020-01-17T14:30:00.000Z');
    expect(parseMhlDate('0050-01-01T00:00:00Z')!.getUTCFullYear()).toBe(50);
    expect(parseMhlDate('yesterday')).toBeUndefined();
    expect(parseMhlDate('2020-13-01T00:00:00Z')).toBeUndefined();
  });
});

describe('manifest file names', () => {
  it('numbers from 0001 with the UTC start time', () => {
    expect(manifestFileName(1, 'A002R2EC', new Date('2020-01-16T09:15:00Z'))).toBe('0001_A002R2EC_2020-01-16_091500Z.mhl');
    expect(manifestFileName(12345, 'R', new Date('2020-01-16T09:15:00Z'))).toBe('12345_R_2020-01-16_091500Z.mhl');
    expect(generationNumberOf('0002_A002R2EC_2020-01-17_143000Z.mhl')).toBe(2);
    expect(generationNumberOf('notes.mhl')).toBeUndefined();
  });
});

describe('hash text', () => {
  it('hex ↔ bytes, case-insensitive on read, exact length', () => {
    expect(normaliseHashText('xxh64', '44BC2CF5AD770999')).toBe('44bc2cf5ad770999');
    expect(normaliseHashText('xxh64', '44bc2cf5ad77099')).toBeUndefined();
    expect(Buffer.from(hashTextToBytes('xxh64', '44bc2cf5ad770999')).toString('hex')).toBe('44bc2cf5ad770999');
  });
  it('c4 ↔ the 64 SHA-512 bytes', () => {
    const data = Buffer.from('abc');
    const c4 = hashBytes('c4', data);
    expect(Buffer.from(hashTextToBytes('c4', c4)).equals(createHash('sha512').update(data).digest())).toBe(true);
    expect(normaliseHashText('c4', 'c4' + 'z'.repeat(88))).toBeUndefined(); // above 2^512
    expect(normaliseHashText('c4', c4.replace(/.$/, '0'))).toBeUndefined(); // '0' is not base58
  });
});

describe('ignore patterns (gitwildmatch, as the reference tool)', () => {
  const m = createIgnoreMatcher(['.DS_Store', 'ascmhl', 'ascmhl/', '*.tmp', '/Top.txt', 'Cache/', 'docs/**/*.pdf', '!keep.tmp']);
  it.each([
    ['.DS_Store', false, true],
    ['Clips/.DS_Store', false, true],
    ['Sub/ascmhl', true, true],
    ['Sub/ascmhl/0001.mhl', false, true],
    ['a.tmp', false, true],
    ['x/keep.tmp', false, false],
    ['Top.txt', false, true],
    ['Sub/Top.txt', false, false],
    ['Cache', true, true],
    ['Cache', false, false],
    ['Cache/x.wav', false, true],
    ['docs/a/b/c.pdf', false, true],
    ['docs/c.pdf', false, true],
    ['A001.WAV', false, false],
  ])('%s (folder: %s) ignored: %s', (path, isDir, ignored) => {
    expect(m.ignores(path, isDir)).toBe(ignored);
  });
  it('a new generation keeps the history patterns, or the defaults', () => {
    expect(mergeIgnorePatterns(undefined, ['*.tmp'])).toEqual(['.DS_Store', 'ascmhl', 'ascmhl/', '*.tmp']);
    expect(mergeIgnorePatterns(['x'], ['x', 'y'])).toEqual(['x', 'y']);
  });
});

describe('directory hashes', () => {
  const h = (s: string) => hashBytes('xxh64', Buffer.from(s));
  it('an empty folder hashes the empty input', () => {
    const tree = computeDirectoryHashes([], ['Empty'], ['xxh64']);
    expect(tree.hashes.get('Empty')!.content.xxh64).toBe(hashBytes('xxh64', new Uint8Array()));
    expect(hashOfHashList('xxh64', [])).toBe(hashBytes('xxh64', new Uint8Array()));
  });
  it('content is order-independent, structure sees names', () => {
    const a = computeDirectoryHashes([{ path: 'x', hashes: { xxh64: h('1') } }, { path: 'y', hashes: { xxh64: h('2') } }], [], ['xxh64']);
    const b = computeDirectoryHashes([{ path: 'y', hashes: { xxh64: h('2') } }, { path: 'x', hashes: { xxh64: h('1') } }], [], ['xxh64']);
    const renamed = computeDirectoryHashes([{ path: 'x', hashes: { xxh64: h('2') } }, { path: 'y', hashes: { xxh64: h('1') } }], [], ['xxh64']);
    expect(a.hashes.get('')).toEqual(b.hashes.get(''));
    expect(renamed.hashes.get('')!.content).toEqual(a.hashes.get('')!.content);
    expect(renamed.hashes.get('')!.structure).not.toEqual(a.hashes.get('')!.structure);
  });
  it('a folder is hashed only with the algorithms every child has', () => {
    const tree = computeDirectoryHashes(
      [
        { path: 'd/a', hashes: { xxh64: h('a'), md5: hashBytes('md5', Buffer.from('a')) } },
        { path: 'd/b', hashes: { xxh64: h('b') } },
        { path: 'e/c', hashes: {} }, // unreadable
      ],
      [],
      ['xxh64', 'md5'],
    );
    expect(Object.keys(tree.hashes.get('d')!.content)).toEqual(['xxh64']);
    expect(tree.hashes.get('e')!.content).toEqual({});
    expect(tree.hashes.get('')!.content).toEqual({});
    expect(tree.order).toEqual([
      { kind: 'file', path: 'd/a' },
      { kind: 'file', path: 'd/b' },
      { kind: 'folder', path: 'd' },
      { kind: 'file', path: 'e/c' },
      { kind: 'folder', path: 'e' },
    ]);
  });
});
