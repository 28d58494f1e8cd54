/**
 * Property: whatever bytes it is given — real recorder headers with bits flipped, sizes rewritten, chunks cut,
 * duplicated, spliced, deleted, or plain noise — the parser either returns a WavInfo whose numbers are finite,
 * non-negative and consistent, or throws a WavError naming the file. Nothing else: no other exception, no NaN, no
 * read beyond the file or above the caps, no case slower than CASE_MS.
 *
 * Never an allocation beyond the input's size: the parser only sees the byte ranges it asks for (byte-source.ts), and
 * those are what a file source allocates, so the reads are counted: each inside the file and under the caps, all of
 * them together a small multiple of the file. The WavInfo it returns is bounded by the input too (as JSON).
 *
 * SOUNDROLL_FUZZ_RUNS sets the number of cases (10,000 by default, what CI runs); SOUNDROLL_FUZZ_SEED replays one
 * (tests/fuzz/knobs.ts, shared by every fuzzer).
 */
import fc from 'fast-check';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { WavError, type WavInfo, type WavWarningCode } from '../../main/wav';
import { bufferSource, type SyncByteSource } from '../../main/wav/byte-source';
import { DEFAULT_MAX_BEXT_BYTES, DEFAULT_MAX_IXML_BYTES, parseWavBytes, parseWavSource, type ReadWavOptions } from '../../main/wav/read-wav';
import { check, fuzzParams, fuzzTimeout, runsFor, withinMs } from '../fuzz/knobs';
import { fixturesDir } from '../support/fixtures';
import {
  ascii,
  audio,
  bextBody,
  chunk,
  concat,
  ds64Body,
  extensibleFmt,
  floatFmt,
  ixmlBody,
  le32,
  le64,
  pcmFmt,
  wav,
  type Bytes,
} from './build';

const RUNS = runsFor();
const CASE_MS = 200;
/** The WavInfo as JSON is at most this many characters per byte of input, plus room for the capped warnings. */
const JSON_PER_BYTE = 8;
const JSON_CONSTANT = 64 * 1024;
const PATH = '/cards/A001/fuzz.WAV';

const WARNING_CODES = new Set<WavWarningCode>([
  'truncated-data',
  'chunk-past-end',
  'duplicate-chunk',
  'missing-pad',
  'ixml-rejected',
  'bext-malformed',
  'odd-block-align',
  'invalid-text',
]);
const ERROR_CODES = new Set(['not-wav', 'truncated-header', 'no-fmt', 'no-data', 'bad-fmt', 'bad-ds64', 'io']);

// ---------------------------------------------------------------------------------------------------------------
// Bases: real recorder headers (when the fixtures are here) and synthetic files covering what they do not.

/** Chunk header offsets by a naive walk, independent of the reader: only used to aim mutations. */
function chunkOffsets(b: Bytes): number[] {
  const out: number[] = [];
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let pos = 12;
  while (pos + 8 <= b.length && out.length < 64) {
    out.push(pos);
    const size = view.getUint32(pos + 4, true);
    pos += 8 + size + (size % 2);
  }
  return out;
}

function fixtureBases(): Bytes[] {
  const dir = fixturesDir() && join(fixturesDir()!, 'recorders');
  if (!dir || !statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
    console.log('tests/wav/fuzz: ../shared/fixtures/recorders is absent: fuzzing synthetic files only');
    return [];
  }
  const files: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (/\.wav$/i.test(e.name)) files.push(join(d, e.name));
    }
  };
  walk(dir);
  const bases: Bytes[] = [];
  for (const f of files.sort()) {
    const whole = new Uint8Array(readFileSync(f));
    const dataHeader = chunkOffsets(whole).find((o) => String.fromCharCode(...whole.subarray(o, o + 4)) === 'data')!;
    // The header plus 1 KiB of audio, as declared (a "cut" file) and with the sizes rewritten to match.
    const cut = whole.slice(0, dataHeader + 8 + 1026);
    const fixed = cut.slice();
    new DataView(fixed.buffer).setUint32(dataHeader + 4, 1026, true);
    new DataView(fixed.buffer).setUint32(4, fixed.length - 8, true);
    bases.push(cut, fixed);
  }
  return bases;
}

