/**
 * Property: whatever a renderer or a browser tab sends — any JSON value, any structured-clone value, objects with the
 * right keys and hostile values (huge strings, `__proto__` / `constructor` keys, NaN-like strings, deep nesting, paths
 * with `..`) — each command's schema answers with success or a ZodError, never throws, within CASE_MS; what it
 * accepts has only the schema's keys (every command schema is strict, and that is asserted too); and nothing reaches
 * Object.prototype. The station's `dispatch` is driven the same way, in-process with its handlers stubbed: it
 * answers or throws a StationError ('unknown-command' / 'invalid-request'), never anything else.
 *
 * SOUNDROLL_FUZZ_RUNS sets the case count of each of the two properties (10,000 by default, spread over the commands);
 * SOUNDROLL_FUZZ_SEED replays a failure (see tests/fuzz/knobs.ts).
 */
import fc from 'fast-check';
import { join } from 'node:path';
import { z } from 'zod';
import { COMMAND_NAMES, StationError, commandSchemas, describeInvalid, isCommandName, type CommandName } from '../../shared/contract';
import { createServices, type Services } from '../../main/services';
import { createStation, type Station } from '../../main/station';
import { makeTempDir } from '../support/tmp';
import { anyString, check, fuzzParams, fuzzTimeout, runsFor, Tally, withinMs, withinMsAsync } from './knobs';
import { checkJoinInside } from './paths';

const CASE_MS = 250;
const NAMES = COMMAND_NAMES;
type AnyObjectSchema = z.ZodObject<Record<string, z.ZodType>>;
const schemaOf = (name: CommandName): AnyObjectSchema => commandSchemas[name] as unknown as AnyObjectSchema;
const shapeKeys = (name: CommandName): string[] => Object.keys(schemaOf(name).shape);

// ---------------------------------------------------------------------------------------------------------------
// Hostile values.

const HOSTILE_STRINGS = [
  '',
  ' ',
  '..',
  '../../etc/passwd',
  '/abs/path',
  '/dest/../../etc',
  'relative/path',
  'C:\\Windows',
  '\\\\server\\share',
  '\0',
  '/a\0b',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e309',
  '-0',
  '0x10',
  '1',
  'null',
  'undefined',
  'true',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  '{project}/../{roll}',
  '{project}/{date}/{roll}/',
  '2024-13-45',
  '2024-01-01',
  '99999-01-01',
  'xxh128',
  'md5',
  'crc32',
  'a4',
  'letter',
  'NO_GOOD',
  'no_good',
  '007',
  '1000',
  '\u202e',
  '\ud800',
  '<script>alert(1)</script>',
];
const HOSTILE_NUMBERS = [0, -0, 1, -1, 1.5, 2 ** 31, 2 ** 53, 2 ** 53 + 2, Number.MAX_SAFE_INTEGER, Number.MAX_VALUE, Number.MIN_VALUE, 1_920_000, 1_920_001, 3650, 3651, NaN, Infinity, -Infinity];
const KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'polluted', 'extra', '', ' ', '0', '1', '999', '1000', 'a.b', ...new Set(NAMES.flatMap(shapeKeys))];

const bigString = fc
  .tuple(fc.constantFrom('x', '/', '../', '\u00e9', '\u{1F3AC}', '\0'), fc.constantFrom(60, 61, 200, 201, 500, 501, 1000, 1001, 2000, 2001, 4000, 4001, 4096, 4097, 100_000))
  .map(([unit, n]) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n));

const scalar: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 2, arbitrary: anyString({ maxLength: 30 }) },
  { weight: 1, arbitrary: bigString },
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_NUMBERS) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 2, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined) },
  { weight: 1, arbitrary: fc.bigInt() },
  { weight: 1, arbitrary: fc.date() },
);

/** An object whose keys are own properties even when they are `__proto__` (as JSON.parse makes them). */
function ownObject(entries: [string, unknown][]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, v] of entries) Object.defineProperty(o, k, { value: v, enumerable: true, configurable: true, writable: true });
  return o;
}

const nested = (depth: number, kind: 'array' | 'object'): unknown => {
  let v: unknown = 'leaf';
  for (let i = 0; i < depth; i++) v = kind === 'array' ? [v] : { a: v };
  return v;
};

