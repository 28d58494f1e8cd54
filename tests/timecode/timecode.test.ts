/**
 * shared/timecode against known values (the 702T's A101_1.WAV, SMPTE drop-frame tables), exhaustive and random
 * round trips over a whole day at every rate, and the Wave Agent sound report's Start TC for every real file.
 */
import fc from 'fast-check';
import { join } from 'node:path';
import {
  endTimecode,
  formatDuration,
  framesPerDay,
  framesToTimecode,
  parseTimecodeRate,
  samplesToFrames,
  samplesToTimecode,
  timecodeRate,
  timecodeToFrames,
  type TimecodeRate,
} from '../../shared/timecode';
import { NO_FIXTURES, readTakeFiles, readWaveAgentCsv, recordersDir, rowFor } from '../takes/recorder-fixtures';

function rate(text: string): TimecodeRate {
  const r = parseTimecodeRate(text);
  if (!r) throw new Error(`no rate ${text}`);
  return r;
}

const RATES: TimecodeRate[] = [
  '23.976 ND', '24 ND', '25 ND', '29.97 ND', '29.97 DF', '30 ND', '30 DF', '47.952 ND', '48 ND', '50 ND', '59.94 ND', '59.94 DF', '60 ND', '60 DF',
].map(rate);

describe('parseTimecodeRate', () => {
  it.each([
    ['24000/1001', undefined, '23.976 ND'],
    ['30000/1001', 'DF', '29.97 DF'],
    ['30000/1001', 'NDF', '29.97 ND'],
    ['30000/1001', undefined, '29.97 ND'],
    ['25/1', 'NDF', '25 ND'],
    ['24/1', undefined, '24 ND'],
    ['60000/1001', 'DF', '59.94 DF'],
    ['48000/1001', undefined, '47.952 ND'],
    ['23.976', undefined, '23.976 ND'],
    ['23.98', undefined, '23.976 ND'],
    ['29.97', 'DF', '29.97 DF'],
    ['023.976-ND', undefined, '23.976 ND'], // Sound Devices sSPEED
    ['029.970-DF', undefined, '29.97 DF'],
    ['025.000-ND', undefined, '25 ND'],
    ['030.000-DF', undefined, '30 DF'],
    ['25.000ND', undefined, '25 ND'], // Zoom F8 SPEED, no dash
    ['23.97 ND', undefined, '23.976 ND'], // Wave Agent
    ['29.97 DF', 'NDF', '29.97 DF'], // the text's own suffix wins
    ['25 DF', undefined, '25 ND'], // no drop frame exists at 25
  ] as const)('%s (flag %s) is %s', (text, flag, label) => {
    expect(parseTimecodeRate(text, flag)?.label).toBe(label);
  });

  it.each(['', 'fast', '0', '12.5', '1/0', '23.5', '24000/1000/1', '-25'])('rejects %j', (text) => {
    expect(parseTimecodeRate(text)).toBeUndefined();
  });

  it('reads back its own labels', () => {
    for (const r of RATES) expect(parseTimecodeRate(r.label)).toEqual(r);
  });

  it('describes the rate', () => {
    expect(rate('23.976 ND')).toEqual({ nominalFps: 24, pullDown: true, dropFrame: false, label: '23.976 ND' });
    expect(rate('59.94 DF')).toEqual({ nominalFps: 60, pullDown: true, dropFrame: true, label: '59.94 DF' });
    expect(timecodeRate(25, true, true)).toEqual({ nominalFps: 25, pullDown: false, dropFrame: false, label: '25 ND' });
  });
});

