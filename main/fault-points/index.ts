/**
 * Fault points: named places on the offload's path where a test can kill the process or make an I/O call fail, in the manner of SQLite's crash and I/O-error tests ("fail the Nth operation, advance N"). They are how
 * tests/faults proves that a crash or an error at any point loses nothing and never reports a false "verified".
 *
 * Off unless asked for: with no plan, `faultPoint` is one comparison. A child process (the CLI under test) reads its
 * plan from SOUNDROLL_FAULT once, at load; a test running the engine in-process sets one with `setFaultPlan`.
 *
 *   SOUNDROLL_FAULT=kill@copy.block#3        SIGKILL at the 3rd time the point is reached
 *   SOUNDROLL_FAULT=fail@io#7=EIO            the 7th I/O point of any name throws EIO, as the system call would
 *   SOUNDROLL_FAULT_TRACE=/tmp/trace.txt     appends each point reached ("name\n"), to choose where to strike
 *
 * A point marked as I/O stands just before a real system call, so an injected error travels the same path a real
 * one would.
 */
import { appendFileSync } from 'node:fs';

/** I/O points: each stands before the system call it names. */
export const IO_POINTS = [
  'card.read', // a block of the card's file
  'dest.create', // opening a new partial file on a destination
  'dest.write', // a block written to a destination
  'dest.sync', // fsync of a finished copy
  'publish.link', // making the final name appear
  'readback.read', // a block of a copy read back from its destination
  'mhl.write', // writing a manifest or chain file
] as const;

/** Crash points: moments between steps, where only a kill makes sense. */
export const CRASH_POINTS = [
  'scan.done', // the card is listed, nothing written yet
  'copy.block', // a block of the card has been read and handed to every destination (by byte count)
  'publish.linked', // the final name exists and the partial name still does
  'publish.done', // the copy is under its final name, folder fsynced, not yet read back
  'verify.compared', // the copy has been read back and compared, nothing recorded yet
  'catalog.inside', // inside the transaction that records a file and its copies
  'catalog.committed', // the copies are recorded as verified
  'index.done', // the roll's takes are filed
  'mhl.published', // a manifest is under its final name, the chain file not yet rewritten
  'mhl.chained', // the chain file names the new generation, the catalog does not know it yet
  'job.finishing', // everything is done but the job's final record
] as const;

export type IoPoint = (typeof IO_POINTS)[number];
export type CrashPoint = (typeof CRASH_POINTS)[number];
export type FaultPointName = IoPoint | CrashPoint;

const IO = new Set<string>(IO_POINTS);

export type FaultAction =
  | { kind: 'kill' }
  | { kind: 'fail'; code: string }
  /** In-process tests only: run a function at the point (flip a byte of a copy, pull a folder away). */
  | { kind: 'call'; fn: (name: FaultPointName) => void };

export interface FaultPlan {
  /** A point's name, or 'io' for the Nth I/O point of any name. */
  at: FaultPointName | 'io';
  /** 1-based: strike at the nth time `at` is reached. */
  nth: number;
  action: FaultAction;
  /** Strike at every hit from the nth on (a drive that stays broken) instead of once. */
  sticky?: boolean;
  /** Only hits whose detail (the file path the point concerns) contains this count. */
  detailContains?: string;
}

let plan: FaultPlan | undefined;
let tracePath: string | undefined;
let hits = 0;
let struck: { name: FaultPointName; detail?: string } | undefined;
/** The points reached since the plan was set, in order: what a test reads to choose its next strike. */
const reached: string[] = [];
let recording = false;

const ERRNO: Record<string, number> = { EIO: -5, ENOSPC: -28, EACCES: -13, EROFS: -30, ENOENT: -2, EFBIG: -27, ENXIO: -6 };

/**
 * `kill@copy.block#3`, `fail@io#7=EIO`; a `!` after the count makes it sticky, `~text` aims it at the points whose
 * detail (file path) contains the text: `fail@dest.write#1!=EIO~/d2/` is a second drive that stopped writing.
 */
export function parseFaultPlan(text: string): FaultPlan {
  const m = /^(kill|fail)@([a-z.]+)#(\d+)(!?)(?:=([A-Z]+))?(?:~(.+))?$/.exec(text.trim());
  if (!m) throw new Error(`SOUNDROLL_FAULT: cannot read "${text}" (expected e.g. kill@copy.block#3 or fail@io#7=EIO)`);
  const [, kind, at, nth, sticky, code, detail] = m;
  if (at !== 'io' && !IO.has(at!) && !(CRASH_POINTS as readonly string[]).includes(at!)) throw new Error(`SOUNDROLL_FAULT: no fault point named "${at}"`);
  if (kind === 'fail' && at !== 'io' && !IO.has(at!)) throw new Error(`SOUNDROLL_FAULT: "${at}" is not an I/O point; only a kill can happen there`);
  const action: FaultAction = kind === 'fail' ? { kind: 'fail', code: code ?? 'EIO' } : { kind: 'kill' };
  return { at: at as FaultPlan['at'], nth: Number(nth), action, sticky: sticky === '!', detailContains: detail };
}

/** Sets (or clears, with undefined) the plan of this process and restarts the count. Tests only. */
export function setFaultPlan(next: FaultPlan | undefined, opts: { record?: boolean } = {}): void {
  plan = next;
  hits = 0;
  struck = undefined;
  reached.length = 0;
  recording = Boolean(opts.record);
}

/** The points reached since `setFaultPlan(…, { record: true })`, with their details. */
export function reachedPoints(): readonly string[] {
  return reached;
}

/** Where the plan struck first (the point and its detail), or undefined when it has not. */
export function faultStruck(): { name: FaultPointName; detail?: string } | undefined {
  return struck;
}

function loadFromEnvironment(): void {
  const text = process.env.SOUNDROLL_FAULT;
  if (text) plan = parseFaultPlan(text);
  tracePath = process.env.SOUNDROLL_FAULT_TRACE || undefined;
}
loadFromEnvironment();

/** The error a system call would have given, with the code the engine's messages translate for the DIT. */
function injectedError(code: string, name: string, detail: string | undefined): NodeJS.ErrnoException {
  const err = new Error(`${code}: injected at ${name}${detail ? ` (${detail})` : ''}`) as NodeJS.ErrnoException;
  err.code = code;
  err.errno = ERRNO[code] ?? -5;
  err.syscall = name;
  if (detail) err.path = detail;
  return err;
}

/**
 * Marks a fault point. `detail` names what the point is about (usually the file), for the trace and for plans
 * aimed at one file. Throws only when the plan says this I/O call fails.
 */
export function faultPoint(name: FaultPointName, detail?: string): void {
  if (!plan && !tracePath && !recording) return;
  if (tracePath) appendFileSync(tracePath, `${name}${detail ? `\t${detail}` : ''}\n`);
  if (recording) reached.push(detail ? `${name}\t${detail}` : name);
  if (!plan) return;
  const matches = (plan.at === name || (plan.at === 'io' && IO.has(name))) && (!plan.detailContains || (detail ?? '').includes(plan.detailContains));
  if (!matches) return;
  hits++;
  if (hits < plan.nth || (hits > plan.nth && !plan.sticky)) return;
  struck ??= { name, detail };
  const action = plan.action;
  switch (action.kind) {
    case 'kill':
      process.kill(process.pid, 'SIGKILL');
      // SIGKILL to oneself is delivered before the call returns to JavaScript; never carry on if it somehow is not.
      for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
    case 'fail':
      throw injectedError(action.code, name, detail);
    case 'call':
      action.fn(name);
      return;
  }
}
