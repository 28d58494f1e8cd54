/**
 * The take view's time axis (pure: tested in tests/renderer): seconds from the take's first sample ↔ timecode at the
 * take's rate, the ruler's ticks, frame steps, and the zoom/scroll geometry every lane shares.
 *
 * Positions are seconds from the take's first sample; the timecode of a position is that of its sample
 * (`startSamples + t × sampleRate`, exact through shared/timecode). A take with no timecode (no bext TimeReference or
 * an unknown rate) gets an elapsed-time axis instead.
 */
import { framesPerDay, framesToTimecode, samplesToFrames, samplesToTimecode, timecodeToFrames, type TimecodeRate } from '../../../shared/timecode';

export interface TakeClock {
  sampleRate: number;
  /** Samples since midnight of the first sample (bext TimeReference); null when unknown. */
  startSamples: number | null;
  /** Null when the rate is unknown: then no timecode is shown, only elapsed time. */
  rate: TimecodeRate | null;
  /** Seconds. */
  duration: number;
}

/** Real seconds per frame: 1/24, 1001/24000 at 23.976… */
export function frameSeconds(rate: TimecodeRate): number {
  return (rate.pullDown ? 1001 / 1000 : 1) / rate.nominalFps;
}

function hasTimecode(clock: TakeClock): clock is TakeClock & { startSamples: number; rate: TimecodeRate } {
  return clock.rate !== null && clock.startSamples !== null && clock.sampleRate > 0;
}

function clampTime(clock: TakeClock, t: number): number {
  return Math.min(Math.max(0, t), Math.max(0, clock.duration));
}

/** "M:SS.mmm" (or "H:MM:SS.mmm"): elapsed time, when there is no timecode. */
export function elapsedLabel(seconds: number, decimals = 3): string {
  const scale = 10 ** decimals;
  const units = Math.round(Math.max(0, seconds) * scale);
  const w = Math.floor(units / scale);
  const frac = decimals > 0 ? `.${String(units % scale).padStart(decimals, '0')}` : '';
  const h = Math.floor(w / 3600);
  const m = Math.floor((w % 3600) / 60);
  const r = String(w % 60).padStart(2, '0');
  return `${h > 0 ? `${h}:${String(m).padStart(2, '0')}` : m}:${r}${frac}`;
}

/** The sample a position falls on (the nearest: a position at a frame edge is that edge's sample). */
function sampleAt(clock: TakeClock & { startSamples: number }, t: number): number {
  return clock.startSamples + Math.round(clampTime(clock, t) * clock.sampleRate);
}

/** The readout: timecode of the sample at `t`, or elapsed time without timecode. */
export function timecodeAt(clock: TakeClock, t: number): string {
  if (!hasTimecode(clock)) return elapsedLabel(clampTime(clock, t));
  return samplesToTimecode(sampleAt(clock, t), clock.sampleRate, clock.rate);
}

/** First sample (since midnight) of frame `n` since midnight: the first sample at or after the frame's edge. */
function frameEdgeSample(clock: TakeClock & { rate: TimecodeRate }, n: number): number {
  const r = clock.rate;
  const num = clock.sampleRate * (r.pullDown ? 1001 : 1000);
  const den = r.nominalFps * 1000;
  // Exact in doubles: n × num stays far below 2^53 for any day at any real rate.
  return Math.ceil((n * num) / den);
}

/**
 * One frame later (`dir` 1) or earlier (-1): the position of the next frame's first sample, so the readout moves by
 * exactly one frame. Without timecode, steps 1/25 s. Clamped to the take.
 */
export function stepFrame(clock: TakeClock, t: number, dir: 1 | -1): number {
  if (!hasTimecode(clock)) return clampTime(clock, t + dir / 25);
  const frame = samplesToFrames(sampleAt(clock, t), clock.sampleRate, clock.rate);
  const edge = frameEdgeSample(clock, frame + dir);
  return clampTime(clock, (edge - clock.startSamples) / clock.sampleRate);
}

// ---- zoom and scroll ---------------------------------------------------------------------------------------------

/** The most zoomed-in view: one frame this many pixels wide. */
export const MAX_PX_PER_FRAME = 120;

export interface ZoomLimits {
  /** The whole take in the view. */
  min: number;
  /** Single frames, MAX_PX_PER_FRAME pixels each. */
  max: number;
}

export function zoomLimits(clock: TakeClock, viewWidth: number): ZoomLimits {
  const fit = clock.duration > 0 && viewWidth > 0 ? viewWidth / clock.duration : 1;
  const frame = clock.rate ? frameSeconds(clock.rate) : 1 / 25;
  return { min: fit, max: Math.max(fit, MAX_PX_PER_FRAME / frame) };
}

