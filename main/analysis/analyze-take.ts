/**
 * One decode pass of a take feeds everything the mixer's view needs: the waveform peaks (written to the cache) and
 * the QC analyzers (one per track, plus one loudness meter over the mix tracks). No second decode, whatever consumes.
 */
import { performance } from 'node:perf_hooks';
import type { QcFinding } from '../../shared/qc';
import type { TimecodeRate } from '../../shared/timecode';
import { createLoudnessMeter, createTrackAnalyzer, findingsForTake, type QcConfig, type TrackStats } from '../qc';
import { decodeTracks, DEFAULT_LEVELS, fanOut, PeaksBuilder, peaksCacheKey, peaksCachePath, publishPeaks, type DecodeFile } from '../waveform';

export interface AnalysisTrack {
  name: string;
  /** iXML TRACK/FUNCTION, e.g. "MIX-L": how the mix tracks are found. */
  function?: string | null;
}

export interface AnalysisTake {
  /** How findings name the take ("1/2", or the file name). */
  label: string;
  /** One poly file, or the mono files of a split take, in track order. */
  files: readonly DecodeFile[];
  /** One per channel of `files`, in order. */
  tracks: readonly AnalysisTrack[];
  sampleRate: number;
  bitDepth: number;
  encoding: 'pcm' | 'float';
  startSamples?: number;
  timecodeRate?: TimecodeRate;
  /** Frames the headers promise, for progress only. */
  frames?: number;
}

export interface AnalyzeOptions {
  cacheDir: string;
  signal?: AbortSignal;
  niceness?: number;
  config?: Partial<QcConfig>;
  levels?: readonly number[];
  /** Called after each decoded block. */
  onProgress?: (framesDone: number, framesExpected: number | undefined) => void;
}

export interface TakeAnalysis {
  peaksKey: string;
  peaksFile: string;
  frames: number;
  tracks: { name: string; stats: TrackStats }[];
  mixLoudnessLufs?: number;
  findings: QcFinding[];
  elapsedMs: number;
}

/** The mix tracks of a take: iXML function MIX…, or a name starting with "Mix" when the recorder wrote no function. */
export function mixTrackIndexes(tracks: readonly AnalysisTrack[]): number[] {
  const byFunction = tracks.flatMap((t, i) => (t.function && /^mix/i.test(t.function.trim()) ? [i] : []));
  if (byFunction.length) return byFunction;
  return tracks.flatMap((t, i) => (/^mix\b/i.test(t.name.trim()) ? [i] : []));
}

export async function analyzeTake(take: AnalysisTake, opts: AnalyzeOptions): Promise<TakeAnalysis> {
  const started = performance.now();
  const levels = opts.levels ?? DEFAULT_LEVELS;
  const trackCount = take.files.reduce((n, f) => n + f.channels, 0);
  if (take.tracks.length !== trackCount) {
    throw new Error(`${take.label}: the catalog names ${take.tracks.length} tracks but the files hold ${trackCount} channels`);
  }
  const key = await peaksCacheKey({ files: take.files }, levels);

  const peaks = new PeaksBuilder(trackCount, take.sampleRate, levels);
  const mix = mixTrackIndexes(take.tracks);
  // The take's loudness is the mix's when the recorder wrote one (one stereo meter); else each track's (issue 4: "of
  // the mix or of each track"). Eight mono meters cost as much as the rest of QC, for figures nobody reads per ISO.
  const analyzers = take.tracks.map(() =>
    createTrackAnalyzer({ sampleRate: take.sampleRate, encoding: take.encoding, bitDepth: take.bitDepth, config: opts.config, loudness: mix.length === 0 }),
  );
  const mixMeter = mix.length ? createLoudnessMeter(take.sampleRate, mix.length) : undefined;

  const decoded = await decodeTracks(take.files, {
    signal: opts.signal,
    niceness: opts.niceness,
    onBlock: fanOut(
      peaks.onBlock,
      (tracks, startFrame) => {
        for (let t = 0; t < tracks.length; t++) analyzers[t]!.push(tracks[t]!, startFrame);
      },
      (tracks) => mixMeter?.push(mix.map((i) => tracks[i]!)),
      (tracks, startFrame) => opts.onProgress?.(startFrame + (tracks[0]?.length ?? 0), take.frames),
    ),
  });

  // A copy rewritten during the decode must not leave peaks filed under the key it had before.
  if ((await peaksCacheKey({ files: take.files }, levels)) !== key) throw new Error(`${take.label}: a file changed while it was being analysed`);
  const peaksFile = peaksCachePath(opts.cacheDir, key);
  await publishPeaks(peaksFile, peaks.encode());

  const tracks = take.tracks.map((t, i) => ({ name: t.name, stats: analyzers[i]!.finish() }));
  const mixLoudnessLufs = mixMeter?.integrated();
  const findings = findingsForTake(
    {
      name: take.label,
      sampleRate: take.sampleRate,
      ...(take.startSamples !== undefined ? { startSamples: take.startSamples } : {}),
      ...(take.timecodeRate ? { timecodeRate: take.timecodeRate } : {}),
      tracks,
      ...(mixLoudnessLufs !== undefined ? { mixLoudnessLufs } : {}),
    },
    opts.config,
  );
  return {
    peaksKey: key,
    peaksFile,
    frames: decoded.frames,
    tracks,
    ...(mixLoudnessLufs !== undefined ? { mixLoudnessLufs } : {}),
    findings,
    elapsedMs: performance.now() - started,
  };
}
