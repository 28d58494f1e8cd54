export { indexRoll, takeLabel, type IndexResult } from './index-roll';
export { looksLikeWav, MetadataQueue } from './metadata-queue';
export { wavInfoFromJson, wavInfoToJson } from './wav-json';
