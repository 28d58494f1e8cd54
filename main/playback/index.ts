/** Playback for the take view: windows of a take's audio as int16 straight from a verified copy, and its peaks levels. */
export {
  CHUNK_BYTES,
  containerBytes,
  decodeFrames,
  layoutOf,
  readPcmWindow,
  readTakeWindow,
  type PcmLayout,
  type TakeTrackSource,
  type TakeWindow,
} from './pcm-window';
export { readPeaksHeader, readPeaksLevel, type PeaksHeader, type PeaksLevelBytes } from './peaks-file';
