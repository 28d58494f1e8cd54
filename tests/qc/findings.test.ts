/** Findings from statistics: severities, timecode, plain-language messages, the config thresholds. */
import { findingsForTake, type QcFinding } from '../../main/qc';
import { parseTimecodeRate } from '../../shared/timecode';
import { analyse } from './decode';

const SR = 48000;
const pcm24 = { sampleRate: SR, encoding: 'pcm' as const, bitDepth: 24 };
const FS24 = (2 ** 23 - 1) / 2 ** 23;
const RATE = parseTimecodeRate('24000/1001')!;
/** 21:06:42:12 at 23.976 ND: frame count × 2002 samples. */
const START = ((((21 * 60 + 6) * 60 + 42) * 24 + 12) * 1001 * SR) / 24000;

function speechy(frames: number, seed = 3): Float32Array {
  const out = new Float32Array(frames);
  let s = seed;
  for (let i = 0; i < frames; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    const env = 0.05 + 0.25 * Math.abs(Math.sin((2 * Math.PI * i) / SR)); // -26 to -10 dBFS swells, never zero
    out[i] = env * ((s | 0) / 2 ** 31) || 1e-3;
  }
  return out;
}
const above = (fs: QcFinding[], sev: 'info' | 'warning'): QcFinding[] =>
  fs.filter((f) => (sev === 'info' ? f.severity !== 'info' : f.severity === 'error'));

