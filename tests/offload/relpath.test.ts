import * as path from 'node:path';
import fc from 'fast-check';
import {
  NAME_MAX_BYTES,
  PATH_MAX_BYTES,
  UnsafePathError,
  cardNameProblem,
  collisionKey,
  findCollisions,
  pathLengthProblem,
  safeJoin,
  sortByteOrder,
  splitCardPath,
} from '../../main/offload/relpath';

const root = path.resolve('/dest/drive A');

function caught(fn: () => unknown): UnsafePathError {
  try {
    fn();
  } catch (err) {
    if (err instanceof UnsafePathError) return err;
    throw err;
  }
  throw new Error('expected UnsafePathError, nothing was thrown');
}

describe('safeJoin', () => {
  it('joins ordinary components under the root', () => {
    expect(safeJoin(root, ['Film', '2025-06-01', 'A001', 'S01T01.WAV'])).toBe(
      path.join(root, 'Film', '2025-06-01', 'A001', 'S01T01.WAV'),
    );
    expect(safeJoin('relative/root', ['x'])).toBe(path.resolve('relative/root', 'x'));
    expect(safeJoin(root, ['.hidden', 'Scène 1', '..dots..'])).toBe(path.join(root, '.hidden', 'Scène 1', '..dots..'));
  });

  it.each([
    [['..', 'etc'], '".." component'],
    [['a', '..', '..', 'b'], '".." component'],
    [['.', 'a'], '"." component'],
    [['a', ''], 'empty component'],
    [['/etc/passwd'], 'absolute'],
    [['a/../../b'], 'inside one component'],
    [['a\0b'], 'NUL'],
    [['..\\..\\Windows'], 'folder separator on Windows'],
    [['a\\b'], 'folder separator on Windows'],
    [['C:\\Windows'], 'absolute'],
    [['C:x'], 'drive letter'],
    [[], 'no components'],
  ])('refuses %j (%s) with a typed error naming path and cause', (components, cause) => {
    const err = caught(() => safeJoin(root, components));
    expect(err.name).toBe('UnsafePathError');
    expect(err.path).toBe(components.join('/'));
    expect(err.reason).toContain(cause);
    expect(err.message).toContain(JSON.stringify(components.join('/')));
    expect(err.message).toContain(cause);
  });

  it('refuses a join longer than this system can open (PATH_MAX) or with a component over NAME_MAX, saying so', () => {
    const deep = Array.from({ length: 1100 }, () => 'ddd');
    const err = caught(() => safeJoin(root, deep));
    expect(err.reason).toMatch(new RegExp(`^the destination path would be [0-9,]+ bytes long; this system allows at most ${PATH_MAX_BYTES.toLocaleString('en-US')}$`));
    expect(caught(() => safeJoin(root, ['a'.repeat(NAME_MAX_BYTES + 1)])).reason).toBe(
      `a folder or file name on the destination would be ${NAME_MAX_BYTES + 1} bytes long; this system allows at most ${NAME_MAX_BYTES}`,
    );
    expect(safeJoin(root, ['a'.repeat(NAME_MAX_BYTES)])).toBe(path.join(root, 'a'.repeat(NAME_MAX_BYTES)));
    const atLimit = '/a'.repeat(Math.floor(PATH_MAX_BYTES / 2));
    expect(pathLengthProblem(atLimit)).toBeUndefined();
    expect(pathLengthProblem(`${atLimit}/a`)).toMatch(/would be/);
    // Bytes, not characters: '/é' is two characters, three bytes of UTF-8.
    const accented = '/é'.repeat(Math.ceil((PATH_MAX_BYTES + 1) / 3));
    expect(accented.length).toBeLessThan(PATH_MAX_BYTES);
    expect(pathLengthProblem(accented)).toMatch(/would be/);
  });

  it('property: any components either throw UnsafePathError or land strictly inside root', () => {
    const hostile = fc.constantFrom('..', '.', '', '/', '\\', '\0', '../', '..\\', 'C:', '/etc', 'a', 'é', '\u0301');
    const component = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 12 }),
      fc.string({ unit: fc.constantFrom('.', '/', '\\', '\0', 'a', ':', ' '), maxLength: 8 }),
      hostile,
    );
    const roots = fc.constantFrom(root, '/', 'rel/root', path.resolve('x/..'), '/dest/with space/');
    let accepted = 0;
    fc.assert(
      fc.property(roots, fc.array(component, { maxLength: 6 }), (base, components) => {
        let joined: string;
        try {
          joined = safeJoin(base, components);
        } catch (err) {
          expect(err).toBeInstanceOf(UnsafePathError);
          return;
        }
        const rel = path.relative(path.resolve(base), joined);
        expect(rel).not.toBe('');
        expect(path.isAbsolute(rel)).toBe(false);
        expect(rel.split(path.sep)).not.toContain('..');
        expect(joined.startsWith(path.resolve(base))).toBe(true);
        accepted++;
      }),
      { numRuns: 5000 },
    );
    // Both branches must be exercised, or the property proves nothing about the accepting side.
    expect(accepted).toBeGreaterThan(500);
  });
});

