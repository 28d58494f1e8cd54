/**
 * The backup status report, the producer's proof: per roll, its files and bytes, the destinations holding every file
 * verified, how many of those copies were verified (offload read-back or a later `verify`) within the last N days,
 * and per drive what it holds. A roll with fewer than `minCopies` recent verified copies is marked.
 */
import type { Catalog } from '../catalog';
import { TOOL } from '../version';
import { spanKey, verificationSpans } from './queries';

export interface BackupDrive {
  root: string;
  /** The roll's folder on this drive. */
  path: string;
  verified: number;
  failed: number;
  /** Files of the roll with no copy recorded on this drive. */
  missing: number;
  /** Every file of the roll is verified here. */
  complete: boolean;
  /** Complete, and every file's last verification is within the window. */
  recent: boolean;
  lastVerifiedAt: string | null;
  /** The oldest last-verification among the files verified here (the copy is as fresh as its stalest file). */
  oldestVerifiedAt: string | null;
}

export interface BackupRoll {
  project: string;
  roll: string;
  files: number;
  bytes: number;
  /** Destinations holding every file verified. */
  completeCopies: number;
  /** Complete copies verified within the window. */
  recentCopies: number;
  /** Fewer than minCopies recent verified copies. */
  atRisk: boolean;
  drives: BackupDrive[];
}

export interface BackupReportOptions {
  /** The window for "recently verified" (default 30 days). */
  days?: number;
  /** Copies a roll needs within the window (default 2). */
  minCopies?: number;
  now?: Date;
}

export interface BackupReport {
  kind: 'backups';
  days: number;
  minCopies: number;
  /** Start of the window (ISO 8601). */
  since: string;
  rolls: BackupRoll[];
  counts: { rolls: number; atRisk: number; files: number; bytes: number };
  generatedAt: string;
  tool: { name: string; version: string };
}

export function backupReport(catalog: Catalog, opts: BackupReportOptions = {}): BackupReport {
  const days = opts.days ?? 30;
  const minCopies = opts.minCopies ?? 2;
  const now = opts.now ?? new Date();
  const since = new Date(now.getTime() - days * 86_400_000).toISOString();
  const spans = verificationSpans(catalog);
  const rolls: BackupRoll[] = catalog.rollsOverview().map((r) => {
    const drives: BackupDrive[] = r.destinations.map((d) => {
      const span = spans.get(spanKey(r.project, r.roll, d.root));
      const complete = r.files > 0 && d.verified === r.files;
      const oldest = span?.oldest ?? null;
      return {
        root: d.root,
        path: d.path,
        verified: d.verified,
        failed: d.failed,
        missing: Math.max(0, r.files - d.verified - d.failed),
        complete,
        recent: complete && oldest !== null && oldest >= since,
        lastVerifiedAt: d.lastVerifiedAt,
        oldestVerifiedAt: oldest,
      };
    });
    const recentCopies = drives.filter((d) => d.recent).length;
    return {
      project: r.project,
      roll: r.roll,
      files: r.files,
      bytes: r.bytes,
      completeCopies: r.completeCopies,
      recentCopies,
      atRisk: recentCopies < minCopies,
      drives,
    };
  });
  return {
    kind: 'backups',
    days,
    minCopies,
    since,
    rolls,
    counts: {
      rolls: rolls.length,
      atRisk: rolls.filter((r) => r.atRisk).length,
      files: rolls.reduce((s, r) => s + r.files, 0),
      bytes: rolls.reduce((s, r) => s + r.bytes, 0),
    },
    generatedAt: now.toISOString(),
    tool: { name: TOOL.name, version: TOOL.version },
  };
}
