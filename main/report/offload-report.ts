/**
 * The offload report's data: one offload job from the catalog (its summary is the OffloadSummary the job concluded
 * with), the source card, each destination with its volume's space now (statfs, when the drive is reachable), every
 * file with its hashes and its result per destination, errors, the tool that ran the job (from the MHL generation it
 * wrote, when reachable), and the verdict.
 */
import { statfs } from 'node:fs/promises';
import type { Catalog } from '../catalog';
import { readManifestFile } from '../mhl';
import type { HashSet } from '../../shared/hashes';
import type { CopyStatus, OffloadSummary } from '../../shared/offload';
import { TOOL } from '../version';
import { ReportNotFoundError } from './errors';
import { cardsOfRoll, copiesOfJob, jobIdsByPrefix, jobRow, lastOffloadJobId, rollById, rollPathOn } from './queries';

export interface OffloadReportDestination {
  root: string;
  rollPath: string;
  /** Whether the roll folder (or the root) could be reached now. */
  reachable: boolean;
  /** Volume space now (statfs of the roll folder, else the root); null when unreachable. */
  freeBytes: number | null;
  totalBytes: number | null;
  filesVerified: number;
  filesFailed: number;
  bytesWritten: number;
  manifest: string | null;
  error: string | null;
}

export interface OffloadReportCopy {
  destination: string;
  path: string;
  status: CopyStatus;
  /** How the copy was read back (direct-io, page-cache). */
  method: string | null;
  reason: string | null;
}

export interface OffloadReportFile {
  relativePath: string;
  size: number;
  hashes: HashSet;
  copies: OffloadReportCopy[];
  error: string | null;
}

export interface OffloadReport {
  kind: 'offload';
  jobId: string;
  state: string;
  project: string;
  roll: string;
  source: {
    path: string;
    fingerprint: string;
    volumeName: string | null;
    recorder: string | null;
    fileCount: number | null;
    totalBytes: number | null;
  };
  hashAlgorithms: string[];
  startedAt: string;
  finishedAt: string | null;
  durationSeconds: number | null;
  bytesRead: number;
  /** Bytes read from the card per second of the job. */
  bytesPerSecond: number | null;
  /** The read-back methods the copies used. */
  readBackMethods: string[];
  /** The tool that ran the job (from its MHL generation), or this build when no manifest could be read. */
  tool: { name: string; version: string; source: 'manifest' | 'this build' };
  destinations: OffloadReportDestination[];
  files: OffloadReportFile[];
  errors: { relativePath: string | null; destination: string | null; cause: string }[];
  skippedLitter: string[];
  notCopied: { relativePath: string; kind: string; detail: string }[];
  metadataProblems: { relativePath: string; message: string }[];
  takesIndexed: number | null;
  cancelled: boolean;
  safeToFormat: boolean;
  verdict: string;
  /** Whether the job left its summary (a killed or still running job did not: the files come from the copies table). */
  complete: boolean;
  generatedAt: string;
  generatedBy: { name: string; version: string };
}

export interface OffloadReportOptions {
  /** A job id (or a unique prefix of 8 characters or more), or 'last' for the most recent offload. */
  jobId: string;
  now?: Date;
}

async function space(paths: string[]): Promise<{ free: number; total: number } | undefined> {
  for (const p of paths) {
    try {
      const s = await statfs(p);
      return { free: Number(s.bavail) * Number(s.bsize), total: Number(s.blocks) * Number(s.bsize) };
    } catch {
      // not reachable: try the next
    }
  }
  return undefined;
}

async function toolOf(manifests: (string | null)[]): Promise<OffloadReport['tool']> {
  for (const m of manifests) {
    if (!m) continue;
    try {
      const { manifest } = await readManifestFile(m);
      return { name: manifest.creator.tool.name, version: manifest.creator.tool.version ?? 'unknown', source: 'manifest' };
    } catch {
      // unreachable or unreadable: try the next
    }
  }
  return { name: TOOL.name, version: TOOL.version, source: 'this build' };
}

/** A job's full id from itself or a unique prefix of at least 8 characters (as the reports' footers print it). */
function resolveJobId(catalog: Catalog, given: string): string {
  if (jobRow(catalog, given) || given.length < 8) return given;
  const matches = jobIdsByPrefix(catalog, given);
  if (matches.length > 1) throw new ReportNotFoundError(`job id "${given}" is ambiguous: give more of it`);
  return matches[0] ?? given;
}

