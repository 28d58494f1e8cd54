/**
 * Property: whatever bytes an ASC MHL history holds — manifests and chains written by our writer or by the ASC
 * reference tool, with bytes flipped, cut, elements duplicated or deleted, values swapped for hostile ones (absolute
 * paths, `..`, backslashes, NUL and control characters, huge or negative numbers, bogus dates, wrong hash formats),
 * DOCTYPE / ENTITY declarations and unknown entity references, very long attributes, deep nesting, mismatched chain
 * references — the reader either returns a result whose every path is relative and stays inside its root, whose
 * every number is finite and non-negative, and whose size is bounded by the input's, or throws an MhlError with one
 * of the codes the parser documents. Nothing else, and no case slower than its time bound.
 *
 * parseManifest and parseChain get the full count (SOUNDROLL_FUZZ_RUNS, 10,000 by default); readHistory, which
 * writes each case to disk, gets a twentieth of it. SOUNDROLL_FUZZ_SEED replays a failure (see tests/fuzz/knobs.ts).
 */
import fc from 'fast-check';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { HASH_ALGORITHMS, type HashAlgorithm, type HashSet } from '../../shared/hashes';
import { ensureHashersReady, hashBytes } from '../../main/hash';
import {
  MhlError,
  parseChain,
  parseManifest,
  readHistory,
  renderChain,
  writeGeneration,
  type DirectoryHashes,
  type MhlChainEntry,
  type MhlErrorCode,
  type MhlHistory,
  type MhlManifest,
  type ReadLimits,
} from '../../main/mhl';
import { normaliseHashText } from '../../main/mhl/hash-text';
import { HASH_ACTIONS, MHL_PROCESSES } from '../../main/mhl/model';
import { fixturesDir } from '../support/fixtures';
import { makeTempDir } from '../support/tmp';
import { anyString, check, fuzzParams, fuzzTimeout, rethrowUnlessTyped, runsFor, Tally, withinMs, withinMsAsync } from './knobs';
import { checkRelativeInside, checkStrictlyInside } from './paths';

/**
 * Per-case time bound of one parse. Fuzzed inputs are at most ~100 KB (most are a few KB) and parse in well under
 * 150 ms on an idle machine; the bound leaves room for a CI machine running two test files at once.
 */
const CASE_MS = 1000;
/** Bytes of a big value or of a repeated construct in one fuzzed case (bigger is the growth test's job). */
const FUZZ_BIG_BYTES = 32 * 1024;
/**
 * The growth test: one construct repeated to SMALL and to BIG bytes. A linear parser takes about BIG/SMALL = 8 times
 * as long on the big one (measured: 3 to 12, garbage collection included); the old CDATA regex, quadratic, took
 * about 50 times as long, and seconds. Comparing the two keeps the test meaningful on a slow or busy machine, where
 * an absolute bound would be either flaky or toothless.
 */
const GROWTH_SMALL_BYTES = 64 * 1024;
const GROWTH_BIG_BYTES = 512 * 1024;
const MAX_GROWTH = 24;
/** Below this the big document is fast whatever the ratio says (timer noise on small times). */
const GROWTH_FLOOR_MS = 200;
const GROWTH_HARD_MS = 10_000;
/** Per-case time bound of one readHistory: a few files written, read and hashed on a real disk. */
const HISTORY_CASE_MS = 1500;
const HISTORY_RUNS = 500;

const MANIFEST_FILE = '/drive/A001/ascmhl/0001_A001_2024-05-01_120000Z.mhl';
const CHAIN_FILE = '/drive/A001/ascmhl/ascmhl_chain.xml';
const MHL_NS = 'urn:ASC:MHL:v2.0';
const CHAIN_NS = 'urn:ASC:MHL:DIRECTORY:v2.0';

const MANIFEST_ERRORS = new Set<MhlErrorCode>(['hostile-xml', 'malformed-xml', 'invalid-manifest']);
const CHAIN_ERRORS = new Set<MhlErrorCode>(['hostile-xml', 'malformed-xml', 'invalid-chain']);
const HISTORY_ERRORS = new Set<MhlErrorCode>([
  ...MANIFEST_ERRORS,
  ...CHAIN_ERRORS,
  'too-large',
  'chain-missing',
  'manifest-missing',
  'manifest-unlisted',
  'manifest-tampered',
]);

/**
 * The smallest input that can add one entry to a manifest's files, directories or references: even
 * `<hash><path>a</path><md5>…32 hex…</md5></hash>` is longer than this.
 */
const MIN_ENTRY_BYTES = 40;
/** The result as JSON is at most this many times the input, plus a constant (dates and key names add a little). */
const JSON_FACTOR = 4;
const JSON_CONSTANT = 2048;

const utf8 = new TextEncoder();
const text = (b: Uint8Array): string => Buffer.from(b).toString('utf8');

/** A document for fast-check: printed as its size and ends, not as a 100,000-number array (replay it with the seed). */
class Doc {
  constructor(readonly bytes: Uint8Array) {}
  [fc.toStringMethod](): string {
    const s = text(this.bytes);
    const shown = s.length <= 400 ? JSON.stringify(s) : `${JSON.stringify(s.slice(0, 200))} … ${JSON.stringify(s.slice(-200))}`;
    return `Doc(${this.bytes.length} bytes: ${shown})`;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Bases: histories written by our writer, and the ASC reference tool's own (when the fixtures are here).

/** A history as files: root-relative path → bytes, every file inside an ascmhl/ folder at or below the root. */
type HistoryTemplate = { name: string; files: Map<string, Uint8Array> };

const manifestBases: Uint8Array[] = [];
const chainBases: Uint8Array[] = [];
const templates: HistoryTemplate[] = [];
/** C4 ids of every base manifest: the values a mismatched chain reference is made of. */
const knownC4s: string[] = [];

function collectHistory(root: string, name: string): HistoryTemplate {
  const files = new Map<string, Uint8Array>();
  const walk = (rel: string, inAscmhl: boolean): void => {
    for (const e of readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const childRel = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) walk(childRel, inAscmhl || e.name === 'ascmhl');
      else if (inAscmhl && e.isFile()) files.set(childRel, new Uint8Array(readFileSync(path.join(root, childRel))));
    }
  };
  walk('', false);
  return { name, files };
}

function addTemplate(t: HistoryTemplate): void {
  templates.push(t);
  for (const [rel, bytes] of t.files) {
    if (rel.endsWith('.mhl')) {
      manifestBases.push(bytes);
      knownC4s.push(hashBytes('c4', bytes));
    } else if (rel.endsWith('ascmhl_chain.xml')) {
      chainBases.push(bytes);
    }
  }
}

function fixtureRoots(): string[] {
  const dir = fixturesDir() && path.join(fixturesDir()!, 'ascmhl');
  if (!dir || !statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
    console.log('tests/fuzz/mhl-reader: ../shared/fixtures/ascmhl is absent: fuzzing histories written by our writer only');
    return [];
  }
  const roots: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (!e.isDirectory()) continue;
      if (e.name === 'ascmhl') roots.push(d);
      else walk(path.join(d, e.name));
    }
  };
  walk(dir);
  return roots.sort();
}

