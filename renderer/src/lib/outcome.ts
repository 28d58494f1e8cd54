/**
 * What an ended offload means for the DIT, in the words the banner uses, and its files as rows for the list
 * (pure: tested in tests/renderer). Only `safeToFormat` from the core makes a green banner: a failed job, a job
 * cancelled before it started, or anything unknown is "NOT SAFE TO FORMAT".
 */
import type { JobView } from '../../../shared/contract';
import type { CopyStatus, OffloadSummary } from '../../../shared/offload';

export const SAFE = 'SAFE TO FORMAT';
export const NOT_SAFE = 'NOT SAFE TO FORMAT';

export interface OffloadVerdict {
  safe: boolean;
  headline: typeof SAFE | typeof NOT_SAFE;
  /** The core's sentence, or why there is none. */
  sentence: string;
}

/** Undefined while the job is queued or running: there is no verdict yet. */
export function offloadVerdict(job: JobView): OffloadVerdict | undefined {
  if (job.state === 'queued' || job.state === 'running' || job.state === 'paused') return undefined;
  const s = job.offload;
  if (s) {
    const safe = s.safeToFormat && job.state === 'done';
    return { safe, headline: safe ? SAFE : NOT_SAFE, sentence: s.verdict || job.error || '' };
  }
  const sentence =
    job.state === 'cancelled'
      ? 'The offload was cancelled before it copied anything. Nothing on the card is backed up by this job.'
      : `The offload could not run${job.error ? `: ${job.error}` : '.'} Nothing on the card is backed up by this job.`;
  return { safe: false, headline: NOT_SAFE, sentence };
}

export type CellStatus = CopyStatus | 'absent';

export interface FileRow {
  relativePath: string;
  size: number;
  /** One cell per destination of the summary, in its order. */
  cells: { destination: string; status: CellStatus; reason?: string }[];
  error?: string;
  problem: boolean;
}

export function fileRows(summary: OffloadSummary): FileRow[] {
  const roots = summary.destinations.map((d) => d.root);
  return summary.files.map((f) => {
    const cells = roots.map((root) => {
      const copy = f.copies.find((c) => c.destination === root);
      return copy ? { destination: root, status: copy.status, ...(copy.reason ? { reason: copy.reason } : {}) } : { destination: root, status: 'absent' as const };
    });
    const problem = Boolean(f.error) || cells.some((c) => c.status === 'failed' || c.status === 'absent');
    return { relativePath: f.relativePath, size: f.size, cells, ...(f.error ? { error: f.error } : {}), problem };
  });
}

/** Case-insensitive match on the path, the reasons and the source error; `problemsOnly` keeps rows with a problem. */
export function filterFileRows(rows: readonly FileRow[], text: string, problemsOnly: boolean): FileRow[] {
  const needle = text.trim().toLowerCase();
  return rows.filter((r) => {
    if (problemsOnly && !r.problem) return false;
    if (!needle) return true;
    if (r.relativePath.toLowerCase().includes(needle)) return true;
    if (r.error?.toLowerCase().includes(needle)) return true;
    return r.cells.some((c) => c.reason?.toLowerCase().includes(needle) || c.status.includes(needle));
  });
}

export interface OffloadCounts {
  files: number;
  bytes: number;
  /** Files verified (or already verified) on every destination. */
  safeFiles: number;
  problemFiles: number;
  notCopied: number;
  failedCopies: number;
  destinations: number;
  destinationsWithErrors: number;
}

export function offloadCounts(summary: OffloadSummary): OffloadCounts {
  const rows = fileRows(summary);
  return {
    files: summary.files.length,
    bytes: summary.files.reduce((n, f) => n + f.size, 0),
    safeFiles: rows.filter((r) => !r.problem).length,
    problemFiles: rows.filter((r) => r.problem).length,
    notCopied: summary.notCopied.length,
    failedCopies: summary.files.reduce((n, f) => n + f.copies.filter((c) => c.status === 'failed').length, 0),
    destinations: summary.destinations.length,
    destinationsWithErrors: summary.destinations.filter((d) => d.error).length,
  };
}

export interface FailedGroup {
  destination: string;
  reason: string;
  files: string[];
}

export interface OffloadProblems {
  notCopied: OffloadSummary['notCopied'];
  failedCopies: { relativePath: string; destination: string; reason: string }[];
  /** The failed copies grouped by destination and reason (a pulled drive fails every file with one reason). */
  failedGroups: FailedGroup[];
  sourceErrors: { relativePath: string; error: string }[];
  destinationErrors: { root: string; error: string }[];
}

export function groupFailures(failed: readonly { relativePath: string; destination: string; reason: string }[]): FailedGroup[] {
  const groups = new Map<string, FailedGroup>();
  for (const f of failed) {
    const key = `${f.destination}\0${f.reason}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { destination: f.destination, reason: f.reason, files: [] }));
    g.files.push(f.relativePath);
  }
  return [...groups.values()];
}

export function offloadProblems(summary: OffloadSummary): OffloadProblems {
  const failedCopies = summary.files.flatMap((f) =>
    f.copies.filter((c) => c.status === 'failed').map((c) => ({ relativePath: f.relativePath, destination: c.destination, reason: c.reason ?? 'failed' })),
  );
  return {
    notCopied: summary.notCopied,
    failedCopies,
    failedGroups: groupFailures(failedCopies),
    sourceErrors: summary.files.filter((f) => f.error).map((f) => ({ relativePath: f.relativePath, error: f.error! })),
    destinationErrors: summary.destinations.filter((d) => d.error).map((d) => ({ root: d.root, error: d.error! })),
  };
}

export const hasProblems = (p: OffloadProblems): boolean =>
  p.notCopied.length + p.failedCopies.length + p.sourceErrors.length + p.destinationErrors.length > 0;

export const STATUS_LABEL: Record<CellStatus, string> = {
  verified: 'verified',
  'skipped-verified': 'already verified',
  failed: 'failed',
  absent: 'not copied',
};
