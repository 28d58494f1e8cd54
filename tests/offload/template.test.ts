import fc from 'fast-check';
import {
  DEFAULT_TEMPLATE,
  TemplateError,
  previewRollPath,
  renderRollPath,
  type RollTokens,
} from '../../main/offload/template';
import { toSafeComponent } from '../../main/offload/template-component';

const tokens: RollTokens = {
  project: 'Night Shift',
  date: '2025-06-01',
  roll: 'A001',
  card: 'NO NAME',
  recorder: 'Zoom F8',
};

const utf8Bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

describe('renderRollPath', () => {
  it('renders the default template as project/date/roll', () => {
    expect(DEFAULT_TEMPLATE).toBe('{project}/{date}/{roll}/');
    expect(renderRollPath(DEFAULT_TEMPLATE, tokens)).toEqual(['Night Shift', '2025-06-01', 'A001']);
    expect(previewRollPath(DEFAULT_TEMPLATE, tokens)).toBe('Night Shift/2025-06-01/A001');
  });

  it('uses literal "/" (and "\\") in the template as folders, and every token', () => {
    expect(renderRollPath('Audio/{date}_{recorder}/{roll} ({card})', tokens)).toEqual([
      'Audio',
      '2025-06-01_Zoom F8',
      'A001 (NO NAME)',
    ]);
    expect(renderRollPath('{project}\\{roll}', tokens)).toEqual(['Night Shift', 'A001']);
  });

  it('drops empty folders from leading, doubled and trailing separators: the result is relative', () => {
    expect(renderRollPath('//{project}//{roll}//', tokens)).toEqual(['Night Shift', 'A001']);
  });

  it('keeps a token value to one folder, whatever it contains', () => {
    expect(renderRollPath('{roll}', { ...tokens, roll: 'A/../../etc' })).toEqual(['A_.._.._etc']);
    expect(renderRollPath('{roll}', { ...tokens, roll: '..' })).toEqual(['_']);
    expect(renderRollPath('{roll}', { ...tokens, roll: '/' })).toEqual(['_']);
    expect(renderRollPath('{project}/{roll}', { ...tokens, project: '', roll: '   ' })).toEqual(['_', '_']);
  });

  it('refuses an unknown token, naming it', () => {
    expect(() => renderRollPath('{project}/{scene}/{roll}', tokens)).toThrow(TemplateError);
    expect(() => renderRollPath('{project}/{scene}/{roll}', tokens)).toThrow(/unknown token \{scene\}/);
    expect(() => renderRollPath('{Project}', tokens)).toThrow(/\{Project\}/);
    expect(() => renderRollPath('{}', tokens)).toThrow(/unknown token \{\}/);
  });

  it('refuses templates that are malformed or climb out', () => {
    expect(() => renderRollPath('{project', tokens)).toThrow(/unclosed "\{"/);
    expect(() => renderRollPath('../{roll}', tokens)).toThrow(/"\.\."/);
    expect(() => renderRollPath('{project}/./{roll}', tokens)).toThrow(/"\."/);
    expect(() => renderRollPath('', tokens)).toThrow(/makes no folder/);
    expect(() => renderRollPath('///', tokens)).toThrow(TemplateError);
  });

  it('sanitises literal text too, and the folder a literal and a value make together', () => {
    expect(renderRollPath('a:b/{roll}.', tokens)).toEqual(['a_b', 'A001']);
    expect(renderRollPath('{roll}.wav', { ...tokens, roll: 'con' })).toEqual(['con_.wav']);
    expect(renderRollPath('CO{roll}', { ...tokens, roll: 'N' })).toEqual(['CON_']);
  });
});