describe('splitCardPath', () => {
  it('splits a card path into checked components', () => {
    expect(splitCardPath('DISCRETE/Scene_1_2AG-T001.TAKE/Scene_1_2AG-T001_Tr1.WAV')).toEqual([
      'DISCRETE',
      'Scene_1_2AG-T001.TAKE',
      'Scene_1_2AG-T001_Tr1.WAV',
    ]);
    expect(splitCardPath('.hidden')).toEqual(['.hidden']);
  });

  it.each([
    ['/abs/path', 'absolute'],
    ['', 'empty component'],
    ['a//b', 'empty component'],
    ['a/', 'empty component'],
    ['a/../b', '".." component'],
    ['./a', '"." component'],
    ['a\\b.wav', 'folder separator on Windows'],
    ['bad\x01name.wav', 'control character U+0001'],
    ['tab\there', 'control character U+0009'],
    ['nul\0', 'NUL'],
    ['del\x7f.wav', 'control character U+007F'],
    ['csi\u009b.wav', 'control character U+009B'],
    ['CON.WAV', '"CON" is a reserved device name on Windows'],
    ['a/aux', '"aux" is a reserved device name on Windows'],
    ['LPT1.wav', '"LPT1" is a reserved device name on Windows'],
    ['NUL', '"NUL" is a reserved device name on Windows'],
    ['com\u00b9.tar.gz', 'reserved device name on Windows'],
    ['prn .txt', '"prn" is a reserved device name on Windows'],
    ['take:1.wav', 'contains ":"'],
    ['what?.wav', 'contains "?"'],
    ['a*b', 'contains "*"'],
    ['A.WAV.', 'ends with a dot'],
    ['A.WAV ', 'ends with a space'],
    ['...', 'ends with a dot'],
    ['\u3042'.repeat(86), 'name is 258 bytes long in UTF-8; Linux and macOS allow 255'],
  ])('refuses %j (%s)', (relativePath, cause) => {
    const err = caught(() => splitCardPath(relativePath));
    expect(err.path).toBe(relativePath);
    expect(err.reason).toContain(cause);
  });

  it('cardNameProblem accepts what a recorder writes', () => {
    for (const name of ['S01T01.WAV', 'A101_1_2.WAV', 'Scène 1', '.settings', 'FALSETAKES', 'take ✓ 2.wav', '..WAV', 'a..b.WAV', '..A', 'CONSOLE.WAV', 'AUX1.WAV', 'COM10.wav', 'NULL', 'con_1.wav', ' lead space.wav', 'a'.repeat(255)]) {
      expect(cardNameProblem(name)).toBeUndefined();
    }
  });
});

