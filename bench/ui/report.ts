/** The UI benchmark's figures as one object (for --json and for the table), and the human table made from it. */
import type { FrameFigures, MemoryFigures, OpenRun } from './measure';
import type { FrameStats, PlayProbeResult } from './page';
import { median, met } from '../lib/stats';

export const GOALS = { openMs: 500, fps: 50, playStartMs: 300, heapGrowthMb: 5 } as const;

export interface TakeFigures {
  label: string;
  minutes: number;
  bytes: number;
  frames: number;
  generateSeconds: number;
}

export interface BenchReport {
  workspace: string;
  machine: {
    cores: number;
    cpu: string;
    memoryGib: number;
    node: string;
    chromium: string;
    chromiumPath: string;
    chromiumArgs: string[];
    ffmpeg: string;
    viewport: string;
    /** The served UI bundle and whether React is its development or production build. */
    ui: { dir: string; build: 'production' | 'development' };
    devicePixelRatio: number;
    loadAverage1m: { start: number; end: number };
  };
  options: { shortMinutes: number; longMinutes: number; runs: number; playSeconds: number };
  /** False when /proc/sys/vm/drop_caches was refused before the first open (the peaks may come from memory). */
  pageCacheDropped: boolean;
  takes: TakeFigures[];
  offload: { seconds: number; bytes: number; safeToFormat: boolean; analysed: string };
  /** requestAnimationFrame rate of the page doing nothing: the ceiling of (b) on this machine. */
  idle: FrameStats;
  open: { take: string; runs: OpenRun[]; medianMs: number; maxMs: number; met: boolean }[];
  frames: (FrameFigures & { take: string; zoomMet: boolean; scrollMet: boolean })[];
  playStart: { take: string; runs: PlayProbeResult[]; medianMs: number; maxMs: number; met: boolean }[];
  memory: MemoryFigures & { met: boolean };
  goals: typeof GOALS;
  allMet: boolean;
}

const f0 = (n: number): string => n.toFixed(0);
const f1 = (n: number): string => n.toFixed(1);
const f2 = (n: number): string => n.toFixed(2);
const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;
const gb = (bytes: number): string => `${(bytes / 1e9).toFixed(2)} GB`;

function frameLine(name: string, s: FrameStats, goalMet: boolean, what: string): string {
  return (
    `     ${name.padEnd(6)} ${f1(s.fps).padStart(5)} fps  (${s.frames} frames in ${f2(s.seconds)} s; worst gap ${f0(s.maxGapMs)} ms, p95 ${f0(s.p95GapMs)} ms, ` +
    `${s.longFrames} gap(s) > 25 ms; ${s.events} wheel events; ${what})   (goal ≥ ${GOALS.fps} fps: ${met(goalMet)})`
  );
}

