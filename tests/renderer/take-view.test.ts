/**
 * The take view's pure helpers: which peaks level to draw, base64 int16 → floats, the timecode ruler and frame
 * steps, the zoom/scroll geometry, the playback window plan (bounded on an hour-long take), the solo/mute mix, and
 * where QC findings are drawn.
 */
import { parseTimecodeRate, samplesToTimecode, timecodeToFrames, type TimecodeRate } from '../../shared/timecode';
import { loadRenderer } from './load';

interface TakeClock {
  sampleRate: number;
  startSamples: number | null;
  rate: TimecodeRate | null;
  duration: number;
}
interface Geometry {
  pxPerSec: number;
  totalWidth: number;
  maxScroll: number;
  fits: boolean;
}
interface Tick {
  t: number;
  x: number;
  major: boolean;
  label?: string;
}

const peaks = loadRenderer<{
  chooseLevel(levels: number[], samplesPerPixel: number): number | undefined;
  int16FromBase64(b64: string): Int16Array;
  peaksFromBase64(b64: string, scale: number): { max: Float32Array; min: Float32Array };
  pcmFromBase64(b64: string): Float32Array;
  envelopeRects(max: ArrayLike<number>, min: ArrayLike<number>, width: number, height: number, scale: number, rect: (x: number, y: number, w: number, h: number) => void): void;
}>('lib/peaks');

const timeline = loadRenderer<{
  timecodeAt(c: TakeClock, t: number): string;
  stepFrame(c: TakeClock, t: number, dir: 1 | -1): number;
  elapsedLabel(s: number, decimals?: number): string;
  zoomLimits(c: TakeClock, viewWidth: number): { min: number; max: number };
  viewGeometry(duration: number, pxPerSec: number, viewWidth: number): Geometry;
  zoomAround(duration: number, viewWidth: number, limits: { min: number; max: number }, cur: { pxPerSec: number; scrollLeft: number }, factor: number, anchorX: number): { pxPerSec: number; scrollLeft: number };
  revealTime(t: number, g: Geometry, viewWidth: number, scrollLeft: number, margin?: number, lead?: number): number;
  rulerTicks(c: TakeClock, pxPerSec: number, scrollLeft: number, viewWidth: number, minLabelPx?: number): Tick[];
  frameSteps(fps: number): number[];
  MAX_PX_PER_FRAME: number;
}>('lib/timeline');

const playback = loadRenderer<{
  nextWindow(cursor: number, total: number, sampleRate: number, first: boolean): { fromFrame: number; frames: number } | null;
  shouldFetch(ahead: number, inFlight: boolean, cursor: number, total: number): boolean;
  playbackPlan(from: number, total: number, sampleRate: number): { fromFrame: number; frames: number }[];
  maxWindowsInMemory(): number;
  mixGains(mix: { gainDb: number; solo: boolean; mute: boolean }[]): number[];
  audible(mix: { gainDb: number; solo: boolean; mute: boolean }[], i: number): boolean;
  dbToGain(db: number): number;
  peakDbfs(s: ArrayLike<number>): number;
  meterFraction(db: number): number;
  meterLevel(db: number): string;
  LOOKAHEAD_SECONDS: number;
}>('lib/playback');

const findings = loadRenderer<{
  placeFindings(
    f: { id: number; severity: 'error' | 'warning' | 'info'; kind: string; track?: string; fromSeconds: number; toSeconds: number; message: string }[],
    tracks: { position: number; name: string }[],
  ): { lanes: Map<number, { id: number; severity: string; from: number; to: number; label: string }[]>; ruler: { id: number }[] };
  sortFindings<F extends { id: number; severity: string; fromSeconds: number }>(f: F[]): F[];
}>('lib/findings');

const b64 = (values: number[]): string => Buffer.from(new Int16Array(values).buffer).toString('base64');

