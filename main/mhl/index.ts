/** ASC MHL v2: write a generation, read and prove a history, find histories below a folder. */
export { MhlError, isMhlError, type MhlErrorCode } from './errors';
export * from './model';
export { writeGeneration, type WrittenGeneration, type WriteOptions } from './writer';
export type { GenerationInput, GenerationFile, GenerationFolder, ChildHistoryRecord } from './generation-input';
export { completeInterruptedGeneration } from './recover';
export { readHistory, findHistories, currentIgnorePatterns, type HistoryRoot } from './history';
export { readManifestFile, readChainFile, MAX_MANIFEST_BYTES, MAX_CHAIN_BYTES, type ReadLimits } from './reader';
export { parseManifest } from './manifest-parse';
export { parseChain, renderChain, CHAIN_NAMESPACE } from './chain';
export { MHL_NAMESPACE } from './manifest-xml';
export { computeDirectoryHashes, hashOfHashList, type DirectoryTree, type HashedLeaf } from './directory-hash';
export { expectedFiles, historyAlgorithms, type ExpectedFile } from './expectations';
export { createIgnoreMatcher, mergeIgnorePatterns, type IgnoreMatcher } from './ignore';
export { formatMhlDate, parseMhlDate } from './dates';
export { manifestFileName, generationNumberOf } from './naming';
