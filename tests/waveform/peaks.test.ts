/**
 * Peaks against the PCM bytes: synthetic files through the project's BWF writer, decoded by the real ffmpeg, and the
 * cached min/max compared bin by bin with what an independent reader of the sample bytes computes.
 */
import { join } from 'node:path';
import { makeTempDir } from '../support/tmp';
import { DEFAULT_LEVELS, PEAK_SCALE, buildTakePeaks, decodeTracks, fanOut, readPeaks, type TakePeaks } from '../../main/waveform';
import type { BwfFormat } from '../../main/demo/bwf-writer';
import { expectedPairs, ffmpegMissing, firstDifference, pcmChannels, testAudio, writeTestWav } from './helpers';

const skip = ffmpegMissing();
if (skip) console.warn(`waveform peaks tests skipped: ${skip}`);
const maybe = skip ? describe.skip : describe;

const PCM16: BwfFormat = { sampleRate: 48000, bitDepth: 16, sampleFormat: 'pcm' };
const PCM24: BwfFormat = { sampleRate: 48000, bitDepth: 24, sampleFormat: 'pcm' };
const FLOAT: BwfFormat = { sampleRate: 96000, bitDepth: 32, sampleFormat: 'float' };

/** Every level of every track equals the expected pairs from `samples[t]`, and bounds the truth within one step. */
function expectPeaksMatch(peaks: TakePeaks, samples: Float64Array[]): void {
  expect(peaks.trackCount).toBe(samples.length);
  expect(peaks.levels.map((l) => l.samplesPerBin)).toEqual([...DEFAULT_LEVELS]);
  for (const level of peaks.levels) {
    expect(level.bins).toBe(Math.ceil(peaks.frames / level.samplesPerBin));
    samples.forEach((s, t) => {
      const want = expectedPairs(s, level.samplesPerBin);
      const got = level.tracks[t]!;
      expect({ level: level.samplesPerBin, track: t, diff: firstDifference(got, want) }).toEqual({ level: level.samplesPerBin, track: t, diff: undefined });
    });
  }
  // The bound itself, stated directly on the finest level: never under, at most one step over (inside ±1).
  const finest = peaks.levels[0]!;
  samples.forEach((s, t) => {
    const pairs = finest.tracks[t]!;
    for (let b = 0; b < finest.bins; b++) {
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = b * finest.samplesPerBin; i < Math.min(s.length, (b + 1) * finest.samplesPerBin); i++) {
        lo = Math.min(lo, s[i]!);
        hi = Math.max(hi, s[i]!);
      }
      const qlo = pairs[2 * b]! / PEAK_SCALE;
      const qhi = pairs[2 * b + 1]! / PEAK_SCALE;
      if (lo >= -1) expect(qlo <= lo && lo - qlo < 1 / PEAK_SCALE).toBe(true);
      if (hi <= 1) expect(qhi >= hi && qhi - hi < 1 / PEAK_SCALE).toBe(true);
    }
    let lo = Infinity;
    let hi = -Infinity;
    for (const x of s) {
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
    }
    expect(peaks.trackPeaks[t]).toEqual({ min: Math.fround(lo), max: Math.fround(hi) });
  });
}