const hashOf = (alg: HashAlgorithm, name: string): string => hashBytes(alg, utf8.encode(`content of ${name}`));
const hashesOf = (algs: HashAlgorithm[], name: string): HashSet => Object.fromEntries(algs.map((a) => [a, hashOf(a, name)]));

/** Two generations of a roll (names that need escaping, every algorithm, a rename, a failed hash) and a parent holding it. */
async function writerHistories(dir: string): Promise<string[]> {
  const reels = path.join(dir, 'Reels');
  const roll = path.join(reels, 'A001');
  mkdirSync(roll, { recursive: true });
  const t0 = new Date('2024-05-01T12:00:00Z');
  const t1 = new Date('2024-05-02T08:30:00Z');
  const mtime = new Date('2024-05-01T10:00:00Z');
  const names: [string, HashAlgorithm[]][] = [
    ['S01T01.WAV', ['xxh128', 'md5']],
    ['DISCRETE/Scene 1 & 2 <x>.WAV', ['xxh64', 'c4']],
    [`Qu'ote"s/tab\there.wav`, ['sha1', 'xxh3']],
    ['Scène/日本語 🎬.wav', [...HASH_ALGORITHMS]],
  ];
  const creator = { tool: 'soundroll', toolVersion: '0.1.0', hostname: 'cart-1.local' };
  await writeGeneration({
    root: roll,
    process: 'transfer',
    creator,
    startedAt: t0,
    files: names.map(([p, algs], i) => ({ path: p, size: 1000 * i, lastModified: mtime, hashes: hashesOf(algs, p), action: 'original', hashDate: t0 })),
    directories: [{ path: 'DISCRETE', lastModified: mtime }, { path: 'Empty' }],
    unhashed: ['unreadable.WAV'],
  });
  const second = await writeGeneration({
    root: roll,
    process: 'in-place',
    creator: { ...creator, location: 'Stage 4 & lot', comment: 'verify <after> travel', authors: [{ name: 'Ana "DIT"', email: 'a@x.y', role: 'DIT' }] },
    startedAt: t1,
    files: [
      ...names.slice(0, 3).map(([p, algs], i) => ({
        path: p,
        size: 1000 * i,
        lastModified: mtime,
        hashes: hashesOf(algs, p),
        action: i === 2 ? ('failed' as const) : ('verified' as const),
        hashDate: t1,
      })),
      { path: 'Scène/renamed.wav', previousPath: names[3]![0], size: 3000, lastModified: mtime, hashes: hashesOf(['xxh128'], 'r'), action: 'verified', hashDate: t1 },
    ],
  });
  writeFileSync(path.join(reels, 'Summary.txt'), 'summary');
  await writeGeneration({
    root: reels,
    process: 'in-place',
    creator,
    startedAt: t1,
    files: [{ path: 'Summary.txt', size: 7, lastModified: mtime, hashes: hashesOf(['xxh64'], 'Summary.txt'), action: 'original', hashDate: t1 }],
    childHistories: [
      { path: 'A001', lastModified: mtime, hashes: second.rootHash, reference: { path: `A001/ascmhl/${second.fileName}`, c4: second.c4 } },
    ],
  });
  return [roll, reels];
}

// ---------------------------------------------------------------------------------------------------------------
// Hostile values and XML constructs.

const PATHS = [
  '/etc/passwd',
  'C:\\Windows\\win.ini',
  'C:/Windows/win.ini',
  'c:x',
  'D:',
  '\\\\server\\share\\x',
  '\\x',
  '..',
  '.',
  '../x',
  'x/..',
  'a/../../x',
  'a/./b',
  './a',
  'a//b',
  'a/',
  '/',
  '',
  ' ',
  '  ..  ',
  'a\\..\\..\\x',
  '..\\x',
  'x\\..',
  'Clips\\..\\..\\..\\Windows\\win.ini',
  '%2e%2e/x',
  'a&#0;b',
  'a&#x1;b',
  'a&#47;..&#47;..&#47;x',
  '&#46;&#46;',
  '&#x2e;&#x2E;/x',
  '&#x2e;&#x2e;&#x5c;x',
  'a\u0001b',
  'a&#10;b',
  'a&#9;b',
  'a\tb',
  'ascmhl/x.mhl',
  'ascmhl_chain.xml',
  '0001_A001_2024-05-01_120000Z.mhl',
  '\u202egnp.exe',
  'CON',
  'nul.wav',
  'a\u007fb',
  'a\u0085b',
  '\uFEFFa',
  'Sce\u0300ne/x.wav',
];
const NUMBERS = ['-1', '0', '1e3', '1E3', '99999999999999999999', '9007199254740991', '9007199254740992', ' 12 ', '\t12\n', '0x10', 'NaN', 'Infinity', '-0', '1.5', '+1', '00001', '', '٣', '１２', '1_000', '1 2'];
const DATES = [
  '2020-01-17T14:30:00+00:00',
  '2020-01-17T14:30:00',
  '2020-01-17T14:30:00.5Z',
  '2020-13-01T00:00:00Z',
  '2020-02-30T00:00:00Z',
  '0000-01-01T00:00:00Z',
  '0099-01-01T00:00:00Z',
  '-0001-01-01T00:00:00Z',
  '-271821-04-19T00:00:00Z',
  '275760-09-13T00:00:01Z',
  '99999999-01-01T00:00:00Z',
  '2020-01-01T24:00:00Z',
  '2020-01-01T23:59:60Z',
  '2020-01-01T00:00:00+99:99',
  '2020-01-01',
  'yesterday',
  '2020-01-01T00:00:00.99999999999999999999Z',
];
const HASH_TEXTS = [
  '',
  'zz',
  'ABCDEF0123456789',
  '0123456789abcdef',
  '0123456789abcdef0',
  'g123456789abcdef',
  ' 0123456789abcdef ',
  '0123456789abcdef0123456789abcdef',
  '0123456789ABCDEF0123456789abcdef01234567',
  `c4${'1'.repeat(88)}`,
  `c4${'z'.repeat(88)}`,
  `c4${'l'.repeat(88)}`,
  `C4${'2'.repeat(88)}`,
  `c4${'x'.repeat(87)}`,
  `c4${'x'.repeat(89)}`,
];
const WORDS = ['original', 'verified', 'failed', 'ORIGINAL', 'deleted', 'in-place', 'transfer', 'flatten', ' transfer ', 'copy', '2.0', '2', '1.0', '3', 'x'];
const ATTR_NAMES = ['size', 'action', 'hashdate', 'lastmodificationdate', 'creationdate', 'version', 'sequencenr', 'xmlns', 'xmlns:h', 'h:size', 'email', 'constructor', 'toString'];
const NAMESPACES = [MHL_NS, CHAIN_NS, '', 'urn:ASC:MHL:v1.0', 'urn:asc:mhl:v2.0', 'http://example.com/'];
const ELEMENT_NAMES = ['hash', 'directoryhash', 'path', 'previousPath', 'hashes', 'hashlist', 'hashlistreference', 'c4', 'xxh64', 'xxh32', 'md5', 'metadata', 'references', 'x'];
/** Markup dropped into a document as is: declarations, entity references (known, unknown, out of range), sections. */
const CONSTRUCTS = [
  '<!DOCTYPE hashlist [<!ENTITY x "xx">]>',
  '<!DOCTYPE hashlist SYSTEM "file:///etc/passwd">',
  '<!ENTITY lol "lol">',
  '<!doctype x>',
  '&xxe;',
  '&lol;',
  '&constructor;',
  '&__proto__;',
  '&toString;',
  '&nbsp;',
  '&amp',
  '&',
  '&;',
  '&#;',
  '&#x;',
  '&#0;',
  '&#x110000;',
  '&#xD800;',
  '&#xFFFE;',
  '&#65;',
  '&#x1F3AC;',
  '&lt;',
  '&amp;',
  '<![CDATA[a]]>',
  '<![CDATA[&xxe;<x>]]>',
  '<![CDATA[',
  ']]>',
  '<!-- c -->',
  '<!--',
  '-->',
  '<?pi x?>',
  '<?xml version="1.0" encoding="UTF-16"?>',
  '<?xml version="1.0" encoding="ISO-8859-1"?>',
  '<',
  '>',
  '</hash>',
  '<hash>',
  '<x:y>',
  '<h:hash xmlns:h="urn:ASC:MHL:v2.0">',
  '\uFEFF',
  '\u0000',
  '\u0001',
  '\uFFFE',
  '\r\n',
];
/** Tokens repeated many times in a row: where a parser with a quadratic corner would show it. */
const REPEATED = [
  '<![CDATA[',
  '<!--',
  '<?x ',
  '&',
  '&amp;',
  '&#65;',
  '<a>',
  '</a>',
  '<a/>',
  ' a="1"',
  'xmlns:a="u" ',
  ']]>',
  '-->',
  '<hash><path>a</path><xxh64>0123456789abcdef</xxh64></hash>',
];

