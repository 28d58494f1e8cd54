/**
 * Every QC threshold in one place, with defaults for production dialogue (lavs, booms, plants at 48 kHz, 24-bit or
 * 32-bit float). A caller overrides any subset: `{ ...DEFAULT_QC_CONFIG, ...partial }` (see `qcConfig`).
 *
 * Levels are dBFS relative to digital full scale (a full-scale sine peaks at 0 dBFS); times are milliseconds.
 */

export type { QcSeverity } from '../../shared/qc';

export interface QcConfig {
  // --- Clipping ------------------------------------------------------------------------------------------------
  /**
   * Consecutive full-scale samples that make one clipped run. A single full-scale sample is legal audio; three in a
   * row is what converters and meters (and most QC tools) call a clip. PCM full scale is (2^(b-1)-1)/2^(b-1) in
   * magnitude after normalisation (either rail); float full scale is |x| >= 1.0.
   */
  clipMinRunSamples: number;
  /** Clipped runs in one track from which clipping is an 'error'; fewer runs (at least one) are a 'warning'. */
  clipErrorRuns: number;

  // --- Silence, dead tracks, low level ---------------------------------------------------------------------------
  /**
   * A track whose peak over the whole take stays under this is dead ('dead-track', error): a lav whose transmitter
   * died, a mic that was never plugged in. Live mics in a quiet room still peak around -60 dBFS from their own noise.
   */
  deadTrackPeakDbfs: number;
  /** A track whose peak stays under this (but above the dead-track level) is reported as 'low-level' (info). */
  lowLevelPeakDbfs: number;
  /**
   * Runs of exact digital zeros at least this long that are not dropouts (no signal around them, e.g. at a take's
   * start or end, or a muted input) are reported as 'silence' (warning). A live mic never yields a run of exact
   * zeros this long.
   */
  silenceMinMs: number;

  // --- Dropouts ----------------------------------------------------------------------------------------------------
  /** A run of exact zeros at least this long, with signal on both sides, is a dropout (error). */
  dropoutMinMs: number;
  /** How far before the run's start and after its end to look for signal. */
  dropoutContextMs: number;
  /** "Signal": a sample at or above this level inside the context window, before AND after the run. */
  dropoutSignalDbfs: number;

  // --- DC offset --------------------------------------------------------------------------------------------------
  /** Mean sample value (as dBFS of its magnitude) from which DC offset is reported as info. */
  dcOffsetInfoDbfs: number;
  /** Mean sample value from which DC offset is a warning (a faulty preamp or converter). */
  dcOffsetWarningDbfs: number;

  // --- Reporting -------------------------------------------------------------------------------------------------
  /** At most this many runs (clips, zero runs) are kept with frame ranges per track; counts stay exact beyond it. */
  maxRunsKept: number;
}

export const DEFAULT_QC_CONFIG: Readonly<QcConfig> = Object.freeze({
  clipMinRunSamples: 3,
  clipErrorRuns: 3,
  deadTrackPeakDbfs: -80,
  lowLevelPeakDbfs: -40,
  silenceMinMs: 100,
  dropoutMinMs: 5,
  dropoutContextMs: 50,
  dropoutSignalDbfs: -60,
  dcOffsetInfoDbfs: -60,
  dcOffsetWarningDbfs: -40,
  maxRunsKept: 1000,
});

/** The defaults with `partial` applied; rejects values that would make a detector meaningless. */
export function qcConfig(partial: Partial<QcConfig> = {}): QcConfig {
  const c: QcConfig = { ...DEFAULT_QC_CONFIG };
  for (const [k, v] of Object.entries(partial) as [keyof QcConfig, number | undefined][]) {
    if (v !== undefined) c[k] = v;
  }
  for (const [k, v] of Object.entries(c)) {
    if (typeof v !== 'number' || Number.isNaN(v)) throw new RangeError(`QC config ${k} is not a number`);
  }
  if (!(c.clipMinRunSamples >= 1)) throw new RangeError('QC config clipMinRunSamples must be at least 1');
  if (!(c.dropoutMinMs > 0)) throw new RangeError('QC config dropoutMinMs must be positive');
  if (!(c.maxRunsKept >= 0)) throw new RangeError('QC config maxRunsKept must not be negative');
  return c;
}

/** 20·log10(|x|), -Infinity for 0. */
export function toDbfs(x: number): number {
  return 20 * Math.log10(Math.abs(x));
}

/** Linear amplitude of a dBFS level. */
export function fromDbfs(db: number): number {
  return 10 ** (db / 20);
}