const { value: anyValue } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', maxDepth: 4 },
    { weight: 6, arbitrary: scalar },
    { weight: 2, arbitrary: fc.array(tie('value'), { maxLength: 6 }) },
    { weight: 1, arbitrary: fc.array(fc.constantFrom(...HOSTILE_STRINGS, 'xxh128', 'NO_GOOD'), { minLength: 0, maxLength: 2000 }) },
    { weight: 2, arbitrary: fc.array(fc.tuple(fc.constantFrom(...KEYS), tie('value')), { maxLength: 5 }).map(ownObject) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(1, 10, 1000, 5000), fc.constantFrom<'array' | 'object'>('array', 'object')).map(([d, k]) => nested(d, k)) },
  ),
}));

/** A value for one field: often one some field wants (so parses succeed), often hostile. */
const fieldValue: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.oneof(
      fc.constantFrom('/Volumes/A001', '/dest/drive A', 'A001', 'Night Shift', '2025-06-01', 'xxh128', 'a4', 'NO_GOOD', ''),
      fc.constantFrom(1, 2, 42, 0, 1920000),
      fc.boolean(),
      fc.constant(null),
      fc.constantFrom(['/dest/a'], ['/dest/a', '/dest/b'], ['xxh128', 'md5'], ['NO_GOOD', 'PICKUP'], ['tag'], []),
      fc.constantFrom(ownObject([['1', 'boom']]), ownObject([['12', 'lav'], ['999', 'x']]), ownObject([['__proto__', 'x']]), ownObject([['1000', 'x']])),
    ),
  },
  { weight: 2, arbitrary: anyValue },
);

/** Values a field of that name accepts, so that requests with several required fields still parse now and then. */
const PLAUSIBLE: Record<string, unknown[]> = {
  path: ['/Volumes/A001', '/dest/drive A', '/dest/../etc'],
  source: ['/Volumes/A001'],
  dir: ['/Volumes/SHUTTLE_B'],
  folder: ['/reports'],
  paths: [['/dest/a'], ['/dest/a', '/dest/b']],
  destinations: [['/dest/a'], ['/dest/a', '/dest/b']],
  hashes: [['xxh128'], ['xxh128', 'md5', 'c4']],
  template: ['{project}/{date}/{roll}/', '{project}/../{roll}', '', '{x}'],
  date: ['2025-06-01'],
  jobId: ['job-1'],
  rollId: [1, 7],
  takeId: [1, 42],
  samplesPerBin: [256],
  fromFrame: [0, 48000],
  frames: [48000, 1_920_000],
  days: [1, 3650],
  paper: ['a4', 'letter'],
  flags: [['NO_GOOD'], [], null],
  tags: [['tag'], null],
  trackNotes: [ownObject([['1', 'boom']]), null],
  circled: [true, null],
  note: ['circled, mic hit at 0:12', null],
};
const TEXT_FIELDS = ['project', 'roll', 'card', 'recorder', 'scene', 'take', 'text', 'notes', 'soundMixer', 'boomOp', 'media'];
const FLAG_FIELDS = ['newRoll', 'circledOnly', 'withFindings', 'force'];
const plausibleFor = (key: string): fc.Arbitrary<unknown> =>
  fc.constantFrom(...(PLAUSIBLE[key] ?? (TEXT_FIELDS.includes(key) ? ['A001', 'Night Shift', ''] : FLAG_FIELDS.includes(key) ? [true, false] : ['A001', true])));

/** A request for `name`: a random subset of its keys with plausible or hostile values, sometimes with extra keys. */
const shapedRequest = (name: CommandName): fc.Arbitrary<unknown> => {
  const keys = shapeKeys(name);
  const value = (k: string): fc.Arbitrary<unknown> => fc.oneof({ weight: 4, arbitrary: plausibleFor(k) }, { weight: 3, arbitrary: fieldValue });
  const fields = keys.map((k) => fc.option(value(k).map((v) => [k, v] as [string, unknown]), { nil: undefined, freq: 4 }));
  return fc
    .tuple(fc.tuple(...fields), fc.oneof({ weight: 4, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(fc.tuple(fc.constantFrom(...KEYS), anyValue), { maxLength: 2 }) }))
    .map(([present, extra]) => ownObject([...(present.filter((e) => e !== undefined) as [string, unknown][]), ...extra]));
};

