/**
 * QC on the demo card, read with the project's WAV reader (no ffmpeg): the three planted problems are found on the
 * right track and time range, every other take has no finding above 'info', and the mix loudness is measured from
 * the same pass (Mix L + Mix R through one meter).
 */
import { join } from 'node:path';
import { DEMO_PLANTED, DEMO_TAKES, DEMO_TRACKS, writeDemoCard, type DemoTake } from '../../main/demo/demo-card';
import { findingsForTake, type QcFinding, type TrackStats } from '../../main/qc';
import { parseTimecodeRate, samplesToTimecode } from '../../shared/timecode';
import { makeTempDir } from '../support/tmp';
import { analyse, decodeWav, integratedOf } from './decode';

const SR = 48000;
const RATE = parseTimecodeRate('24000/1001')!;
const tmp = makeTempDir('qc-demo');
const findings = new Map<string, QcFinding[]>();

async function qcTake(card: string, take: DemoTake): Promise<QcFinding[]> {
  const tracks: { name: string; stats: TrackStats }[] = [];
  const mix: Float32Array[] = [];
  for (const [k, file] of take.files.entries()) {
    const { info, channels } = await decodeWav(join(card, ...file.split('/')));
    expect(info.format.encoding).toBe(take.sampleFormat);
    for (const [c, samples] of channels.entries()) {
      const name = DEMO_TRACKS[take.split ? k : c]!.name;
      tracks.push({ name, stats: analyse(samples, { sampleRate: SR, encoding: info.format.encoding, bitDepth: info.format.bitsPerSample }) });
      if (name.startsWith('Mix ')) mix.push(samples);
    }
  }
  const mixLoudnessLufs = integratedOf(mix, SR);
  return findingsForTake({ name: take.name, startSamples: take.timeReference, sampleRate: SR, timecodeRate: RATE, tracks, ...(mixLoudnessLufs !== undefined ? { mixLoudnessLufs } : {}) });
}

beforeAll(async () => {
  const card = await writeDemoCard(tmp.dir);
  for (const take of DEMO_TAKES) findings.set(take.name, await qcTake(card, take));
});
afterAll(tmp.cleanup);

const TOLERANCE = 0.25; // seconds: the clipped shout starts on its first loud syllable, not on the line's edge

describe('the planted problems', () => {
  it.each(DEMO_PLANTED.map((p) => [p.kind, p.track, p.take, p] as const))('finds the %s on %s in %s', (kind, track, takeName, p) => {
    const take = DEMO_TAKES.find((t) => t.name === takeName)!;
    const fs = findings.get(takeName)!;
    const hit = fs.filter((f) => f.kind === kind);
    expect(hit).toHaveLength(1);
    const f = hit[0]!;
    expect(f.track).toBe(track);
    expect(f.severity).toBe('error');
    // Inside the planted window, and covering nearly all of it.
    expect(f.fromSeconds).toBeGreaterThanOrEqual(p.fromSeconds - 1e-9);
    expect(f.toSeconds).toBeLessThanOrEqual(p.toSeconds + 1e-9);
    expect(f.fromSeconds).toBeLessThan(p.fromSeconds + TOLERANCE);
    expect(f.toSeconds).toBeGreaterThan(p.toSeconds - TOLERANCE);
    // Timecode is the take's TimeReference plus the offset, at 23.976 ND.
    expect(f.fromTc).toBe(samplesToTimecode(take.timeReference + Math.round(f.fromSeconds * SR), SR, RATE));
    expect(f.message.startsWith(track)).toBe(true);
    if (kind !== 'dead-track') expect(f.message).toContain(f.fromTc!); // a dead track is the whole take
    // Nothing else on that take is more than info.
    expect(fs.filter((x) => x !== f && x.severity !== 'info')).toEqual([]);
  });

  it('says it in plain language', () => {
    const msgs = DEMO_PLANTED.map((p) => findings.get(p.take)!.find((f) => f.kind === p.kind)!.message);
    expect(msgs[0]).toMatch(/^Lav Ben clips \d+ times between 21:06:46:\d\d and 21:06:48:\d\d$/);
    expect(msgs[1]).toBe('Boom drops out for 120 ms at 21:09:08:07 (digital silence in the middle of the sound)');
    expect(msgs[2]).toMatch(/^Lav Ana is dead: it never rises above -9\d\.\d dBFS for the whole take \(noise floor only\)$/);
  });

  it('exact dropout and dead-track ranges', () => {
    const drop = findings.get('S01T03')!.find((f) => f.kind === 'dropout')!;
    expect([drop.fromSeconds, drop.toSeconds]).toEqual([3.2, 3.32]);
    const dead = findings.get('S02T01')!.find((f) => f.kind === 'dead-track')!;
    expect([dead.fromSeconds, dead.toSeconds]).toEqual([0, 8.2]);
    expect([dead.fromTc, dead.toTc]).toEqual(['21:36:15:00', '21:36:23:04']);
  });
});

describe('clean takes', () => {
  const clean = DEMO_TAKES.filter((t) => !DEMO_PLANTED.some((p) => p.take === t.name));

  it.each(clean.map((t) => [t.name, t.sampleFormat, t.split ? 'split' : 'poly'] as const))('%s (%s, %s) has no finding above info', (name) => {
    const fs = findings.get(name)!;
    expect(fs.filter((f) => f.severity !== 'info')).toEqual([]);
  });

  it('every take carries its loudness summary with the mix loudness', () => {
    for (const take of DEMO_TAKES) {
      const l = findings.get(take.name)!.filter((f) => f.kind === 'loudness');
      expect(l).toHaveLength(1);
      expect(l[0]!.message).toMatch(new RegExp(`^${take.name} integrated loudness \\(EBU R128\\): mix -\\d+\\.\\d LUFS; Boom -`));
    }
  });
});
