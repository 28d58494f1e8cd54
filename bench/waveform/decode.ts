/**
 * The analysis against its floor: a bare ffmpeg decode of the same file to float (what any waveform needs at least),
 * then `analyzeTake` (ffmpeg decode + deinterleave + peaks at every default level + per-track QC + the mix loudness
 * meter + publishing the .srpk), both from a cold page cache when it can be dropped, as bench/offload measures.
 * Also the cached peaks read the take browser does when a take is opened.
 */
import { stat } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { analyzeTake, type AnalysisTake, type TakeAnalysis } from '../../main/analysis';
import { DEFAULT_LEVELS, ffmpegPath, readPeaks } from '../../main/waveform';
import { readWavInfo } from '../../main/wav';
import { mustSucceed, run } from '../lib/shell';
import { median } from '../lib/stats';
import { SAMPLE_RATE, type TakeFile } from './takes';

export interface DecodeRun {
  baselineSeconds: number;
  oursSeconds: number;
  /** CPU time of this (node) process during analyzeTake: deinterleave, peaks, QC. ffmpeg's CPU is not in it. */
  oursNodeCpuSeconds: number;
}

export interface DecodeFigures {
  file: string;
  format: string;
  bytes: number;
  minutes: number;
  runs: DecodeRun[];
  median: { baselineSeconds: number; oursSeconds: number; oursNodeCpuSeconds: number };
  /** Median of the runs' ours/baseline (as bench/offload takes the median of its runs' ratios). */
  ratio: number;
  /** What the analysis found, so a reader can see the QC and the mix meter ran. */
  analysis: { frames: number; tracks: number; mixLoudnessLufs: number | null; findings: string[]; peaksFile: string; peaksBytes: number };
}

/** The baseline's command line (FFMPEG_BIN honoured through ffmpegPath()). */
export function baselineArgs(path: string): string[] {
  return ['-nostdin', '-v', 'error', '-i', path, '-f', 'f32le', '-y', '/dev/null'];
}

/** What `analyzeTake` is given, read from the file's own header as the catalog would file it. */
export async function analysisInput(file: TakeFile): Promise<AnalysisTake> {
  const info = await readWavInfo(file.path);
  const ixmlTracks = info.ixml?.tracks ?? [];
  const tracks = Array.from({ length: info.format.channels }, (_, i) => {
    const t = ixmlTracks.find((x) => x.interleaveIndex === i + 1) ?? ixmlTracks[i];
    return { name: t?.name ?? `Track ${i + 1}`, function: t?.function ?? null };
  });
  return {
    label: file.path.slice(file.path.lastIndexOf('/') + 1),
    files: [{ path: file.path, channels: info.format.channels }],
    tracks,
    sampleRate: info.format.sampleRate,
    bitDepth: info.format.bitsPerSample,
    encoding: info.format.encoding,
    frames: info.frames,
  };
}

/**
 * `runs` pairs of (baseline, ours) on one file, each measurement after a page cache drop. `cold` is called before
 * each one and drops the cache (or reports that it could not).
 */
export async function measureDecode(file: TakeFile, runs: number, cacheDir: string, cold: () => void, say: (s: string) => void): Promise<DecodeFigures> {
  const input = await analysisInput(file);
  const ffmpeg = ffmpegPath();
  const results: DecodeRun[] = [];
  let last: TakeAnalysis | undefined;
  for (let i = 1; i <= runs; i++) {
    cold();
    say(`${file.label}: run ${i}/${runs}: bare ffmpeg decode`);
    const base = mustSucceed('the bare ffmpeg decode', await run(ffmpeg, baselineArgs(file.path)));

    cold();
    say(`${file.label}: run ${i}/${runs}: analyzeTake`);
    const cpu = process.cpuUsage();
    const t = performance.now();
    last = await analyzeTake(input, { cacheDir, levels: DEFAULT_LEVELS });
    const oursSeconds = (performance.now() - t) / 1000;
    const used = process.cpuUsage(cpu);
    results.push({ baselineSeconds: base.seconds, oursSeconds, oursNodeCpuSeconds: (used.user + used.system) / 1e6 });
  }
  if (!last) throw new Error('no runs');
  if (last.frames !== file.frames) throw new Error(`${file.path}: analyzeTake decoded ${last.frames} frames, the file holds ${file.frames}`);
  const baselineSeconds = median(results.map((r) => r.baselineSeconds));
  const oursSeconds = median(results.map((r) => r.oursSeconds));
  const peaksBytes = (await stat(last.peaksFile)).size;
  return {
    file: file.path,
    format: file.label,
    bytes: file.bytes,
    minutes: file.frames / SAMPLE_RATE / 60,
    runs: results,
    median: { baselineSeconds, oursSeconds, oursNodeCpuSeconds: median(results.map((r) => r.oursNodeCpuSeconds)) },
    ratio: median(results.map((r) => r.oursSeconds / r.baselineSeconds)),
    analysis: {
      frames: last.frames,
      tracks: last.tracks.length,
      mixLoudnessLufs: last.mixLoudnessLufs ?? null,
      findings: last.findings.map((f) => `${f.severity} ${f.kind}`),
      peaksFile: last.peaksFile,
      peaksBytes,
    },
  };
}

export interface PeaksReadFigures {
  file: string;
  bytes: number;
  reads: number;
  medianMs: number;
  maxMs: number;
  /** 1-based: which read was the slowest (the first pays for JIT and first allocation; a later one for a GC pause). */
  maxRead: number;
  timesMs: number[];
  levels: number;
  frames: number;
}

/** `readPeaks` of a take's cache file, `reads` times (warm: the file was just written, as when a take is reopened). */
export async function measurePeaksRead(peaksFile: string, bytes: number, reads: number): Promise<PeaksReadFigures> {
  const times: number[] = [];
  let levels = 0;
  let frames = 0;
  for (let i = 0; i < reads; i++) {
    const t = performance.now();
    const p = await readPeaks(peaksFile);
    times.push(performance.now() - t);
    levels = p.levels.length;
    frames = p.frames;
  }
  const maxMs = Math.max(...times);
  return { file: peaksFile, bytes, reads, medianMs: median(times), maxMs, maxRead: times.indexOf(maxMs) + 1, timesMs: times, levels, frames };
}