/** Sizes of the big inputs: mostly a few KB; now and then 64 KB or more (rare: they dominate a run's time). */
const bigSize = fc.oneof({ weight: 8, arbitrary: fc.constantFrom(256, 4096) }, { weight: 1, arbitrary: fc.constant(FUZZ_BIG_BYTES) });
const longValue = fc
  .tuple(fc.constantFrom('x', '9', 'a/', '../', '&amp;', 'é'), bigSize)
  .map(([unit, n]) => unit.repeat(Math.ceil(n / unit.length)));

/** One hostile value for a text node or attribute. */
const hostileValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...PATHS) },
  { weight: 2, arbitrary: fc.constantFrom(...NUMBERS) },
  { weight: 2, arbitrary: fc.constantFrom(...DATES) },
  { weight: 2, arbitrary: fc.constantFrom(...HASH_TEXTS) },
  { weight: 1, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 1, arbitrary: fc.constantFrom(...NAMESPACES) },
  { weight: 2, arbitrary: fc.nat().map((i) => knownC4s[i % knownC4s.length]!) },
  { weight: 2, arbitrary: anyString({ maxLength: 24 }) },
  { weight: 1, arbitrary: longValue },
);

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
const value = fc.tuple(hostileValue, fc.boolean()).map(([v, esc]) => (esc ? escapeXml(v) : v));

// ---------------------------------------------------------------------------------------------------------------
// Mutations, aimed with a naive scan of the document (independent of the parser).

type Range = { start: number; end: number };
type ElementSpan = Range & { name: string; tagEnd: number };

/** Elements found from the first 500 start tags (each looks ahead for its end tag: more would make the test quadratic). */
function elementSpans(s: string): ElementSpan[] {
  const out: ElementSpan[] = [];
  const re = /<([A-Za-z_][\w.:-]*)(?:\s[^<>]*)?>/g;
  let m: RegExpExecArray | null;
  for (let tags = 0; tags < 500 && (m = re.exec(s)); tags++) {
    if (m[0].endsWith('/>')) continue;
    const close = s.indexOf(`</${m[1]}>`, re.lastIndex);
    if (close !== -1) out.push({ start: m.index, end: close + m[1]!.length + 3, name: m[1]!, tagEnd: re.lastIndex - 1 });
  }
  return out;
}

/** Inner text of elements that hold text (not whitespace between tags). */
function textRanges(s: string): Range[] {
  const out: Range[] = [];
  const re = />([^<]*)</g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) && out.length < 2000) {
    if (m[1]!.trim() !== '') out.push({ start: m.index + 1, end: m.index + 1 + m[1]!.length });
    re.lastIndex = m.index + 1 + m[1]!.length;
  }
  return out;
}

function attrRanges(s: string): Range[] {
  const out: Range[] = [];
  const re = /[A-Za-z_][\w.:-]*\s*=\s*"([^"<]*)"/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) && out.length < 2000) {
    const start = m.index + m[0].length - 1 - m[1]!.length;
    out.push({ start, end: start + m[1]!.length });
  }
  return out;
}

const splice = (s: string, r: Range, insert: string): string => s.slice(0, r.start) + insert + s.slice(r.end);
const pick = <T>(items: T[], n: number): T | undefined => (items.length === 0 ? undefined : items[n % items.length]);
/** After the XML declaration when there is one, else at the start. */
const prologEnd = (s: string): number => (s.startsWith('<?xml') ? s.indexOf('?>') + 2 : 0);

type Mutation =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insertBytes'; at: number; bytes: Uint8Array }
  | { kind: 'dupElement'; el: number; to: number }
  | { kind: 'delElement'; el: number }
  | { kind: 'setText'; n: number; value: string }
  | { kind: 'swapText'; a: number; b: number }
  | { kind: 'setAttr'; n: number; value: string }
  | { kind: 'addAttr'; el: number; name: string; value: string }
  | { kind: 'addChild'; el: number; name: string; value: string }
  | { kind: 'wrapDeep'; el: number; depth: number; tag: string }
  | { kind: 'prolog'; text: string }
  | { kind: 'insertAt'; at: number; text: string }
  | { kind: 'repeat'; at: number; token: string; count: number }
  | { kind: 'namespace'; ns: string; prefix: boolean };

const position = fc.oneof(fc.nat({ max: 400 }), fc.nat());
const repeatCount = fc.constantFrom(2, 64, 1000, 20000);
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('flip' as const), at: position, bit: fc.nat({ max: 7 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('insertBytes' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('dupElement' as const), el: fc.nat(), to: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delElement' as const), el: fc.nat() }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('setText' as const), n: fc.nat(), value }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('swapText' as const), a: fc.nat(), b: fc.nat() }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('setAttr' as const), n: fc.nat(), value }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('addAttr' as const), el: fc.nat(), name: fc.constantFrom(...ATTR_NAMES), value }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('addChild' as const), el: fc.nat(), name: fc.constantFrom(...ELEMENT_NAMES), value }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('wrapDeep' as const),
      el: fc.nat(),
      depth: fc.oneof({ weight: 6, arbitrary: fc.constantFrom(1, 2, 62, 63, 64, 65, 200) }, { weight: 1, arbitrary: fc.constant(5000) }),
      tag: fc.constantFrom('metadata', 'hashes', 'x', 'h:x'),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('prolog' as const), text: fc.constantFrom(...CONSTRUCTS) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('insertAt' as const), at: fc.nat(), text: fc.constantFrom(...CONSTRUCTS) }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('repeat' as const), at: fc.nat(), token: fc.constantFrom(...REPEATED), count: repeatCount }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('namespace' as const), ns: fc.constantFrom(...NAMESPACES), prefix: fc.boolean() }) },
);