describe('samples to timecode', () => {
  const r23 = rate('23.976 ND');

  it("gives the 702T's A101_1.WAV (2190940753 samples at 48 kHz, 23.976 ND) 12:39:59:00", () => {
    expect(samplesToFrames(2190940753n, 48000, r23)).toBe(1094376);
    expect(samplesToFrames(2190940753, 48000, r23)).toBe(1094376);
    expect(samplesToTimecode(2190940753n, 48000, r23)).toBe('12:39:59:00');
    // Without the 1000/1001 pull-down it would read 12:40:44:14, 45 s late.
    expect(samplesToTimecode(2190940753n, 48000, rate('24 ND'))).toBe('12:40:44:14');
  });

  it('floors inside a frame: a take started late in a frame shows that frame, not the next', () => {
    // 23.976 at 48 kHz: 2002 samples a frame, edges on whole samples.
    expect(samplesToFrames(1094376 * 2002 + 2001, 48000, r23)).toBe(1094376);
    expect(samplesToFrames(1094376 * 2002 - 1, 48000, r23)).toBe(1094375);
    expect(samplesToFrames(0, 48000, r23)).toBe(0);
  });

  it('counts an edge that falls between samples for either neighbouring sample a recorder may write', () => {
    // 29.97 at 48 kHz: 1601.6 samples a frame; frame 1 starts at 1601.6.
    const r = rate('29.97 ND');
    expect(samplesToFrames(1601, 48000, r)).toBe(1);
    expect(samplesToFrames(1602, 48000, r)).toBe(1);
    expect(samplesToFrames(1600, 48000, r)).toBe(0);
  });

  it('finds every frame of the day from its first sample, its truncated edge and its last sample, at every rate and sample rate', () => {
    fc.assert(
      fc.property(fc.constantFrom(...RATES), fc.constantFrom(44100, 48000, 96000, 192000), fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), (r, sr, at) => {
        const k = BigInt(Math.floor(at * framesPerDay(r)));
        const num = BigInt(r.nominalFps * (r.pullDown ? 1000 : 1));
        const den = BigInt(sr) * (r.pullDown ? 1001n : 1n);
        const edge = (f: bigint): [bigint, bigint] => [(f * den) / num, (f * den + num - 1n) / num]; // floor, ceil
        const [lo, hi] = edge(k);
        const [, nextHi] = edge(k + 1n);
        expect(samplesToFrames(hi, sr, r)).toBe(Number(k));
        expect(samplesToFrames(lo, sr, r)).toBe(Number(k));
        expect(samplesToFrames(nextHi - 2n, sr, r)).toBe(Number(k));
      }),
      { numRuns: 3000 },
    );
  });

  it('stays exact at the end of the day, where a float computation drifts', () => {
    // Last frame of a 23.976 day: 2073599 × 2002 samples since midnight, 4.15e9 (past u32, why some apps write it negative).
    expect(samplesToTimecode(2073599n * 2002n, 48000, r23)).toBe('23:59:59:23');
    expect(samplesToTimecode(2073599n * 2002n - 1n, 48000, r23)).toBe('23:59:59:22');
    // A u64 no recorder writes still gives an exact, wrapped timecode instead of a rounded number.
    const huge = 2n ** 64n - 1n;
    const frames = (huge + 1n) * 24000n / 48048000n; // exact floor at 23.976/48k (edges on whole samples)
    expect(samplesToTimecode(huge, 48000, r23)).toBe(framesToTimecode(Number(frames % 2073600n), r23));
  });

  it('rejects a sample rate that is no positive integer', () => {
    expect(() => samplesToFrames(1, 0, r23)).toThrow(RangeError);
    expect(() => samplesToFrames(1, 47999.5, r23)).toThrow(RangeError);
  });

  it('ends a take at start + duration, wrapping past midnight', () => {
    // A101_1.WAV is 240239 sample frames: it ends at 12:40:04:00, where A101_2.WAV starts (4 samples later).
    expect(endTimecode(2190940753n, 240239, 48000, r23)).toBe('12:40:04:00');
    expect(samplesToTimecode(2191180996n, 48000, r23)).toBe('12:40:04:00');
    const r25 = rate('25 ND');
    expect(endTimecode(BigInt((86400 - 1) * 48000), 2 * 48000, 48000, r25)).toBe('00:00:01:00');
  });
});