/** A request for `name` one step from valid: every field plausible, then at most one field (or one extra key) hostile. */
const nearValidRequest = (name: CommandName): fc.Arbitrary<unknown> => {
  const keys = shapeKeys(name);
  return fc
    .tuple(
      fc.tuple(...keys.map((k) => plausibleFor(k).map((v) => [k, v] as [string, unknown]))),
      fc.option(fc.tuple(fc.constantFrom(...keys, ...KEYS), fieldValue), { nil: undefined, freq: 2 }),
    )
    .map(([fields, hostile]) => {
      const entries = new Map(fields);
      if (hostile) entries.set(hostile[0], hostile[1]);
      return ownObject([...entries]);
    });
};

const requestFor = (name: CommandName): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 4, arbitrary: shapedRequest(name) },
    { weight: 3, arbitrary: nearValidRequest(name) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
    { weight: 1, arbitrary: fc.anything({ maxDepth: 3, withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withNullPrototype: true, withSparseArray: true, withBoxedValues: true }) },
    { weight: 1, arbitrary: anyValue },
  );

const commandAndRequest = fc.constantFrom(...NAMES).chain((name) => requestFor(name).map((request) => ({ name, request })));

// ---------------------------------------------------------------------------------------------------------------
// Checks.

const PROTOTYPES: [string, object][] = [
  ['Object.prototype', Object.prototype],
  ['Array.prototype', Array.prototype],
  ['Function.prototype', Function.prototype],
  ['String.prototype', String.prototype],
];
const keysOf = (p: object): string => Reflect.ownKeys(p).map(String).sort().join(',');
const before = new Map(PROTOTYPES.map(([n, p]) => [n, { keys: keysOf(p), count: Reflect.ownKeys(p).length }]));
/** After every case: no prototype gained or lost a property (by count; `full` compares the names too). */
function checkNoPollution(full = false): void {
  for (const [n, p] of PROTOTYPES) {
    check(Reflect.ownKeys(p).length === before.get(n)!.count && (!full || keysOf(p) === before.get(n)!.keys), () => `${n} gained or lost a property`);
  }
  const probe = {} as Record<string, unknown>;
  for (const k of ['polluted', 'extra', 'path', 'isAdmin']) check(probe[k] === undefined, () => `({}).${k} is defined`);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
}

/** JSON size of a value, or undefined when it is not JSON (bigint, cycles cannot occur here). */
function jsonSize(v: unknown): number | undefined {
  try {
    const s = JSON.stringify(v);
    return s === undefined ? undefined : s.length;
  } catch {
    return undefined;
  }
}

const PATH_FIELD = /\.(path|paths|source|destinations|dir|folder)(\[\d+\])?$/;

/** Every plain object in `data` has Object.prototype as its prototype and no `__proto__` own key; numbers are finite. */
function checkClean(v: unknown, at: string, depth = 0): void {
  check(depth < 8, () => `${at}: deeper than any schema`);
  if (typeof v === 'number') check(Number.isFinite(v), () => `${at} = ${v} is finite`);
  else if (typeof v === 'string') check(!v.includes('\0') || !PATH_FIELD.test(at), () => `${at}: NUL in a path`);
  else if (Array.isArray(v)) v.forEach((x, i) => checkClean(x, `${at}[${i}]`, depth + 1));
  else if (typeof v === 'object' && v !== null) {
    check(isPlainObject(v), () => `${at} is a plain object`);
    check(!Object.hasOwn(v, '__proto__'), () => `${at} has an own __proto__`);
    for (const [k, x] of Object.entries(v)) checkClean(x, `${at}.${k}`, depth + 1);
  }
}