describe('findCollisions', () => {
  const nfc = 'Sc\u00e8ne.wav';
  const nfd = 'Sce\u0300ne.wav';

  it('finds case twins', () => {
    expect(findCollisions(['A.WAV', 'a.wav', 'b.wav'])).toEqual([{ key: 'a.wav', kind: 'file', paths: ['A.WAV', 'a.wav'] }]);
  });

  it('finds NFC vs NFD twins, and keys by NFC', () => {
    expect(nfc).not.toBe(nfd);
    expect(findCollisions([nfc, nfd])).toEqual([{ key: 'sc\u00e8ne.wav', kind: 'file', paths: [nfd, nfc] }]); // 'e' (0x65) < 'è' (0xC3 0xA8)
  });

  it('finds twins that differ by both case and normalisation', () => {
    expect(findCollisions(['SCE\u0300NE.WAV', nfc])).toEqual([{ key: 'sc\u00e8ne.wav', kind: 'file', paths: ['SCE\u0300NE.WAV', nfc] }]);
  });

  it('finds a file against a folder of the same folded name', () => {
    expect(findCollisions(['X', 'x/Y.wav'])).toEqual([{ key: 'x', kind: 'file-vs-folder', paths: ['X', 'x/Y.wav'] }]);
    expect(findCollisions(['X', 'X/Y.wav'])).toEqual([{ key: 'x', kind: 'file-vs-folder', paths: ['X', 'X/Y.wav'] }]);
  });

  it('reports one collision per set of paths, at the deepest level that set collides', () => {
    expect(findCollisions(['A/x.wav', 'a/x.wav'])).toEqual([{ key: 'a/x.wav', kind: 'file', paths: ['A/x.wav', 'a/x.wav'] }]);
    // Folders that merge without a file clash are still reported: the tree on the drive differs from the card.
    expect(findCollisions(['A/x.wav', 'a/y.wav'])).toEqual([{ key: 'a', kind: 'folder-merge', paths: ['A/x.wav', 'a/y.wav'] }]);
    expect(findCollisions(['A/x.wav', 'a/x.wav', 'a/y.wav'])).toEqual([
      { key: 'a', kind: 'folder-merge', paths: ['A/x.wav', 'a/x.wav', 'a/y.wav'] },
      { key: 'a/x.wav', kind: 'file', paths: ['A/x.wav', 'a/x.wav'] },
    ]);
  });

  it('finds nothing in a real card layout, and ignores exact duplicates', () => {
    const card = ['A101_1.WAV', 'A101_1_1.WAV', 'A101_1_2.WAV', 'DISCRETE/T001.TAKE/T001_Tr1.WAV', 'DISCRETE/T001.TAKE/T001_Tr2.WAV'];
    expect(findCollisions(card)).toEqual([]);
    expect(findCollisions(['a.wav', 'a.wav'])).toEqual([]);
  });

  it('documents the fold: simple lowercasing, not full case folding, no locale tailoring', () => {
    expect(collisionKey('STRASSE')).not.toBe(collisionKey('straße'));
    expect(collisionKey('I')).toBe('i');
    expect(collisionKey('\u0130')).toBe('i\u0307');
  });

  it('property: every path whose key another distinct path shares is reported', () => {
    const name = fc.constantFrom('a', 'A', 'b', '\u00e8', 'e\u0300', 'E\u0300', 'x');
    const p = fc.array(name, { minLength: 1, maxLength: 3 }).map((parts) => parts.join('/'));
    fc.assert(
      fc.property(fc.array(p, { maxLength: 8 }), (paths) => {
        const reported = new Set(findCollisions(paths).flatMap((c) => c.paths));
        const unique = [...new Set(paths)];
        for (const a of unique) {
          for (const b of unique) {
            if (a !== b && collisionKey(a) === collisionKey(b)) expect(reported.has(a)).toBe(true);
          }
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('sortByteOrder', () => {
  it('orders by UTF-8 bytes, not UTF-16 code units', () => {
    // U+FF01 sorts after U+1F600 in UTF-16 (0xFF01 > 0xD83D) but before it in UTF-8 (EF < F0).
    expect(sortByteOrder(['\u{1F600}', '\uFF01', 'Z', 'a'], (s) => s)).toEqual(['Z', 'a', '\uFF01', '\u{1F600}']);
  });
});