describe('peaks from the station', () => {
  it('draws the coarsest level that still has a bin per pixel, else the finest', () => {
    const levels = [256, 1024, 4096, 16384];
    expect(peaks.chooseLevel(levels, 5000)).toBe(4096);
    expect(peaks.chooseLevel(levels, 4096)).toBe(4096);
    expect(peaks.chooseLevel(levels, 1e9)).toBe(16384);
    expect(peaks.chooseLevel(levels, 20)).toBe(256); // single frames: finer than any level
    expect(peaks.chooseLevel([16384, 256], 300)).toBe(256);
    expect(peaks.chooseLevel([], 300)).toBeUndefined();
  });

  it('reads little-endian int16 from base64', () => {
    expect([...peaks.int16FromBase64(b64([-32768, 32767, 1, -1, 0]))]).toEqual([-32768, 32767, 1, -1, 0]);
    expect([...peaks.int16FromBase64(Buffer.from([0x01, 0x80, 0x05]).toString('base64'))]).toEqual([-32767]);
  });

  it('turns (min, max) pairs into the max and min arrays wavesurfer draws above and below the line', () => {
    const p = peaks.peaksFromBase64(b64([-16384, 16384, 100, 200, -300, -100, -32767, 32767]), 32767);
    expect([...p.max].map((v) => +v.toFixed(4))).toEqual([0.5, 0.0061, 0, 1]);
    expect([...p.min].map((v) => +v.toFixed(4))).toEqual([-0.5, 0, -0.0092, -1]);
  });

  it('draws min/max columns: each pixel shows the extremes of the bins under it', () => {
    const rects: number[][] = [];
    peaks.envelopeRects([0.5, 1, 0.2, 0], [-0.5, 0, -1, 0], 2, 100, 1, (...r) => rects.push(r));
    expect(rects).toEqual([
      [0, 0, 1, 75],
      [1, 40, 1, 60],
    ]);
  });

  it('draws bins wider than a pixel as flat steps, silence as a line, and clips a vertical zoom at the lane', () => {
    const rects: number[][] = [];
    peaks.envelopeRects([0.5, 0], [-0.5, 0], 10, 100, 1, (...r) => rects.push(r));
    expect(rects).toEqual([
      [0, 25, 5, 50],
      [5, 49.5, 5, 1],
    ]);
    const zoomed: number[][] = [];
    peaks.envelopeRects([0.75], [-0.1], 1, 100, 2, (...r) => zoomed.push(r));
    expect(zoomed).toEqual([[0, 0, 1, 60]]);
  });

  it('plays PCM as floats in [-1, 1]', () => {
    expect([...peaks.pcmFromBase64(b64([32767, -32768, 0, 16384]))].map((v) => +v.toFixed(4))).toEqual([1, -1, 0, 0.5]);
  });
});

describe('the time axis', () => {
  const r23 = parseTimecodeRate('23.976')!;
  const df = parseTimecodeRate('29.97 DF')!;
  // The 702T's A101: edge 1094376 × 2002 = 12:39:59:00 at 23.976 ND, 48 kHz.
  const start = 1094376 * 2002;
  const clock: TakeClock = { sampleRate: 48000, startSamples: start, rate: r23, duration: 60 };

  it('reads the timecode of the sample under the playhead', () => {
    expect(timeline.timecodeAt(clock, 0)).toBe('12:39:59:00');
    expect(timeline.timecodeAt(clock, 1.001)).toBe('12:40:00:00');
    expect(timeline.timecodeAt(clock, 1.0009)).toBe('12:39:59:23');
    expect(timeline.timecodeAt({ ...clock, rate: null }, 45.25)).toBe('0:45.250');
    expect(timeline.timecodeAt({ ...clock, rate: null }, 65.25)).toBe('1:00.000'); // clamped to the take
  });

  it('steps exactly one frame, at pulled-down and drop-frame rates alike', () => {
    let t = 0;
    for (let i = 1; i <= 50; i++) {
      t = timeline.stepFrame(clock, t, 1);
      expect(timeline.timecodeAt(clock, t)).toBe(samplesToTimecode(start + i * 2002, 48000, r23));
    }
    expect(timeline.stepFrame(clock, t, -1)).toBeCloseTo((49 * 2002) / 48000, 9);
    // A take starting mid-frame: the first step lands on the next frame's edge.
    const mid = { ...clock, startSamples: start + 1000 };
    expect(timeline.stepFrame(mid, 0, 1)).toBeCloseTo(1002 / 48000, 9);
    // 29.97 DF at 48 kHz: 1601.6 samples a frame, across a dropped minute boundary.
    const dfStart = timecodeToFrames('00:00:59;20', df)! * 1601.6;
    const dfClock: TakeClock = { sampleRate: 48000, startSamples: Math.ceil(dfStart), rate: df, duration: 10 };
    let u = 0;
    let prev = timecodeToFrames(timeline.timecodeAt(dfClock, 0), df)!;
    for (let i = 0; i < 40; i++) {
      u = timeline.stepFrame(dfClock, u, 1);
      const now = timecodeToFrames(timeline.timecodeAt(dfClock, u), df)!;
      expect(now).toBe(prev + 1);
      prev = now;
    }
    expect(timeline.timecodeAt(dfClock, u)).toBe('00:01:01;02'); // 00:00:59;20 + 40 frames, 00:01:00;00 and ;01 dropped
    expect(timeline.stepFrame(clock, 0, -1)).toBe(0);
    expect(timeline.stepFrame(clock, 60, 1)).toBe(60);
  });

  it('labels round timecodes on the ruler: every frame at the closest zoom', () => {
    const px = timeline.MAX_PX_PER_FRAME / (1.001 / 24);
    const ticks = timeline.rulerTicks(clock, px, 0, 1000);
    const majors = ticks.filter((t) => t.major);
    expect(majors.map((t) => t.label)).toEqual(['12:39:59:00', '12:39:59:01', '12:39:59:02', '12:39:59:03', '12:39:59:04', '12:39:59:05', '12:39:59:06', '12:39:59:07', '12:39:59:08']);
    expect(majors[1]!.x - majors[0]!.x).toBeCloseTo(120, 0);
    for (const t of majors) expect(timeline.timecodeAt(clock, t.t)).toBe(t.label);
  });

  it('labels tens of seconds when the whole minute is in view, with minor ticks between', () => {
    const ticks = timeline.rulerTicks(clock, 1000 / 60, 0, 1000);
    const labels = ticks.filter((t) => t.major).map((t) => t.label);
    expect(labels).toEqual(['12:40:00:00', '12:40:10:00', '12:40:20:00', '12:40:30:00', '12:40:40:00', '12:40:50:00']);
    expect(ticks.filter((t) => !t.major).length).toBe(60 - 6); // every second
    for (const t of ticks) expect(t.x).toBeGreaterThanOrEqual(0);
  });

  it('labels drop-frame minutes with the first frame that exists', () => {
    const dfClock: TakeClock = { sampleRate: 48000, startSamples: Math.ceil(timecodeToFrames('00:00:30;00', df)! * 1601.6), rate: df, duration: 120 };
    const labels = timeline.rulerTicks(dfClock, 1000 / 120, 0, 1000, 230).filter((t) => t.major).map((t) => t.label);
    expect(labels).toContain('00:01:00;02');
    for (const l of labels) expect(timecodeToFrames(l!, df)).toBeDefined();
  });

  it('falls back to elapsed time without timecode', () => {
    const labels = timeline.rulerTicks({ ...clock, rate: null }, 1000 / 60, 0, 1000).filter((t) => t.major).map((t) => t.label);
    expect(labels).toEqual(['0:00', '0:10', '0:20', '0:30', '0:40', '0:50', '1:00']);
    expect(timeline.elapsedLabel(59.9996)).toBe('1:00.000');
  });

  it('uses the frame rate’s divisors below a second, so labels land on round frames', () => {
    expect(timeline.frameSteps(24).slice(0, 8)).toEqual([1, 2, 3, 4, 6, 8, 12, 24]);
    expect(timeline.frameSteps(25).slice(0, 3)).toEqual([1, 5, 25]);
  });
});

