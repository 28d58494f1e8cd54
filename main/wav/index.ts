/** The WAV reader: format, audio extent, bext and iXML of RIFF/WAVE, RF64 and BW64 files, without reading the audio. */
export * from './types';
export { WavError, isWavError, type WavErrorCode } from './errors';
export {
  readWavInfo,
  parseWavBytes,
  DEFAULT_MAX_IXML_BYTES,
  DEFAULT_MAX_BEXT_BYTES,
  type ReadWavOptions,
} from './read-wav';
