/** The benchmark's figures as one object (for --json and for the table), and the human table made from it. */
import type { DecodeFigures, PeaksReadFigures } from './decode';
import type { OffloadShareFigures } from './offload-share';
import { met } from '../lib/stats';

export const GOALS = { ratio: 1.5, peaksReadMs: 20 } as const;

export interface BenchReport {
  workspace: string;
  machine: { cores: number; cpu: string; node: string; ffmpeg: string; ffmpegPath: string; loadAverage1m: { start: number; end: number } };
  options: { minutes: number; runs: number; cardGib: number };
  /** False when /proc/sys/vm/drop_caches was refused: then "cold" reads may have been served from memory. */
  pageCacheDropped: boolean;
  takes: { generateSeconds: number };
  decode: DecodeFigures[];
  peaksRead: PeaksReadFigures;
  offload: OffloadShareFigures;
  goals: {
    ratio: number;
    ratioMet: Record<string, boolean>;
    peaksReadMs: number;
    /** The median read is under the goal. */
    peaksReadMet: boolean;
    /** Every read (the max) is under the goal. */
    peaksReadMaxMet: boolean;
  };
}

const f1 = (n: number): string => n.toFixed(1);
const f2 = (n: number): string => n.toFixed(2);
const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(0)} MB`;

export function renderTable(r: BenchReport): string {
  const out: string[] = [];
  const m = r.machine;
  out.push(`soundroll waveform benchmark (${r.workspace})`);
  const busy = Math.max(m.loadAverage1m.start, m.loadAverage1m.end) > m.cores / 2 ? '  — other work was running: expect noisy figures' : '';
  out.push(`machine      ${m.cores} cores (${m.cpu}), node ${m.node}, load average ${f2(m.loadAverage1m.start)} at start, ${f2(m.loadAverage1m.end)} at end${busy}`);
  out.push(`ffmpeg       ${m.ffmpeg}  (${m.ffmpegPath})`);
  out.push(
    r.pageCacheDropped
      ? 'page cache   dropped before every timed decode, analysis and offload (cold reads, as bench/offload)'
      : 'page cache   WARNING: could not drop the page cache (needs root): figures include cache effects',
  );
  out.push(`takes        2 × ${r.options.minutes} min, 8 tracks, 48 kHz poly BWF, generated in ${f2(r.takes.generateSeconds)} s; ${r.options.runs} run(s) each, medians`);
  out.push('');

  out.push('1. analysis (analyzeTake: decode + peaks at all default levels + QC + mix loudness) vs bare ffmpeg decode');
  for (const d of r.decode) {
    out.push(`   ${d.format} (${mb(d.bytes)}, ${f1(d.minutes)} min)`);
    for (const [i, run] of d.runs.entries()) {
      out.push(
        `     run ${i + 1}: baseline ${f2(run.baselineSeconds).padStart(6)} s   ours ${f2(run.oursSeconds).padStart(6)} s   (node CPU ${f2(run.oursNodeCpuSeconds)} s)   ratio ${f2(run.oursSeconds / run.baselineSeconds)}`,
      );
    }
    out.push(
      `     median: baseline ${f2(d.median.baselineSeconds)} s, ours ${f2(d.median.oursSeconds)} s (node CPU ${f2(d.median.oursNodeCpuSeconds)} s)` +
        `  →  ours/baseline = ${f2(d.ratio)} (median of the runs' ratios)   (goal ≤ ${f2(r.goals.ratio)}: ${met(r.goals.ratioMet[d.format] ?? false)})`,
    );
    const a = d.analysis;
    const lufs = a.mixLoudnessLufs === null ? 'no mix loudness' : `mix ${f1(a.mixLoudnessLufs)} LUFS`;
    out.push(`     analysis: ${a.frames} frames × ${a.tracks} tracks, ${lufs}, findings: ${a.findings.join(', ') || 'none'}, peaks file ${(a.peaksBytes / 1024).toFixed(0)} KiB`);
  }
  out.push('   baseline = ffmpeg -nostdin -v error -i take.wav -f f32le -y /dev/null');
  out.push('');

  const p = r.peaksRead;
  out.push(`2. cached peaks read: readPeaks of the ${r.decode[0]?.format ?? ''} take's .srpk (${(p.bytes / 1024).toFixed(0)} KiB, ${p.levels} levels), ${p.reads} reads, warm`);
  out.push(
    `   median ${f2(p.medianMs)} ms, max ${f2(p.maxMs)} ms (read ${p.maxRead} of ${p.reads}, first ${f2(p.timesMs[0] ?? NaN)} ms)` +
      `   (goal < ${r.goals.peaksReadMs} ms: median ${met(r.goals.peaksReadMet)}, max ${met(r.goals.peaksReadMaxMet)})`,
  );
  out.push('');

  const o = r.offload;
  out.push(
    `3. offload throughput with previews behind the copy: ${mb(o.card.bytes)} card (${f2(o.card.gib)} GiB, ${o.card.files} takes, made in ${f2(o.card.generateSeconds)} s) → ${o.destinations} destinations on the same disk`,
  );
  out.push('   (a) startOffload alone; (b) followers = AnalysisScheduler (concurrency 1, niceness 10, settleMs 200); fresh catalog + destinations each');
  for (const run of o.runs) {
    const pv = run.withPreviews.previews;
    out.push(
      `   run ${run.run} (${run.order}): (a) ${f2(run.alone.seconds).padStart(6)} s ${f1(run.alone.mbPerSecond).padStart(6)} MB/s (node CPU ${f1(run.alone.nodeCpuSeconds)} s)` +
        `   (b) ${f2(run.withPreviews.seconds).padStart(6)} s ${f1(run.withPreviews.mbPerSecond).padStart(6)} MB/s (node CPU ${f1(run.withPreviews.nodeCpuSeconds)} s)   share ${f1(run.share * 100)} %`,
    );
    const other = pv.other.length ? `; NOT analysed: ${pv.other.map((x) => `${x.label} ${x.status}${x.message ? ` (${x.message})` : ''}`).join(', ')}` : '';
    out.push(
      `          previews: ${pv.takesAnalysed} take(s) analysed, done ${f2(pv.finishedAfterSeconds)} s after the offload; during the offload: ` +
        (pv.firstDecodeAfterSeconds === null
          ? 'no preview decoding'
          : `first block decoded at ${f2(pv.firstDecodeAfterSeconds)} s, ${f1(pv.decodedDuringOffload * 100)} % of the preview audio decoded, ${pv.analysedDuringOffload} take(s) finished`) +
        other,
    );
  }
  const overlap = Math.max(...o.runs.map((x) => x.withPreviews.previews.decodedDuringOffload));
  if (overlap < 0.1) {
    out.push(
      `   note: the previews hardly ran during the copy (at most ${f1(overlap * 100)} % of their audio decoded before an offload finished): ` +
        'with this card the share mostly shows run-to-run disk noise; a bigger --card-gib overlaps them more',
    );
  }
  out.push(
    `   median: (a) ${f1(o.median.aloneMbPerSecond)} MB/s, (b) ${f1(o.median.withPreviewsMbPerSecond)} MB/s  →  share (b)/(a) = ${f1(o.median.share * 100)} % (median of the runs' shares);` +
      ` previews done ${f2(o.median.previewsFinishedAfterSeconds)} s after the offload`,
  );
  return out.join('\n') + '\n';
}