const FMT = pcmFmt(2, 48000, 24);
const IXML = chunk(
  'iXML',
  ixmlBody(
    '<?xml version="1.0" encoding="UTF-8"?><BWFXML><PROJECT>P</PROJECT><SCENE>1A</SCENE><TAKE>2</TAKE><CIRCLED>TRUE</CIRCLED>' +
      '<TAKE_TYPE>DEFAULT</TAKE_TYPE><SPEED><TIMECODE_RATE>24000/1001</TIMECODE_RATE><TIMECODE_FLAG>NDF</TIMECODE_FLAG>' +
      '<FILE_SAMPLE_RATE>48000</FILE_SAMPLE_RATE><AUDIO_BIT_DEPTH>24</AUDIO_BIT_DEPTH><TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_HI>0' +
      '</TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_HI><TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_LO>2190940753</TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_LO>' +
      '</SPEED><TRACK_LIST><TRACK><CHANNEL_INDEX>1</CHANNEL_INDEX><INTERLEAVE_INDEX>1</INTERLEAVE_INDEX><NAME>Boom</NAME></TRACK>' +
      '</TRACK_LIST><FILE_SET><TOTAL_FILES>2</TOTAL_FILES><FAMILY_UID>F</FAMILY_UID><FILE_SET_INDEX>1</FILE_SET_INDEX></FILE_SET></BWFXML>\0\0',
  ),
);
const BEXT = chunk(
  'bext',
  bextBody({ description: 'sSCENE=1A\r\nsTAKE=2\r\n', originator: 'Fuzz', timeReference: 2190940753n, version: 2, loudness: [-2300, 500, -100, 0x7fff, -1800], codingHistory: 'A=PCM,F=48000\r\n' }),
);
const AUDIO = audio(600);

const SYNTHETIC: Bytes[] = [
  wav([BEXT, IXML, FMT, chunk('data', AUDIO)]),
  wav([FMT, chunk('data', audio(601)), IXML]), // odd data, iXML after the audio
  wav([FMT, chunk('data', audio(601), { pad: false }), IXML]),
  wav([chunk('ds64', ds64Body(0n, 600n, 100n, [['LIST', 8n]])), FMT, chunk('LIST', audio(8), { size: 0xffffffff }), chunk('data', AUDIO, { size: 0xffffffff }), BEXT], 'RF64'),
  wav([chunk('ds64', ds64Body(0n, 600n, 100n)), BEXT, IXML, FMT, chunk('data', AUDIO, { size: 0xffffffff })], 'BW64'),
  wav([extensibleFmt(2, 48000, 24, 1, 3), chunk('JUNK', new Uint8Array(27)), chunk('data', AUDIO)]),
  wav([extensibleFmt(2, 96000, 32, 3, 3), IXML, chunk('data', AUDIO)]),
  wav([floatFmt(1, 48000, 64), chunk('data', AUDIO), BEXT]),
];

// ---------------------------------------------------------------------------------------------------------------
// Mutations.

const u32Values = fc.oneof(
  fc.constantFrom(0, 1, 2, 3, 7, 16, 18, 39, 40, 601, 602, 1026, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff),
  fc.nat({ max: 4096 }),
  fc.nat({ max: 0xffffffff }),
);
const u64Values = fc.oneof(
  fc.constantFrom(0n, 600n, 601n, 2n ** 32n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 63n, 2n ** 64n - 1n),
  fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
);
const KNOWN_IDS = ['fmt ', 'data', 'bext', 'iXML', 'ds64', 'JUNK', 'LIST', 'PAD '];
/** Positions biased to the first bytes, where the headers are. */
const position = fc.oneof(fc.nat({ max: 700 }), fc.nat({ max: 1 << 20 }));

type Mutation =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'size'; chunk: number; value: number }
  | { kind: 'u64'; chunk: number; field: number; value: bigint }
  | { kind: 'overwrite'; at: number; bytes: Bytes }
  | { kind: 'truncate'; at: number }
  | { kind: 'duplicate'; chunk: number; to: number }
  | { kind: 'delete'; chunk: number }
  | { kind: 'insert'; at: number; bytes: Bytes }
  | { kind: 'rename'; chunk: number; id: string }
  | { kind: 'magic'; magic: string; riffSize: number };