/** A successful parse: exactly the schema's keys, nothing the input did not have, and it parses again to itself. */
function checkAccepted(name: CommandName, input: unknown, data: unknown): void {
  const keys = new Set(shapeKeys(name));
  // Any non-array object is an object to zod (a Set or a boxed number sent over structured clone reads as `{}`);
  // what matters is that none of its keys is unknown and that the handler gets a plain object.
  check(typeof input === 'object' && input !== null && !Array.isArray(input), () => `${name}: accepted a non-object`);
  for (const k of Object.keys(input as object)) check(keys.has(k), () => `${name}: accepted an input with key ${JSON.stringify(k)} (strict)`);
  check(isPlainObject(data), () => `${name}: the output is a plain object`);
  for (const k of Object.keys(data as object)) check(keys.has(k), () => `${name}: output key ${k} is not in the schema`);
  checkClean(data, name);
  if (name === 'takes.update') {
    const notes = (data as { trackNotes?: Record<string, string> | null }).trackNotes;
    for (const k of Object.keys(notes ?? {})) check(/^\d{1,3}$/.test(k), () => `trackNotes key ${JSON.stringify(k)}`);
  }
  const inSize = jsonSize(input);
  const outSize = jsonSize(data);
  if (inSize !== undefined && outSize !== undefined) check(outSize <= inSize, () => `${name}: output of ${outSize} JSON characters from ${inSize}`);
  const again = schemaOf(name).safeParse(data);
  check(again.success, () => `${name}: the output parses again`);
}

function checkRefused(name: string, input: unknown, error: unknown): void {
  check(error instanceof z.ZodError, () => `${name}: a failed parse carries a ZodError`);
  check((error as z.ZodError).issues.length > 0, 'a ZodError has issues');
  const message = describeInvalid(name, error as z.ZodError);
  // One sentence naming the field; it may quote the input's unknown keys, never more than the input's size.
  if (message.length > 400) {
    const size = jsonSize(input) ?? 0;
    check(message.length <= 400 + 2 * size, () => `${name}: message of ${message.length} characters for an input of ${size}`);
  }
}

// ---------------------------------------------------------------------------------------------------------------

describe('the contract under fuzzing', () => {
  afterAll(() => checkNoPollution(true));

  it('every command schema is a strict object (unknown keys are refused, not stripped)', () => {
    for (const name of NAMES) {
      const def = schemaOf(name)._zod.def as { type: string; catchall?: { _zod: { def: { type: string } } } };
      expect({ name, type: def.type, catchall: def.catchall?._zod.def.type }).toEqual({ name, type: 'object', catchall: 'never' });
    }
  });

  it(
    `every schema answers success or a ZodError, never throws, keeps only its keys, for ${runsFor()} requests over ${NAMES.length} commands`,
    () => {
      const tally = new Tally();
      const started = Date.now();
      fc.assert(
        fc.property(commandAndRequest, ({ name, request }) => {
          const outcome = withinMs(CASE_MS, () => schemaOf(name).safeParse(request), `${name}.safeParse`);
          if (!outcome.ok) throw outcome.error; // safeParse must never throw
          const r = outcome.value;
          check(typeof r === 'object' && r !== null && typeof r.success === 'boolean', 'safeParse answers { success }');
          if (r.success) {
            checkAccepted(name, request, r.data);
            tally.add('ok', outcome.ms);
            tally.add(`ok:${name}`);
          } else {
            checkRefused(name, request, r.error);
            tally.add('refused', outcome.ms);
          }
          checkNoPollution();
        }),
        fuzzParams(),
      );
      console.log(
        `tests/fuzz/contract: safeParse: ${runsFor()} cases in ${((Date.now() - started) / 1000).toFixed(1)} s ` +
          `(slowest ${tally.slowestMs.toFixed(1)} ms): ${tally.get('ok')} accepted, ${tally.get('refused')} refused; ` +
          `fewest accepted: ${[...NAMES].sort((a, b) => tally.get(`ok:${a}`) - tally.get(`ok:${b}`)).slice(0, 3).map((n) => `${n} ${tally.get(`ok:${n}`)}`).join(', ')}`,
      );
      if (runsFor() >= 10_000) {
        expect(tally.get('ok')).toBeGreaterThan(runsFor() / 20);
        // Every command's accepting side is reached.
        expect(NAMES.filter((n) => tally.get(`ok:${n}`) === 0)).toEqual([]);
      }
    },
    fuzzTimeout(),
  );
});

