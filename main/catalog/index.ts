export { Catalog, type CopyRecord, type FileRecord, type JobState, type RollOverview, type RollRow, type VerifiedCopy } from './catalog';
export { defaultCatalogPath, userDataDir } from './location';
export { TakeStore, type TakeDetail, type TakeFilter, type TakeInput, type TakeSummary, type TakeTrackInput, type WavReadStatus } from './take-store';
export { QcStore, type FindingFilter, type QcCounts, type RollAnalysisState, type StoredFinding, type TakeAnalysisInput, type TakeAnalysisRecord, type TakeSource, type TrackQcSummary } from './qc-store';
export { EditStore, effectiveTakeValues, hasEdits, type EffectiveTakeValues, type TakeEditPatch, type TakeEdits } from './edit-store';
export { reachableCopy, reachableSourcesOfTake, SourceUnavailable, type ReachableSource } from './reachable';
