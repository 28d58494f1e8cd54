/** Waveform peaks: one ffmpeg decode pass per take, min/max at several zoom levels, a versioned `.srpk` cache. */
export { ffmpegPath, FfmpegMissingError } from './ffmpeg-path';
export { decodeTracks, fanOut, ffmpegDecodeArgs, type BlockHandler, type DecodeFile, type DecodeOptions, type DecodeResult } from './decode';
export {
  PeaksBuilder,
  parsePeaks,
  normalisedPeaks,
  PeaksFormatError,
  DEFAULT_LEVELS,
  PEAKS_FORMAT_VERSION,
  PEAKS_MAGIC,
  PEAK_SCALE,
  type PeakLevel,
  type TakePeaks,
} from './peaks';
export { buildTakePeaks, publishPeaks, readPeaks, peaksCacheKey, peaksCachePath, type PeaksTake, type BuildPeaksOptions } from './cache';