describe('findingsForTake', () => {
  it('says "Lav Ben clips 14 times between <tc> and <tc>", as an error with the runs counted', () => {
    const x = speechy(SR * 10);
    // 14 clipped runs from 4.0 s to 6.2 s.
    for (let k = 0; k < 14; k++) x.fill(k % 2 ? -1 : FS24, 4 * SR + k * 8000, 4 * SR + k * 8000 + 20);
    const stats = analyse(x, pcm24);
    const fs = findingsForTake({ name: 'S01T02', startSamples: START, sampleRate: SR, timecodeRate: RATE, tracks: [{ name: 'Lav Ben', stats }] });
    const clip = fs.find((f) => f.kind === 'clipping')!;
    expect(clip).toMatchObject({ severity: 'error', track: 'Lav Ben', count: 14, fromSeconds: 4, fromTc: '21:06:46:11' });
    expect(clip.toSeconds).toBeCloseTo((4 * SR + 13 * 8000 + 20) / SR, 9);
    // Timecode lags seconds at 23.976: sample 192000 is frame 12 + floor(192000 / 2002) = 12 + 95 → 21:06:46:11; the last
    // clipped sample, 296019, is frame 12 + 147 → 21:06:48:15.
    expect(clip.toTc).toBe('21:06:48:15');
    expect(clip.message).toBe('Lav Ben clips 14 times between 21:06:46:11 and 21:06:48:15');
    expect(above(fs, 'info')).toEqual([clip]);
  });

  it('one or two clipped runs are a warning; one says "once"', () => {
    const x = speechy(SR * 2);
    x.fill(FS24, 1000, 1010);
    const fs = findingsForTake({ name: 'T', sampleRate: SR, tracks: [{ name: 'Boom', stats: analyse(x, pcm24) }] });
    expect(fs[0]).toMatchObject({ severity: 'warning', kind: 'clipping', count: 1, message: 'Boom clips once at 0.02 s' });
    expect(fs[0]!.fromTc).toBeUndefined();
    // The threshold comes from the config.
    const strict = findingsForTake({ name: 'T', sampleRate: SR, tracks: [{ name: 'Boom', stats: analyse(x, pcm24) }] }, { clipErrorRuns: 1 });
    expect(strict[0]!.severity).toBe('error');
  });

  it('reports a dropout with its length and timecode, and digital silence around the signal as silence', () => {
    const x = speechy(SR * 5);
    x.fill(0, 3 * SR, 3 * SR + 0.12 * SR);
    x.fill(0, 0, 0.3 * SR);
    const fs = findingsForTake({ name: 'S01T03', startSamples: START, sampleRate: SR, timecodeRate: RATE, tracks: [{ name: 'Boom', stats: analyse(x, pcm24) }] });
    const drop = fs.find((f) => f.kind === 'dropout')!;
    expect(drop).toMatchObject({ severity: 'error', track: 'Boom', fromSeconds: 3, fromTc: '21:06:45:11' });
    expect(drop.toSeconds).toBeCloseTo(3.12, 9);
    expect(drop.message).toBe('Boom drops out for 120 ms at 21:06:45:11 (digital silence in the middle of the sound)');
    const sil = fs.find((f) => f.kind === 'silence')!;
    expect(sil).toMatchObject({ severity: 'warning', fromSeconds: 0, toSeconds: 0.3, message: 'Boom has 300 ms of digital silence at 21:06:42:12' });
    expect(fs.map((f) => f.kind)).toEqual(['dropout', 'silence', 'loudness']);
  });

  it('a dead track is one error over the whole take, and nothing else for that track', () => {
    const silent = analyse(new Float32Array(SR * 3), pcm24);
    const floor = analyse(Float32Array.from({ length: SR * 3 }, (_, i) => (i % 2 ? 1 : -1) * 1.5e-5), pcm24);
    const fs = findingsForTake({
      name: 'S02T01',
      startSamples: START,
      sampleRate: SR,
      timecodeRate: RATE,
      tracks: [{ name: 'Lav Ana', stats: floor }, { name: 'Lav Cara', stats: silent }],
    });
    expect(fs.map((f) => [f.severity, f.kind, f.track])).toEqual([
      ['error', 'dead-track', 'Lav Ana'],
      ['error', 'dead-track', 'Lav Cara'],
    ]);
    expect(fs[0]).toMatchObject({ fromSeconds: 0, toSeconds: 3, fromTc: '21:06:42:12' });
    expect(fs[0]!.message).toBe('Lav Ana is dead: it never rises above -96.5 dBFS for the whole take (noise floor only)');
    expect(fs[1]!.message).toBe('Lav Cara is dead: digital silence for the whole take');
  });

  it('DC offset: info from -60 dBFS, warning from -40 dBFS; a low track is info', () => {
    const mk = (dc: number, gain = 1): Float32Array => speechy(SR).map((v) => v * gain + dc);
    const take = (x: Float32Array): QcFinding[] => findingsForTake({ name: 'T', sampleRate: SR, tracks: [{ name: 'Plant', stats: analyse(x, pcm24) }] });
    expect(take(mk(0.0005)).filter((f) => f.kind === 'dc-offset')).toEqual([]);
    expect(take(mk(0.002)).find((f) => f.kind === 'dc-offset')!.severity).toBe('info');
    const warn = take(mk(0.02)).find((f) => f.kind === 'dc-offset')!;
    expect(warn.severity).toBe('warning');
    expect(warn.message).toMatch(/^Plant has a DC offset of (1\.9\d|2\.0\d) % of full scale \(-3[34]\.\d dBFS\)$/);
    const low = take(mk(0, 0.02)).find((f) => f.kind === 'low-level')!;
    expect(low.severity).toBe('info');
    expect(low.message).toMatch(/^Plant is low: it peaks at -4\d\.\d dBFS in this take$/);
  });

  it('a clean take gives only the loudness summary (info), including the mix loudness when given', () => {
    const fs = findingsForTake({
      name: 'S01T04',
      sampleRate: SR,
      mixLoudnessLufs: -24.25,
      tracks: [{ name: 'Boom', stats: analyse(speechy(SR * 4, 9), pcm24) }, { name: 'Lav Ana', stats: analyse(speechy(SR * 4, 10), pcm24) }],
    });
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ severity: 'info', kind: 'loudness', fromSeconds: 0, toSeconds: 4 });
    expect(fs[0]!.message).toMatch(/^S01T04 integrated loudness \(EBU R128\): mix -24\.3 LUFS; Boom -\d+\.\d LUFS, Lav Ana -\d+\.\d LUFS$/);
  });
});
