/**
 * Property: the names that come from outside — a destination template and the values typed into it on set, the paths
 * found on a card — either become folder and file names that are safe on every destination filesystem and land
 * strictly inside their root, or are refused with the module's typed error (TemplateError, UnsafePathError). Nothing
 * else, and no case slower than CASE_MS.
 *
 * Each of renderRollPath, toSafeComponent, safeJoin and splitCardPath gets SOUNDROLL_FUZZ_RUNS cases (10,000 by
 * default); SOUNDROLL_FUZZ_SEED replays a failure (see tests/fuzz/knobs.ts). The unit tests and smaller properties
 * stay in tests/offload/template.test.ts and relpath.test.ts.
 */
import fc from 'fast-check';
import * as path from 'node:path';
import { UnsafePathError, cardNameProblem, componentProblem, safeJoin, splitCardPath } from '../../main/offload/relpath';
import { DEFAULT_TEMPLATE, TemplateError, renderRollPath, type RollTokens } from '../../main/offload/template';
import { toSafeComponent } from '../../main/offload/template-component';
import { anyString, check, fuzzParams, fuzzTimeout, rethrowUnlessTyped, runsFor, Tally, withinMs } from './knobs';
import { checkJoinInside, checkStrictlyInside } from './paths';

const CASE_MS = 100;
const ROOTS = [path.resolve('/dest/drive A'), path.resolve('/'), 'rel/root', path.resolve('/dest/with space/'), path.resolve('/a/b/..')];

// ---------------------------------------------------------------------------------------------------------------
// Text from outside: typed on set, pasted, or read from a card.

const HOSTILE = [
  '',
  '.',
  '..',
  '...',
  ' ',
  ' . ',
  'x.',
  'x. . .',
  ' x ',
  'CON',
  'con',
  'Nul.txt',
  'nul.wav',
  'COM1.',
  'COM\u00b9',
  'lpt9 .txt',
  'aux.tar.gz',
  'CON .txt',
  'CONIN$',
  '../..',
  '..\\..',
  '\\\\server\\share',
  'C:\\',
  'C:x',
  'c:',
  '/',
  '\\',
  '\0',
  'a\0b',
  '\x7f',
  '\t\n\r',
  '\u0085',
  '\u009b[2J',
  '\u00a0',
  '\u200b',
  '\ufeff',
  '\u202e',
  '\ud800',
  '\udc00x',
  '\udbff\udfff',
  'e\u0301',
  '\u00e9',
  '\u212b',
  '\ufb01',
  '{project}',
  '{',
  '}',
  '{{roll}}',
  '{roll',
  'roll}',
  ':',
  '*?"<>|',
  'x'.repeat(300),
  '\u{1F3AC}'.repeat(70),
  '\u00e9'.repeat(130),
  'e\u0301'.repeat(130),
  `e${'\u0301'.repeat(400)}`,
  '\u1100\u1161\u11a8'.repeat(90),
  `CON.${'x'.repeat(300)}`,
  `${'a'.repeat(254)}\u00e9`,
  `${'a'.repeat(253)}\u{1F3AC}`,
];

const anyText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: anyString({ maxLength: 40 }) },
  {
    weight: 3,
    arbitrary: fc.string({
      unit: fc.constantFrom('.', ' ', '/', '\\', '\0', ':', 'a', 'C', 'O', 'N', 'e\u0301', '\u00e9', '\u0301', '\ud800', '\udc00', '1', '\u00b9', '\t', '\x7f', '\u0085', '{', '}'),
      maxLength: 16,
    }),
  },
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 1, arbitrary: anyString({ minLength: 250, maxLength: 600 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme-composite', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.array(fc.constantFrom(...HOSTILE), { maxLength: 4 }).map((parts) => parts.join('')) },
);

const anyTokens: fc.Arbitrary<RollTokens> = fc.record({ project: anyText, date: anyText, roll: anyText, card: anyText, recorder: anyText });

const templatePiece = fc.oneof(
  fc.constantFrom('{project}', '{date}', '{roll}', '{card}', '{recorder}', '/', '\\', '.', '..', '{', '}', '{x}', '{Project}', '{}', ' '),
  anyString({ maxLength: 6 }),
  fc.constantFrom(...HOSTILE),
);
const anyTemplate: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.array(templatePiece, { maxLength: 10 }).map((pieces) => pieces.join('')) },
  { weight: 1, arbitrary: fc.constantFrom(DEFAULT_TEMPLATE, '{roll}', '{project}/{date}_{recorder}/{card}-{roll}', '.{roll}', '{roll}..', 'x/{roll}/.{card}.') },
  { weight: 1, arbitrary: anyText },
  { weight: 1, arbitrary: anyString({ minLength: 200, maxLength: 2000 }) },
);

