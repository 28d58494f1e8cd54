/** Take analysis: one decode pass per take gives its waveform peaks and its QC, run as jobs behind the copy. */
export { analyzeTake, mixTrackIndexes, type AnalysisTake, type AnalysisTrack, type AnalyzeOptions, type TakeAnalysis } from './analyze-take';
export {
  AnalysisScheduler,
  type AnalysisJob,
  type AnalysisOutcome,
  type AnalysisProgress,
  type AnalysisSchedulerOptions,
  type EnqueueOptions,
} from './scheduler';
