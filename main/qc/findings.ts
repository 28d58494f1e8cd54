/**
 * From per-track statistics to findings a sound mixer reads: a severity, the track, where (seconds from the take's
 * first sample and timecode), and a plain-language sentence. Thresholds come from QcConfig (config.ts).
 */
import { samplesToTimecode, type TimecodeRate } from '../../shared/timecode';
import { severityRank, type QcFinding } from '../../shared/qc';
import { qcConfig, toDbfs, type QcConfig } from './config';
import type { SampleRun, TrackStats } from './analyzer';

export type { QcFinding, QcFindingKind } from '../../shared/qc';

export interface QcTake {
  name: string;
  /** bext TimeReference of the first sample (samples since midnight); with `timecodeRate`, findings carry timecode. */
  startSamples?: number;
  sampleRate: number;
  timecodeRate?: TimecodeRate;
  tracks: { name: string; stats: TrackStats }[];
  /** Integrated loudness of the take's mix (a multichannel meter over the mix tracks), when the caller measured it. */
  mixLoudnessLufs?: number;
}


const db = (x: number): string => (Number.isFinite(x) ? `${x.toFixed(1)} dBFS` : '-inf dBFS');
const lufs = (x: number): string => `${x.toFixed(1)} LUFS`;

function duration(seconds: number): string {
  if (seconds < 1) return `${Math.max(1, Math.round(seconds * 1000))} ms`;
  return `${seconds.toFixed(2)} s`;
}

/** Findings for one take, errors first, then by time. */
export function findingsForTake(take: QcTake, config?: Partial<QcConfig>): QcFinding[] {
  const cfg = qcConfig(config);
  const sr = take.sampleRate;
  const where = (run: SampleRun): Pick<QcFinding, 'fromSeconds' | 'toSeconds' | 'fromTc' | 'toTc'> => {
    const out: Pick<QcFinding, 'fromSeconds' | 'toSeconds' | 'fromTc' | 'toTc'> = {
      fromSeconds: run.startFrame / sr,
      toSeconds: run.endFrame / sr,
    };
    if (take.timecodeRate) {
      const base = take.startSamples ?? 0;
      out.fromTc = samplesToTimecode(base + run.startFrame, sr, take.timecodeRate);
      out.toTc = samplesToTimecode(base + Math.max(run.startFrame, run.endFrame - 1), sr, take.timecodeRate);
    }
    return out;
  };
  /** "at 21:06:46:12" or "at 4.02 s". */
  const at = (run: SampleRun): string => {
    const w = where(run);
    return w.fromTc ? `at ${w.fromTc}` : `at ${w.fromSeconds.toFixed(2)} s`;
  };
  const between = (run: SampleRun): string => {
    const w = where(run);
    return w.fromTc ? `between ${w.fromTc} and ${w.toTc}` : `between ${w.fromSeconds.toFixed(2)} s and ${w.toSeconds.toFixed(2)} s`;
  };

  const findings: QcFinding[] = [];
  for (const { name, stats: s } of take.tracks) {
    const whole: SampleRun = { startFrame: s.firstFrame, endFrame: s.firstFrame + s.frames };
    if (s.frames === 0) continue;
    if (s.digitalSilence || s.nearSilent) {
      findings.push({
        severity: 'error',
        kind: 'dead-track',
        track: name,
        ...where(whole),
        message: s.digitalSilence
          ? `${name} is dead: digital silence for the whole take`
          : `${name} is dead: it never rises above ${db(s.peakDbfs)} for the whole take (noise floor only)`,
      });
      continue;
    }

    if (s.clipRunCount > 0 && s.clipSpan) {
      const n = s.clipRunCount;
      findings.push({
        severity: n >= cfg.clipErrorRuns ? 'error' : 'warning',
        kind: 'clipping',
        track: name,
        ...where(s.clipSpan),
        count: n,
        message: n === 1 ? `${name} clips once ${at(s.clipSpan)}` : `${name} clips ${n} times ${between(s.clipSpan)}`,
      });
    }

    for (const d of s.dropouts) {
      findings.push({
        severity: 'error',
        kind: 'dropout',
        track: name,
        ...where(d),
        message: `${name} drops out for ${duration((d.endFrame - d.startFrame) / sr)} ${at(d)} (digital silence in the middle of the sound)`,
      });
    }
    if (s.dropoutCount > s.dropouts.length) {
      findings.push({
        severity: 'error',
        kind: 'dropout',
        track: name,
        ...where(whole),
        count: s.dropoutCount - s.dropouts.length,
        message: `${name} has ${s.dropoutCount - s.dropouts.length} more dropouts not listed`,
      });
    }

    for (const r of s.silenceRuns) {
      findings.push({
        severity: 'warning',
        kind: 'silence',
        track: name,
        ...where(r),
        message: `${name} has ${duration((r.endFrame - r.startFrame) / sr)} of digital silence ${at(r)}`,
      });
    }

    const dcDb = toDbfs(s.dcOffset);
    if (dcDb >= cfg.dcOffsetInfoDbfs) {
      findings.push({
        severity: dcDb >= cfg.dcOffsetWarningDbfs ? 'warning' : 'info',
        kind: 'dc-offset',
        track: name,
        ...where(whole),
        message: `${name} has a DC offset of ${(s.dcOffset * 100).toFixed(2)} % of full scale (${db(dcDb)})`,
      });
    }

    if (s.peakDbfs < cfg.lowLevelPeakDbfs) {
      findings.push({
        severity: 'info',
        kind: 'low-level',
        track: name,
        ...where(whole),
        message: `${name} is low: it peaks at ${db(s.peakDbfs)} in this take`,
      });
    }
  }

  const measured = take.tracks.filter((t) => t.stats.loudnessLufs !== undefined);
  if (take.mixLoudnessLufs !== undefined || measured.length) {
    const frames = Math.max(0, ...take.tracks.map((t) => t.stats.frames));
    const parts: string[] = [];
    if (take.mixLoudnessLufs !== undefined) parts.push(`mix ${lufs(take.mixLoudnessLufs)}`);
    if (measured.length) parts.push(measured.map((t) => `${t.name} ${lufs(t.stats.loudnessLufs!)}`).join(', '));
    findings.push({
      severity: 'info',
      kind: 'loudness',
      ...where({ startFrame: 0, endFrame: frames }),
      message: `${take.name} integrated loudness (EBU R128): ${parts.join('; ')}`,
    });
  }

  return findings.sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || a.fromSeconds - b.fromSeconds);
}
