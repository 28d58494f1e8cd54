/**
 * The offload's vocabulary as every layer sees it: what a job reports while it runs and what it concludes.
 * Plain data only (no node:, no DOM), so the CLI, the server and the renderer read the same shapes.
 */
import type { HashAlgorithm, HashSet } from './hashes';

/**
 * How a destination copy was read back. `direct-io` bypassed the page cache (O_DIRECT); `page-cache` means the
 * filesystem refused direct I/O (tmpfs, some network mounts) so the bytes may have come from memory: the report
 * says so instead of pretending.
 */
export type ReadBackMethod = 'direct-io' | 'page-cache';

export type CopyStatus =
  | 'verified' // read back from the destination and every chosen hash matched the source
  | 'failed' // written or read back, and something did not match or an I/O error hit; the reason says which
  | 'skipped-verified'; // already verified on this destination by an earlier offload of the same roll

export interface CopyOutcome {
  destination: string; // destination root as the user gave it
  path: string; // absolute final path of the copy
  status: CopyStatus;
  method?: ReadBackMethod;
  reason?: string;
}

export interface FileOutcome {
  relativePath: string; // path on the card, '/'-separated
  size: number;
  hashes: HashSet; // source digests (read once from the card)
  copies: CopyOutcome[];
  error?: string; // a source-side problem (unreadable, truncated, changed during copy)
}

export interface DestinationSummary {
  root: string;
  rollPath: string; // the roll folder on this destination
  filesVerified: number;
  filesFailed: number;
  bytesWritten: number;
  manifest?: string; // the MHL generation written for this run
  error?: string; // destination-wide failure (unwritable, removed, full)
}

export interface OffloadSummary {
  jobId: string;
  roll: string;
  project: string;
  source: string;
  cardFingerprint: string;
  hashAlgorithms: HashAlgorithm[];
  startedAt: string; // ISO 8601
  finishedAt: string;
  bytesRead: number;
  files: FileOutcome[];
  skippedLitter: string[]; // system files left out by the scan rule, relative paths
  /** Items on the card that could not be copied at all (symlinks, special files, unreadable, unsafe names). */
  notCopied: { relativePath: string; kind: string; detail: string }[];
  /** Takes of the roll filed in the catalog from the verified files' bext/iXML. */
  takesIndexed: number;
  /** WAV files whose metadata could not be read (the copies are still verified: this is about the take list). */
  metadataProblems: { relativePath: string; message: string }[];
  destinations: DestinationSummary[];
  cancelled: boolean;
  /** True only when every file of the card is verified on every destination. */
  safeToFormat: boolean;
  verdict: string; // the plain sentence shown to the DIT
}

export interface OffloadProgress {
  jobId: string;
  phase: 'scanning' | 'copying' | 'verifying' | 'indexing' | 'manifest' | 'done';
  filesTotal: number;
  filesDone: number;
  bytesTotal: number; // bytes the job has to read from the card
  bytesDone: number;
  currentFile?: string;
  bytesPerSecond: number;
  etaSeconds?: number;
  destinations: { root: string; bytesWritten: number; bytesVerified: number; filesVerified: number; failed: boolean }[];
}