export function clampZoom(pxPerSec: number, limits: ZoomLimits): number {
  if (!Number.isFinite(pxPerSec)) return limits.min;
  return Math.min(limits.max, Math.max(limits.min, pxPerSec));
}

export interface ViewGeometry {
  /** Pixels per second actually drawn (the whole take at least fills the view). */
  pxPerSec: number;
  /** Width of the whole take at this zoom. */
  totalWidth: number;
  /** Largest scrollLeft. */
  maxScroll: number;
  /** True when the whole take fits in the view (nothing to scroll). */
  fits: boolean;
}

/**
 * The lanes' geometry, as wavesurfer lays them out: the whole take is `ceil(duration × pxPerSec)` wide, or fills the
 * view when that is not wider (so a playhead or a region drawn by us lands where wavesurfer drew the wave).
 */
export function viewGeometry(duration: number, pxPerSec: number, viewWidth: number): ViewGeometry {
  if (!(duration > 0) || !(viewWidth > 0)) return { pxPerSec: pxPerSec > 0 ? pxPerSec : 1, totalWidth: Math.max(0, viewWidth), maxScroll: 0, fits: true };
  const scrollWidth = Math.ceil(duration * pxPerSec);
  if (scrollWidth <= viewWidth) return { pxPerSec: viewWidth / duration, totalWidth: viewWidth, maxScroll: 0, fits: true };
  return { pxPerSec: scrollWidth / duration, totalWidth: scrollWidth, maxScroll: scrollWidth - viewWidth, fits: false };
}

export function clampScroll(scrollLeft: number, g: ViewGeometry): number {
  if (!Number.isFinite(scrollLeft)) return 0;
  return Math.min(g.maxScroll, Math.max(0, scrollLeft));
}

/**
 * Zooming keeps the moment under `anchorX` (pixels from the view's left edge: the mouse, or the playhead) where it
 * is. Returns the new zoom and scroll.
 */
export function zoomAround(
  duration: number,
  viewWidth: number,
  limits: ZoomLimits,
  current: { pxPerSec: number; scrollLeft: number },
  factor: number,
  anchorX: number,
): { pxPerSec: number; scrollLeft: number } {
  const before = viewGeometry(duration, current.pxPerSec, viewWidth);
  const t = (current.scrollLeft + anchorX) / before.pxPerSec;
  const pxPerSec = clampZoom(before.pxPerSec * factor, limits);
  const after = viewGeometry(duration, pxPerSec, viewWidth);
  return { pxPerSec, scrollLeft: clampScroll(t * after.pxPerSec - anchorX, after) };
}

/**
 * The scroll that shows `t`: unchanged when `t` is inside the view (with `margin` pixels to spare), else `t` placed
 * `lead` of the way into the view (a playhead running off the right edge turns the page; a finding clicked in the
 * list shows with some context before it).
 */
export function revealTime(t: number, g: ViewGeometry, viewWidth: number, scrollLeft: number, margin = 0, lead = 0.1): number {
  const x = t * g.pxPerSec;
  if (x >= scrollLeft + margin && x <= scrollLeft + viewWidth - margin) return scrollLeft;
  return clampScroll(x - viewWidth * lead, g);
}

// ---- the ruler ---------------------------------------------------------------------------------------------------

export interface RulerTick {
  /** Seconds from the take's first sample. */
  t: number;
  /** Pixels from the view's left edge. */
  x: number;
  major: boolean;
  /** Majors only: the timecode (or elapsed time) at the tick. */
  label?: string;
}

function divisors(n: number): number[] {
  const out: number[] = [];
  for (let d = 1; d < n; d++) if (n % d === 0) out.push(d);
  return out;
}

const SECOND_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400];

/** Tick steps in timecode frames: the frame rate's divisors (labels land on round frame numbers), then seconds. */
export function frameSteps(nominalFps: number): number[] {
  return [...divisors(nominalFps), ...SECOND_STEPS.map((s) => s * nominalFps)];
}

function pickSteps(steps: readonly number[], pxPerStepUnit: number, minLabelPx: number, minTickPx: number): { major: number; minor: number | null } {
  const major = steps.find((s) => s * pxPerStepUnit >= minLabelPx) ?? steps[steps.length - 1]!;
  // The finest minor step that divides the major one, is not crowded, and puts at most 10 between two labels.
  const minor = steps.find((s) => s < major && major % s === 0 && s * pxPerStepUnit >= minTickPx && major / s <= 10) ?? null;
  return { major, minor };
}