maybe('waveform peaks from real files', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    tmp = makeTempDir('peaks');
  });
  afterEach(() => tmp.cleanup());

  test('16-bit stereo, odd frame count (partial last bin at every level)', async () => {
    const frames = 48000 + 333;
    const file = join(tmp.dir, 'a.wav');
    await writeTestWav(file, PCM16, testAudio(2, frames, 1), frames);
    const peaks = await readPeaks(await buildTakePeaks({ files: [{ path: file, channels: 2 }] }, join(tmp.dir, 'cache')));
    expect(peaks).toMatchObject({ version: 1, sampleRate: 48000, frames, trackCount: 2, scale: PEAK_SCALE });
    expectPeaksMatch(peaks, pcmChannels(file));
  });

  test('24-bit poly file with 8 ISO channels', async () => {
    const frames = 3 * 16384 + 4097;
    const file = join(tmp.dir, 'poly.wav');
    await writeTestWav(file, PCM24, testAudio(8, frames, 2, 1.3), frames);
    const peaks = await readPeaks(await buildTakePeaks({ files: [{ path: file, channels: 8 }] }, join(tmp.dir, 'cache')));
    expect(peaks.frames).toBe(frames);
    const samples = pcmChannels(file);
    // The burst past full scale was clipped by the writer: those bins reach -1 and the top code exactly.
    expect(Math.min(...samples.map((s) => s.reduce((a, b) => Math.min(a, b), 0)))).toBe(-1);
    expectPeaksMatch(peaks, samples);
  });

  test('32-bit float: exact extremes, overs clamped to ±1 in the bins but kept in the track peaks', async () => {
    const frames = 20000 + 1;
    const file = join(tmp.dir, 'float.wav');
    await writeTestWav(file, FLOAT, testAudio(2, frames, 3, 1.5), frames);
    const peaks = await readPeaks(await buildTakePeaks({ files: [{ path: file, channels: 2 }] }, join(tmp.dir, 'cache')));
    expect(peaks.sampleRate).toBe(96000);
    const samples = pcmChannels(file);
    expectPeaksMatch(peaks, samples);
    expect(peaks.trackPeaks[0]!.max).toBeGreaterThan(1.2);
    expect(Math.max(...peaks.levels[0]!.tracks[0]!)).toBe(PEAK_SCALE);
  });

  test('split take: mono files decode in parallel into one frame-aligned set of tracks', async () => {
    const frames = 30001;
    const audio = testAudio(3, frames, 4);
    const files = await Promise.all(
      audio.map(async (ch, i) => {
        const path = join(tmp.dir, `S01T01_${i + 1}.wav`);
        await writeTestWav(path, PCM24, [ch], frames);
        return { path, channels: 1 };
      }),
    );
    const peaks = await readPeaks(await buildTakePeaks({ files }, join(tmp.dir, 'cache')));
    expect(peaks.frames).toBe(frames);
    expectPeaksMatch(peaks, files.map((f) => pcmChannels(f.path)[0]!));
  });

  test('a file shorter than one bin', async () => {
    const frames = 100;
    const file = join(tmp.dir, 'tiny.wav');
    await writeTestWav(file, PCM16, testAudio(1, frames, 5), frames);
    const peaks = await readPeaks(await buildTakePeaks({ files: [{ path: file, channels: 1 }] }, join(tmp.dir, 'cache')));
    expect(peaks.levels.map((l) => l.bins)).toEqual([1, 1, 1, 1]);
    expectPeaksMatch(peaks, pcmChannels(file));
  });

  test('decodeTracks: blocks are sample-exact, frame-aligned across files, and every subscriber sees the same pass', async () => {
    const frames = 10007;
    const poly = join(tmp.dir, 'poly.wav');
    const mono = join(tmp.dir, 'mono.wav');
    const audio = testAudio(3, frames, 6);
    await writeTestWav(poly, PCM24, audio.slice(0, 2), frames);
    await writeTestWav(mono, PCM16, audio.slice(2), frames);
    const expected = [...pcmChannels(poly), ...pcmChannels(mono)];
    const got = expected.map(() => new Float64Array(frames));
    const starts: number[] = [];
    const seenBySecond: number[] = [];
    const result = await decodeTracks(
      [
        { path: poly, channels: 2 },
        { path: mono, channels: 1 },
      ],
      {
        blockFrames: 777,
        onBlock: fanOut(
          (tracks, start) => {
            starts.push(start);
            expect(new Set(tracks.map((t) => t.length)).size).toBe(1);
            tracks.forEach((t, i) => got[i]!.set(t, start));
          },
          (tracks, start) => seenBySecond.push(start + tracks[0]!.length),
        ),
      },
    );
    expect(result).toEqual({ frames, tracks: 3 });
    expect(starts).toEqual(Array.from({ length: Math.ceil(frames / 777) }, (_, k) => k * 777));
    expect(seenBySecond[seenBySecond.length - 1]).toBe(frames);
    got.forEach((g, t) => expect(g).toEqual(expected[t]));
  });

  test('decodeTracks: an abort kills ffmpeg and rejects; a missing file rejects with ffmpeg’s message', async () => {
    const frames = 48000 * 20;
    const file = join(tmp.dir, 'long.wav');
    await writeTestWav(file, PCM24, testAudio(2, frames, 7), frames);
    const ac = new AbortController();
    let blocks = 0;
    const run = decodeTracks([{ path: file, channels: 2 }], {
      signal: ac.signal,
      blockFrames: 4096,
      onBlock: () => {
        if (++blocks === 2) ac.abort();
      },
    });
    await expect(run).rejects.toThrow(/abort/i);
    expect(blocks).toBeLessThan(Math.ceil(frames / 4096));
    await expect(decodeTracks([{ path: join(tmp.dir, 'nope.wav'), channels: 1 }], { onBlock: () => undefined })).rejects.toThrow(/nope\.wav.*ffmpeg exited/s);
  });
});
