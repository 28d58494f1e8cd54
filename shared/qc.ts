/**
 * QC findings as every layer sees them: the analyzers produce them, the catalog stores them, the CLI prints them and
 * the renderer shows them beside the waveform. Severity decides what the mixer must look at: an 'error' is a problem
 * in the recording (clipping, a dead track, a dropout, a cut-short file), a 'warning' deserves a listen, 'info' is
 * context (loudness, low level, a take number gap).
 */

export type QcSeverity = 'info' | 'warning' | 'error';

export const QC_SEVERITIES: readonly QcSeverity[] = ['error', 'warning', 'info'];

/** Audio findings come from the decode pass; metadata findings from the roll's headers. */
export type QcFindingKind =
  | 'clipping'
  | 'dead-track'
  | 'silence'
  | 'dropout'
  | 'dc-offset'
  | 'low-level'
  | 'loudness'
  | 'decode-failed'
  | 'format-mismatch'
  | 'take-number'
  | 'truncated'
  | 'unreadable';

export type QcOrigin = 'audio' | 'metadata';

export interface QcFinding {
  severity: QcSeverity;
  kind: QcFindingKind;
  /** Track name; absent for take-wide findings (loudness summary, metadata). */
  track?: string;
  /** Seconds from the take's first sample; `toSeconds` is the end of the last affected sample. */
  fromSeconds: number;
  toSeconds: number;
  /** Timecode of the first and the last affected sample, when the take's start and rate are known. */
  fromTc?: string;
  toTc?: string;
  /** How many events the finding stands for (clipped runs). */
  count?: number;
  /** The file concerned, when the finding is about one file (a cut-short or unreadable file). */
  relativePath?: string;
  message: string;
}

/** 2 for error, 1 for warning, 0 for info: compare with `>=` to filter "warning and worse". */
export function severityRank(s: QcSeverity): number {
  return s === 'error' ? 2 : s === 'warning' ? 1 : 0;
}

/** Parses a severity named on a command line or in a URL. */
export function parseSeverity(text: string): QcSeverity | undefined {
  const t = text.trim().toLowerCase();
  return (QC_SEVERITIES as readonly string[]).includes(t) ? (t as QcSeverity) : undefined;
}