function applyMutation(bytes: Uint8Array, m: Mutation): Uint8Array {
  switch (m.kind) {
    case 'flip': {
      if (bytes.length === 0) return bytes;
      const out = bytes.slice();
      out[m.at % out.length]! ^= 1 << m.bit;
      return out;
    }
    case 'truncate':
      return bytes.slice(0, m.at % (bytes.length + 1));
    case 'insertBytes': {
      const at = m.at % (bytes.length + 1);
      return Buffer.concat([bytes.subarray(0, at), m.bytes, bytes.subarray(at)]);
    }
    default:
      return utf8.encode(applyTextMutation(text(bytes), m));
  }
}

function applyTextMutation(s: string, m: Exclude<Mutation, { kind: 'flip' | 'truncate' | 'insertBytes' }>): string {
  switch (m.kind) {
    case 'dupElement': {
      const spans = elementSpans(s);
      const el = pick(spans, m.el);
      const to = pick(spans, m.to);
      if (!el || !to) return s;
      return s.slice(0, to.end) + s.slice(el.start, el.end) + s.slice(to.end);
    }
    case 'delElement': {
      const el = pick(elementSpans(s), m.el);
      return el ? splice(s, el, '') : s;
    }
    case 'setText': {
      const r = pick(textRanges(s), m.n);
      return r ? splice(s, r, m.value) : s;
    }
    case 'swapText': {
      const ranges = textRanges(s);
      const a = pick(ranges, m.a);
      const b = pick(ranges, m.b);
      if (!a || !b || a.start === b.start) return s;
      const [first, second] = a.start < b.start ? [a, b] : [b, a];
      return s.slice(0, first.start) + s.slice(second.start, second.end) + s.slice(first.end, second.start) + s.slice(first.start, first.end) + s.slice(second.end);
    }
    case 'setAttr': {
      const r = pick(attrRanges(s), m.n);
      return r ? splice(s, r, m.value.replace(/"/g, '&quot;')) : s;
    }
    case 'addAttr': {
      const el = pick(elementSpans(s), m.el);
      return el ? s.slice(0, el.tagEnd) + ` ${m.name}="${m.value.replace(/"/g, '&quot;')}"` + s.slice(el.tagEnd) : s;
    }
    case 'addChild': {
      const el = pick(elementSpans(s), m.el);
      return el ? s.slice(0, el.tagEnd + 1) + `<${m.name}>${m.value}</${m.name}>` + s.slice(el.tagEnd + 1) : s;
    }
    case 'wrapDeep': {
      const el = pick(elementSpans(s), m.el);
      if (!el) return s;
      const open = m.tag.startsWith('h:') ? `<${m.tag} xmlns:h="${MHL_NS}">` : `<${m.tag}>`;
      return s.slice(0, el.start) + open.repeat(m.depth) + s.slice(el.start, el.end) + `</${m.tag}>`.repeat(m.depth) + s.slice(el.end);
    }
    case 'prolog': {
      const at = prologEnd(s);
      return s.slice(0, at) + m.text + s.slice(at);
    }
    case 'insertAt': {
      const at = m.at % (s.length + 1);
      return s.slice(0, at) + m.text + s.slice(at);
    }
    case 'repeat': {
      // At most FUZZ_BIG_BYTES of repeats per case (bigger inputs are the growth test's).
      const at = m.at % (s.length + 1);
      return s.slice(0, at) + m.token.repeat(Math.min(m.count, Math.floor(FUZZ_BIG_BYTES / m.token.length))) + s.slice(at);
    }
    case 'namespace': {
      const decl = /xmlns="([^"]*)"/.exec(s);
      if (!decl) return s;
      const replacement = m.prefix ? `xmlns:h="${m.ns}"` : `xmlns="${m.ns}"`;
      return s.slice(0, decl.index) + replacement + s.slice(decl.index + decl[0].length);
    }
  }
}

const mutations = fc.array(mutation, { minLength: 1, maxLength: 3 });

// ---------------------------------------------------------------------------------------------------------------
// Synthetic documents: built from parts with hostile values, so many cases reach the accepting side of the parser.

const safeSegment = fc.oneof(
  fc.constantFrom('Clips', 'A001C001.mov', 'S01T01.WAV', 'Scène', '.hidden', '..dots..', 'a b', 'x&amp;y', 'q&quot;', '日本', '🎬'),
  fc.string({ unit: fc.constantFrom('a', 'B', '.', ' ', '-', '_', '\\', ':', 'é'), minLength: 1, maxLength: 8 }),
);
const pathText = fc.oneof(
  { weight: 4, arbitrary: fc.array(safeSegment, { minLength: 1, maxLength: 4 }).map((s) => s.join('/')) },
  { weight: 2, arbitrary: fc.constantFrom(...PATHS) },
  { weight: 1, arbitrary: value },
);
const hashAlgName = fc.constantFrom<string>(...HASH_ALGORITHMS, 'xxh32', 'crc32', 'XXH64');
const HEX_LENGTH: Record<string, number> = { md5: 32, sha1: 40, xxh64: 16, xxh3: 16, xxh128: 32, xxh32: 8 };
/** A well-formed value for the algorithm (so the hostile part of a case is elsewhere). */
const goodHash = (alg: string): string =>
  alg === 'c4' ? (knownC4s[0] ?? `c4${'1'.repeat(88)}`) : '0123456789abcdef0123456789abcdef01234567'.slice(0, HEX_LENGTH[alg] ?? 8);
const hashEl = fc
  .record({
    alg: hashAlgName,
    text: fc.option(value, { nil: undefined }),
    action: fc.option(fc.constantFrom('original', 'verified', 'failed', 'bogus'), { nil: undefined }),
    date: fc.option(fc.constantFrom(...DATES), { nil: undefined }),
  })
  .map(
    (h) =>
      `<${h.alg}${h.action ? ` action="${h.action}"` : ''}${h.date ? ` hashdate="${h.date}"` : ''}>${h.text ?? goodHash(h.alg)}</${h.alg}>`,
  );
const attr = (name: string, v: string | undefined): string => (v === undefined ? '' : ` ${name}="${v.replace(/"/g, '&quot;')}"`);
const fileEntry = fc
  .record({
    path: pathText,
    size: fc.option(fc.oneof(fc.constantFrom(...NUMBERS), fc.nat().map(String)), { nil: undefined }),
    mtime: fc.option(fc.constantFrom(...DATES), { nil: undefined }),
    hashes: fc.array(hashEl, { minLength: 0, maxLength: 3 }),
    previous: fc.option(pathText, { nil: undefined }),
  })
  .map(
    (f) =>
      `<hash><path${attr('size', f.size)}${attr('lastmodificationdate', f.mtime)}>${f.path}</path>${f.hashes.join('')}` +
      `${f.previous === undefined ? '' : `<previousPath>${f.previous}</previousPath>`}</hash>`,
  );
