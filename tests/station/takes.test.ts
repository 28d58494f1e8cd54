/**
 * The mixer's view through the station, on real parts: the demo card written, offloaded to two folders with the
 * analysis following it (real ffmpeg, real catalog file), then every take command through `dispatch` as a bridge
 * would call it. Rolls and takes with their QC, one take in detail, the mixer's edits (kept beside the recorder's
 * values, surviving a restart and a re-index, never touching a media file), peaks levels as the cache holds them,
 * windows of audio equal to the samples in the WAV bytes, and refusals in plain words.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  StationError,
  type RollListView,
  type StationEvents,
  type TakeAudioView,
  type TakeDetailView,
  type TakePeaksView,
  type TakeRowView,
} from '../../shared/contract';
import { DEMO_PLANTED, DEMO_TAKES, DEMO_TRACKS, writeDemoCard, type DemoTake } from '../../main/demo/demo-card';
import { indexRoll } from '../../main/library';
import { createServices, type Services } from '../../main/services';
import { createStation, type Station } from '../../main/station';
import { ffmpegPath, readPeaks } from '../../main/waveform';
import { readWavInfo } from '../../main/wav';
import { makeTempDir } from '../support/tmp';
import { ffmpegMissing } from '../waveform/helpers';

const skip = ffmpegMissing();
if (skip) console.warn(`station take tests skipped: ${skip}`);
const maybe = skip ? describe.skip : describe;

/** Every file under `dir`, relative path → sha256. */
function hashTree(dir: string, out = new Map<string, string>(), base = dir): Map<string, string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) hashTree(p, out, base);
    else out.set(p.slice(base.length), createHash('sha256').update(readFileSync(p)).digest('hex'));
  }
  return out;
}

/** The recorder's flags for a demo take, as the catalog files them. */
const demoFlags = (t: DemoTake): string[] => (t.takeType === 'DEFAULT' ? [] : [t.takeType]);

/** Int16 of a window of one channel, decoded by hand from the WAV's bytes (24-bit PCM rounded, float scaled by 32768). */
async function expectedWindow(file: string, channel: number, from: number, n: number): Promise<Int16Array> {
  const info = await readWavInfo(file);
  const bytes = readFileSync(file);
  const size = info.format.bitsPerSample / 8;
  const out = new Int16Array(Math.max(0, Math.min(n, info.frames - from)));
  for (let i = 0; i < out.length; i++) {
    const at = info.dataOffset + (from + i) * info.format.blockAlign + (channel - 1) * size;
    const v = info.format.encoding === 'float' ? Math.round(bytes.readFloatLE(at) * 32768) : Math.round(bytes.readIntLE(at, 3) / 256);
    out[i] = Math.max(-32768, Math.min(32767, v));
  }
  return out;
}

/** The same window through ffmpeg (s16le, interleaved): ffmpeg truncates 24 → 16 bits where the station rounds. */
function ffmpegWindow(file: string, from: number, n: number, channels: number): Int16Array[] {
  const r = spawnSync(ffmpegPath(), ['-v', 'error', '-i', file, '-af', `atrim=start_sample=${from}:end_sample=${from + n}`, '-f', 's16le', '-acodec', 'pcm_s16le', '-'], {
    maxBuffer: 1 << 28,
  });
  if (r.status !== 0) throw new Error(`ffmpeg failed: ${r.stderr.toString()}`);
  const all = new Int16Array(r.stdout.buffer, r.stdout.byteOffset, r.stdout.byteLength / 2);
  const frames = all.length / channels;
  return Array.from({ length: channels }, (_, c) => Int16Array.from({ length: frames }, (_, i) => all[i * channels + c]!));
}

const samplesOf = (b64: string): Int16Array => {
  const b = Buffer.from(b64, 'base64');
  return new Int16Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
};

