/**
 * EBU R128 integrated loudness: the BS.1770 reference cases computed by hand, then agreement with ffmpeg's ebur128
 * filter (an independent implementation) on the same generated signals at several sample rates.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLoudnessMeter, kWeightingFilters } from '../../main/qc';
import { makeTempDir } from '../support/tmp';
import { hasTool } from '../support/tools';
import { integratedOf } from './decode';

const tmp = makeTempDir('qc-loudness');
afterAll(tmp.cleanup);

function sine(seconds: number, sr: number, dbfs: number, freq: number): Float32Array {
  const amp = 10 ** (dbfs / 20);
  return Float32Array.from({ length: Math.round(seconds * sr) }, (_, i) => amp * Math.sin((2 * Math.PI * freq * i) / sr));
}
function concat(...parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
/** Pink-ish noise (one-pole low-passed white) at roughly `dbfs` RMS, deterministic. */
function noise(seconds: number, sr: number, dbfs: number, seed: number): Float32Array {
  const out = new Float32Array(Math.round(seconds * sr));
  let s = seed;
  let lp = 0;
  for (let i = 0; i < out.length; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    lp += 0.3 * ((s | 0) / 2 ** 31 - lp);
    out[i] = lp;
  }
  const rms = Math.sqrt(out.reduce((a, x) => a + x * x, 0) / out.length);
  const g = 10 ** (dbfs / 20) / rms;
  for (let i = 0; i < out.length; i++) out[i] = out[i]! * g;
  return out;
}

describe('BS.1770-4 by hand', () => {
  it('derives the BS.1770 48 kHz coefficients', () => {
    const [shelf, hp] = kWeightingFilters(48000);
    expect(shelf.b0).toBeCloseTo(1.53512485958697, 10);
    expect(shelf.b1).toBeCloseTo(-2.69169618940638, 10);
    expect(shelf.b2).toBeCloseTo(1.19839281085285, 10);
    expect(shelf.a1).toBeCloseTo(-1.69065929318241, 10);
    expect(shelf.a2).toBeCloseTo(0.73248077421585, 10);
    expect([hp.b0, hp.b1, hp.b2]).toEqual([1, -2, 1]);
    expect(hp.a1).toBeCloseTo(-1.99004745483398, 10);
    expect(hp.a2).toBeCloseTo(0.99007225036621, 10);
  });

  it.each([44100, 48000, 96000])('reads a stereo 1 kHz sine at -23 dBFS as -23.0 LUFS at %i Hz (EBU Tech 3341 case 1)', (sr) => {
    const ch = sine(20, sr, -23, 1000);
    expect(integratedOf([ch, ch], sr)).toBeCloseTo(-23, 1);
  });

  it('gates: silence does not lower the loudness, a part 20 LU down is gated out', () => {
    const sr = 48000;
    const tone = sine(10, sr, -20, 1000);
    const alone = integratedOf([tone], sr)!;
    // Only the few 400 ms blocks straddling an edge (part tone, part silence) pass the gates and pull a little.
    expect(Math.abs(integratedOf([concat(new Float32Array(sr * 10), tone, new Float32Array(sr * 5))], sr)! - alone)).toBeLessThan(0.2);
    expect(Math.abs(integratedOf([concat(tone, sine(10, sr, -40, 1000))], sr)! - alone)).toBeLessThan(0.2);
    // Without gates, 10 s of silence next to 10 s of tone would read 3 dB lower.
    expect(integratedOf([concat(tone, new Float32Array(sr * 10))], sr)!).toBeGreaterThan(alone - 0.2);
    // A part only 6 dB down is inside the relative gate and lowers the result.
    expect(integratedOf([concat(tone, sine(10, sr, -26, 1000))], sr)!).toBeLessThan(alone - 1);
  });

  it('has no integrated loudness for silence, for signal under -70 LUFS, or for under 400 ms of audio', () => {
    expect(integratedOf([new Float32Array(48000 * 3)], 48000)).toBeUndefined();
    expect(integratedOf([sine(3, 48000, -75, 1000)], 48000)).toBeUndefined();
    const m = createLoudnessMeter(48000, 1);
    m.push([sine(0.39, 48000, -20, 1000)]);
    expect(m.blocks).toBe(0);
    expect(m.integrated()).toBeUndefined();
  });

  it('does not depend on how the audio is split into pushes', () => {
    const x = concat(noise(3, 48000, -25, 7), sine(2, 48000, -30, 300));
    const whole = integratedOf([x], 48000, x.length)!;
    for (const block of [1, 441, 4800, 9999]) expect(integratedOf([x], 48000, block)).toBeCloseTo(whole, 9);
  });

  it('rejects channel-count and length mismatches', () => {
    const m = createLoudnessMeter(48000, 2);
    expect(() => m.push([new Float32Array(10)])).toThrow(/expected 2 channels/);
    expect(() => m.push([new Float32Array(10), new Float32Array(9)])).toThrow(/same length/);
  });
});

