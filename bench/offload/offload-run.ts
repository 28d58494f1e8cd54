/**
 * One run of the real `soundroll offload` as a child process, exactly as a DIT would type it, timed from spawn to
 * exit (node start-up, catalog, copy, read-back, MHL: everything the user waits for).
 */
import { join } from 'node:path';
import type { OffloadSummary } from '../../shared/offload';
import { run, type Finished } from '../lib/shell';
import { readChildUsage, type ChildUsage } from './child-report';

export interface OffloadRun {
  seconds: number;
  /** finishedAt - startedAt from the summary: the job alone, without process start-up. */
  engineSeconds: number;
  usage: ChildUsage;
  summary: OffloadSummary;
  exitCode: number | null;
}

export interface OffloadRunRequest {
  card: string;
  destinations: readonly string[];
  catalog: string;
}

export class BenchFailure extends Error {}

/** child.js sits next to this module once compiled (dist/bench/offload/). */
const CHILD = join(__dirname, 'child.js');

export async function runOffload(req: OffloadRunRequest): Promise<OffloadRun> {
  const args = [CHILD, 'offload', req.card, ...req.destinations.flatMap((d) => ['--dest', d])];
  args.push('--hash', 'xxh128', '--project', 'Bench', '--roll', 'A001', '--catalog', req.catalog, '--json');
  // SOUNDROLL_CATALOG is ignored when --catalog is given; unset anyway so nothing outside the scratch folder is read.
  const env = { ...process.env, SOUNDROLL_CATALOG: undefined };
  const r = await run(process.execPath, args, env);
  const summary = parseSummary(r);
  const usage = readChildUsage(r.stderr);
  if (!usage) throw new BenchFailure(`the offload child did not report its peak RSS:\n${tail(r)}`);
  return {
    seconds: r.seconds,
    engineSeconds: (Date.parse(summary.finishedAt) - Date.parse(summary.startedAt)) / 1000,
    usage,
    summary,
    exitCode: r.code,
  };
}

function parseSummary(r: Finished): OffloadSummary {
  try {
    return JSON.parse(r.stdout) as OffloadSummary;
  } catch {
    throw new BenchFailure(`soundroll offload printed no JSON summary (${r.signal ?? `exit ${r.code}`}):\n${tail(r)}`);
  }
}

function tail(r: Finished): string {
  return `stdout: ${r.stdout.slice(-1500) || '(empty)'}\nstderr: ${r.stderr.slice(-3000) || '(empty)'}`;
}