/** Components, some with separators or climbing inside them, and paths made of them. */
const anyComponent: fc.Arbitrary<string> = fc.oneof(
  anyText,
  fc.constantFrom('..', '.', '', '/', '\\', '\0', '../', '..\\', 'C:', '/etc', 'a', '\u00e9', '\u0301', 'S01T01.WAV', '.hidden', '..dots..'),
);
const anyCardPath: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.array(anyComponent, { minLength: 1, maxLength: 6 }).map((parts) => parts.join('/')) },
  { weight: 1, arbitrary: fc.array(anyComponent, { minLength: 1, maxLength: 4 }).map((parts) => `/${parts.join('/')}`) },
  { weight: 2, arbitrary: anyText },
  {
    weight: 2,
    arbitrary: fc
      .array(fc.constantFrom('DISCRETE', 'Scene_1_2AG-T001.TAKE', 'S01T01.WAV', 'Sc\u00e8ne 1', '.settings', 'take \u2713 2.wav'), { minLength: 1, maxLength: 4 })
      .map((parts) => parts.join('/')),
  },
);

// ---------------------------------------------------------------------------------------------------------------
// What a safe component is, stated independently of the sanitiser.

/** Unicode Cc: C0 controls, DEL and the C1 controls (NEL, CSI, …). */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x1f\x7f-\x9f]/;
const WINDOWS_FORBIDDEN = /[/\\:*?"<>|]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Device names Windows resolves before the filesystem (the sanitiser's documented set), with any extension. */
const RESERVED = /^(con|prn|aux|nul|com[1-9\u00b9\u00b2\u00b3]|lpt[1-9\u00b9\u00b2\u00b3])$/i;
const utf8Bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

function checkComponent(c: string, what: string): void {
  check(typeof c === 'string' && c !== '' && c !== '.' && c !== '..', () => `${what}: ${JSON.stringify(c)} is a name`);
  check(!WINDOWS_FORBIDDEN.test(c) && !CONTROL.test(c), () => `${what}: ${JSON.stringify(c)} has a separator, control or forbidden character`);
  check(!LONE_SURROGATE.test(c), () => `${what}: ${JSON.stringify(c)} has a lone surrogate`);
  check(utf8Bytes(c) <= 255, () => `${what}: ${JSON.stringify(c)} is ${utf8Bytes(c)} UTF-8 bytes`);
  check(c === c.normalize('NFC'), () => `${what}: ${JSON.stringify(c)} is NFC`);
  check(!c.startsWith(' ') && !/[. ]$/.test(c), () => `${what}: ${JSON.stringify(c)} starts with a space or ends with a dot or space`);
  const stem = c.split('.')[0]!.replace(/ +$/, '');
  check(!RESERVED.test(stem), () => `${what}: ${JSON.stringify(c)} is a Windows device name`);
  check(componentProblem(c) === undefined, () => `${what}: ${JSON.stringify(c)} is refused by relpath: ${componentProblem(c)}`);
  check(toSafeComponent(c) === c, () => `${what}: ${JSON.stringify(c)} is changed by a second toSafeComponent`);
}

function checkTyped<E extends Error>(error: unknown, type: new (...args: never[]) => E, tally: Tally, ms: number): E {
  rethrowUnlessTyped(error, (e) => e instanceof type);
  tally.add((error as E).name, ms);
  return error as E;
}

function summary(label: string, started: number, tally: Tally): string {
  return `tests/fuzz/names: ${label}: ${runsFor()} cases in ${((Date.now() - started) / 1000).toFixed(1)} s (slowest ${tally.slowestMs.toFixed(1)} ms): ${tally}`;
}

// ---------------------------------------------------------------------------------------------------------------

describe('names from outside under fuzzing', () => {
  it(
    `renderRollPath returns safe folders strictly inside the destination or throws TemplateError, for ${runsFor()} templates and token values`,
    () => {
      const tally = new Tally();
      const started = Date.now();
      fc.assert(
        fc.property(anyTemplate, anyTokens, fc.constantFrom(...ROOTS), (template, tokens, root) => {
          const outcome = withinMs(CASE_MS, () => renderRollPath(template, tokens), 'renderRollPath');
          if (!outcome.ok) {
            const err = checkTyped(outcome.error, TemplateError, tally, outcome.ms);
            // It quotes the template as JSON (at most 6 characters per character, `\u0000`) and one reason.
            check(err.template === template && err.message.length <= 6 * template.length + 300, 'TemplateError names the template, briefly');
            return;
          }
          const components = outcome.value;
          check(Array.isArray(components) && components.length > 0, 'at least one folder');
          // One folder per run of the template between separators: never more folders than template characters.
          check(components.length <= template.length, () => `${components.length} folders from a ${template.length}-character template`);
          components.forEach((c, i) => checkComponent(c, `folder ${i}`));
          checkJoinInside(components, 'roll path');
          checkStrictlyInside(root, safeJoin(root, components), 'roll folder');
          tally.add('ok', outcome.ms);
        }),
        fuzzParams(),
      );
      console.log(summary('renderRollPath', started, tally));
      if (runsFor() >= 10_000) {
        expect(tally.get('ok')).toBeGreaterThan(runsFor() / 5);
        expect(tally.get('TemplateError')).toBeGreaterThan(runsFor() / 20);
      }
    },
    fuzzTimeout(),
  );

  it(
    `toSafeComponent always returns one safe, idempotent name of at most 255 UTF-8 bytes, for ${runsFor()} values`,
    () => {
      const tally = new Tally();
      const started = Date.now();
      fc.assert(
        fc.property(anyText, (value) => {
          const outcome = withinMs(CASE_MS, () => toSafeComponent(value), 'toSafeComponent');
          if (!outcome.ok) throw outcome.error; // it refuses nothing: every value becomes a name
          checkComponent(outcome.value, 'component');
          tally.add(outcome.value === value ? 'unchanged' : 'sanitised', outcome.ms);
        }),
        fuzzParams(),
      );
      console.log(summary('toSafeComponent', started, tally));
    },
    fuzzTimeout(),
  );

  it(
    `safeJoin lands strictly inside its root or throws UnsafePathError, for ${runsFor()} component lists`,
    () => {
      const tally = new Tally();
      const started = Date.now();
      fc.assert(
        fc.property(fc.constantFrom(...ROOTS), fc.array(anyComponent, { maxLength: 6 }), (root, components) => {
          const outcome = withinMs(CASE_MS, () => safeJoin(root, components), 'safeJoin');
          if (!outcome.ok) {
            const err = checkTyped(outcome.error, UnsafePathError, tally, outcome.ms);
            check(err.path === components.join('/'), 'UnsafePathError names the path');
            return;
          }
          checkStrictlyInside(root, outcome.value, 'joined path');
          check(path.isAbsolute(outcome.value), 'joined path is absolute');
          for (const c of components) check(componentProblem(c) === undefined, () => `accepted component ${JSON.stringify(c)} has a problem`);
          checkJoinInside(components, 'components');
          tally.add('ok', outcome.ms);
        }),
        fuzzParams(),
      );
      console.log(summary('safeJoin', started, tally));
      if (runsFor() >= 10_000) {
        expect(tally.get('ok')).toBeGreaterThan(runsFor() / 10);
        expect(tally.get('UnsafePathError')).toBeGreaterThan(runsFor() / 10);
      }
    },
    fuzzTimeout(),
  );

  it(
    `splitCardPath returns components that join strictly inside any root, or throws UnsafePathError, for ${runsFor()} card paths`,
    () => {
      const tally = new Tally();
      const started = Date.now();
      fc.assert(
        fc.property(anyCardPath, fc.constantFrom(...ROOTS), (cardPath, root) => {
          const outcome = withinMs(CASE_MS, () => splitCardPath(cardPath), 'splitCardPath');
          if (!outcome.ok) {
            const err = checkTyped(outcome.error, UnsafePathError, tally, outcome.ms);
            check(err.path === cardPath, 'UnsafePathError names the path');
            return;
          }
          const components = outcome.value;
          check(components.join('/') === cardPath, 'the components spell the card path');
          for (const c of components) check(cardNameProblem(c) === undefined && !CONTROL.test(c), () => `accepted name ${JSON.stringify(c)}`);
          checkJoinInside(components, 'card path');
          checkStrictlyInside(root, safeJoin(root, components), 'card path joined to a destination');
          tally.add('ok', outcome.ms);
        }),
        fuzzParams(),
      );
      console.log(summary('splitCardPath', started, tally));
      if (runsFor() >= 10_000) {
        expect(tally.get('ok')).toBeGreaterThan(runsFor() / 10);
        expect(tally.get('UnsafePathError')).toBeGreaterThan(runsFor() / 10);
      }
    },
    fuzzTimeout(),
  );
});
