/**
 * Peaks of the real recorder files (Sound Devices 702T, Zoom F8) against their PCM bytes: every WAV under
 * ../shared/fixtures/recorders is decoded by the real ffmpeg into a temp cache, and every level of every track is
 * compared bin by bin with what the test's own reader of the sample bytes computes. The fixtures are read in place and
 * never written: the cache lives in a temp folder, and the tree is checked unchanged at the end.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fixturesDir } from '../support/fixtures';
import { makeTempDir } from '../support/tmp';
import { readWavInfo } from '../../main/wav';
import { DEFAULT_LEVELS, PEAK_SCALE, buildTakePeaks, readPeaks } from '../../main/waveform';
import { expectedPairs, ffmpegMissing, firstDifference, pcmChannels } from './helpers';

/** WAV files found in the recorder fixtures today (6 Sound Devices + 9 Zoom F8): fewer means a fixture vanished. */
const MIN_WAVS = 15;

const fixtures = fixturesDir();
const recorders = fixtures === undefined ? undefined : join(fixtures, 'recorders');
const noFfmpeg = ffmpegMissing();
const skip = fixtures === undefined ? 'the shared fixtures folder ../shared/fixtures is absent in this checkout' : noFfmpeg;
if (skip) console.warn(`waveform fixture peaks tests skipped: ${skip}`);
const maybe = skip ? describe.skip : describe;

/** Every file under `dir`, '/'-separated and relative to it, sorted (an absent folder gives none). */
function walk(dir: string): string[] {
  const out: string[] = [];
  const visit = (d: string): void => {
    let names: string[];
    try {
      names = readdirSync(d).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) visit(p);
      else out.push(relative(dir, p).split(sep).join('/'));
    }
  };
  visit(dir);
  return out;
}

/** Name, size and mtime of every file of the tree: a write into the read-only fixtures would change it. */
function treeState(dir: string): string[] {
  return walk(dir).map((rel) => {
    const s = statSync(join(dir, ...rel.split('/')));
    return `${rel} ${s.size} ${s.mtimeMs}`;
  });
}

const wavs = recorders === undefined || skip ? [] : walk(recorders).filter((rel) => /\.wav$/i.test(rel));

maybe('waveform peaks of the real recorder files', () => {
  // Made in beforeAll, not here: a skipped describe still runs its body but never its afterAll.
  let tmp: ReturnType<typeof makeTempDir>;
  let cacheDir: string;
  let before: string[];
  beforeAll(() => {
    tmp = makeTempDir('fixture-peaks');
    cacheDir = join(tmp.dir, 'cache');
    before = treeState(recorders!);
  });
  afterAll(() => tmp.cleanup());

  test(`finds at least ${MIN_WAVS} WAV files, from both recorders`, () => {
    expect(wavs.length).toBeGreaterThanOrEqual(MIN_WAVS);
    expect(wavs.some((rel) => rel.startsWith('sounddevices/'))).toBe(true);
    expect(wavs.some((rel) => rel.startsWith('zoom_F8/'))).toBe(true);
  });

  // it.each refuses an empty table; the count test above fails in that case.
  if (wavs.length) {
    test.each(wavs)('%s: every level of every track matches its PCM', async (rel) => {
      const path = join(recorders!, ...rel.split('/'));
      const info = await readWavInfo(path);
      const channels = info.format.channels;
      const peaks = await readPeaks(await buildTakePeaks({ files: [{ path, channels }] }, cacheDir));
      expect(peaks).toMatchObject({ version: 1, sampleRate: info.format.sampleRate, frames: info.frames, trackCount: channels, scale: PEAK_SCALE });
      expect(peaks.levels.map((l) => [l.samplesPerBin, l.bins])).toEqual(DEFAULT_LEVELS.map((spb) => [spb, Math.ceil(info.frames / spb)]));

      const samples = pcmChannels(path);
      expect(samples.map((s) => s.length)).toEqual(Array.from({ length: channels }, () => info.frames));
      for (const level of peaks.levels) {
        samples.forEach((s, t) => {
          const diff = firstDifference(level.tracks[t]!, expectedPairs(s, level.samplesPerBin));
          expect({ level: level.samplesPerBin, track: t + 1, diff }).toEqual({ level: level.samplesPerBin, track: t + 1, diff: undefined });
        });
      }
      // The unquantised per-track extremes in the header are the true ones.
      expect(peaks.trackPeaks).toEqual(
        samples.map((s) => ({ min: Math.fround(s.reduce((a, b) => Math.min(a, b), Infinity)), max: Math.fround(s.reduce((a, b) => Math.max(a, b), -Infinity)) })),
      );
    });
  }

  test('the fixtures folder is left as it was (nothing written into it)', () => {
    expect(treeState(recorders!)).toEqual(before);
  });
});
