/** The streaming per-track analyzer on synthetic signals: every detector, runs across push boundaries, full scale. */
import { createTrackAnalyzer, pcmFullScale, type TrackStats } from '../../main/qc';
import { analyse } from './decode';

const SR = 48000;
const pcm24 = { sampleRate: SR, encoding: 'pcm' as const, bitDepth: 24 };
const float32 = { sampleRate: SR, encoding: 'float' as const, bitDepth: 32 };
const FS24 = (2 ** 23 - 1) / 2 ** 23;

/** Deterministic noise at peak amplitude `amp` (never exactly zero). */
function noise(frames: number, amp: number, seed = 1): Float32Array {
  const out = new Float32Array(frames);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < frames; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    const u = (s >>> 0) / 0x1_0000_0000; // [0, 1)
    out[i] = amp * (u * 2 - 1) || amp * 0.5;
  }
  return out;
}

function sine(frames: number, amp: number, freq = 1000, dc = 0): Float32Array {
  return Float32Array.from({ length: frames }, (_, i) => amp * Math.sin((2 * Math.PI * freq * i) / SR) + dc);
}

/** Every field but the loudness, which depends on the block layout only through rounding. */
const core = (s: TrackStats): Omit<TrackStats, 'loudnessLufs' | 'rmsDbfs' | 'dcOffset'> => {
  const { loudnessLufs: _l, rmsDbfs: _r, dcOffset: _d, ...rest } = s;
  return rest;
};

describe('levels', () => {
  it('measures peak, RMS and DC offset of a sine with an offset', () => {
    const s = analyse(sine(SR, 0.5, 1000, 0.01), pcm24);
    expect(s.frames).toBe(SR);
    expect(s.peak).toBeCloseTo(0.51, 4);
    expect(s.peakDbfs).toBeCloseTo(20 * Math.log10(0.51), 3);
    // RMS of A·sin + d = sqrt(A²/2 + d²).
    expect(s.rmsDbfs).toBeCloseTo(10 * Math.log10(0.125 + 0.0001), 3);
    expect(s.dcOffset).toBeCloseTo(0.01, 5);
    expect(s.clipRunCount).toBe(0);
    expect(s.dropoutCount + s.silenceRunCount).toBe(0);
    expect(s.digitalSilence || s.nearSilent).toBe(false);
  });

  it('gives the same statistics whatever the block size', () => {
    const x = noise(20000, 0.3);
    x.fill(0, 5000, 5500);
    x.fill(1, 9000, 9010);
    x.fill(-1, 15000, 15003);
    const whole = analyse(x, pcm24, x.length);
    for (const block of [1, 7, 256, 4099]) {
      const s = analyse(x, pcm24, block);
      expect(core(s)).toEqual(core(whole));
      expect(s.rmsDbfs).toBeCloseTo(whole.rmsDbfs, 9);
      expect(s.dcOffset).toBeCloseTo(whole.dcOffset, 9);
    }
    expect(whole.clipRunCount).toBe(2);
    expect(whole.dropoutCount).toBe(1);
  });

  it('refuses a block that does not follow the previous one, and pushes after finish', () => {
    const a = createTrackAnalyzer(pcm24);
    a.push(new Float32Array(100), 0);
    expect(() => a.push(new Float32Array(100), 150)).toThrow(/expected the next block at frame 100/);
    a.push(new Float32Array(10), 100);
    a.finish();
    expect(() => a.push(new Float32Array(1), 110)).toThrow(/finished/);
  });

  it('counts frames from the first push (a block decoded from the middle of a take)', () => {
    const a = createTrackAnalyzer(pcm24);
    const x = noise(1000, 0.2);
    x.fill(FS24, 500, 505);
    a.push(x.subarray(0, 300), 48000);
    a.push(x.subarray(300), 48300);
    const s = a.finish();
    expect(s.firstFrame).toBe(48000);
    expect(s.frames).toBe(1000);
    expect(s.clipRuns).toEqual([{ startFrame: 48500, endFrame: 48505 }]);
  });
});

