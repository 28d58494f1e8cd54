export { Catalog, type CopyRecord, type FileRecord, type JobState, type RollOverview, type RollRow, type VerifiedCopy } from './catalog';
export { defaultCatalogPath, userDataDir } from './location';
