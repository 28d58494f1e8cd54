/**
 * After an offload the roll's takes are in the catalog, read from the verified copies' bext/iXML: the real
 * recorder files become the takes their recorders wrote, split Zoom F8 files become one take, and
 * `soundroll takes` lists them in timecode order.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createServices, type Services } from '../../main/services';
import type { TakeDetail } from '../../main/catalog';
import { soundroll } from '../support/cli';
import { fixturesDir } from '../support/fixtures';
import { makeTempDir } from '../support/tmp';

const fixtures = fixturesDir();
const fdescribe = fixtures ? describe : describe.skip;
if (!fixtures) console.warn('skipped: ../shared/fixtures/recorders not found');

fdescribe('takes filed from the real recorder files', () => {
  const tmp = makeTempDir('takes');
  const catalogPath = join(tmp.dir, 'catalog.sqlite');
  let services: Services;
  let rollId: number;

  beforeAll(async () => {
    for (const d of ['a', 'b']) mkdirSync(join(tmp.dir, d));
    services = createServices({ catalogPath, analyseAfterOffload: false });
    const s = await services.offload({ source: join(fixtures!, 'recorders'), destinations: [join(tmp.dir, 'a'), join(tmp.dir, 'b')], project: 'Wavinfo', roll: 'R1', date: '2026-11-23' }).result;
    expect(s.safeToFormat).toBe(true);
    expect(s.takesIndexed).toBe(5);
    expect(s.metadataProblems).toEqual([]);
    rollId = services.catalog.rollByName('R1')[0]!.id;
  });
  afterAll(async () => {
    await services.close();
    tmp.cleanup();
  });

  it('lists the Sound Devices takes in timecode order with the start timecode the recorder wrote', () => {
    const takes = services.catalog.takes.takesOfRoll(rollId);
    const sd = takes.filter((t) => t.files.some((f) => f.startsWith('sounddevices/')));
    // Wave Agent's report for these files: A101 takes 1-4 at 12:39:59:00, 12:40:04:00, 12:40:14:00, 12:40:15:00.
    expect(sd.map((t) => [t.scene, Number(t.take), t.startTc])).toEqual([
      ['A101', 1, '12:39:59:00'],
      ['A101', 2, '12:40:04:00'],
      ['A101', 3, '12:40:14:00'],
      ['A101', 4, '12:40:15:00'],
    ]);
    for (const t of sd) {
      expect(t.trackNames).toEqual(['MKH516 A', 'Boom']);
      expect(t).toMatchObject({ tape: '18Y12M31', sampleRate: 48000, bitDepth: 24, timecodeRate: '23.976 ND' });
    }
  });

  it('groups the Zoom F8 take folder into one take whose tracks point at their files', () => {
    const zoom = services.catalog.takes.takesOfRoll(rollId).find((t) => t.files.some((f) => f.includes('.TAKE/')))!;
    expect(zoom.files.length).toBeGreaterThan(1);
    const detail = services.catalog.takes.take(zoom.id) as TakeDetail;
    expect(detail.tracks.length).toBe(zoom.trackNames.length);
    expect(new Set(detail.tracks.map((t) => t.file)).size).toBeGreaterThan(1);
    for (const track of detail.tracks) expect(zoom.files).toContain(track.file);
  });

  it('keeps take ids when the roll is indexed again (a re-run of the same offload)', async () => {
    const before = services.catalog.takes.takesOfRoll(rollId).map((t) => [t.key, t.id]);
    const again = await services.offload({ source: join(fixtures!, 'recorders'), destinations: [join(tmp.dir, 'a'), join(tmp.dir, 'b')], project: 'Wavinfo', roll: 'R1', date: '2026-11-23' }).result;
    expect(again.takesIndexed).toBe(5);
    expect(services.catalog.takes.takesOfRoll(rollId).map((t) => [t.key, t.id])).toEqual(before);
  });

  it('filters by scene, take and text', () => {
    expect(services.catalog.takes.takesOfRoll(rollId, { scene: 'a101', take: '02' }).length + services.catalog.takes.takesOfRoll(rollId, { scene: 'a101', take: '2' }).length).toBe(1);
    expect(services.catalog.takes.takesOfRoll(rollId, { text: 'mkh516' }).length).toBe(4);
    expect(services.catalog.takes.takesOfRoll(rollId, { text: 'no such words' })).toEqual([]);
  });

  it('prints them with `soundroll takes`, and as JSON with tracks', () => {
    const human = soundroll(['takes', 'R1', '--catalog', catalogPath]);
    expect(human.status).toBe(0);
    expect(human.stdout).toMatch(/^Wavinfo \/ R1: 5 takes\n/);
    expect(human.stdout.indexOf('12:39:59:00')).toBeLessThan(human.stdout.indexOf('12:40:15:00'));
    const json = JSON.parse(soundroll(['takes', 'R1', '--json', '--catalog', catalogPath]).stdout) as TakeDetail[];
    expect(json).toHaveLength(5);
    expect(json[0]!.tracks[0]).toMatchObject({ position: 1, name: 'MKH516 A', channel: 1 });
    expect(soundroll(['takes', 'NOPE', '--catalog', catalogPath]).status).toBe(3);
  });
});