/** The largest absolute difference between two sample arrays of equal length. */
function maxDiff(a: Int16Array, b: Int16Array): number {
  expect(a.length).toBe(b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  return d;
}

maybe('the mixer’s view through the station', () => {
  const tmp = makeTempDir('station-takes');
  const catalogPath = join(tmp.dir, 'catalog.sqlite');
  let card: string;
  let services: Services;
  let station: Station;
  let rollId: number;
  let rows: TakeRowView[];
  let filesBefore: Map<string, string>;
  const events: StationEvents['catalog.changed'][] = [];

  const call = <T>(name: string, payload: unknown): Promise<T> => station.dispatch(name, payload) as Promise<T>;
  const demo = (name: string): DemoTake => DEMO_TAKES.find((t) => t.name === name)!;
  const idOf = (name: string): number => {
    const d = demo(name);
    return rows.find((r) => r.scene === d.scene && r.take === String(d.take))!.id;
  };
  const open = (): void => {
    services = createServices({ catalogPath });
    station = createStation({ services, host: 'browser' });
    station.on('catalog.changed', (e) => events.push(e));
  };
  const close = async (): Promise<void> => {
    await station.close();
    await services.close();
  };
  const allFiles = (): Map<string, string> => new Map([...['card', 'a', 'b'].flatMap((d) => [...hashTree(join(tmp.dir, d))].map(([p, h]) => [`${d}${p}`, h] as const))]);

  beforeAll(async () => {
    card = await writeDemoCard(join(tmp.dir, 'card'));
    for (const d of ['a', 'b']) mkdirSync(join(tmp.dir, d));
    open();
    const summary = await services.offload({ source: card, destinations: [join(tmp.dir, 'a'), join(tmp.dir, 'b')], project: 'Night Ext' }).result;
    expect(summary.safeToFormat).toBe(true);
    await services.analysis.idle();
    filesBefore = allFiles();
    const rolls = await call<RollListView[]>('rolls.list', {});
    rollId = rolls[0]!.id;
    rows = await call<TakeRowView[]>('takes.list', { rollId });
  }, 300_000);

  afterAll(async () => {
    await close();
    tmp.cleanup();
  });

  test('rolls.list: the roll with its 14 takes, 3 of them with errors (the planted problems)', async () => {
    expect(await call('rolls.list', {})).toEqual([{ id: rollId, project: 'Night Ext', name: 'A001', takes: DEMO_TAKES.length, takesWithErrors: DEMO_PLANTED.length }]);
    expect(DEMO_TAKES).toHaveLength(14);
    expect(DEMO_PLANTED).toHaveLength(3);
  });

  test('takes.list: timecode order, the recorder’s values, QC counts and analysis per take', () => {
    expect(rows.map((r) => [r.scene, r.take])).toEqual(DEMO_TAKES.map((t) => [t.scene, String(t.take)]));
    const planted = new Set(DEMO_PLANTED.map((p) => p.take));
    for (const t of DEMO_TAKES) {
      const r = rows.find((x) => x.id === idOf(t.name))!;
      expect(r).toMatchObject({
        rollId,
        roll: 'A001',
        project: 'Night Ext',
        startTc: t.startTc,
        trackNames: DEMO_TRACKS.map((k) => k.name),
        circled: t.circled,
        flags: demoFlags(t),
        note: t.note || null,
        tags: [],
        edited: false,
        analysis: 'done',
      });
      expect(r.qc.error > 0).toBe(planted.has(t.name));
      expect(r.qc.info).toBeGreaterThan(0); // every take carries its loudness
    }
  });

  test('takes.list filters: scene, take, circled, with findings, text in notes and track names', async () => {
    const names = async (filter: object): Promise<string[]> =>
      (await call<TakeRowView[]>('takes.list', { rollId, ...filter })).map((r) => `S${r.scene!.padStart(2, '0')}T${r.take!.padStart(2, '0')}`);
    expect(await names({ scene: '2' })).toEqual(['S02T01', 'S02T02', 'S02T03', 'S02T04']);
    expect(await names({ scene: '1', take: '3' })).toEqual(['S01T03']);
    expect(await names({ circledOnly: true })).toEqual(DEMO_TAKES.filter((t) => t.circled).map((t) => t.name));
    const float = DEMO_TAKES.filter((t) => t.sampleFormat === 'float').map((t) => t.name);
    expect(await names({ withFindings: true })).toEqual(DEMO_TAKES.filter((t) => DEMO_PLANTED.some((p) => p.take === t.name) || float.includes(t.name)).map((t) => t.name));
    expect(float).toEqual(['S03T03']);
    expect(await names({ text: 'PLANE' })).toEqual(['S03T01']);
    expect(await names({ text: 'lav cara' })).toHaveLength(14);
    expect(await names({ text: 'no such words' })).toEqual([]);
    expect(await names({ rollId: 999_999 } as object)).toEqual([]);
  });

  test('takes.get: S01T02 with its 8 tracks, the clipping on Lav Ben, loudness, peaks levels and its neighbours', async () => {
    const d = (await call<TakeDetailView>('takes.get', { takeId: idOf('S01T02') }))!;
    expect(d.tracks.map((k) => [k.position, k.name, k.function, k.file, k.channel, k.note])).toEqual(
      DEMO_TRACKS.map((k, i) => [i, k.name, k.function, demo('S01T02').files[0], i + 1, '']),
    );
    for (const k of d.tracks) expect(k.peakDbfs).toEqual(expect.any(Number));
    expect(d.tracks.find((k) => k.name === 'Lav Ben')!.peakDbfs).toBeGreaterThan(-0.1);
    const clipping = d.findings.filter((f) => f.kind === 'clipping');
    expect(clipping).toEqual([expect.objectContaining({ id: expect.any(Number), origin: 'audio', severity: 'error', track: 'Lav Ben' })]);
    expect(d).toMatchObject({
      sampleRate: 48000,
      bitDepth: 24,
      encoding: 'pcm',
      frames: demo('S01T02').frames,
      startSamples: demo('S01T02').timeReference,
      files: demo('S01T02').files,
      recorder: { note: 'Ben loud on line 3', circled: false, flags: [] },
      mixer: {},
      peakLevels: [256, 1024, 4096, 16384],
      analysis: 'done',
      previousId: idOf('S01T01'),
      nextId: idOf('S01T03'),
    });
    expect(d.qc.error).toBe(d.findings.filter((f) => f.severity === 'error').length);
    expect(d.mixLoudnessLufs).toBeLessThan(0);
    expect((await call<TakeDetailView>('takes.get', { takeId: idOf('S01T01') }))!.previousId).toBeNull();
    expect((await call<TakeDetailView>('takes.get', { takeId: idOf('S03T05') }))!.nextId).toBeNull();
    expect(await call('takes.get', { takeId: 999_999 })).toBeNull();
  });

  test('takes.peaks: each level exactly as the peaks cache holds it; a level or take without peaks is said so', async () => {
    const takeId = idOf('S01T02');
    const file = services.catalog.qc.analysis(takeId)!.peaksFile!;
    const cached = await readPeaks(file);
    for (const level of cached.levels) {
      const v = (await call<TakePeaksView>('takes.peaks', { takeId, samplesPerBin: level.samplesPerBin }))!;
      expect(v).toMatchObject({ takeId, samplesPerBin: level.samplesPerBin, bins: level.bins, frames: cached.frames, sampleRate: 48000, scale: cached.scale });
      expect(v.tracks).toHaveLength(8);
      v.tracks.forEach((b64, t) => expect(samplesOf(b64)).toEqual(level.tracks[t]));
    }
    const err = (await call('takes.peaks', { takeId, samplesPerBin: 300 }).catch((e: unknown) => e)) as StationError;
    expect(err).toBeInstanceOf(StationError);
    expect(err.code).toBe('not-found');
    expect(err.message).toBe('Scene 1 take 2 has no peaks at 300 samples per bin (it has 256, 1024, 4096, 16384)');
    expect(await call('takes.peaks', { takeId: 999_999, samplesPerBin: 256 })).toBeNull();
  });

  test('takes.analyse on a take never analysed: pending and without peaks before, done with peaks after', async () => {
    const takeId = idOf('S02T02');
    services.catalog.db.prepare('DELETE FROM take_analyses WHERE take_id = ?').run(takeId);
    const before = (await call<TakeDetailView>('takes.get', { takeId }))!;
    expect(before).toMatchObject({ analysis: 'pending', peakLevels: [], mixLoudnessLufs: null });
    expect(before.tracks.every((k) => k.peakDbfs === null)).toBe(true);
    await expect(call('takes.peaks', { takeId, samplesPerBin: 256 })).rejects.toMatchObject({ code: 'not-found', message: 'Scene 2 take 2 has no waveform yet: it has not been analysed' });
    const after = await call<TakeDetailView>('takes.analyse', { takeId });
    expect(after).toMatchObject({ id: takeId, analysis: 'done', peakLevels: [256, 1024, 4096, 16384] });
    expect(after.tracks.every((k) => typeof k.peakDbfs === 'number')).toBe(true);
    expect((await call<TakePeaksView>('takes.peaks', { takeId, samplesPerBin: 4096 }))!.bins).toBe(Math.ceil(demo('S02T02').frames / 4096));
    // Forced again: decoded again, same view.
    expect(await call<TakeDetailView>('takes.analyse', { takeId, force: true })).toMatchObject({ analysis: 'done', qc: after.qc });
  });

  describe('takes.audio', () => {
    const audio = (takeId: number, fromFrame: number, frames: number): Promise<TakeAudioView> => call<TakeAudioView>('takes.audio', { takeId, fromFrame, frames });

    test.each([
      ['S01T02', 'poly 24-bit'],
      ['S03T02', 'split mono files'],
      ['S03T03', '32-bit float'],
    ])('%s (%s): a window in the middle and one crossing the end equal the samples in the card’s bytes', async (name) => {
      const t = demo(name);
      const takeId = idOf(name);
      for (const [from, asked] of [
        [123_457, 48_000],
        [t.frames - 1000, 5000],
      ] as const) {
        const v = await audio(takeId, from, asked);
        const n = Math.min(asked, t.frames - from);
        expect(v).toMatchObject({ takeId, sampleRate: 48000, fromFrame: from, frames: n, tracks: 8 });
        for (let k = 0; k < 8; k++) {
          const file = join(card, t.split ? t.files[k]! : t.files[0]!);
          const expected = await expectedWindow(file, t.split ? 1 : k + 1, from, asked);
          expect(expected.length).toBe(n);
          expect(samplesOf(v.data[k]!)).toEqual(expected);
        }
        if (!t.split) {
          // ffmpeg, independently: within one step (it truncates 24-bit where the station rounds).
          const ff = ffmpegWindow(join(card, t.files[0]!), from, n, 8);
          for (let k = 0; k < 8; k++) expect(maxDiff(samplesOf(v.data[k]!), ff[k]!)).toBeLessThanOrEqual(1);
        }
      }
    });

    test('past the end gives no frames; a window is at most MAX_AUDIO_WINDOW_SECONDS; timing', async () => {
      const t = demo('S01T02');
      expect(await audio(idOf('S01T02'), t.frames + 10, 100)).toMatchObject({ frames: 0, tracks: 8, data: Array(8).fill('') });
      expect(t.frames).toBeGreaterThan(480_000);
      expect((await audio(idOf('S01T02'), 0, t.frames)).frames).toBe(480_000);
      const runs: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t0 = performance.now();
        await audio(idOf('S01T04'), 48_000 + i * 4800, 96_000);
        runs.push(performance.now() - t0);
      }
      console.log(`takes.audio, 8 tracks × 2 s at 48 kHz 24-bit through dispatch (base64 included): ${runs.map((r) => r.toFixed(1)).join(', ')} ms`);
    });

    test('with every copy unplugged: unavailable, saying which drive to connect; unknown take: not found', async () => {
      renameSync(join(tmp.dir, 'a'), join(tmp.dir, 'a-off'));
      renameSync(join(tmp.dir, 'b'), join(tmp.dir, 'b-off'));
      try {
        await expect(audio(idOf('S01T03'), 0, 100)).rejects.toMatchObject({
          code: 'unavailable',
          message: expect.stringMatching(/^Scene 1 take 3 cannot be played: no verified copy of .*S01T03\.WAV is reachable .*connect one of its drives$/),
        });
        await expect(call('takes.analyse', { takeId: idOf('S01T03'), force: true })).rejects.toMatchObject({ code: 'unavailable', message: expect.stringMatching(/^Scene 1 take 3 could not be analysed: no verified copy/) });
      } finally {
        renameSync(join(tmp.dir, 'a-off'), join(tmp.dir, 'a'));
        renameSync(join(tmp.dir, 'b-off'), join(tmp.dir, 'b'));
      }
      await expect(audio(999_999, 0, 100)).rejects.toMatchObject({ code: 'not-found', message: 'no take #999999 in the catalog' });
    });
  });

  describe('takes.update', () => {
    test('note, circle, flags, tags and track notes round-trip beside the recorder’s values, with an event', async () => {
      const takeId = idOf('S01T04');
      events.length = 0;
      const d = await call<TakeDetailView>('takes.update', {
        takeId,
        note: 'Bus passes under line 2',
        circled: true,
        flags: ['NO_GOOD', 'ADR'],
        tags: ['dialogue', 'fix in post'],
        trackNotes: { '3': 'Ben lav rustle' },
      });
      expect(events).toEqual([{ scope: 'takes', takeId }]);
      expect(d).toMatchObject({
        id: takeId,
        note: 'Bus passes under line 2',
        circled: true,
        flags: ['ADR', 'NO_GOOD'],
        tags: ['dialogue', 'fix in post'],
        edited: true,
        recorder: { note: null, circled: false, flags: [] },
        mixer: { note: 'Bus passes under line 2', circled: true, flags: ['ADR', 'NO_GOOD'], tags: ['dialogue', 'fix in post'], trackNotes: { '3': 'Ben lav rustle' } },
      });
      expect(d.mixer.updatedAt).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT/));
      expect(d.tracks.map((k) => k.note)).toEqual(['', '', '', 'Ben lav rustle', '', '', '', '']);
      expect(await call('takes.get', { takeId })).toEqual(d);
      // The list shows the effective values and finds them.
      const row = (await call<TakeRowView[]>('takes.list', { rollId })).find((r) => r.id === takeId)!;
      expect(row).toMatchObject({ note: 'Bus passes under line 2', circled: true, flags: ['ADR', 'NO_GOOD'], tags: ['dialogue', 'fix in post'], edited: true });
      for (const text of ['bus passes', 'FIX IN', 'rustle']) expect((await call<TakeRowView[]>('takes.list', { rollId, text })).map((r) => r.id)).toEqual([takeId]);
      expect((await call<TakeRowView[]>('takes.list', { rollId, circledOnly: true })).map((r) => r.id)).toContain(takeId);
    });

    test('null gives the recorder’s value back; fields not named are unchanged', async () => {
      const takeId = idOf('S01T03'); // recorder: circled, 'car pass at end'
      const edited = await call<TakeDetailView>('takes.update', { takeId, note: 'car pass from 8 s', circled: false });
      expect(edited).toMatchObject({ note: 'car pass from 8 s', circled: false, recorder: { note: 'car pass at end', circled: true, flags: [] } });
      expect((await call<TakeRowView[]>('takes.list', { rollId, circledOnly: true })).map((r) => r.id)).not.toContain(takeId);
      const back = await call<TakeDetailView>('takes.update', { takeId, note: null });
      expect(back).toMatchObject({ note: 'car pass at end', circled: false, edited: true, mixer: { circled: false } });
      // Track notes are sent whole, as the notes panel holds them: a lane left out has no note any more.
      const two = await call<TakeDetailView>('takes.update', { takeId, trackNotes: { '0': 'boom bump', '5': 'plant hum' } });
      expect(two.tracks.map((k) => k.note)).toEqual(['boom bump', '', '', '', '', 'plant hum', '', '']);
      const one = await call<TakeDetailView>('takes.update', { takeId, trackNotes: { '5': 'plant hum' } });
      expect(one.mixer.trackNotes).toEqual({ '5': 'plant hum' });
      expect((await call<TakeDetailView>('takes.update', { takeId, trackNotes: null })).mixer.trackNotes).toBeUndefined();
      const clean = await call<TakeDetailView>('takes.update', { takeId, circled: null });
      expect(clean).toMatchObject({ note: 'car pass at end', circled: true, edited: false, mixer: {} });
      const other = idOf('S01T04');
      const unchanged = await call<TakeDetailView>('takes.update', { takeId: other, tags: ['dialogue'] });
      expect(unchanged).toMatchObject({ note: 'Bus passes under line 2', circled: true, tags: ['dialogue'], mixer: { trackNotes: { '3': 'Ben lav rustle' } } });
    });

    test('edits survive a restart of the app and a re-index of the roll; no media file changed', async () => {
      const takeId = idOf('S01T04');
      const before = await call<TakeDetailView>('takes.get', { takeId });
      await close();
      open();
      expect(await call('takes.get', { takeId })).toEqual(before);
      indexRoll(services.catalog, rollId);
      const after = (await call<TakeDetailView>('takes.get', { takeId }))!;
      expect(after).toMatchObject({ id: takeId, note: before!.note, circled: true, tags: ['dialogue'], mixer: before!.mixer });
      expect((await call<TakeRowView[]>('takes.list', { rollId })).map((r) => r.id)).toEqual(rows.map((r) => r.id));
      const filesAfter = allFiles();
      expect(filesAfter.size).toBe(filesBefore.size);
      expect(filesAfter).toEqual(filesBefore);
      expect([...filesBefore.keys()].filter((p) => p.endsWith('.WAV')).length).toBe(3 * DEMO_TAKES.reduce((n, t) => n + t.files.length, 0));
    });
  });

  test.each([
    ['takes.list', {}, 'invalid-request', /^takes\.list: rollId: /],
    ['takes.list', { rollId: 1, circledOnly: 'yes' }, 'invalid-request', /^takes\.list: circledOnly: /],
    ['takes.get', { takeId: 'x' }, 'invalid-request', /^takes\.get: takeId: /],
    ['takes.get', { takeId: 0 }, 'invalid-request', /^takes\.get: takeId: /],
    ['takes.peaks', { takeId: 1 }, 'invalid-request', /^takes\.peaks: samplesPerBin: /],
    ['takes.audio', { takeId: 1, fromFrame: -1, frames: 10 }, 'invalid-request', /^takes\.audio: fromFrame: /],
    ['takes.audio', { takeId: 1, fromFrame: 0, frames: 10_000_000 }, 'invalid-request', /^takes\.audio: frames: /],
    ['takes.update', { takeId: 1, flags: ['GREAT'] }, 'invalid-request', /^takes\.update: flags\.0: /],
    ['takes.update', { takeId: 1, tags: [''] }, 'invalid-request', /^takes\.update: tags\.0: /],
    ['takes.update', { takeId: 1, trackNotes: { first: 'x' } }, 'invalid-request', /^takes\.update: trackNotes\.first: /],
    ['takes.update', { takeId: 1, circled: 'no' }, 'invalid-request', /^takes\.update: circled: /],
    ['takes.update', { takeId: 1, rating: 5 }, 'invalid-request', /^takes\.update: .*rating/],
    ['takes.analyse', { takeId: 1, force: 'yes' }, 'invalid-request', /^takes\.analyse: force: /],
    ['takes.update', { takeId: 999_999, note: 'x' }, 'not-found', /^no take #999999 in the catalog$/],
    ['takes.analyse', { takeId: 999_999 }, 'not-found', /^no take #999999 in the catalog$/],
  ])('%s %j → %s', async (name, payload, code, message) => {
    const err = await station.dispatch(name, payload).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StationError);
    expect((err as StationError).code).toBe(code);
    expect((err as StationError).message).toMatch(message);
  });

  test('a track note for a lane the take does not have is refused, naming the lanes', async () => {
    await expect(call('takes.update', { takeId: idOf('S02T01'), trackNotes: { '8': 'x' } })).rejects.toMatchObject({
      code: 'invalid-request',
      message: 'takes.update: trackNotes: Scene 2 take 1 has 8 tracks (lanes 0 to 7); there is no lane 8',
    });
    expect((await call<TakeDetailView>('takes.get', { takeId: idOf('S02T01') }))!.edited).toBe(false);
  });
});
