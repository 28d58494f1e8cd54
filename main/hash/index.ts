export { createHasher, ensureHashersReady, hashBytes, MultiHasher, type Hasher } from './hasher';
export { c4FromSha512 } from './c4';
export { hashFile, READ_BACK_BLOCK, type FileHashResult, type HashFileOptions } from './read-back';
export { allocateAligned, openForReadBack, type AlignedBuffer, type ReadBackHandle } from './direct-read';
