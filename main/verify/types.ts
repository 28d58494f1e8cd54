/**
 * What a verify concludes, per MHL root and per file. Plain data, so the CLI, the server and the UI show the same.
 */
import type { HashAlgorithm, HashSet } from '../../shared/hashes';
import type { ReadBackMethod } from '../../shared/offload';
import type { CheckedReference, MhlCreator, MhlErrorCode } from '../mhl';

export type VerifyStatus =
  | 'verified' // every hash the history has for the path matches the bytes on disk
  | 'changed' // at least one hash differs: the reason names expected and actual values
  | 'missing' // in the history, not on disk
  | 'new' // on disk, not in the history: hashed and recorded as original
  | 'renamed' // a new path whose hashes equal those of a missing one (previousPath says which)
  | 'unverifiable' // in the history, but with no hash this program can trust (all failed, or only xxh32)
  | 'unreadable'; // on disk but could not be read (permissions, I/O error)

export const VERIFY_STATUSES: readonly VerifyStatus[] = ['verified', 'changed', 'missing', 'new', 'renamed', 'unverifiable', 'unreadable'];

export interface VerifyFileResult {
  path: string;
  status: VerifyStatus;
  /** One plain sentence: why this status. */
  reason: string;
  /** Bytes read from disk. */
  size?: number;
  expectedSize?: number;
  expected?: HashSet;
  actual?: HashSet;
  mismatched?: HashAlgorithm[];
  previousPath?: string;
  readBack?: ReadBackMethod;
}

export interface VerifyRootReport {
  root: string;
  /** The enclosing history root, for a nested one. */
  parent?: string;
  generationsBefore: number;
  counts: Record<VerifyStatus, number>;
  files: VerifyFileResult[];
  /** The generation this verify appended. Absent when the history could not be read. */
  manifest?: { path: string; sequence: number; c4: string };
  /** 'page-cache' as soon as one file could not be read with the cache bypassed. */
  readBack?: ReadBackMethod;
  bytesHashed: number;
  /** hashlistreferences to nested histories, with whether each referenced manifest is there and unchanged. */
  references: CheckedReference[];
  /** Nothing changed, missing, unverifiable or unreadable, every reference intact, and no error. New and renamed files are reported but do not fail a verify. */
  ok: boolean;
  error?: { code: MhlErrorCode; message: string; file: string };
}

export interface VerifyFolderReport {
  dir: string;
  startedAt: Date;
  finishedAt: Date;
  roots: VerifyRootReport[];
  /** At least one history found and every root ok. */
  ok: boolean;
}

export interface VerifyProgress {
  phase: 'scanning' | 'hashing' | 'writing' | 'done';
  root?: string;
  filesTotal: number;
  filesDone: number;
  bytesTotal: number;
  bytesDone: number;
  currentFile?: string;
}

export interface VerifyFolderOptions {
  /** Written into each new generation's creatorinfo. */
  creator: MhlCreator;
  /** Extra algorithms to compute; recorded as original next to the history's. New files get these plus the history's. */
  algorithms?: HashAlgorithm[];
  signal?: AbortSignal;
  onProgress?: (p: VerifyProgress) => void;
}