describe('clipping', () => {
  it('knows where full scale lies for each format', () => {
    expect(pcmFullScale(24)).toBe(FS24);
    expect(pcmFullScale(16)).toBe(32767 / 32768);
    // 32-bit integer full scale is 1 - 2^-31, which float32 (what decoders hand over) rounds to 1.
    expect(pcmFullScale(32)).toBe(1);
  });

  it('finds a clipped run that spans two pushes as one run, on either rail', () => {
    const x = noise(1000, 0.5);
    x.fill(FS24, 97, 104); // +full scale across the boundary at 100
    x.fill(-1, 600, 604); // -full scale (-0x800000)
    const s = analyse(x, pcm24, 100);
    expect(s.clipRuns).toEqual([
      { startFrame: 97, endFrame: 104 },
      { startFrame: 600, endFrame: 604 },
    ]);
    expect(s.clipRunCount).toBe(2);
    expect(s.clipSpan).toEqual({ startFrame: 97, endFrame: 604 });
    expect(s.clippedSamples).toBe(11);
  });

  it('counts runs of at least clipMinRunSamples only (shorter ones are clipped samples, not clips)', () => {
    const x = noise(1000, 0.5);
    x[10] = FS24;
    x.fill(FS24, 200, 202);
    x.fill(FS24, 400, 403);
    expect(analyse(x, pcm24, 64).clipRunCount).toBe(1);
    expect(analyse(x, pcm24, 64).clippedSamples).toBe(6);
    expect(analyse(x, { ...pcm24, config: { clipMinRunSamples: 1 } }, 64).clipRunCount).toBe(3);
    expect(analyse(x, { ...pcm24, config: { clipMinRunSamples: 4 } }, 64).clipRunCount).toBe(0);
  });

  it('24-bit full scale clips a PCM file but not a float file; float clips at |x| >= 1.0', () => {
    const x = noise(1000, 0.5);
    x.fill(FS24, 100, 110);
    expect(analyse(x, pcm24).clipRunCount).toBe(1);
    expect(analyse(x, float32).clipRunCount).toBe(0);
    const y = noise(1000, 0.5);
    y.fill(1, 100, 110);
    y.fill(-1.7, 300, 320); // float files go past full scale
    y.fill(0.9999, 500, 520);
    const f = analyse(y, float32);
    expect(f.clipRuns).toEqual([
      { startFrame: 100, endFrame: 110 },
      { startFrame: 300, endFrame: 320 },
    ]);
    expect(f.peak).toBeCloseTo(1.7, 5);
    // Just under 24-bit full scale is no clip either.
    const z = noise(1000, 0.5);
    z.fill(Math.fround((2 ** 23 - 2) / 2 ** 23), 100, 110);
    expect(analyse(z, pcm24).clipRunCount).toBe(0);
    // 16-bit full scale.
    const w = noise(1000, 0.5);
    w.fill(32767 / 32768, 100, 110);
    expect(analyse(w, { sampleRate: SR, encoding: 'pcm', bitDepth: 16 }).clipRunCount).toBe(1);
    expect(analyse(w, pcm24).clipRunCount).toBe(0);
  });

  it('closes a clipped run that lasts to the end of the take', () => {
    const x = noise(1000, 0.5);
    x.fill(-1, 990);
    expect(analyse(x, pcm24, 333).clipRuns).toEqual([{ startFrame: 990, endFrame: 1000 }]);
  });
});