const ffmpeg = process.env.FFMPEG_BIN ?? (hasTool('ffmpeg') ? 'ffmpeg' : undefined);
if (!ffmpeg) console.warn('ffmpeg not found (set FFMPEG_BIN): skipping the comparison with ffmpeg ebur128');

/** ffmpeg's ebur128 integrated loudness (the summary's "I: -23.0 LUFS", 0.1 LU resolution; ffmpeg 5 has no framelog=quiet, so the per-frame log is parsed past) of float channels at `sr`. */
function ffmpegIntegrated(channels: Float32Array[], sr: number, label: string): number {
  const n = channels[0]!.length;
  const inter = new Float32Array(n * channels.length);
  for (let i = 0; i < n; i++) for (const [c, ch] of channels.entries()) inter[i * channels.length + c] = ch[i]!;
  const file = join(tmp.dir, `${label}.f32`);
  writeFileSync(file, Buffer.from(inter.buffer));
  const r = spawnSync(
    ffmpeg!,
    ['-hide_banner', '-nostats', '-f', 'f32le', '-ar', String(sr), '-ac', String(channels.length), '-i', file, '-af', 'ebur128', '-f', 'null', '-'],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`ffmpeg failed: ${r.stderr}`);
  const all = [...r.stderr.matchAll(/\bI:\s+(-?\d+(?:\.\d+)?) LUFS/g)];
  const last = all[all.length - 1];
  if (!last) throw new Error(`no integrated loudness in ffmpeg output:\n${r.stderr}`);
  return Number(last[1]);
}

const SIGNALS: { label: string; sr: number; make: (sr: number) => Float32Array[] }[] = [
  { label: 'mono 1 kHz sine -20 dBFS', sr: 48000, make: (sr) => [sine(10, sr, -20, 1000)] },
  { label: 'stereo 1 kHz sine -23 dBFS', sr: 48000, make: (sr) => [sine(10, sr, -23, 1000), sine(10, sr, -23, 1000)] },
  { label: 'mono 100 Hz sine -18 dBFS at 44.1 kHz', sr: 44100, make: (sr) => [sine(8, sr, -18, 100)] },
  { label: 'mono 5 kHz sine -30 dBFS at 96 kHz', sr: 96000, make: (sr) => [sine(8, sr, -30, 5000)] },
  { label: 'mono noise -28 dBFS', sr: 48000, make: (sr) => [noise(12, sr, -28, 11)] },
  {
    label: 'dialogue-like: noise bursts over quiet room tone (gates at work)',
    sr: 48000,
    make: (sr) => [concat(noise(2, sr, -60, 1), noise(3, sr, -22, 2), noise(2, sr, -45, 3), noise(2, sr, -27, 4), noise(1, sr, -80, 5))],
  },
  { label: 'stereo noise, different levels per channel, 44.1 kHz', sr: 44100, make: (sr) => [noise(10, sr, -24, 21), noise(10, sr, -33, 22)] },
];

(ffmpeg ? describe : describe.skip)('agreement with ffmpeg ebur128', () => {
  const rows: string[] = [];
  afterAll(() => {
    if (rows.length) console.log(`R128 integrated, ours vs ffmpeg:\n${rows.join('\n')}`);
  });
  it.each(SIGNALS.map((s, i) => [s.label, i] as const))('%s: within 0.3 LU', (label, i) => {
    const s = SIGNALS[i]!;
    const channels = s.make(s.sr);
    const ours = integratedOf(channels, s.sr)!;
    const theirs = ffmpegIntegrated(channels, s.sr, `sig${i}`);
    rows.push(`  ${label}: ${ours.toFixed(2)} vs ${theirs.toFixed(1)} LUFS (Δ ${(ours - theirs).toFixed(2)})`);
    expect(Math.abs(ours - theirs)).toBeLessThanOrEqual(0.3);
  });
});