// Weighted towards mutations that keep the file walkable, so most cases reach fmt / bext / iXML / data logic.
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('flip' as const), at: position, bit: fc.nat({ max: 7 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('size' as const), chunk: fc.nat(), value: u32Values }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('u64' as const), chunk: fc.nat(), field: fc.nat({ max: 3 }), value: u64Values }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('overwrite' as const), at: position, bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: position }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('duplicate' as const), chunk: fc.nat(), to: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), chunk: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: position, bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('rename' as const), chunk: fc.nat(), id: fc.constantFrom(...KNOWN_IDS) }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('magic' as const), magic: fc.constantFrom('RIFF', 'RF64', 'BW64', 'RIFX', 'WAVE'), riffSize: u32Values }),
  },
);

function apply(b: Bytes, m: Mutation): Bytes {
  const offs = chunkOffsets(b);
  const pick = (n: number): number | undefined => (offs.length === 0 ? undefined : offs[n % offs.length]);
  const setU32 = (at: number, v: number): Bytes => {
    if (at + 4 > b.length) return b;
    const out = b.slice();
    new DataView(out.buffer).setUint32(at, v >>> 0, true);
    return out;
  };
  switch (m.kind) {
    case 'flip': {
      if (b.length === 0) return b;
      const out = b.slice();
      out[m.at % b.length]! ^= 1 << m.bit;
      return out;
    }
    case 'size': {
      const at = pick(m.chunk);
      return at === undefined ? b : setU32(at + 4, m.value);
    }
    case 'u64': {
      // ds64's riffSize / dataSize / sampleCount / tableLength, or the first bytes of any other chunk's body.
      const at = pick(m.chunk);
      if (at === undefined || at + 8 + 8 * m.field + 8 > b.length) return b;
      const out = b.slice();
      out.set(le64(m.value), at + 8 + 8 * m.field);
      return out;
    }
    case 'overwrite': {
      if (b.length === 0) return b;
      const out = b.slice();
      out.set(m.bytes.subarray(0, Math.max(0, b.length - (m.at % b.length))), m.at % b.length);
      return out;
    }
    case 'truncate':
      return b.slice(0, m.at % (b.length + 1));
    case 'duplicate': {
      const from = pick(m.chunk);
      const to = pick(m.to);
      if (from === undefined || to === undefined) return b;
      const end = Math.min(b.length, from + 8 + Math.min(new DataView(b.buffer, b.byteOffset).getUint32(from + 4, true), 4096));
      return concat(b.subarray(0, to), b.subarray(from, end + ((end - from) % 2)), b.subarray(to));
    }
    case 'delete': {
      const i = offs.length === 0 ? -1 : m.chunk % offs.length;
      if (i < 0) return b;
      return concat(b.subarray(0, offs[i]!), b.subarray(offs[i + 1] ?? b.length));
    }
    case 'insert': {
      const at = m.at % (b.length + 1);
      return concat(b.subarray(0, at), m.bytes, b.subarray(at));
    }
    case 'rename': {
      const at = pick(m.chunk);
      if (at === undefined) return b;
      const out = b.slice();
      out.set(ascii(m.id), at);
      return out;
    }
    case 'magic': {
      if (b.length < 8) return b;
      const out = b.slice();
      out.set(ascii(m.magic), 0);
      new DataView(out.buffer).setUint32(4, m.riffSize >>> 0, true);
      return out;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Cases.

const bases = [...fixtureBases(), ...SYNTHETIC];

const mutated = fc
  .tuple(fc.nat({ max: bases.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 3 }))
  .map(([i, ms]) => ms.reduce(apply, bases[i]!));

const chunkSoup = fc
  .array(
    fc.record({
      id: fc.oneof(fc.constantFrom(...KNOWN_IDS), fc.string({ minLength: 4, maxLength: 4 })),
      body: fc.oneof(fc.uint8Array({ maxLength: 64 }), fc.constantFrom(FMT.subarray(8), BEXT.subarray(8), IXML.subarray(8), AUDIO)),
      size: fc.option(u32Values, { nil: undefined }),
      pad: fc.boolean(),
    }),
    { maxLength: 8 },
  )
  .chain((chunks) =>
    fc.constantFrom<'RIFF' | 'RF64' | 'BW64'>('RIFF', 'RF64', 'BW64').map((magic) =>
      wav(
        chunks.map((c) => chunk(c.id.padEnd(4, ' ').slice(0, 4), c.body, { size: c.size, pad: c.pad })),
        magic,
      ),
    ),
  );

const anyBytes: fc.Arbitrary<Bytes> = fc.oneof(
  { weight: 12, arbitrary: mutated },
  { weight: 3, arbitrary: chunkSoup },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 2048 }) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 512 }).map((rest) => concat(ascii('RIFF'), le32(rest.length + 4), ascii('WAVE'), rest)) },
);