const dirHashes = fc.tuple(fc.array(hashEl, { maxLength: 2 }), fc.array(hashEl, { maxLength: 2 }), fc.boolean());
const dirEntry = fc
  .record({ path: pathText, mtime: fc.option(fc.constantFrom(...DATES), { nil: undefined }), hashes: dirHashes })
  .map(
    (d) =>
      `<directoryhash><path${attr('lastmodificationdate', d.mtime)}>${d.path}</path><content>${d.hashes[0].join('')}</content>` +
      `${d.hashes[2] ? `<structure>${d.hashes[1].join('')}</structure>` : ''}</directoryhash>`,
  );
const reference = fc
  .record({ path: pathText, c4: fc.oneof(fc.nat().map((i) => knownC4s[i % knownC4s.length]!), value) })
  .map((r) => `<hashlistreference><path>${r.path}</path><c4>${r.c4}</c4></hashlistreference>`);

const syntheticManifest: fc.Arbitrary<Uint8Array> = fc
  .record({
    version: fc.constantFrom('2.0', '2.0', '2.0', '1.0', ''),
    ns: fc.constantFrom(MHL_NS, MHL_NS, MHL_NS, CHAIN_NS, ''),
    created: fc.constantFrom(...DATES),
    process: fc.constantFrom('in-place', 'transfer', 'flatten', ' transfer ', 'copy'),
    root: fc.option(dirHashes, { nil: undefined }),
    patterns: fc.array(fc.oneof(fc.constantFrom('.DS_Store', 'ascmhl', '*.tmp', '**/..'), value), { maxLength: 3 }),
    entries: fc.array(fc.oneof(fileEntry, dirEntry), { maxLength: 6 }),
    refs: fc.array(reference, { maxLength: 2 }),
    junk: fc.option(fc.constantFrom(...CONSTRUCTS), { nil: undefined }),
  })
  .map((m) => {
    const root = m.root
      ? `<roothash><content>${m.root[0].join('')}</content><structure>${m.root[1].join('')}</structure></roothash>`
      : '';
    return utf8.encode(
      `<?xml version="1.0" encoding="UTF-8"?>\n<hashlist version="${m.version}" xmlns="${m.ns}">` +
        `<creatorinfo><creationdate>${m.created}</creationdate><hostname>h${m.junk ?? ''}</hostname><tool version="1">t</tool></creatorinfo>` +
        `<processinfo><process>${m.process}</process>${root}<ignore>${m.patterns.map((p) => `<pattern>${p}</pattern>`).join('')}</ignore></processinfo>` +
        `<hashes>${m.entries.join('')}</hashes><references>${m.refs.join('')}</references></hashlist>\n`,
    );
  });

const syntheticChain: fc.Arbitrary<Uint8Array> = fc
  .record({
    ns: fc.constantFrom(CHAIN_NS, CHAIN_NS, CHAIN_NS, MHL_NS),
    entries: fc.array(
      fc.record({
        seq: fc.oneof(fc.nat({ max: 4 }).map(String), fc.constantFrom(...NUMBERS)),
        path: fc.oneof(fc.constantFrom('0001_A001_2024-05-01_120000Z.mhl', '0002_A001_2024-05-02_083000Z.mhl', 'x.mhl'), fc.constantFrom(...PATHS), value),
        c4: fc.oneof(fc.nat().map((i) => knownC4s[i % knownC4s.length]!), value),
        extra: fc.option(fc.constantFrom('<md5>0123456789abcdef0123456789abcdef</md5>', '<c4>x</c4>', '<x/>'), { nil: undefined }),
      }),
      { maxLength: 5 },
    ),
  })
  .map((c) =>
    utf8.encode(
      `<?xml version="1.0" encoding="UTF-8"?>\n<ascmhldirectory xmlns="${c.ns}">` +
        c.entries.map((e) => `<hashlist sequencenr="${e.seq.replace(/"/g, '&quot;')}"><path>${e.path}</path><c4>${e.c4}</c4>${e.extra ?? ''}</hashlist>`).join('') +
        '</ascmhldirectory>\n',
    ),
  );

/** XML-ish token soup, sometimes inside a valid envelope. */
const soup = (open: string, close: string): fc.Arbitrary<Uint8Array> =>
  fc
    .tuple(
      fc.array(
        fc.oneof(
          fc.constantFrom(...CONSTRUCTS),
          fc.constantFrom(...ELEMENT_NAMES).map((n) => `<${n}>`),
          fc.constantFrom(...ELEMENT_NAMES).map((n) => `</${n}>`),
          hostileValue,
        ),
        { maxLength: 20 },
      ),
      fc.boolean(),
    )
    .map(([tokens, wrap]) => utf8.encode(wrap ? `${open}${tokens.join('')}${close}` : tokens.join('')));

const manifestInput: fc.Arbitrary<Doc> = fc.oneof(
  { weight: 10, arbitrary: fc.tuple(fc.nat(), mutations).map(([i, ms]) => ms.reduce(applyMutation, manifestBases[i % manifestBases.length]!)) },
  { weight: 5, arbitrary: syntheticManifest },
  { weight: 1, arbitrary: fc.tuple(syntheticManifest, mutations).map(([b, ms]) => ms.reduce(applyMutation, b)) },
  { weight: 1, arbitrary: soup(`<hashlist version="2.0" xmlns="${MHL_NS}">`, '</hashlist>') },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 512 }) },
).map((b) => new Doc(b));

const chainInput: fc.Arbitrary<Doc> = fc.oneof(
  { weight: 10, arbitrary: fc.tuple(fc.nat(), mutations).map(([i, ms]) => ms.reduce(applyMutation, chainBases[i % chainBases.length]!)) },
  { weight: 5, arbitrary: syntheticChain },
  { weight: 1, arbitrary: fc.tuple(syntheticChain, mutations).map(([b, ms]) => ms.reduce(applyMutation, b)) },
  { weight: 1, arbitrary: soup(`<ascmhldirectory xmlns="${CHAIN_NS}">`, '</ascmhldirectory>') },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 512 }) },
).map((b) => new Doc(b));

// ---------------------------------------------------------------------------------------------------------------
// The properties.

function checkDate(d: unknown, what: string): void {
  check(d instanceof Date && Number.isFinite(d.getTime()), () => `${what} is a valid Date (${String(d)})`);
}

function checkHashSet(set: HashSet, what: string): void {
  for (const [alg, v] of Object.entries(set)) {
    check((HASH_ALGORITHMS as readonly string[]).includes(alg), () => `${what}: algorithm ${alg}`);
    check(typeof v === 'string' && normaliseHashText(alg as HashAlgorithm, v) === v, () => `${what}: ${alg} ${JSON.stringify(v)} is canonical`);
  }
}