/** Timecode label numbers (hh·3600+mm·60+ss)·fps+ff, counted without drops, for frames since midnight. */
function labelNumber(frames: number, rate: TimecodeRate): number {
  const day = framesPerDay(rate);
  const wraps = Math.floor(frames / day);
  const tc = framesToTimecode(frames, rate);
  const [hh, mm, ss, ff] = tc.split(/[:;]/).map(Number) as [number, number, number, number];
  return wraps * 86400 * rate.nominalFps + ((hh * 60 + mm) * 60 + ss) * rate.nominalFps + ff;
}

/** Frames since midnight of a label number; a label drop frame skips names the next frame that exists. */
function framesOfLabel(label: number, rate: TimecodeRate): number {
  const fps = rate.nominalFps;
  const perDay = 86400 * fps;
  const wraps = Math.floor(label / perDay);
  let inDay = label - wraps * perDay;
  for (let guard = 0; guard < 8; guard++, inDay++) {
    const ff = inDay % fps;
    const secs = Math.floor(inDay / fps);
    const tc = `${String(Math.floor(secs / 3600)).padStart(2, '0')}:${String(Math.floor(secs / 60) % 60).padStart(2, '0')}:${String(secs % 60).padStart(2, '0')}:${String(ff).padStart(2, '0')}`;
    const frames = timecodeToFrames(tc, rate);
    if (frames !== undefined) return wraps * framesPerDay(rate) + frames;
  }
  return wraps * framesPerDay(rate) + inDay;
}

/**
 * Ticks for the visible span [scrollLeft, scrollLeft + viewWidth] at `pxPerSec`: majors labelled with the timecode
 * at least `minLabelPx` apart on round timecode values (every frame, every 6 frames, every second, 10 s, 1 min…),
 * minors between them. Without timecode, round elapsed times.
 */
export function rulerTicks(clock: TakeClock, pxPerSec: number, scrollLeft: number, viewWidth: number, minLabelPx = 110, minTickPx = 8): RulerTick[] {
  if (!(pxPerSec > 0) || !(viewWidth > 0) || !(clock.duration > 0)) return [];
  const from = Math.max(0, scrollLeft / pxPerSec);
  const to = Math.min(clock.duration, (scrollLeft + viewWidth) / pxPerSec);
  const ticks: RulerTick[] = [];
  const push = (t: number, major: boolean, label?: string): void => {
    if (t < from - 1e-9 || t > to + 1e-9) return;
    ticks.push({ t, x: t * pxPerSec - scrollLeft, major, ...(major && label !== undefined ? { label } : {}) });
  };

  if (!hasTimecode(clock)) {
    const steps = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, ...SECOND_STEPS];
    const { major, minor } = pickSteps(steps, pxPerSec, minLabelPx, minTickPx);
    const unit = minor ?? major;
    const first = Math.ceil(from / unit - 1e-9);
    const last = Math.floor(to / unit + 1e-9);
    const decimals = major >= 1 ? 0 : major >= 0.1 ? 1 : major >= 0.01 ? 2 : 3;
    for (let i = first; i <= last && ticks.length < 2000; i++) {
      const t = i * unit;
      const isMajor = Math.abs(t / major - Math.round(t / major)) < 1e-6;
      push(t, isMajor, isMajor ? elapsedLabel(t, decimals) : undefined);
    }
    return ticks;
  }

  const rate = clock.rate;
  const frameSec = frameSeconds(rate);
  const startFrame = clock.startSamples / clock.sampleRate / frameSec; // fractional frames since midnight
  const { major, minor } = pickSteps(frameSteps(rate.nominalFps), pxPerSec * frameSec, minLabelPx, minTickPx);
  const unit = minor ?? major;
  const firstFrame = Math.floor(startFrame + from / frameSec);
  const lastFrame = Math.ceil(startFrame + to / frameSec);
  const firstLabel = labelNumber(firstFrame, rate);
  const lastLabel = labelNumber(lastFrame, rate);
  const seen = new Set<number>();
  for (let label = Math.ceil(firstLabel / unit) * unit; label <= lastLabel && ticks.length < 2000; label += unit) {
    const frames = framesOfLabel(label, rate);
    if (seen.has(frames)) continue;
    seen.add(frames);
    const t = (frameEdgeSample(clock, frames) - clock.startSamples) / clock.sampleRate;
    const isMajor = label % major === 0;
    push(t, isMajor, isMajor ? framesToTimecode(frames, rate) : undefined);
  }
  return ticks;
}
