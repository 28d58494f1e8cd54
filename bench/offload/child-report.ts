/**
 * How child.ts hands its own resource usage to the benchmark: lines on stderr, written as the process exits.
 * `BENCH_MAX_RSS_KB=<n>` is the peak resident set (kB); `BENCH_CPU_MS=<user>,<system>` tells whether the offload was
 * waiting on the disk or busy on the CPU (two cores here: CPU time near wall time means one core was saturated).
 */
export interface ChildUsage {
  maxRssKb: number;
  cpuUserMs: number;
  cpuSystemMs: number;
}

export function formatChildUsage(u: NodeJS.ResourceUsage): string {
  return `BENCH_MAX_RSS_KB=${u.maxRSS}\nBENCH_CPU_MS=${Math.round(u.userCPUTime / 1000)},${Math.round(u.systemCPUTime / 1000)}\n`;
}

/** Undefined when the RSS line is missing: the child died before 'exit' (killed, or crashed in native code). */
export function readChildUsage(stderr: string): ChildUsage | undefined {
  const rss = /^BENCH_MAX_RSS_KB=(\d+)$/m.exec(stderr);
  if (!rss) return undefined;
  const cpu = /^BENCH_CPU_MS=(\d+),(\d+)$/m.exec(stderr);
  return { maxRssKb: Number(rss[1]), cpuUserMs: Number(cpu?.[1] ?? NaN), cpuSystemMs: Number(cpu?.[2] ?? NaN) };
}