describe('toSafeComponent', () => {
  it.each([
    ['A001', 'A001'],
    ['a/b\\c:d*e?f"g<h>i|j', 'a_b_c_d_e_f_g_h_i_j'],
    ['line\nbreak\ttab\x7f', 'linebreaktab'],
    // C1 controls too (found by tests/fuzz/names.fuzz.test.ts): NEL is a line break, CSI starts a terminal sequence
    ['next\u0085line \u009b[2J', 'nextline [2J'],
    ['trailing dots...', 'trailing dots'],
    ['trailing. . ', 'trailing'],
    ['  padded  ', 'padded'],
    ['', '_'],
    ['.', '_'],
    ['..', '_'],
    ['\0', '_'],
    ['.hidden', '.hidden'],
    ['CON', 'CON_'],
    ['con', 'con_'],
    ['Nul.txt', 'Nul_.txt'],
    ['aux.tar.gz', 'aux_.tar.gz'],
    ['CON .txt', 'CON _.txt'],
    ['COM1', 'COM1_'],
    ['lpt9', 'lpt9_'],
    ['COM\u00b9', 'COM\u00b9_'],
    ['COM0', 'COM0_'],
    ['CONSOLE', 'CONSOLE'],
    ['PRN1', 'PRN1'],
    ['Sce\u0300ne', 'Sc\u00e8ne'],
    ['broken \ud800 surrogate', 'broken \ufffd surrogate'],
  ])('%j → %j', (input, expected) => {
    expect(toSafeComponent(input)).toBe(expected);
  });

  it('caps at 255 UTF-8 bytes without splitting a character', () => {
    expect(toSafeComponent('a'.repeat(300))).toBe('a'.repeat(255));
    const accented = toSafeComponent('\u00e9'.repeat(200)); // 2 bytes each
    expect(utf8Bytes(accented)).toBe(254);
    const emoji = toSafeComponent('\u{1F3AC}'.repeat(100)); // 4 bytes each
    expect(utf8Bytes(emoji)).toBe(252);
    expect(emoji).toBe('\u{1F3AC}'.repeat(63));
    // NFD input is composed first, so the cap counts what is written
    expect(toSafeComponent('e\u0301'.repeat(200))).toBe('\u00e9'.repeat(127));
  });

  it('keeps a reserved name safe even at the length cap', () => {
    const long = toSafeComponent(`CON.${'x'.repeat(260)}`);
    expect(long.startsWith('CON_.')).toBe(true);
    expect(utf8Bytes(long)).toBeLessThanOrEqual(255);
  });
});

describe('properties', () => {
  const anyText = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.string({ unit: fc.constantFrom('.', ' ', '/', '\\', '\0', ':', 'a', 'C', 'O', 'N', 'e\u0301', '\u00e9'), maxLength: 12 }),
    fc.constantFrom('.', '..', '', ' ', 'CON', 'nul.wav', 'COM1.', '../..', '\\\\server\\share', 'C:\\'),
    fc.string({ unit: 'binary', minLength: 250, maxLength: 400 }),
  );
  const anyTokens = fc.record({ project: anyText, date: anyText, roll: anyText, card: anyText, recorder: anyText });

  function expectSafe(components: string[]): void {
    expect(components.length).toBeGreaterThan(0);
    for (const c of components) {
      expect(c).not.toBe('');
      expect(c).not.toBe('.');
      expect(c).not.toBe('..');
      expect(c).not.toMatch(/[/\\\0]/);
      expect(utf8Bytes(c)).toBeLessThanOrEqual(255);
      expect(c).toBe(c.normalize('NFC'));
      expect(c).not.toMatch(/[. ]$/);
    }
  }

  it('renderRollPath never returns an empty, ".", ".." or separator-bearing component, for any token values', () => {
    const templates = fc.constantFrom(DEFAULT_TEMPLATE, '{roll}', '{project}/{date}_{recorder}/{card}-{roll}', '.{roll}', '{roll}..', 'x/{roll}/.{card}.');
    fc.assert(
      fc.property(templates, anyTokens, (template, values) => {
        expectSafe(renderRollPath(template, values));
      }),
      { numRuns: 3000 },
    );
  });

  it('renderRollPath, for any template text, either throws TemplateError or returns safe components', () => {
    const piece = fc.oneof(
      fc.constantFrom('{project}', '{date}', '{roll}', '{card}', '{recorder}', '/', '\\', '.', '..', '{', '}', '{x}'),
      fc.string({ unit: 'binary', maxLength: 6 }),
    );
    const anyTemplate = fc.array(piece, { maxLength: 8 }).map((pieces) => pieces.join(''));
    let rendered = 0;
    fc.assert(
      fc.property(anyTemplate, anyTokens, (template, values) => {
        let components: string[];
        try {
          components = renderRollPath(template, values);
        } catch (err) {
          expect(err).toBeInstanceOf(TemplateError);
          return;
        }
        expectSafe(components);
        rendered++;
      }),
      { numRuns: 3000 },
    );
    expect(rendered).toBeGreaterThan(500); // the accepting branch is exercised, not only the errors
  });

  it('toSafeComponent is idempotent', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const once = toSafeComponent(text);
        expect(toSafeComponent(once)).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });
});