const options: fc.Arbitrary<ReadWavOptions> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({}) },
  { weight: 1, arbitrary: fc.record({ maxIxmlBytes: fc.constantFrom(0, 64, 4096), maxBextBytes: fc.constantFrom(0, 300, 602, 4096) }) },
);

/** Mostly the whole file; sometimes only its first bytes (a header-only buffer of a bigger file). */
const provided = fc.oneof({ weight: 6, arbitrary: fc.constant(Number.MAX_SAFE_INTEGER) }, { weight: 1, arbitrary: fc.nat({ max: 140_000 }) });

// ---------------------------------------------------------------------------------------------------------------
// The property.

/** Every number in the tree finite (loudness may be negative, everything else not); every bigint in u64 range. */
function checkNumbers(value: unknown, path: string, allowNegative: boolean): void {
  if (typeof value === 'number') {
    check(Number.isFinite(value), `${path} is ${value}`);
    check(allowNegative || value >= 0, `${path} is negative (${value})`);
  } else if (typeof value === 'bigint') {
    check(value >= 0n && value < 2n ** 64n, `${path} = ${value} is a u64`);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => checkNumbers(v, `${path}[${i}]`, allowNegative));
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) checkNumbers(v, `${path}.${k}`, allowNegative || /loudness|Loudness|TruePeak/.test(k));
  }
}

// `check` (tests/fuzz/knobs.ts) is a plain check, not jest's expect: expect builds an assertion error (with a stack)
// on every call, which would make a 10,000-case run spend most of its time in the test harness instead of the parser.

function checkInfo(info: WavInfo, size: number): void {
  checkNumbers(info, 'info', false);
  const { format } = info;
  check(info.path === PATH, 'path');
  check(info.fileSize === size, `fileSize ${info.fileSize} vs ${size}`);
  for (const n of [info.dataOffset, info.declaredDataSize, info.dataSize, info.frames]) check(Number.isSafeInteger(n), `${n} is a safe integer`);
  check(info.dataOffset + info.dataSize <= info.fileSize, 'dataOffset + dataSize <= fileSize');
  check(info.dataSize <= info.declaredDataSize, 'dataSize <= declaredDataSize');
  check(format.channels > 0 && format.sampleRate > 0, 'channels and sampleRate > 0');
  check(format.blockAlign === format.channels * (format.bitsPerSample / 8), 'blockAlign = channels x bytes per sample');
  check(info.frames * format.blockAlign === info.dataSize, 'frames x blockAlign = dataSize');
  check(info.durationSeconds === info.frames / format.sampleRate, 'durationSeconds = frames / sampleRate');
  check(['RIFF', 'RF64', 'BW64'].includes(format.container), `container ${format.container}`);
  check(format.encoding === 'pcm' || format.encoding === 'float', `encoding ${format.encoding}`);
  for (const c of info.chunks) check(c.offset + 8 <= size, `chunk ${c.id} header inside the file`);
  for (const w of info.warnings) {
    check(WARNING_CODES.has(w.code), `warning code ${w.code}`);
    check(w.message.includes(PATH), `warning message names the file: ${w.message}`);
  }
  if (info.bext) check(typeof info.bext.description === 'string', 'bext description is a string');
  if (info.ixml) check(Array.isArray(info.ixml.tracks), 'ixml tracks is an array');
}

function countingSource(bytes: Bytes, size: number): SyncByteSource & { reads: [number, number][] } {
  const inner = bufferSource(bytes, size);
  const reads: [number, number][] = [];
  return { size: inner.size, reads, readSync: (o, l) => (reads.push([o, l]), inner.readSync(o, l)) };
}

let outcomes = { ok: 0, errors: new Map<string, number>(), warnings: new Map<string, number>(), slowestMs: 0, jsonPerByte: 0 };