// ---------------------------------------------------------------------------------------------------------------
// The station's dispatch: the same validation as the Electron IPC and `soundroll serve` bridges use.

const HOSTILE_NAMES: unknown[] = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '', 'station.info ', 'STATION.INFO', 'station', 'takes.', 42, null, undefined, {}, [], ['station.info'], { toString: () => 'station.info' }];
const dispatchCase = fc.oneof(
  { weight: 8, arbitrary: commandAndRequest.map(({ name, request }) => ({ name: name as unknown, request })) },
  { weight: 1, arbitrary: fc.record({ name: fc.constantFrom(...HOSTILE_NAMES), request: anyValue }) },
  { weight: 1, arbitrary: fc.record({ name: anyString({ maxLength: 200 }) as fc.Arbitrary<unknown>, request: anyValue }) },
);

describe('station dispatch under fuzzing', () => {
  const tmp = makeTempDir('fuzz-contract');
  let services: Services;
  let station: Station;
  const received: { name: string; request: unknown }[] = [];

  beforeAll(() => {
    services = createServices({ catalogPath: join(tmp.dir, 'catalog.db'), analyseAfterOffload: false });
    station = createStation({ services, host: 'browser' });
    // Every handler but the pure naming preview is a stub: the fuzz is about what reaches a handler, not what it does.
    const handlers = station.handlers as unknown as Record<string, (request: unknown) => Promise<unknown>>;
    for (const name of NAMES) {
      if (name === 'naming.preview') continue;
      handlers[name] = async (request) => {
        received.push({ name, request });
        return { stub: name };
      };
    }
  });
  afterAll(async () => {
    await station.close();
    await services.close();
    tmp.cleanup();
    checkNoPollution(true);
  });

  it(
    `dispatch answers or throws a StationError (unknown-command / invalid-request) for ${runsFor()} calls`,
    async () => {
      const tally = new Tally();
      const started = Date.now();
      await fc.assert(
        fc.asyncProperty(dispatchCase, async ({ name, request }) => {
          received.length = 0;
          const outcome = await withinMsAsync(CASE_MS, () => station.dispatch(name, request), 'dispatch');
          const known = isCommandName(name);
          if (!outcome.ok) {
            const err = outcome.error;
            if (!(err instanceof StationError)) throw err;
            check(known ? err.code === 'invalid-request' : err.code === 'unknown-command', () => `${String(name)}: code ${err.code} (${err.message.slice(0, 200)})`);
            if (known) check(err.message.startsWith(`${name}: `) && !schemaOf(name).safeParse(request ?? {}).success, () => `${name}: refused a valid request: ${err.message.slice(0, 200)}`);
            else check(err.message.length <= 120, 'unknown-command message is short');
            check(received.length === 0, 'no handler ran for a refused call');
            tally.add(err.code, outcome.ms);
            return;
          }
          check(known, () => `an unknown command ${String(name)} was answered`);
          const cmd = name as CommandName;
          if (cmd === 'naming.preview') {
            const v = outcome.value as { rollPath?: string; error?: string };
            check(typeof v.rollPath === 'string' || typeof v.error === 'string', 'naming.preview answers a path or an error');
            if (v.rollPath !== undefined) checkJoinInside(v.rollPath.split('/'), 'naming.preview roll path');
          } else {
            check(received.length === 1 && received[0]!.name === cmd, 'exactly its handler ran');
            checkAccepted(cmd, request ?? {}, received[0]!.request);
          }
          tally.add('ok', outcome.ms);
          checkNoPollution();
        }),
        fuzzParams(),
      );
      console.log(
        `tests/fuzz/contract: dispatch: ${runsFor()} cases in ${((Date.now() - started) / 1000).toFixed(1)} s ` +
          `(slowest ${tally.slowestMs.toFixed(1)} ms): ${tally}`,
      );
      if (runsFor() >= 10_000) {
        expect(tally.get('ok')).toBeGreaterThan(runsFor() / 20);
        expect(tally.get('unknown-command')).toBeGreaterThan(0);
        expect(tally.get('invalid-request')).toBeGreaterThan(runsFor() / 10);
      }
    },
    fuzzTimeout(),
  );
});