describe('dropouts and silence', () => {
  const ms = (m: number): number => Math.round((m * SR) / 1000);

  it('finds a run of exact zeros inside signal, across a block boundary', () => {
    const x = noise(SR, 0.1); // -20 dBFS peak
    x.fill(0, 1000, 1000 + ms(6)); // 6 ms, crossing the 1024 boundary
    const s = analyse(x, pcm24, 1024);
    expect(s.dropouts).toEqual([{ startFrame: 1000, endFrame: 1000 + ms(6) }]);
    expect(s.dropoutCount).toBe(1);
    expect(s.silenceRunCount).toBe(0);
  });

  it('waits across blocks for the signal after the run (look-ahead spans pushes)', () => {
    const x = noise(SR, 0.1);
    // Zeros, then 30 ms of very quiet (not signal, not zero), then signal: still a dropout (signal within 50 ms).
    x.fill(0, 10000, 10000 + ms(20));
    x.fill(1e-5, 10000 + ms(20), 10000 + ms(50));
    const s = analyse(x, pcm24, 97);
    expect(s.dropouts).toEqual([{ startFrame: 10000, endFrame: 10000 + ms(20) }]);
  });

  it('ignores zero runs shorter than dropoutMinMs', () => {
    const x = noise(SR, 0.1);
    x.fill(0, 1000, 1000 + ms(4));
    const s = analyse(x, pcm24);
    expect(s.dropoutCount).toBe(0);
    expect(s.zeroSamples).toBe(ms(4));
  });

  it('needs signal on both sides: zeros after the signal stops are silence, not a dropout', () => {
    const x = noise(SR, 0.1);
    x.fill(0, 20000, 20000 + ms(200));
    x.fill(1e-5, 20000 + ms(200), 20000 + ms(400)); // quiet (not signal) for 200 ms after
    const s = analyse(x, pcm24, 1000);
    expect(s.dropoutCount).toBe(0);
    expect(s.silenceRuns).toEqual([{ startFrame: 20000, endFrame: 20000 + ms(200) }]);
    // Signal before only matters within the context window.
    const y = noise(SR, 0.1);
    y.fill(1e-5, 20000 - ms(60), 20000);
    y.fill(0, 20000, 20000 + ms(10));
    expect(analyse(y, pcm24).dropoutCount).toBe(0);
  });

  it('reports leading and trailing digital silence as silence runs', () => {
    const x = noise(SR, 0.1);
    x.fill(0, 0, ms(150));
    x.fill(0, SR - ms(120));
    const s = analyse(x, pcm24, 1001);
    expect(s.dropoutCount).toBe(0);
    expect(s.silenceRuns).toEqual([
      { startFrame: 0, endFrame: ms(150) },
      { startFrame: SR - ms(120), endFrame: SR },
    ]);
    expect(s.digitalSilence).toBe(false);
  });

  it('a dropout at the very end (no signal after) is silence if long enough', () => {
    const x = noise(SR, 0.1);
    x.fill(0, SR - ms(30));
    const s = analyse(x, pcm24);
    expect(s.dropoutCount).toBe(0);
    expect(s.silenceRunCount).toBe(0); // 30 ms < silenceMinMs
  });

  it('finds several dropouts close together', () => {
    const x = noise(SR, 0.1);
    x.fill(0, 1000, 1000 + ms(10));
    x.fill(0, 1000 + ms(12), 1000 + ms(25));
    const s = analyse(x, pcm24, 50);
    expect(s.dropouts).toEqual([
      { startFrame: 1000, endFrame: 1000 + ms(10) },
      { startFrame: 1000 + ms(12), endFrame: 1000 + ms(25) },
    ]);
  });
});

describe('dead tracks', () => {
  it('digital silence for the whole take', () => {
    const s = analyse(new Float32Array(SR), pcm24, 1000);
    expect(s.digitalSilence).toBe(true);
    expect(s.nearSilent).toBe(true);
    expect(s.peakDbfs).toBe(-Infinity);
    expect(s.silenceRunCount).toBe(0); // the whole track is one finding, not a run
    expect(s.loudnessLufs).toBeUndefined();
  });

  it('a noise floor around -94 dBFS is near-silent; room tone at -60 dBFS is not', () => {
    expect(analyse(noise(SR, 2e-5), pcm24).nearSilent).toBe(true);
    const live = analyse(noise(SR, 1e-3), pcm24);
    expect(live.nearSilent).toBe(false);
    expect(live.digitalSilence).toBe(false);
  });
});