/**
 * `provided` < bytes.length hands the parser only the first bytes of the file (as a caller holding just the header
 * would), with the whole file's size.
 */
function runCase(whole: Bytes, opts: ReadWavOptions, provided: number): void {
  const size = whole.length;
  const bytes = whole.subarray(0, Math.min(provided, size));
  // A slow case is run again (withinMs): each run counts its own reads, the first run's are checked.
  let src: ReturnType<typeof countingSource> | undefined;
  const outcome = withinMs(
    CASE_MS,
    () => {
      const run = countingSource(bytes, size);
      src ??= run;
      return parseWavSource(run, PATH, opts);
    },
    `parsing ${size} bytes`,
  );
  outcomes.slowestMs = Math.max(outcomes.slowestMs, outcome.ms);
  let info: WavInfo | undefined;
  if (outcome.ok) {
    info = outcome.value;
  } else {
    const e = outcome.error;
    if (!(e instanceof WavError)) throw e;
    check(ERROR_CODES.has(e.code), `error code ${e.code}`);
    check(e.file === PATH && e.message.includes(PATH), `error names the file: ${e.message}`);
    outcomes.errors.set(e.code, (outcomes.errors.get(e.code) ?? 0) + 1);
  }

  // Never a read beyond the file, never one above the caps, never much more than the file in total.
  const cap = Math.max(opts.maxIxmlBytes ?? DEFAULT_MAX_IXML_BYTES, opts.maxBextBytes ?? DEFAULT_MAX_BEXT_BYTES, 808);
  let total = 0;
  for (const [offset, length] of src!.reads) {
    check(offset + length <= size, `read of ${length} at ${offset} inside the file`);
    check(length <= cap, `read of ${length} bytes within the cap ${cap}`);
    total += length;
  }
  check(total <= 4 * size + 12, `${total} bytes read in all for a ${size}-byte file`);

  if (info) {
    checkInfo(info, size);
    const json = JSON.stringify(info, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)).length;
    check(json <= JSON_PER_BYTE * bytes.length + JSON_CONSTANT, `a WavInfo of ${json} JSON characters from ${bytes.length} bytes`);
    outcomes.jsonPerByte = Math.max(outcomes.jsonPerByte, (json - 2048) / Math.max(1, bytes.length));
    outcomes.ok++;
    for (const w of info.warnings) outcomes.warnings.set(w.code, (outcomes.warnings.get(w.code) ?? 0) + 1);
    // parseWavBytes is the same parser over the same bytes.
    check(isDeepStrictEqual(parseWavBytes(bytes, PATH, size, opts), info), 'parseWavBytes gives the same WavInfo');
  }
}

describe('parseWavBytes under fuzzing', () => {
  beforeEach(() => {
    outcomes = { ok: 0, errors: new Map(), warnings: new Map(), slowestMs: 0, jsonPerByte: 0 };
  });

  it('every unmutated base parses cleanly', () => {
    for (const b of bases) checkInfo(parseWavBytes(b, PATH), b.length);
  });

  it(
    `returns a consistent WavInfo or throws a WavError, for ${RUNS} mutated and random files`,
    () => {
      const started = Date.now();
      fc.assert(
        fc.property(anyBytes, options, provided, (bytes, opts, n) => runCase(bytes, opts, n)),
        fuzzParams(),
      );
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.log(
        `tests/wav/fuzz: ${RUNS} cases in ${seconds} s (slowest ${outcomes.slowestMs.toFixed(1)} ms) from ${bases.length} bases: ` +
          `${outcomes.ok} parsed, errors ${JSON.stringify(Object.fromEntries(outcomes.errors))}, ` +
          `warnings ${JSON.stringify(Object.fromEntries(outcomes.warnings))}, JSON per input byte ${outcomes.jsonPerByte.toFixed(2)}`,
      );
      // The cases must reach both outcomes and most error and warning kinds, or the fuzz is not testing much.
      if (RUNS >= 10000) {
        expect(outcomes.ok).toBeGreaterThan(RUNS / 10);
        expect([...outcomes.errors.keys()].sort()).toEqual(['bad-ds64', 'bad-fmt', 'no-data', 'no-fmt', 'not-wav', 'truncated-header']);
        expect(outcomes.warnings.size).toBeGreaterThanOrEqual(7);
      }
    },
    fuzzTimeout(),
  );
});