describe('zoom and scroll shared by every lane', () => {
  const clock: TakeClock = { sampleRate: 48000, startSamples: 0, rate: parseTimecodeRate('25')!, duration: 3600 };

  it('goes from the whole take down to single frames', () => {
    const l = timeline.zoomLimits(clock, 1200);
    expect(l.min).toBeCloseTo(1200 / 3600);
    expect(l.max).toBeCloseTo(120 * 25);
  });

  it('lays the take out as wavesurfer does: filling the view, or ceil(duration × zoom) wide', () => {
    expect(timeline.viewGeometry(60, 10, 1000)).toEqual({ pxPerSec: 1000 / 60, totalWidth: 1000, maxScroll: 0, fits: true });
    const g = timeline.viewGeometry(60, 100.3, 1000);
    expect(g.totalWidth).toBe(6018);
    expect(g.maxScroll).toBe(5018);
    expect(g.pxPerSec).toBeCloseTo(6018 / 60);
  });

  it('keeps the moment under the mouse in place while zooming', () => {
    const limits = timeline.zoomLimits(clock, 1000);
    const cur = { pxPerSec: 10, scrollLeft: 500 };
    const next = timeline.zoomAround(3600, 1000, limits, cur, 2, 300);
    expect(next.pxPerSec).toBe(20);
    expect((next.scrollLeft + 300) / 20).toBeCloseTo((500 + 300) / 10);
    const out = timeline.zoomAround(3600, 1000, limits, cur, 1e-6, 300);
    expect(out).toEqual({ pxPerSec: limits.min, scrollLeft: 0 });
  });

  it('turns the page when the playhead leaves the view, and not before', () => {
    const g = timeline.viewGeometry(3600, 10, 1000);
    expect(timeline.revealTime(120, g, 1000, 1000)).toBe(1000);
    expect(timeline.revealTime(250, g, 1000, 1000)).toBe(2500 - 100);
    expect(timeline.revealTime(0, g, 1000, 1000)).toBe(0);
  });
});