function checkDirectoryHashes(h: DirectoryHashes, what: string): void {
  checkHashSet(h.content, `${what} content`);
  checkHashSet(h.structure, `${what} structure`);
}

/** Every number finite and non-negative, every Date valid, anywhere in the result. */
function checkNumbers(v: unknown, at: string, depth = 0): void {
  check(depth < 16, () => `${at}: nested deeper than the model`);
  if (typeof v === 'number') check(Number.isFinite(v) && v >= 0, () => `${at} = ${v} is finite and non-negative`);
  else if (v instanceof Date) checkDate(v, at);
  else if (Array.isArray(v)) v.forEach((x, i) => checkNumbers(x, `${at}[${i}]`, depth + 1));
  else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) checkNumbers(x, `${at}.${k}`, depth + 1);
}

function checkManifest(m: MhlManifest, inputBytes: number): void {
  check(MHL_PROCESSES.includes(m.process), () => `process ${m.process}`);
  checkDate(m.creator.creationDate, 'creationdate');
  check(typeof m.creator.hostname === 'string' && typeof m.creator.tool.name === 'string', 'creator strings');
  if (m.rootHash) checkDirectoryHashes(m.rootHash, 'roothash');
  const paths = new Set<string>();
  for (const f of m.files) {
    checkRelativeInside(f.path, 'file path');
    check(!paths.has(f.path), () => `${f.path} listed once`);
    paths.add(f.path);
    if (f.previousPath !== undefined) checkRelativeInside(f.previousPath, 'previousPath');
    if (f.size !== undefined) check(Number.isSafeInteger(f.size) && f.size >= 0, () => `size ${f.size}`);
    check(f.hashes.length > 0 || (f.unsupported?.length ?? 0) > 0, () => `${f.path} has a hash`);
    for (const h of f.hashes) {
      checkHashSet({ [h.algorithm]: h.value }, `hash of ${f.path}`);
      check(h.action === undefined || HASH_ACTIONS.includes(h.action), () => `action ${h.action}`);
      if (h.hashDate !== undefined) checkDate(h.hashDate, 'hashdate');
    }
    for (const u of f.unsupported ?? []) check(u === 'xxh32', () => `unsupported ${u}`);
  }
  for (const d of m.directories) {
    checkRelativeInside(d.path, 'directory path');
    checkDirectoryHashes(d, `directory ${d.path}`);
  }
  for (const r of m.references) {
    checkRelativeInside(r.path, 'reference path');
    check(normaliseHashText('c4', r.c4) === r.c4, () => `reference c4 ${r.c4}`);
  }
  checkNumbers(m, 'manifest');
  const entries = m.files.length + m.directories.length + m.references.length;
  check(entries <= inputBytes / MIN_ENTRY_BYTES, () => `${entries} entries from ${inputBytes} bytes`);
  const json = JSON.stringify(m).length;
  check(json <= JSON_FACTOR * inputBytes + JSON_CONSTANT, () => `result of ${json} JSON characters from ${inputBytes} bytes`);
}

function checkChain(entries: MhlChainEntry[], inputBytes: number): void {
  entries.forEach((e, i) => {
    check(e.sequence === i + 1, () => `sequence ${e.sequence} at ${i + 1}`);
    check(e.path !== '' && e.path !== '.' && e.path !== '..' && !/[/\\\0]/.test(e.path), () => `chain path ${JSON.stringify(e.path)} is a plain name`);
    checkRelativeInside(e.path, 'chain path');
    check(normaliseHashText('c4', e.c4) === e.c4, () => `chain c4 ${e.c4}`);
  });
  check(new Set(entries.map((e) => e.path)).size === entries.length, 'chain names unique');
  check(entries.length <= inputBytes / MIN_ENTRY_BYTES, () => `${entries.length} entries from ${inputBytes} bytes`);
  check(JSON.stringify(entries).length <= JSON_FACTOR * inputBytes + JSON_CONSTANT, 'chain result bounded by the input');
}

/** `doc` without the sections that run from `open` to the next `close` (a scan: a lazy regex is quadratic here). */
function withoutSections(doc: string, open: string, close: string): string {
  let out = '';
  let pos = 0;
  for (;;) {
    const start = doc.indexOf(open, pos);
    const end = start === -1 ? -1 : doc.indexOf(close, start + open.length);
    if (end === -1) return out + doc.slice(pos);
    out += doc.slice(pos, start);
    pos = end + close.length;
  }
}

/**
 * `&name;` references other than the five XML predefines, which must never parse: anywhere in the document element
 * outside comments, CDATA and PIs. Not after the last end tag: fast-xml-parser's validator lets `</hashlist>&x;`
 * through and its parser drops the trailing text, so it is neither refused nor expanded (a leniency, not a leak).
 */
function hasUndefinedEntity(doc: string): boolean {
  if (!doc.includes('&')) return false;
  const lastEndTag = doc.lastIndexOf('</');
  const end = Math.max(lastEndTag === -1 ? -1 : doc.indexOf('>', lastEndTag) + 1, doc.lastIndexOf('/>') + 2);
  if (end > 0) doc = doc.slice(0, end);
  const body = withoutSections(withoutSections(withoutSections(doc, '<!--', '-->'), '<![CDATA[', ']]>'), '<?', '?>');
  for (const m of body.matchAll(/&([^;&\s<>]+);/g)) {
    if (!['lt', 'gt', 'amp', 'quot', 'apos'].includes(m[1]!) && !m[1]!.startsWith('#')) return true;
  }
  return false;
}

function checkError(e: unknown, allowed: Set<MhlErrorCode>, file: string, tally: Tally, ms: number): void {
  rethrowUnlessTyped(e, (x) => x instanceof MhlError);
  const err = e as MhlError;
  check(allowed.has(err.code), () => `error code ${err.code}: ${err.message.slice(0, 300)}`);
  check(err.file === file && err.message.includes(file), () => `error names the file: ${err.message.slice(0, 300)}`);
  tally.add(err.code, ms);
}

const describeSummary = (label: string, runs: number, started: number, tally: Tally): string =>
  `tests/fuzz/mhl-reader: ${label}: ${runs} cases in ${((Date.now() - started) / 1000).toFixed(1)} s ` +
  `(slowest ${tally.slowestMs.toFixed(1)} ms): ${tally}`;

// ---------------------------------------------------------------------------------------------------------------

const tmp = makeTempDir('fuzz-mhl');
afterAll(() => tmp.cleanup());

beforeAll(async () => {
  await ensureHashersReady();
  for (const root of await writerHistories(path.join(tmp.dir, 'written'))) addTemplate(collectHistory(root, `ours:${path.basename(root)}`));
  const fixtures = fixturesDir();
  for (const root of fixtureRoots()) addTemplate(collectHistory(root, `asc:${path.relative(fixtures!, root)}`));
}, 60_000);

