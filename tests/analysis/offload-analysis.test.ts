/**
 * The demo card through a real offload with the analysis scheduler following it: every take gets its waveform peaks
 * and QC from a verified copy (real ffmpeg, real SQLite, real files), the planted problems are stored on the right
 * take, track and timecode, clean takes stay clean, and the stored analysis follows the copies: current when they are
 * unchanged, redone when one changes, never faked when no copy is reachable.
 */
import { mkdirSync, renameSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AnalysisScheduler, type AnalysisJob } from '../../main/analysis';
import { Catalog, type TakeSummary } from '../../main/catalog';
import { DEMO_PLANTED, DEMO_SAMPLE_RATE, DEMO_TAKES, writeDemoCard } from '../../main/demo/demo-card';
import { startOffload } from '../../main/offload/offload';
import { TOOL } from '../../main/version';
import { readPeaks } from '../../main/waveform';
import { parseTimecodeRate, samplesToTimecode } from '../../shared/timecode';
import { makeTempDir } from '../support/tmp';
import { ffmpegMissing } from '../waveform/helpers';

const skip = ffmpegMissing();
if (skip) console.warn(`analysis tests skipped: ${skip}`);
const maybe = skip ? describe.skip : describe;
const RATE = parseTimecodeRate('24000/1001')!;

