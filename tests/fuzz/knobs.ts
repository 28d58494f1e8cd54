/**
 * The knobs every fuzzer shares (tests/fuzz/*, tests/wav/fuzz.property.test.ts), so one environment variable scales
 * them all and one seed replays any of them:
 *
 * - `SOUNDROLL_FUZZ_RUNS`: the case count of a full-size fuzzer (10,000 by default, what CI runs; `npm run fuzz` sets
 *   it much higher). A fuzzer with a smaller default (one that touches the disk) scales in proportion.
 * - `SOUNDROLL_FUZZ_SEED` (and `SOUNDROLL_FUZZ_PATH`, both printed by fast-check on a failure): replay one run.
 *
 * Also the two checks every fuzzer makes on every case: a plain `check` (not jest's expect, which builds an assertion
 * error with a stack on every call and would make a 10,000-case run mostly harness) and a per-case time bound.
 */
import fc from 'fast-check';

/**
 * Any code point, lone surrogates included, biased towards ASCII. Used instead of fast-check's `unit: 'binary'`,
 * which builds a reverse map of all 1.1 million code points (over a second per run) the first time it is asked
 * whether it could have produced a value.
 */
const anyCodePoint = fc
  .oneof(
    { weight: 4, arbitrary: fc.integer({ min: 0, max: 0x7f }) },
    { weight: 2, arbitrary: fc.integer({ min: 0x80, max: 0xffff }) },
    { weight: 1, arbitrary: fc.integer({ min: 0x10000, max: 0x10ffff }) },
  )
  .map((cp) => String.fromCodePoint(cp));

/** A string of any code points (see anyCodePoint). */
export function anyString(constraints: { minLength?: number; maxLength?: number } = {}): fc.Arbitrary<string> {
  return fc.string({ unit: anyCodePoint, ...constraints });
}

/** The default case count of a full-size fuzzer. */
export const DEFAULT_RUNS = 10_000;

function envNumber(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const n = Number(raw);
  if (!Number.isSafeInteger(n)) throw new Error(`${name}=${raw} is not an integer`);
  return n;
}

const ENV_RUNS = envNumber('SOUNDROLL_FUZZ_RUNS');
if (ENV_RUNS !== undefined && ENV_RUNS < 1) throw new Error(`SOUNDROLL_FUZZ_RUNS=${ENV_RUNS}: at least 1`);

/** Cases for a full-size fuzzer: SOUNDROLL_FUZZ_RUNS, else 10,000. */
export const RUNS = ENV_RUNS ?? DEFAULT_RUNS;
export const SEED = envNumber('SOUNDROLL_FUZZ_SEED');
const PATH = process.env.SOUNDROLL_FUZZ_PATH || undefined;

/** Cases for a fuzzer whose default is `runsDefault`: scaled by SOUNDROLL_FUZZ_RUNS / 10,000 when that is set. */
export function runsFor(runsDefault: number = DEFAULT_RUNS): number {
  return ENV_RUNS === undefined ? runsDefault : Math.max(1, Math.round((runsDefault * ENV_RUNS) / DEFAULT_RUNS));
}

/** fast-check parameters: the case count, and the seed/path to replay when given. */
export function fuzzParams<T = unknown>(runsDefault: number = DEFAULT_RUNS): fc.Parameters<T> {
  return {
    numRuns: runsFor(runsDefault),
    ...(SEED === undefined ? {} : { seed: SEED }),
    ...(PATH === undefined ? {} : { path: PATH }),
  };
}

/** A jest timeout for a fuzz test of `runsDefault` cases at about `msPerCase` each: grows with the case count. */
export function fuzzTimeout(runsDefault: number = DEFAULT_RUNS, msPerCase = 10, floorMs = 120_000): number {
  return Math.max(floorMs, runsFor(runsDefault) * msPerCase);
}

export class PropertyViolation extends Error {
  override readonly name = 'PropertyViolation';
}

/** Throws a PropertyViolation saying `what` unless `ok`. */
export function check(ok: boolean, what: string | (() => string)): asserts ok {
  if (!ok) throw new PropertyViolation(`property violated: ${typeof what === 'string' ? what : what()}`);
}

export type Outcome<T> = { ok: true; value: T; ms: number } | { ok: false; error: unknown; ms: number };

/** A case slower than this many times its limit is not noise: it fails without being run again. */
const RETRY_BELOW = 4;

/**
 * Runs `fn`, catching what it throws, and checks it took less than `limitMs`. Wall-clock time includes GC pauses and
 * a busy machine; an input that is really slow is slow every time, so a slow case is run twice more and the fastest
 * run counts. The outcome (value or error) is the first run's; `ms` is the fastest.
 */
export function withinMs<T>(limitMs: number, fn: () => T, what = 'case'): Outcome<T> {
  const first = timed(fn);
  let ms = first.ms;
  for (let retry = 0; retry < 2 && ms >= limitMs && ms < RETRY_BELOW * limitMs; retry++) ms = Math.min(ms, timed(fn).ms);
  check(ms < limitMs, () => `${what} took ${ms.toFixed(1)} ms (limit ${limitMs} ms)`);
  return { ...first, ms };
}

/** withinMs for an async function (the history reader): same retries, same outcome rule. */
export async function withinMsAsync<T>(limitMs: number, fn: () => Promise<T>, what = 'case'): Promise<Outcome<T>> {
  const first = await timedAsync(fn);
  let ms = first.ms;
  for (let retry = 0; retry < 2 && ms >= limitMs && ms < RETRY_BELOW * limitMs; retry++) ms = Math.min(ms, (await timedAsync(fn)).ms);
  check(ms < limitMs, () => `${what} took ${ms.toFixed(1)} ms (limit ${limitMs} ms)`);
  return { ...first, ms };
}

function timed<T>(fn: () => T): Outcome<T> {
  const started = performance.now();
  try {
    const value = fn();
    return { ok: true, value, ms: performance.now() - started };
  } catch (error) {
    return { ok: false, error, ms: performance.now() - started };
  }
}

async function timedAsync<T>(fn: () => Promise<T>): Promise<Outcome<T>> {
  const started = performance.now();
  try {
    const value = await fn();
    return { ok: true, value, ms: performance.now() - started };
  } catch (error) {
    return { ok: false, error, ms: performance.now() - started };
  }
}

/** An error that is not one of the typed ones is re-thrown as is, so fast-check reports it with its stack. */
export function rethrowUnlessTyped(error: unknown, isTyped: (e: unknown) => boolean): void {
  if (error instanceof PropertyViolation || !isTyped(error)) throw error;
}

/** Counts of outcomes by label, printed after a run (to see the cases reach both sides of each parser). */
export class Tally {
  private readonly counts = new Map<string, number>();
  slowestMs = 0;
  add(label: string, ms = 0): void {
    this.counts.set(label, (this.counts.get(label) ?? 0) + 1);
    this.slowestMs = Math.max(this.slowestMs, ms);
  }
  get(label: string): number {
    return this.counts.get(label) ?? 0;
  }
  labels(): string[] {
    return [...this.counts.keys()].sort();
  }
  toString(): string {
    return JSON.stringify(Object.fromEntries([...this.counts].sort(([a], [b]) => a.localeCompare(b))));
  }
}
