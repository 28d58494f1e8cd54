/**
 * The demo card through the whole ingest: offloaded, verified, read from the copies and filed as takes — the poly
 * takes with 8 named tracks, the float take as float, the split-mono set as ONE take whose tracks point at its
 * eight files, the flags and notes the recorder wrote, in timecode order.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_TAKES, writeDemoCard } from '../../main/demo/demo-card';
import type { TakeDetail } from '../../main/catalog';
import { createServices, type Services } from '../../main/services';
import { soundroll } from '../support/cli';
import { makeTempDir } from '../support/tmp';

describe('demo card offload fills the takes and tracks tables', () => {
  const tmp = makeTempDir('demo-takes');
  const catalogPath = join(tmp.dir, 'catalog.sqlite');
  let services: Services;
  let rollId: number;

  beforeAll(async () => {
    for (const d of ['a', 'b']) mkdirSync(join(tmp.dir, d));
    const card = await writeDemoCard(join(tmp.dir, 'card'));
    services = createServices({ catalogPath, analyseAfterOffload: false });
    const s = await services.offload({ source: card, destinations: [join(tmp.dir, 'a'), join(tmp.dir, 'b')], project: 'Night Ext', date: '2026-11-23' }).result;
    expect(s.safeToFormat).toBe(true);
    expect(s.metadataProblems).toEqual([]);
    expect(s.takesIndexed).toBe(DEMO_TAKES.length);
    rollId = services.catalog.rollByName('A001')[0]!.id;
  });
  afterAll(async () => {
    await services.close();
    tmp.cleanup();
  });

  it('files every take in timecode order with scene, take and 8 named tracks', () => {
    const takes = services.catalog.takes.takesOfRoll(rollId);
    expect(takes).toHaveLength(DEMO_TAKES.length);
    const starts = takes.map((t) => t.startTc!);
    expect([...starts].sort()).toEqual(starts);
    expect(new Set(takes.map((t) => t.scene))).toEqual(new Set(['1', '2', '3']));
    for (const t of takes) {
      expect(t.trackNames).toEqual(['Boom', 'Boom 2', 'Lav Ana', 'Lav Ben', 'Lav Cara', 'Plant', 'Mix L', 'Mix R']);
      expect(t).toMatchObject({ sampleRate: 48000, timecodeRate: '23.976 ND', tape: 'A001' });
    }
    expect(takes.find((t) => t.startTc === '21:09:05:03')).toMatchObject({ scene: '1', take: '3', circled: true });
  });

  it('keeps the float take as float and the split set as one take over its eight files', () => {
    const takes = services.catalog.takes.takesOfRoll(rollId);
    const float = takes.filter((t) => t.encoding === 'float');
    expect(float).toHaveLength(1);
    expect(float[0]).toMatchObject({ scene: '3', take: '3', bitDepth: 32 });
    const split = takes.find((t) => t.files.length > 1)!;
    expect(split).toMatchObject({ scene: '3', take: '2' });
    expect(split.files).toHaveLength(8);
    const detail = services.catalog.takes.take(split.id) as TakeDetail;
    expect(detail.tracks.map((t) => [t.name, t.file.split('/').pop(), t.channel])).toEqual(
      ['Boom', 'Boom 2', 'Lav Ana', 'Lav Ben', 'Lav Cara', 'Plant', 'Mix L', 'Mix R'].map((name, i) => [name, `S03T02_${i + 1}.WAV`, 1]),
    );
  });

  it('carries the flags and notes the recorder wrote: false start, wild track, no good, circled', () => {
    const takes = services.catalog.takes.takesOfRoll(rollId);
    const byST = (scene: string, take: string) => takes.find((t) => t.scene === scene && t.take === take)!;
    expect(byST('1', '1').flags).toContain('FALSE_START');
    expect(byST('2', '3').flags).toContain('WILD_TRACK');
    expect(byST('3', '1').flags).toContain('NO_GOOD');
    expect(byST('3', '1').note).toContain('plane');
    expect(services.catalog.takes.takesOfRoll(rollId, { circledOnly: true }).every((t) => t.circled)).toBe(true);
    expect(services.catalog.takes.takesOfRoll(rollId, { circledOnly: true }).length).toBe(DEMO_TAKES.filter((t) => t.circled).length);
  });

  it('finds takes by recording date range and by text in the notes', () => {
    expect(services.catalog.takes.takesOfRoll(rollId, { from: '2026-11-23', to: '2026-11-23' })).toHaveLength(DEMO_TAKES.length);
    expect(services.catalog.takes.takesOfRoll(rollId, { from: '2026-11-24' })).toEqual([]);
    expect(services.catalog.takes.takesOfRoll(rollId, { to: '2026-11-22' })).toEqual([]);
    expect(services.catalog.takes.takesOfRoll(rollId, { text: 'PLANE' }).map((t) => [t.scene, t.take])).toEqual([['3', '1']]);
  });

  it('lists them with soundroll takes, circled filter included', () => {
    const r = soundroll(['takes', 'A001', '--circled', '--catalog', catalogPath]);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n').slice(1);
    expect(lines.length).toBe(DEMO_TAKES.filter((t) => t.circled).length);
    expect(lines.every((l) => l.startsWith('●'))).toBe(true);
  });
});