export function renderTable(r: BenchReport): string {
  const out: string[] = [];
  const m = r.machine;
  out.push(`soundroll UI benchmark: the Takes screen (${r.workspace})`);
  const busy = Math.max(m.loadAverage1m.start, m.loadAverage1m.end) > m.cores / 2 ? '  — other work was running: expect noisy figures' : '';
  out.push(`machine      ${m.cores} cores (${m.cpu}), ${f1(m.memoryGib)} GiB RAM, node ${m.node}, load average ${f2(m.loadAverage1m.start)} at start, ${f2(m.loadAverage1m.end)} at end${busy}`);
  out.push(`browser      Chromium ${m.chromium} (${m.chromiumPath}), headless, viewport ${m.viewport} at devicePixelRatio ${m.devicePixelRatio}`);
  out.push(`             flags: ${m.chromiumArgs.join(' ')}  (no GPU: canvases are rasterised in software)`);
  out.push(
    `ui           ${m.ui.dir}: ${m.ui.build === 'development' ? 'DEVELOPMENT React build (what npm run build makes without NODE_ENV=production: unminified, dev-only checks on every render)' : 'production React build (minified)'}`,
  );
  out.push(`ffmpeg       ${m.ffmpeg}`);
  for (const t of r.takes) {
    out.push(`take         ${t.label}: 8 tracks, 48 kHz 24-bit poly BWF, ${t.frames} frames, ${gb(t.bytes)}, generated in ${f1(t.generateSeconds)} s`);
  }
  out.push(
    `offload      both takes, CLI to one destination with peaks + QC behind the copy: ${f1(r.offload.seconds)} s for ${gb(r.offload.bytes)}` +
      ` (${r.offload.safeToFormat ? 'safe to format' : 'NOT SAFE'}; ${r.offload.analysed})`,
  );
  out.push(
    r.pageCacheDropped
      ? 'page cache   dropped once before the first open (run 1 of (a) reads the peaks from disk; later runs are warm)'
      : 'page cache   could not be dropped (needs root): every open reads the peaks from memory',
  );
  out.push(`idle page    ${f1(r.idle.fps)} fps of requestAnimationFrame with nothing to do (the ceiling for (b))`);
  out.push('');

  out.push(`(a) open a take: Enter on its row → every lane's waveform drawn (${r.options.runs} runs each, the list shown again between runs)`);
  for (const o of r.open) {
    const runs = o.runs.map((x) => f0(x.allLanesMs)).join(', ');
    const first = o.runs[0]!;
    out.push(`     ${o.take.padEnd(8)} median ${f0(o.medianMs).padStart(4)} ms, max ${f0(o.maxMs)} ms   (runs: ${runs} ms)   (goal ≤ ${GOALS.openMs} ms: ${met(o.met)})`);
    const medView = median(o.runs.map((x) => x.viewMs));
    const medFirst = median(o.runs.map((x) => x.firstLaneMs));
    out.push(`              take view in the DOM after ${f0(medView)} ms, first lane drawn after ${f0(medFirst)} ms (medians; run 1: ${f0(first.viewMs)} / ${f0(first.firstLaneMs)} ms)`);
    const fetches = [...new Set(o.runs.map((x) => x.peaksFetches))].join('/');
    out.push(
      `              takes.peaks calls per open: ${fetches}${o.runs.some((x) => x.peaksFetches > 1) ? ' (a second, finer level replaced the first drawing: the time above is to the first, coarser one)' : ' (drawn once, at the level that fits)'}`,
    );
  }
  out.push('');

  out.push('(b) frame rate, one wheel event per animation frame for 2 s on the lanes');
  for (const f of r.frames) {
    out.push(`   ${f.take}`);
    out.push(frameLine('zoom', f.zoom, f.zoomMet, `ctrl+wheel in then out: ${f2(f.zoom.zoomStart)} → ${f1(f.zoom.zoomPeak)} → ${f2(f.zoom.zoomEnd)} px/s`));
    out.push(frameLine('scroll', f.scroll, f.scrollMet, `shift+wheel at ${f1(f.scrollZoomPxPerSec)} px/s: scrollLeft ${f0(f.scroll.scrollStart)} → ${f0(f.scroll.scrollEnd)} px`));
  }
  out.push('');

  out.push(`(c) playback start: Space → first advance of the position (${r.options.runs} runs each, from the take's start)`);
  for (const p of r.playStart) {
    const runs = p.runs.map((x) => f0(x.ms)).join(', ');
    out.push(`     ${p.take.padEnd(8)} median ${f0(p.medianMs).padStart(4)} ms, max ${f0(p.maxMs)} ms   (runs: ${runs} ms)   (goal ≤ ${GOALS.playStartMs} ms: ${met(p.met)})`);
  }
  out.push('');

  const mem = r.memory;
  out.push(`(d) renderer JS heap, ${mem.take} take open: before and after ${mem.playSeconds} s of playback (forced GC before each reading)`);
  out.push(
    `     performance.memory.usedJSHeapSize  ${mb(mem.before.performanceMemory)} → ${mb(mem.after.performanceMemory)}  (${mem.growthMbPerformanceMemory >= 0 ? '+' : ''}${f2(mem.growthMbPerformanceMemory)} MB)`,
  );
  out.push(`     CDP Performance JSHeapUsedSize     ${mb(mem.before.cdp)} → ${mb(mem.after.cdp)}  (${mem.growthMbCdp >= 0 ? '+' : ''}${f2(mem.growthMbCdp)} MB)   (goal: grows ≤ ${GOALS.heapGrowthMb} MB: ${met(mem.met)})`);
  out.push(
    `     during playback, without GC (every 2 s): ${mem.duringCdp.map((b) => f1(b / 1e6)).join(', ')} MB; at most ${mem.maxAudioWindows} audio windows alive; played to ${f1(mem.positionAtEnd)} s`,
  );
  out.push('');
  out.push(r.allMet ? 'all goals met' : `goals missed: ${missed(r).join('; ')}`);
  return out.join('\n') + '\n';
}

export function missed(r: BenchReport): string[] {
  const out: string[] = [];
  for (const o of r.open) if (!o.met) out.push(`(a) open ${o.take} ${f0(o.medianMs)} ms > ${GOALS.openMs} ms`);
  for (const f of r.frames) {
    if (!f.zoomMet) out.push(`(b) zoom ${f.take} ${f1(f.zoom.fps)} fps < ${GOALS.fps}`);
    if (!f.scrollMet) out.push(`(b) scroll ${f.take} ${f1(f.scroll.fps)} fps < ${GOALS.fps}`);
  }
  for (const p of r.playStart) if (!p.met) out.push(`(c) play start ${p.take} ${f0(p.medianMs)} ms > ${GOALS.playStartMs} ms`);
  if (!r.memory.met) out.push(`(d) heap grew ${f2(r.memory.growthMbCdp)} MB > ${GOALS.heapGrowthMb} MB`);
  return out;
}