describe('MHL reader under fuzzing', () => {
  it('every unmutated base parses cleanly', () => {
    expect(manifestBases.length).toBeGreaterThanOrEqual(3);
    for (const b of manifestBases) checkManifest(parseManifest(b, MANIFEST_FILE), b.length);
    for (const b of chainBases) checkChain(parseChain(b, CHAIN_FILE), b.length);
  });

  it(
    `parseManifest returns a safe manifest or throws a typed MhlError, for ${runsFor()} mutated and synthetic manifests`,
    () => {
      const tally = new Tally();
      const started = Date.now();
      fc.assert(
        fc.property(manifestInput, ({ bytes }) => {
          const outcome = withinMs(CASE_MS, () => parseManifest(bytes, MANIFEST_FILE), `parseManifest of ${bytes.length} bytes`);
          if (!outcome.ok) return checkError(outcome.error, MANIFEST_ERRORS, MANIFEST_FILE, tally, outcome.ms);
          check(!hasUndefinedEntity(text(bytes)), 'a document referencing an undefined entity is refused, never expanded');
          checkManifest(outcome.value, bytes.length);
          tally.add(outcome.value.files.length > 0 ? 'ok' : 'ok-empty', outcome.ms);
        }),
        fuzzParams(),
      );
      console.log(describeSummary('parseManifest', runsFor(), started, tally));
      if (runsFor() >= 10_000) {
        expect(tally.get('ok')).toBeGreaterThan(runsFor() / 20);
        for (const code of MANIFEST_ERRORS) expect(tally.get(code)).toBeGreaterThan(runsFor() / 200);
      }
    },
    fuzzTimeout(),
  );

  it(
    `parse time grows linearly: ${GROWTH_BIG_BYTES / 1024} KB of any repeated construct takes less than ${MAX_GROWTH}x ${GROWTH_SMALL_BYTES / 1024} KB`,
    () => {
      const doc = text(manifestBases[0]!);
      const at = doc.indexOf('\n', doc.indexOf('<', 1)) + 1; // inside the document element
      const withRepeats = (token: string, bytes: number): Uint8Array =>
        utf8.encode(doc.slice(0, at) + token.repeat(Math.ceil(bytes / token.length)) + doc.slice(at));
      /** Fastest of `runs` parses; one that blows the hard bound is not run again. */
      const bestMs = (bytes: Uint8Array, runs: number): number => {
        let best = Infinity;
        for (let run = 0; run < runs; run++) {
          const outcome = withinMs(Infinity, () => parseManifest(bytes, MANIFEST_FILE));
          if (!outcome.ok) checkError(outcome.error, MANIFEST_ERRORS, MANIFEST_FILE, new Tally(), outcome.ms);
          best = Math.min(best, outcome.ms);
          if (best >= GROWTH_HARD_MS) break;
        }
        return best;
      };
      const lines: string[] = [];
      for (const token of REPEATED) {
        const small = bestMs(withRepeats(token, GROWTH_SMALL_BYTES), 2); // the first run also warms the JIT
        const bigDoc = withRepeats(token, GROWTH_BIG_BYTES);
        let big = bestMs(bigDoc, 1);
        if (big >= GROWTH_FLOOR_MS && big >= MAX_GROWTH * small) big = Math.min(big, bestMs(bigDoc, 1)); // noise?
        lines.push(`${JSON.stringify(token).slice(0, 24)} ${small.toFixed(0)} -> ${big.toFixed(0)} ms`);
        check(big < GROWTH_HARD_MS, () => `${GROWTH_BIG_BYTES} bytes of ${JSON.stringify(token)} repeated took ${big.toFixed(0)} ms`);
        check(
          big < GROWTH_FLOOR_MS || big < MAX_GROWTH * small,
          () => `${JSON.stringify(token)} repeated: ${small.toFixed(0)} ms for ${GROWTH_SMALL_BYTES} bytes, ${big.toFixed(0)} ms for ${GROWTH_BIG_BYTES}: not linear`,
        );
      }
      console.log(`tests/fuzz/mhl-reader: growth: ${lines.join(', ')}`);
    },
    fuzzTimeout(1, 0, 120_000),
  );

  it(
    `parseChain returns a valid chain or throws a typed MhlError, for ${runsFor()} mutated and synthetic chains`,
    () => {
      const tally = new Tally();
      const started = Date.now();
      fc.assert(
        fc.property(chainInput, ({ bytes }) => {
          const outcome = withinMs(CASE_MS, () => parseChain(bytes, CHAIN_FILE), `parseChain of ${bytes.length} bytes`);
          if (!outcome.ok) return checkError(outcome.error, CHAIN_ERRORS, CHAIN_FILE, tally, outcome.ms);
          check(!hasUndefinedEntity(text(bytes)), 'a document referencing an undefined entity is refused, never expanded');
          checkChain(outcome.value, bytes.length);
          tally.add(outcome.value.length > 0 ? 'ok' : 'ok-empty', outcome.ms);
        }),
        fuzzParams(),
      );
      console.log(describeSummary('parseChain', runsFor(), started, tally));
      if (runsFor() >= 10_000) {
        expect(tally.get('ok')).toBeGreaterThan(runsFor() / 20);
        for (const code of CHAIN_ERRORS) expect(tally.get(code)).toBeGreaterThan(runsFor() / 200);
      }
    },
    fuzzTimeout(),
  );
});

// ---------------------------------------------------------------------------------------------------------------
// The whole-history reader: a history written to disk, one file mutated, the chain re-sealed or not.

type HistoryMutation =
  | { kind: 'manifest'; which: number; muts: Mutation[]; reseal: boolean }
  | { kind: 'chain'; muts: Mutation[] }
  | { kind: 'nested'; which: number; muts: Mutation[] }
  | { kind: 'delete'; which: number }
  | { kind: 'extra'; which: number; name: string }
  | { kind: 'rename'; which: number; name: string }
  | { kind: 'directory'; which: number };

const manifestName = fc.constantFrom('0003_A001_2024-05-03_000000Z.mhl', '0001_x.mhl', '.hidden.mhl', 'x.MHL', 'ascmhl_chain.xml.mhl', 'notes.txt');
const historyMutation: fc.Arbitrary<HistoryMutation> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('manifest' as const), which: fc.nat(), muts: mutations, reseal: fc.boolean() }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('chain' as const), muts: mutations }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('nested' as const), which: fc.nat(), muts: mutations }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), which: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('extra' as const), which: fc.nat(), name: manifestName }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('rename' as const), which: fc.nat(), name: manifestName }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('directory' as const), which: fc.nat() }) },
);
const limits: fc.Arbitrary<ReadLimits> = fc.oneof(
  { weight: 8, arbitrary: fc.constant({}) },
  { weight: 1, arbitrary: fc.record({ maxManifestBytes: fc.constantFrom(0, 100, 2000, 4000), maxChainBytes: fc.constantFrom(0, 200, 1000) }) },
);

