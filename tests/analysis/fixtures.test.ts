/**
 * The take analyses behind a real offload of the real recorder files: each recorder's folder under
 * ../shared/fixtures/recorders is copied into a temp card and offloaded to two destinations through createServices,
 * and once the analysis scheduler is idle every take of the roll has a finished analysis whose peaks file matches the
 * take (track count, frames, sample rate) and, bin by bin, the PCM of the verified copies it was decoded from.
 */
import { lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createServices, type Services } from '../../main/services';
import type { TakeDetail, TakeSummary } from '../../main/catalog';
import { readPeaks } from '../../main/waveform';
import { copyFixtureTree, fixturesDir } from '../support/fixtures';
import { makeTempDir } from '../support/tmp';
import { expectedPairs, ffmpegMissing, firstDifference, pcmChannels } from '../waveform/helpers';

/** Takes the recorder folders hold today (Sound Devices 702T: 4, Zoom F8: 1): fewer means a fixture vanished. */
const MIN_TAKES: Record<string, number> = { sounddevices: 4, zoom_F8: 1 };

const fixtures = fixturesDir();
const recorders = fixtures === undefined ? undefined : join(fixtures, 'recorders');
const noFfmpeg = ffmpegMissing();
const skip = fixtures === undefined ? 'the shared fixtures folder ../shared/fixtures is absent in this checkout' : noFfmpeg;
if (skip) console.warn(`analysis fixture tests skipped: ${skip}`);
const maybe = skip ? describe.skip : describe;

/** The recorder folders (one card each). */
function recorderFolders(): string[] {
  try {
    return readdirSync(recorders!)
      .filter((name) => lstatSync(join(recorders!, name)).isDirectory())
      .sort();
  } catch {
    return [];
  }
}

const cards = recorders === undefined || skip ? [] : recorderFolders();

maybe('take analyses after offloading the real recorder cards', () => {
  // Made in beforeAll, not here: a skipped describe still runs its body but never its afterAll.
  let tmp: ReturnType<typeof makeTempDir>;
  let services: Services;
  /** Per recorder folder: its roll and the offload's count of filed takes. */
  const rolls = new Map<string, { rollId: number; takesIndexed: number }>();

  beforeAll(async () => {
    tmp = makeTempDir('analysis-fixtures');
    const destinations = [join(tmp.dir, 'destA'), join(tmp.dir, 'destB')];
    for (const d of destinations) mkdirSync(d);
    services = createServices({ catalogPath: join(tmp.dir, 'catalog.db') });
    for (const name of cards) {
      const source = join(tmp.dir, 'cards', name);
      copyFixtureTree(join(recorders!, name), source);
      const job = services.offload({ source, destinations, project: 'Fixtures', roll: name, date: '2026-11-23' });
      const summary = await job.result;
      expect({ card: name, safeToFormat: summary.safeToFormat, verdict: summary.verdict }).toMatchObject({ card: name, safeToFormat: true });
      rolls.set(name, { rollId: services.catalog.rollByName(summary.roll)[0]!.id, takesIndexed: summary.takesIndexed });
      await services.analysis.idle();
    }
  });
  afterAll(async () => {
    try {
      await services.close();
    } finally {
      tmp.cleanup();
    }
  });

  test('offloads one card per recorder folder, both recorders present', () => {
    expect(cards).toEqual(expect.arrayContaining(Object.keys(MIN_TAKES)));
    expect([...rolls.keys()]).toEqual(cards);
  });

  // it.each refuses an empty table; the test above fails in that case.
  if (cards.length) {
    test.each(cards)('%s: every take is analysed, its peaks file matches the take and its PCM, no decode failure', async (name) => {
      const { rollId, takesIndexed } = rolls.get(name)!;
      const takes: TakeSummary[] = services.catalog.takes.takesOfRoll(rollId);
      expect(takes.length).toBe(takesIndexed);
      expect(takes.length).toBeGreaterThanOrEqual(MIN_TAKES[name] ?? 1);

      for (const take of takes) {
        const label = `${name} take ${take.scene ?? '?'}/${take.take ?? '?'} (${take.files.join(', ')})`;
        const a = services.catalog.qc.analysis(take.id);
        expect({ take: label, status: a?.status, message: a?.message }).toEqual({ take: label, status: 'done', message: undefined });
        expect({ take: label, frames: a!.frames }).toEqual({ take: label, frames: take.frames });
        expect(a!.peaksFile).toBeDefined();

        const peaks = await readPeaks(a!.peaksFile!);
        expect({ take: label, trackCount: peaks.trackCount, frames: peaks.frames, sampleRate: peaks.sampleRate }).toEqual({
          take: label,
          trackCount: take.trackNames.length,
          frames: take.frames,
          sampleRate: take.sampleRate,
        });
        expect(take.channelCount).toBe(take.trackNames.length);
        expect(a!.tracks.map((t) => t.name)).toEqual(take.trackNames);

        // Every track's bins against the PCM of the copy its file was decoded from (the analysis's sources are
        // the decoded copies, one per file, in the order of the take's files by first track).
        const detail = services.catalog.takes.take(take.id) as TakeDetail;
        const sources = services.catalog.qc.sourcesOfTake(take.id);
        expect(a!.sources.length).toBe(sources.length);
        sources.forEach((s, i) => expect(s.copies).toContain(a!.sources[i]));
        const pcm = new Map<string, Float64Array[]>();
        const samplesOf = (file: string, channel: number): Float64Array => {
          const i = sources.findIndex((s) => s.relativePath === file);
          expect({ take: label, file, decoded: i >= 0 }).toEqual({ take: label, file, decoded: true });
          if (!pcm.has(file)) pcm.set(file, pcmChannels(a!.sources[i]!));
          return pcm.get(file)![channel - 1]!;
        };
        expect(detail.tracks.map((t) => t.position)).toEqual(take.trackNames.map((_, i) => i + 1));
        for (const [t, track] of detail.tracks.entries()) {
          const samples = samplesOf(track.file, track.channel);
          expect(samples.length).toBe(take.frames);
          for (const level of peaks.levels) {
            const diff = firstDifference(level.tracks[t]!, expectedPairs(samples, level.samplesPerBin));
            const where = { take: label, track: `${track.position} ${track.name} (${track.file}:${track.channel})`, level: level.samplesPerBin };
            expect({ ...where, diff }).toEqual({ ...where, diff: undefined });
          }
        }
      }
      const failed = services.catalog.qc.findingsOfRoll(rollId).filter((f) => f.kind === 'decode-failed');
      expect(failed.map((f) => f.message)).toEqual([]);
    });
  }
});