describe('frames and timecode', () => {
  it.each([
    ['29.97 DF', 0, '00:00:00;00'],
    ['29.97 DF', 1799, '00:00:59;29'],
    ['29.97 DF', 1800, '00:01:00;02'],
    ['29.97 DF', 3597, '00:01:59;29'],
    ['29.97 DF', 3598, '00:02:00;02'],
    ['29.97 DF', 17981, '00:09:59;29'],
    ['29.97 DF', 17982, '00:10:00;00'],
    ['29.97 DF', 17982 + 1800, '00:11:00;02'],
    ['29.97 DF', 107892, '01:00:00;00'],
    ['29.97 DF', 2589407, '23:59:59;29'],
    ['29.97 DF', 2589408, '00:00:00;00'], // wraps
    ['29.97 DF', -1, '23:59:59;29'],
    ['59.94 DF', 3599, '00:00:59;59'],
    ['59.94 DF', 3600, '00:01:00;04'],
    ['59.94 DF', 35964, '00:10:00;00'],
    ['29.97 ND', 1800, '00:01:00:00'],
    ['23.976 ND', 1094376, '12:39:59:00'],
    ['25 ND', 2160000, '00:00:00:00'],
  ] as const)('%s frame %d is %s', (r, frames, tc) => {
    expect(framesToTimecode(frames, rate(r))).toBe(tc);
  });

  it('counts a day of frames', () => {
    expect(framesPerDay(rate('29.97 DF'))).toBe(2589408);
    expect(framesPerDay(rate('59.94 DF'))).toBe(5178816);
    expect(framesPerDay(rate('23.976 ND'))).toBe(2073600);
  });

  it.each([
    ['29.97 DF', '00:01:00;00'], // dropped
    ['29.97 DF', '00:01:00;01'], // dropped
    ['59.94 DF', '00:01:00;03'], // dropped
    ['25 ND', '00:00:00:25'],
    ['24 ND', '24:00:00:00'],
    ['24 ND', '00:60:00:00'],
    ['24 ND', '12:39:59'],
    ['24 ND', 'noon'],
  ] as const)('%s has no timecode %s', (r, tc) => {
    expect(timecodeToFrames(tc, rate(r))).toBeUndefined();
  });

  it('reads any separator before the frames', () => {
    expect(timecodeToFrames('00:10:00;00', rate('29.97 DF'))).toBe(17982);
    expect(timecodeToFrames('00:10:00:00', rate('29.97 DF'))).toBe(17982);
    expect(timecodeToFrames('00:01:00.02', rate('29.97 DF'))).toBe(1800);
    expect(timecodeToFrames('12:39:59:00', rate('23.976 ND'))).toBe(1094376);
  });

  it('round-trips around every minute boundary of the day at every rate, labels in strict order', () => {
    const wrong: string[] = []; // one expect at the end: 140,000 calls to expect() would take seconds
    for (const r of RATES) {
      const perMinute = r.nominalFps * 60 - (r.dropFrame ? (r.nominalFps / 30) * 2 : 0);
      let last = '';
      let n = 0;
      for (let minute = 0; minute < 1440; minute++) {
        // Frames of a minute under drop frame: full at every tenth minute, short by the dropped numbers otherwise.
        const length = minute % 10 === 0 ? r.nominalFps * 60 : perMinute;
        const hhmm = `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
        for (const f of [n - 2, n - 1, n, n + 1, n + 2, n + 3, n + 4]) {
          if (f < 0 || f >= framesPerDay(r)) continue;
          const tc = framesToTimecode(f, r);
          if (timecodeToFrames(tc, r) !== f) wrong.push(`${r.label} frame ${f} -> ${tc} -> ${timecodeToFrames(tc, r)}`);
          if (f === n && !tc.startsWith(hhmm)) wrong.push(`${r.label} frame ${f} (first of minute ${hhmm}) is ${tc}`);
        }
        const first = framesToTimecode(n, r);
        if (!(first > last)) wrong.push(`${r.label}: ${first} does not follow ${last}`);
        last = first;
        n += length;
      }
      if (n !== framesPerDay(r)) wrong.push(`${r.label}: minutes add up to ${n} frames, not ${framesPerDay(r)}`);
    }
    expect(wrong).toEqual([]);
  });

  it('round-trips any frame of the day (property, DF and ND at every rate)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...RATES), fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), (r, at) => {
        const n = Math.floor(at * framesPerDay(r));
        const tc = framesToTimecode(n, r);
        expect(timecodeToFrames(tc, r)).toBe(n);
        if (n + 1 < framesPerDay(r)) expect(framesToTimecode(n + 1, r) > tc).toBe(true);
      }),
      { numRuns: 4000 },
    );
  });

  it('round-trips frames near minute boundaries (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...RATES), fc.integer({ min: 0, max: 1439 }), fc.integer({ min: -3, max: 5 }), (r, minute, offset) => {
        const tcAtMinute = `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00${r.dropFrame ? ';' : ':'}`;
        const drop = r.dropFrame && minute % 10 !== 0 ? (r.nominalFps / 30) * 2 : 0;
        const edge = timecodeToFrames(`${tcAtMinute}${String(drop).padStart(2, '0')}`, r)!;
        const n = (((edge + offset) % framesPerDay(r)) + framesPerDay(r)) % framesPerDay(r);
        expect(timecodeToFrames(framesToTimecode(n, r), r)).toBe(n);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '00:00:00'],
    [5.004979, '00:00:05'],
    [59.999, '00:00:59'],
    [3600, '01:00:00'],
    [90061, '25:01:01'],
    [-3, '00:00:00'],
    [Number.NaN, '00:00:00'],
  ])('%d s is %s', (s, text) => {
    expect(formatDuration(s)).toBe(text);
  });
});

const recorders = recordersDir();
const fixtureIt = recorders ? it : it.skip;
if (!recorders) console.warn(`tests/timecode: ${NO_FIXTURES}`);

describe('the Sound Devices files against their Wave Agent sound report', () => {
  fixtureIt('every file starts at the Start TC, runs the Length and has the Frame Rate the report says', async () => {
    const dir = recorders!;
    const rows = readWaveAgentCsv(join(dir, 'WaveAgentSoundReport.sounddevices.csv'));
    const files = await readTakeFiles(dir, join(dir, 'sounddevices'));
    expect(files.map((f) => f.relativePath)).toEqual([
      'sounddevices/A101_1.WAV',
      'sounddevices/A101_1_1.WAV',
      'sounddevices/A101_1_2.WAV',
      'sounddevices/A101_2.WAV',
      'sounddevices/A101_3.WAV',
      'sounddevices/A101_4.WAV',
    ]);
    for (const { relativePath, info } of files) {
      const row = rowFor(rows, relativePath.split('/').pop()!);
      expect(row).toBeDefined();
      const reportRate = parseTimecodeRate(row!['Frame Rate']!)!;
      const fileRate = parseTimecodeRate(info.ixml!.speed!.timecodeRate!, info.ixml!.speed!.timecodeFlag)!;
      expect(fileRate).toEqual(reportRate);
      expect({ file: relativePath, tc: samplesToTimecode(info.bext!.timeReference, info.format.sampleRate, fileRate) }).toEqual({
        file: relativePath,
        tc: row!['Start TC'],
      });
      expect(formatDuration(info.durationSeconds)).toBe(row!['Length']);
    }
  });
});
