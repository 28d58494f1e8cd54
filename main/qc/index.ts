/** Audio QC: per-track streaming statistics, EBU R128 loudness, and plain-language findings per take. */
export { DEFAULT_QC_CONFIG, qcConfig, toDbfs, fromDbfs, type QcConfig, type QcSeverity } from './config';
export { createTrackAnalyzer, pcmFullScale, type SampleRun, type TrackAnalyzer, type TrackAnalyzerOptions, type TrackStats } from './analyzer';
export { createLoudnessMeter, kWeightingFilters, type LoudnessMeter } from './loudness';
export { findingsForTake, type QcTake } from './findings';
export { severityRank, parseSeverity, type QcFinding, type QcFindingKind, type QcOrigin } from '../../shared/qc';