/** The report of one offload job; throws ReportNotFoundError for an unknown id (or no offload at all for 'last'). */
export async function offloadReport(catalog: Catalog, opts: OffloadReportOptions): Promise<OffloadReport> {
  const id = opts.jobId === 'last' ? lastOffloadJobId(catalog) : resolveJobId(catalog, opts.jobId);
  if (id === undefined) throw new ReportNotFoundError('no offload in the catalog yet');
  const job = jobRow(catalog, id);
  if (!job) throw new ReportNotFoundError(`no job "${opts.jobId}" in the catalog`);
  if (job.kind !== 'offload') throw new ReportNotFoundError(`job ${id} is a ${job.kind} job, not an offload`);
  const summary = job.summaryJson ? (JSON.parse(job.summaryJson) as OffloadSummary) : null;
  const roll = job.rollId !== null ? rollById(catalog, job.rollId) : undefined;
  const cards = roll ? cardsOfRoll(catalog, roll.id) : [];
  const card = (summary && cards.find((c) => c.fingerprint === summary.cardFingerprint)) ?? cards.find((c) => c.sourcePath === job.source) ?? cards[0];

  let files: OffloadReportFile[];
  let destinations: OffloadReportDestination[];
  if (summary) {
    files = summary.files.map((f) => ({
      relativePath: f.relativePath,
      size: f.size,
      hashes: f.hashes,
      copies: f.copies.map((c) => ({ destination: c.destination, path: c.path, status: c.status, method: c.method ?? null, reason: c.reason ?? null })),
      error: f.error ?? null,
    }));
    destinations = await Promise.all(
      summary.destinations.map(async (d) => {
        const s = await space([d.rollPath, d.root].filter(Boolean));
        return {
          root: d.root,
          rollPath: d.rollPath,
          reachable: s !== undefined,
          freeBytes: s?.free ?? null,
          totalBytes: s?.total ?? null,
          filesVerified: d.filesVerified,
          filesFailed: d.filesFailed,
          bytesWritten: d.bytesWritten,
          manifest: d.manifest ?? null,
          error: d.error ?? null,
        };
      }),
    );
  } else {
    // No summary (killed mid-way, or still running): what the catalog recorded of its copies.
    const byFile = new Map<string, OffloadReportFile>();
    for (const c of copiesOfJob(catalog, id)) {
      let f = byFile.get(c.relativePath);
      if (!f) {
        const rec = roll ? catalog.fileByPath(roll.id, c.relativePath) : undefined;
        byFile.set(c.relativePath, (f = { relativePath: c.relativePath, size: c.size, hashes: rec?.hashes ?? {}, copies: [], error: null }));
      }
      f.copies.push({ destination: c.destination, path: c.path, status: c.status, method: c.method, reason: c.reason });
    }
    files = [...byFile.values()];
    destinations = await Promise.all(
      job.destinations.map(async (root) => {
        const s = await space([root]);
        const mine = files.flatMap((f) => f.copies.filter((c) => c.destination === root));
        return {
          root,
          rollPath: (roll && rollPathOn(catalog, roll.id, root)) ?? '',
          reachable: s !== undefined,
          freeBytes: s?.free ?? null,
          totalBytes: s?.total ?? null,
          filesVerified: mine.filter((c) => c.status === 'verified').length,
          filesFailed: mine.filter((c) => c.status === 'failed').length,
          bytesWritten: 0,
          manifest: null,
          error: null,
        };
      }),
    );
  }

  const startedAt = summary?.startedAt ?? job.startedAt;
  const finishedAt = summary?.finishedAt ?? job.finishedAt;
  const durationSeconds = finishedAt ? Math.max(0, (Date.parse(finishedAt) - Date.parse(startedAt)) / 1000) : null;
  const bytesRead = summary?.bytesRead ?? 0;
  const methods = [...new Set(files.flatMap((f) => f.copies.map((c) => c.method)).filter((m): m is string => !!m))].sort();
  return {
    kind: 'offload',
    jobId: id,
    state: job.state,
    project: summary?.project ?? roll?.project ?? '',
    roll: summary?.roll ?? roll?.name ?? '',
    source: {
      path: summary?.source ?? job.source ?? '',
      fingerprint: summary?.cardFingerprint ?? card?.fingerprint ?? '',
      volumeName: card?.volumeName ?? null,
      recorder: card?.recorder ?? null,
      fileCount: card?.fileCount ?? null,
      totalBytes: card?.totalBytes ?? null,
    },
    hashAlgorithms: summary?.hashAlgorithms ?? job.hashes,
    startedAt,
    finishedAt,
    durationSeconds,
    bytesRead,
    bytesPerSecond: durationSeconds && durationSeconds > 0 ? bytesRead / durationSeconds : null,
    readBackMethods: methods,
    tool: await toolOf(destinations.map((d) => d.manifest)),
    destinations,
    files,
    errors: catalog.jobErrors(id),
    skippedLitter: summary?.skippedLitter ?? [],
    notCopied: summary?.notCopied ?? [],
    metadataProblems: summary?.metadataProblems ?? [],
    takesIndexed: summary?.takesIndexed ?? null,
    cancelled: summary?.cancelled ?? job.state === 'cancelled',
    safeToFormat: summary?.safeToFormat ?? false,
    verdict:
      summary?.verdict ??
      `Offload ${job.state === 'running' ? 'still running or killed' : job.state}: it left no summary. Do not format the card: ${
        files.filter((f) => f.copies.length > 0 && f.copies.every((c) => c.status === 'verified')).length
      } files have verified copies recorded.`,
    complete: summary !== null,
    generatedAt: (opts.now ?? new Date()).toISOString(),
    generatedBy: { name: TOOL.name, version: TOOL.version },
  };
}
