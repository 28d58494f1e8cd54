/** The benchmark's figures as one object (for --json and for the table), and the human table made from it. */
import type { FloorResult } from './floor';
import type { HashingResult } from './hashing';
import type { MethodCounts } from './check';
import { met } from '../lib/stats';

export const GOALS = { ratio: 1.15, peakRssMb: 300 } as const;

export interface RunFigures {
  run: number;
  floor: FloorResult & { mbPerSecond: number };
  offload: {
    seconds: number;
    engineSeconds: number;
    mbPerSecond: number;
    peakRssMb: number;
    /** User + system CPU of the offload process: near wall time means it was CPU-bound, not disk-bound. */
    cpuSeconds: number;
    cpuUserSeconds: number;
    cpuSystemSeconds: number;
    readBack: MethodCounts;
  };
  /** offload wall time ÷ floor wall time. */
  ratio: number;
}

export interface BenchReport {
  workspace: string;
  /** Other work on the machine skews every figure: the 1-minute load average says whether there was any. */
  machine: { cores: number; loadAverage1m: { start: number; end: number } };
  card: { bytes: number; gib: number; files: number; generateSeconds: number };
  destinations: number;
  /** False when /proc/sys/vm/drop_caches was refused: then disk reads may have been served from memory. */
  pageCacheDropped: boolean;
  runs: RunFigures[];
  /** Medians over the runs (the single run when --runs 1). */
  median: { floorSeconds: number; offloadSeconds: number; ratio: number };
  peakRssMb: number;
  goals: { ratio: number; ratioMet: boolean; peakRssMb: number; peakRssMet: boolean };
  hashing: HashingResult & { matchesOffload: boolean };
}

const f1 = (n: number): string => n.toFixed(1);
const f2 = (n: number): string => n.toFixed(2);

export function renderTable(r: BenchReport): string {
  const out: string[] = [];
  const row = (label: string, seconds: number, mbps: number, note: string): void => {
    out.push(`${label.padEnd(22)}${f2(seconds).padStart(9)} s ${f1(mbps).padStart(9)} MB/s   ${note}`);
  };
  out.push(`soundroll offload benchmark — ${r.destinations} destinations on the same disk as the card (${r.workspace})`);
  const load = r.machine.loadAverage1m;
  const busy = Math.max(load.start, load.end) > r.machine.cores / 2 ? '  — other work was running: expect noisy figures' : '';
  out.push(`machine               ${r.machine.cores} cores, load average ${f2(load.start)} at start, ${f2(load.end)} at end${busy}`);
  out.push(`card                  ${(r.card.bytes / 1e6).toFixed(0)} MB (${f2(r.card.gib)} GiB), ${r.card.files} poly BWF takes, generated in ${f2(r.card.generateSeconds)} s`);
  out.push(
    r.pageCacheDropped
      ? 'page cache            dropped before each phase'
      : 'page cache            WARNING: could not drop the page cache (needs root): figures include cache effects',
  );
  for (const run of r.runs) {
    const fl = run.floor;
    row(`run ${run.run} floor`, fl.seconds, fl.mbPerSecond, `cat|tee + sync ${f2(fl.copySeconds)} s, parallel read-back ${f2(fl.readSeconds)} s`);
    const o = run.offload;
    row(`run ${run.run} offload`, o.seconds, o.mbPerSecond, `job ${f2(o.engineSeconds)} s, CPU ${f2(o.cpuSeconds)} s (user ${f2(o.cpuUserSeconds)} + sys ${f2(o.cpuSystemSeconds)}), peak RSS ${f1(o.peakRssMb)} MB, ratio ${f2(run.ratio)}`);
  }
  if (r.runs.length > 1) out.push(`median of ${r.runs.length} runs     floor ${f2(r.median.floorSeconds)} s, offload ${f2(r.median.offloadSeconds)} s`);
  out.push('');
  out.push(`offload/floor = ${f2(r.median.ratio)}   (goal ≤ ${f2(r.goals.ratio)}: ${met(r.goals.ratioMet)})`);
  out.push(`peak RSS      = ${f1(r.peakRssMb)} MB   (goal < ${r.goals.peakRssMb} MB: ${met(r.goals.peakRssMet)})`);
  const methods = Object.entries(r.runs.at(-1)?.offload.readBack ?? {}).map(([m, n]) => `${m} × ${n}`);
  out.push(`read-back     = ${methods.join(', ') || 'none reported'}   (copies, from files[].copies[].method)`);
  out.push('');
  const h = r.hashing;
  out.push(`hashing: ${(h.bytes / 1e6).toFixed(0)} MB take, warm in the page cache, best of ${h.repeats}`);
  if (h.xxhsum) out.push(`  xxhsum -H2          ${f2(h.xxhsum.seconds).padStart(7)} s ${f1(h.xxhsum.mbPerSecond).padStart(9)} MB/s`);
  else out.push('  xxhsum -H2          NOT INSTALLED (apt-get install xxhash): no reference figure');
  out.push(`  soundroll xxh128    ${f2(h.soundroll.seconds).padStart(7)} s ${f1(h.soundroll.mbPerSecond).padStart(9)} MB/s`);
  if (h.ratio !== undefined) out.push(`  soundroll_xxh128/xxhsum = ${f2(h.ratio)}   (speed ratio; 1.00 = as fast as xxhsum)`);
  const agree = h.xxhsum ? `xxhsum and soundroll agree (${h.soundroll.digest})` : `soundroll ${h.soundroll.digest}`;
  out.push(`  digest: ${agree}${h.matchesOffload ? ', same as the offload recorded' : ''}`);
  return out.join('\n') + '\n';
}
