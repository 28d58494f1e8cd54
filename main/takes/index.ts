/** Files' WavInfo to takes with tracks: the metadata merge (metadata.ts) and the grouping rules (group.ts). */
export { groupTakes, type TakeFile } from './group';
export { takeMetadataOf } from './metadata';
export type {
  FileTrack,
  MetadataConflict,
  Sourced,
  TakeFlag,
  TakeMetadata,
  TakeRecord,
  TakeTrack,
  TakeWarning,
  TakeWarningCode,
  ValueSource,
} from './types';