/** The template's files after the mutation, and whether a directory now stands where a file was. */
function mutateHistory(t: HistoryTemplate, m: HistoryMutation): { files: Map<string, Uint8Array>; dirs: string[] } {
  const files = new Map(t.files);
  const dirs: string[] = [];
  const own = [...files.keys()].filter((k) => k.startsWith('ascmhl/') && k.endsWith('.mhl'));
  const nested = [...files.keys()].filter((k) => !k.startsWith('ascmhl/'));
  const all = [...files.keys()];
  switch (m.kind) {
    case 'manifest': {
      const rel = pick(own, m.which);
      if (!rel) break;
      files.set(rel, m.muts.reduce(applyMutation, files.get(rel)!));
      const chainBytes = files.get('ascmhl/ascmhl_chain.xml');
      if (m.reseal && chainBytes) {
        // The chain re-sealed with the mutated manifest's C4, so the mutation reaches the manifest parser.
        const entries = parseChain(chainBytes, 'chain').map((e) => {
          const b = files.get(`ascmhl/${e.path}`);
          return b ? { ...e, c4: hashBytes('c4', b) } : e;
        });
        files.set('ascmhl/ascmhl_chain.xml', utf8.encode(renderChain(entries, 'chain')));
      }
      break;
    }
    case 'chain': {
      const b = files.get('ascmhl/ascmhl_chain.xml');
      if (b) files.set('ascmhl/ascmhl_chain.xml', m.muts.reduce(applyMutation, b));
      break;
    }
    case 'nested': {
      const rel = pick(nested, m.which);
      if (rel) files.set(rel, m.muts.reduce(applyMutation, files.get(rel)!));
      break;
    }
    case 'delete': {
      const rel = pick(all, m.which);
      if (rel) files.delete(rel);
      break;
    }
    case 'extra': {
      const rel = pick(own, m.which);
      if (rel) files.set(`ascmhl/${m.name}`, files.get(rel)!);
      break;
    }
    case 'rename': {
      const rel = pick(own, m.which);
      if (rel) {
        files.set(`ascmhl/${m.name}`, files.get(rel)!);
        files.delete(rel);
      }
      break;
    }
    case 'directory': {
      const rel = pick(all, m.which);
      if (rel) {
        files.delete(rel);
        dirs.push(rel);
      }
      break;
    }
  }
  return { files, dirs };
}

/** The largest size stat reports for anything under `root` (a reference or a chain entry may name a folder). */
function largestEntry(root: string): number {
  let largest = 0;
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const abs = path.join(dir, e.name);
      largest = Math.max(largest, statSync(abs).size);
      if (e.isDirectory()) walk(abs);
    }
  };
  walk(root);
  return largest;
}

function checkHistory(h: MhlHistory, root: string, files: Map<string, Uint8Array>): void {
  check(h.root === path.resolve(root), 'history root');
  check(h.ascmhlDir === path.join(h.root, 'ascmhl') && h.chainPath === path.join(h.ascmhlDir, 'ascmhl_chain.xml'), 'history folders');
  h.generations.forEach((g, i) => {
    check(g.sequence === i + 1, () => `generation ${g.sequence} at ${i + 1}`);
    check(!/[/\\\0]/.test(g.fileName) && g.fileName !== '' && g.fileName !== '.' && g.fileName !== '..', () => `file name ${g.fileName}`);
    check(g.manifestPath === path.join(h.ascmhlDir, g.fileName), 'manifest path');
    checkStrictlyInside(h.ascmhlDir, g.manifestPath, 'manifest path');
    const bytes = files.get(`ascmhl/${g.fileName}`);
    check(bytes !== undefined && hashBytes('c4', bytes) === g.c4, () => `generation ${g.sequence}: c4 of the bytes on disk`);
    checkManifest(g, bytes!.length);
  });
  for (const r of h.references) {
    checkRelativeInside(r.path, 'reference path');
    checkStrictlyInside(h.root, path.join(h.root, ...r.path.split('/')), 'reference path');
    check(['ok', 'missing', 'mismatch', 'unreadable'].includes(r.status), () => `reference status ${r.status}`);
    check(h.generations.some((g) => g.sequence === r.sequence), 'reference names its generation');
    if (r.status === 'ok') {
      const target = files.get(r.path);
      check(target !== undefined && hashBytes('c4', target) === r.c4, () => `reference ${r.path} is ok only when its bytes match`);
    }
  }
}

describe('readHistory under fuzzing', () => {
  it(
    `returns a proven history or throws a typed MhlError naming a file in the root, for ${runsFor(HISTORY_RUNS)} mutated histories on disk`,
    async () => {
      const tally = new Tally();
      const started = Date.now();
      const allocs = jest.spyOn(Buffer, 'alloc');
      let n = 0;
      try {
        await fc.assert(
          fc.asyncProperty(fc.nat(), historyMutation, limits, async (which, m, lim) => {
            const t = templates[which % templates.length]!;
            const { files, dirs } = mutateHistory(t, m);
            const root = path.join(tmp.dir, 'cases', `r${n++}`, 'A001');
            for (const [rel, bytes] of files) {
              mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
              writeFileSync(path.join(root, rel), bytes);
            }
            for (const rel of dirs) mkdirSync(path.join(root, rel), { recursive: true });
            mkdirSync(root, { recursive: true });
            try {
              allocs.mockClear();
              const outcome = await withinMsAsync(HISTORY_CASE_MS, () => readHistory(root, lim), `readHistory of ${t.name}`);
              // Reads are capped: no buffer larger than the largest file (or the cap) plus the one byte that detects
              // growth. A folder where a manifest or a referenced file should be counts with the size stat gives it.
              const largest = largestEntry(root);
              const cap = Math.max(lim.maxManifestBytes ?? Infinity, lim.maxChainBytes ?? Infinity);
              for (const [size] of allocs.mock.calls) {
                check(typeof size === 'number' && size <= Math.min(largest, cap) + 1, () => `a read buffer of ${String(size)} bytes (largest file ${largest})`);
              }
              if (!outcome.ok) {
                rethrowUnlessTyped(outcome.error, (x) => x instanceof MhlError);
                const err = outcome.error as MhlError;
                const allowed = dirs.length > 0 ? new Set([...HISTORY_ERRORS, 'io' as const]) : HISTORY_ERRORS;
                check(allowed.has(err.code), () => `error code ${err.code}: ${err.message.slice(0, 300)}`);
                checkStrictlyInside(path.dirname(root), err.file, 'the file an error names');
                tally.add(err.code, outcome.ms);
                return;
              }
              checkHistory(outcome.value, root, files);
              tally.add(outcome.value.generations.length > 0 ? 'ok' : 'ok-empty', outcome.ms);
              if (outcome.value.references.some((r) => r.status !== 'ok')) tally.add('ref-not-ok');
            } finally {
              rmSync(path.dirname(root), { recursive: true, force: true });
            }
          }),
          fuzzParams(HISTORY_RUNS),
        );
      } finally {
        allocs.mockRestore();
      }
      console.log(describeSummary('readHistory', runsFor(HISTORY_RUNS), started, tally));
      if (runsFor(HISTORY_RUNS) >= HISTORY_RUNS) {
        expect(tally.get('ok')).toBeGreaterThan(runsFor(HISTORY_RUNS) / 20);
        for (const code of ['manifest-tampered', 'invalid-manifest', 'malformed-xml', 'invalid-chain', 'manifest-unlisted', 'manifest-missing'] as const) {
          expect(tally.get(code)).toBeGreaterThan(0);
        }
      }
    },
    fuzzTimeout(HISTORY_RUNS, 100),
  );
});