describe('playback streams windows, never the whole take', () => {
  it('starts with a short window so sound comes at once, then 2 s windows', () => {
    expect(playback.nextWindow(0, 48000 * 60, 48000, true)).toEqual({ fromFrame: 0, frames: 24000 });
    expect(playback.nextWindow(24000, 48000 * 60, 48000, false)).toEqual({ fromFrame: 24000, frames: 96000 });
    expect(playback.nextWindow(48000 * 60 - 10, 48000 * 60, 48000, false)).toEqual({ fromFrame: 48000 * 60 - 10, frames: 10 });
    expect(playback.nextWindow(48000 * 60, 48000 * 60, 48000, false)).toBeNull();
  });

  it('covers an hour-long take exactly, in windows within the contract’s limit, with a few alive at once', () => {
    const total = 48000 * 3600 + 123;
    const plan = playback.playbackPlan(480000, total, 48000);
    expect(plan[0]).toEqual({ fromFrame: 480000, frames: 24000 });
    let cursor = 480000;
    for (const w of plan) {
      expect(w.fromFrame).toBe(cursor);
      expect(w.frames).toBeLessThanOrEqual(10 * 48000);
      cursor += w.frames;
    }
    expect(cursor).toBe(total);
    expect(playback.maxWindowsInMemory()).toBeLessThanOrEqual(4);
  });

  it('fetches one window at a time, only while less than the lookahead is scheduled', () => {
    expect(playback.shouldFetch(0, false, 0, 100)).toBe(true);
    expect(playback.shouldFetch(0, true, 0, 100)).toBe(false);
    expect(playback.shouldFetch(playback.LOOKAHEAD_SECONDS, false, 0, 100)).toBe(false);
    expect(playback.shouldFetch(1, false, 100, 100)).toBe(false);
  });

  it('solo and mute: a muted track is silent, a solo silences the others, a soloed muted track stays silent', () => {
    const m = (gainDb = 0, solo = false, mute = false) => ({ gainDb, solo, mute });
    expect(playback.mixGains([m(), m(-6), m()])).toEqual([1, playback.dbToGain(-6), 1]);
    expect(playback.mixGains([m(), m(0, false, true), m()])).toEqual([1, 0, 1]);
    expect(playback.mixGains([m(), m(0, true), m(0, true, true)])).toEqual([0, 1, 0]);
    expect(playback.mixGains([m(-40)])).toEqual([0]);
    expect(playback.audible([m(), m(0, true)], 0)).toBe(false);
    expect(playback.dbToGain(-6)).toBeCloseTo(0.501, 3);
  });

  it('meters peaks in dBFS', () => {
    expect(playback.peakDbfs([0, 0.5, -1])).toBeCloseTo(0);
    expect(playback.peakDbfs([0, 0])).toBe(-Infinity);
    expect(playback.meterFraction(-Infinity)).toBe(0);
    expect(playback.meterFraction(-30)).toBeCloseTo(0.5);
    expect(playback.meterFraction(3)).toBe(1);
    expect([playback.meterLevel(-20), playback.meterLevel(-6), playback.meterLevel(-1)]).toEqual(['ok', 'warn', 'bad']);
  });
});

describe('QC findings on the lanes', () => {
  const tracks = [
    { position: 0, name: 'Boom' },
    { position: 1, name: 'Lav Ben' },
    { position: 2, name: 'Mix L' },
  ];
  it('puts a finding on its track’s lane, take-wide or unknown-track findings on the ruler', () => {
    const placed = findings.placeFindings(
      [
        { id: 1, severity: 'error', kind: 'clipping', track: 'lav ben', fromSeconds: 3.2, toSeconds: 3.25, message: 'clipped' },
        { id: 2, severity: 'info', kind: 'loudness', fromSeconds: 0, toSeconds: 60, message: '-23 LUFS' },
        { id: 3, severity: 'warning', kind: 'dropout', track: 'Lav Zed', fromSeconds: 1, toSeconds: 1.1, message: '?' },
        { id: 4, severity: 'warning', kind: 'low-level', track: 'Lav Ben', fromSeconds: 0, toSeconds: 5, message: 'low' },
      ],
      tracks,
    );
    expect(placed.lanes.get(1)!.map((f) => f.id)).toEqual([4, 1]); // the error drawn last, on top
    expect(placed.lanes.get(1)![1]).toMatchObject({ from: 3.2, to: 3.25, label: 'clip', severity: 'error' });
    expect(placed.lanes.has(0)).toBe(false);
    expect(placed.ruler.map((f) => f.id).sort()).toEqual([2, 3]);
  });

  it('lists the worst first, then in time order', () => {
    const list = findings.sortFindings([
      { id: 1, severity: 'info', fromSeconds: 0 },
      { id: 2, severity: 'error', fromSeconds: 9 },
      { id: 3, severity: 'error', fromSeconds: 2 },
      { id: 4, severity: 'warning', fromSeconds: 1 },
    ]);
    expect(list.map((f) => f.id)).toEqual([3, 2, 4, 1]);
  });
});