maybe('take analyses behind an offload of the demo card', () => {
  const tmp = makeTempDir('analysis');
  let catalog: Catalog;
  let scheduler: AnalysisScheduler;
  let rollId: number;
  let takes: TakeSummary[];
  const jobs: AnalysisJob[] = [];
  let firstJobBeforeOffloadEnded = false;
  let maxDecoding = 0;
  const decoding = new Set<number>();

  const takeNamed = (name: string): TakeSummary => {
    const demo = DEMO_TAKES.find((t) => t.name === name)!;
    return takes.find((t) => t.scene === demo.scene && t.take === String(demo.take))!;
  };

  beforeAll(async () => {
    const card = await writeDemoCard(join(tmp.dir, 'card'));
    for (const d of ['a', 'b']) mkdirSync(join(tmp.dir, d));
    catalog = Catalog.open(join(tmp.dir, 'catalog.db'));
    scheduler = new AnalysisScheduler({ catalog, cacheDir: join(tmp.dir, 'peaks'), settleMs: 20 });
    let offloadDone = false;
    scheduler.onJob((job) => {
      if (!offloadDone) firstJobBeforeOffloadEnded = true;
      jobs.push(job);
      job.onProgress((p) => {
        if (p.state === 'decoding') decoding.add(p.takeId);
        maxDecoding = Math.max(maxDecoding, decoding.size);
      });
      void job.result.finally(() => decoding.delete(job.lastProgress?.takeId ?? -1));
    });
    const job = startOffload({ catalog, tool: TOOL, followers: scheduler }, { source: card, destinations: [join(tmp.dir, 'a'), join(tmp.dir, 'b')] });
    const summary = await job.result;
    offloadDone = true;
    expect(summary.safeToFormat).toBe(true);
    await scheduler.idle();
    rollId = catalog.rollByName(summary.roll)[0]!.id;
    takes = catalog.takes.takesOfRoll(rollId);
  }, 120_000);

  afterAll(async () => {
    await scheduler?.close();
    catalog?.close();
    tmp.cleanup();
  });

  test('every take is analysed from a verified copy, previews start while the card is still being copied, one at a time', async () => {
    expect(takes).toHaveLength(DEMO_TAKES.length);
    expect(firstJobBeforeOffloadEnded).toBe(true);
    expect(maxDecoding).toBe(1);
    const outcomes = await Promise.all(jobs.map((j) => j.result));
    expect(outcomes.filter((o) => o.status === 'failed')).toEqual([]);
    for (const t of takes) {
      const a = catalog.qc.analysis(t.id)!;
      expect(a.status).toBe('done');
      for (const source of a.sources) expect(source.startsWith(join(tmp.dir, 'a')) || source.startsWith(join(tmp.dir, 'b'))).toBe(true);
      const peaks = await readPeaks(a.peaksFile!);
      expect(peaks.trackCount).toBe(t.trackNames.length);
      expect(peaks.frames).toBe(t.frames);
      expect(a.tracks.map((k) => k.name)).toEqual(t.trackNames);
    }
  });

  test.each(DEMO_PLANTED.map((p) => [p.kind, p.track, p.take, p] as const))('stores the planted %s on %s in %s with its timecode', (kind, track, name, p) => {
    const take = takeNamed(name);
    const demo = DEMO_TAKES.find((t) => t.name === name)!;
    const hits = catalog.qc.findingsOfRoll(rollId).filter((f) => f.kind === kind);
    expect(hits).toHaveLength(1);
    const f = hits[0]!;
    expect(f.takeId).toBe(take.id);
    expect(f.track).toBe(track);
    expect(f.severity).toBe('error');
    expect(f.fromSeconds).toBeGreaterThanOrEqual(p.fromSeconds - 1e-9);
    expect(f.toSeconds).toBeLessThanOrEqual(p.toSeconds + 1e-9);
    expect(f.fromTc).toBe(samplesToTimecode(demo.timeReference + Math.round(f.fromSeconds * DEMO_SAMPLE_RATE), DEMO_SAMPLE_RATE, RATE));
    expect(f.message.startsWith(track)).toBe(true);
  });

  test('clean takes have no audio finding above info; the one metadata warning is the float take on a 24-bit roll', () => {
    const planted = new Set(DEMO_PLANTED.map((p) => takeNamed(p.take).id));
    const serious = catalog.qc.findingsOfRoll(rollId, { minSeverity: 'warning' });
    expect(serious.filter((f) => f.origin === 'audio' && !planted.has(f.takeId!))).toEqual([]);
    const meta = serious.filter((f) => f.origin === 'metadata');
    const float = DEMO_TAKES.filter((t) => t.sampleFormat === 'float');
    expect(meta.map((f) => [f.kind, f.takeId])).toEqual(float.map((t) => ['format-mismatch', takeNamed(t.name).id]));
    expect(meta[0]!.message).toMatch(/32-bit float; the rest of the roll is 24-bit$/);
    // Errors come first in a roll listing.
    expect(serious.slice(0, DEMO_PLANTED.length).every((f) => f.severity === 'error')).toBe(true);
    // Each take carries its loudness, mix included.
    for (const t of takes) {
      const loud = catalog.qc.findingsOfTake(t.id).filter((f) => f.kind === 'loudness');
      expect(loud).toHaveLength(1);
      expect(loud[0]!.message).toMatch(/integrated loudness \(EBU R128\): mix -\d+\.\d LUFS/);
      const mix = catalog.qc.analysis(t.id)!.mixLoudnessLufs!;
      expect(mix).toBeGreaterThan(-70);
      expect(mix).toBeLessThan(0);
    }
  });

  test('unchanged copies are current: nothing is decoded again', async () => {
    expect(await scheduler.enqueueRoll(rollId)).toEqual([]);
    const again = await scheduler.enqueueTake(takes[0]!.id).result;
    expect(again.status).toBe('current');
  });

  test('a copy touched after its analysis is analysed again, and its findings are replaced, not doubled', async () => {
    const take = takeNamed('S01T02');
    const before = catalog.qc.analysis(take.id)!;
    const findingsBefore = catalog.qc.findingsOfTake(take.id).map((f) => f.message);
    const source = before.sources[0]!;
    const st = statSync(source);
    utimesSync(source, st.atime, new Date(st.mtimeMs + 5000));
    const queued = await scheduler.enqueueRoll(rollId);
    expect(queued).toHaveLength(1);
    const outcome = await queued[0]!.result;
    expect(outcome).toMatchObject({ takeId: take.id, status: 'analysed' });
    const after = catalog.qc.analysis(take.id)!;
    expect(after.peaksKey).not.toBe(before.peaksKey);
    expect(catalog.qc.findingsOfTake(take.id).map((f) => f.message)).toEqual(findingsBefore);
  });

  test('with both drives unplugged nothing is claimed: the analysis fails with what to do and the stored one stays', async () => {
    const take = takeNamed('S01T01');
    const stored = catalog.qc.analysis(take.id)!;
    renameSync(join(tmp.dir, 'a'), join(tmp.dir, 'a-off'));
    renameSync(join(tmp.dir, 'b'), join(tmp.dir, 'b-off'));
    try {
      const outcome = await scheduler.enqueueTake(take.id, { force: true }).result;
      expect(outcome.status).toBe('failed');
      expect(outcome.message).toMatch(/no verified copy of .*S01T01\.WAV is reachable .*connect one of its drives/);
      expect(catalog.qc.analysis(take.id)).toEqual(stored);
    } finally {
      renameSync(join(tmp.dir, 'a-off'), join(tmp.dir, 'a'));
      renameSync(join(tmp.dir, 'b-off'), join(tmp.dir, 'b'));
    }
  });

  test('copies that no longer decode give a decode-failed error naming the take, kept until the files change', async () => {
    const take = takeNamed('S03T01');
    for (const source of catalog.qc.sourcesOfTake(take.id)[0]!.copies) writeFileSync(source, Buffer.alloc(statSync(source).size, 0x5a));
    const outcome = await scheduler.enqueueTake(take.id, { force: true }).result;
    expect(outcome.status).toBe('failed');
    const a = catalog.qc.analysis(take.id)!;
    expect(a.status).toBe('failed');
    const f = catalog.qc.findingsOfTake(take.id).filter((x) => x.origin === 'audio');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'error', kind: 'decode-failed' });
    expect(f[0]!.message).toMatch(/^Scene 3 take 1 could not be decoded for its waveform and QC: .*ffmpeg/);
    // Not retried on every pass while the files stay as they are.
    expect(await scheduler.enqueueRoll(rollId)).toEqual([]);
  });

  test('cancel stops queued analyses; what was stored before stays', async () => {
    const before = takes.map((t) => catalog.qc.analysis(t.id)?.analysedAt);
    const queued = takes.map((t) => scheduler.enqueueTake(t.id, { force: true }));
    scheduler.cancelAll();
    const outcomes = await Promise.all(queued.map((j) => j.result));
    expect(outcomes.filter((o) => o.status === 'cancelled').length).toBeGreaterThanOrEqual(takes.length - 1);
    takes.forEach((t, i) => {
      if (outcomes[i]!.status === 'cancelled') expect(catalog.qc.analysis(t.id)?.analysedAt).toBe(before[i]);
    });
  });
});
