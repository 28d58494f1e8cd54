/**
 * The station behind both bridges, with real services on a real catalog and real folders: payloads are validated
 * before any handler runs, offloads queue one at a time, pause holds the copy between files, the board reattaches
 * (a later `jobs.list` shows the finished job with its verdict), destinations are remembered, and the producer's
 * overview and verify come back as plain views.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StationError, type JobView, type StationEvents } from '../../shared/contract';
import { createServices, type Services } from '../../main/services';
import { createStation, type Station } from '../../main/station';
import { makeCard } from '../support/card';
import { makeTempDir } from '../support/tmp';

const tmp = makeTempDir('station');
let services: Services;
let station: Station;
const events: { name: keyof StationEvents; payload: unknown }[] = [];

beforeAll(() => {
  services = createServices({ catalogPath: join(tmp.dir, 'catalog.db'), analyseAfterOffload: false });
  station = createStation({ services, host: 'browser' });
  for (const name of ['job.updated', 'job.finished', 'catalog.changed'] as const) station.on(name, (payload) => events.push({ name, payload }));
});
afterAll(async () => {
  await station.close();
  await services.close();
  tmp.cleanup();
});

const finished = (id: string): Promise<JobView> =>
  new Promise((resolve) => {
    const stop = station.on('job.finished', (v) => {
      if (v.id === id) {
        stop();
        resolve(v);
      }
    });
  });

function card(name: string, files: Record<string, number>): string {
  const dir = join(tmp.dir, 'cards', name);
  makeCard(dir, files);
  return dir;
}

function dest(name: string): string {
  const d = join(tmp.dir, name);
  mkdirSync(d, { recursive: true });
  return d;
}

describe('dispatch refuses what the contract does not allow, in plain words', () => {
  test.each([
    ['no.such.command', {}, 'unknown-command', /unknown command "no\.such\.command"/],
    ['offload.start', { source: '/x', destinations: [] }, 'invalid-request', /^offload\.start: destinations: /],
    ['offload.start', { source: '/x', destinations: ['/y'], hashes: ['crc32'] }, 'invalid-request', /^offload\.start: hashes\.0: /],
    ['offload.start', { source: '/x', destinations: ['/y'], extra: 1 }, 'invalid-request', /offload\.start: .*extra/],
    ['sources.inspect', { path: 'relative/card' }, 'invalid-request', /"relative\/card" is not an absolute path/],
    ['jobs.get', { jobId: 42 }, 'invalid-request', /^jobs\.get: jobId: /],
  ])('%s %j → %s', async (name, payload, code, message) => {
    const err = await station.dispatch(name, payload).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StationError);
    expect((err as StationError).code).toBe(code);
    expect((err as StationError).message).toMatch(message);
  });

  test('a valid call answers with the view', async () => {
    expect(await station.dispatch('station.info', {})).toMatchObject({ tool: 'soundroll', host: 'browser', defaultTemplate: '{project}/{date}/{roll}/' });
    expect(await station.dispatch('naming.preview', { template: '{project}/{roll}', project: 'Night Ext', roll: '', card: 'A001', date: '2026-11-23' })).toEqual({
      rollPath: 'Night Ext/A001',
    });
    expect(await station.dispatch('naming.preview', { template: '{project}/../{roll}', project: 'P', roll: 'R', card: 'C' })).toHaveProperty('error');
  });
});

describe('offloads through the board', () => {
  test('a second card waits in the queue until the first is done; both end safe to format; destinations are remembered', async () => {
    const a = dest('drive-a');
    const b = dest('drive-b');
    const first = (await station.dispatch('offload.start', { source: card('C1', { 'x.bin': 3_000_000, 'y.bin': 2_000_000 }), destinations: [a, b] })) as JobView;
    const second = (await station.dispatch('offload.start', { source: card('C2', { 'z.bin': 1_000_000 }), destinations: [a, b] })) as JobView;
    expect(second.state).toBe('queued');
    const [v1, v2] = await Promise.all([finished(first.id), finished(second.id)]);
    expect(v1).toMatchObject({ state: 'done', offload: { safeToFormat: true, roll: 'C1' } });
    expect(v2).toMatchObject({ state: 'done', offload: { safeToFormat: true, roll: 'C2' } });
    expect(Date.parse(v2.startedAt!)).toBeGreaterThanOrEqual(Date.parse(v1.finishedAt!));
    // A reloaded window lists the board and finds both with their verdicts.
    const listed = (await station.dispatch('jobs.list', {})) as JobView[];
    expect(listed.slice(0, 2).map((j) => j.id)).toEqual([second.id, first.id]);
    expect(listed[1]!.offload!.verdict).toMatch(/^Card C1 is safe to format: 2 files verified on 2 drives/);
    expect(events.some((e) => e.name === 'catalog.changed')).toBe(true);
    const recent = (await station.dispatch('destinations.recent', {})) as { path: string; exists: boolean; freeBytes: number }[];
    expect(recent.map((d) => d.path)).toEqual([a, b]);
    expect(recent[0]!.freeBytes).toBeGreaterThan(0);
  });

  test('pause holds the offload between files, resume finishes it', async () => {
    const files: Record<string, number> = {};
    for (let i = 0; i < 30; i++) files[`f${String(i).padStart(2, '0')}.bin`] = 400_000;
    const view = (await station.dispatch('offload.start', { source: card('C3', files), destinations: [dest('drive-p')] })) as JobView;
    await station.dispatch('jobs.pause', { jobId: view.id });
    await new Promise((r) => setTimeout(r, 400));
    const held = (await station.dispatch('jobs.get', { jobId: view.id })) as JobView;
    expect(held.state).toBe('paused');
    const doneWhilePaused = held.offloadProgress?.filesDone ?? 0;
    await new Promise((r) => setTimeout(r, 300));
    expect(((await station.dispatch('jobs.get', { jobId: view.id })) as JobView).offloadProgress?.filesDone ?? 0).toBe(doneWhilePaused);
    expect(doneWhilePaused).toBeLessThan(30);
    await station.dispatch('jobs.resume', { jobId: view.id });
    const end = await finished(view.id);
    expect(end).toMatchObject({ state: 'done', offload: { safeToFormat: true } });
  });

  test('cancel of a queued offload ends it without running', async () => {
    const big: Record<string, number> = {};
    for (let i = 0; i < 20; i++) big[`g${i}.bin`] = 500_000;
    const running = (await station.dispatch('offload.start', { source: card('C4', big), destinations: [dest('drive-q')] })) as JobView;
    const queued = (await station.dispatch('offload.start', { source: card('C5', { 'h.bin': 10 }), destinations: [dest('drive-q')] })) as JobView;
    const cancelled = (await station.dispatch('jobs.cancel', { jobId: queued.id })) as JobView;
    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.startedAt).toBeUndefined();
    expect((await finished(running.id)).state).toBe('done');
  });
});

describe("the producer's overview and verify", () => {
  test('rolls show their complete copies and whether each drive is connected; a changed copy is reported by verify', async () => {
    type Roll = { roll: string; completeCopies: number; destinations: { path: string; connected: boolean; completeSince: string | null }[] };
    const rolls = (await station.dispatch('rolls.overview', {})) as Roll[];
    const c1 = rolls.find((r) => r.roll === 'C1')!;
    expect(c1.completeCopies).toBe(2);
    expect(c1.destinations.every((d) => d.connected)).toBe(true);
    expect(c1.destinations.every((d) => d.completeSince !== null && Date.now() - Date.parse(d.completeSince) < 600_000)).toBe(true);
    const copy = join(c1.destinations[0]!.path, 'x.bin');
    const bytes = readFileSync(copy);
    bytes[1000] = bytes[1000]! ^ 0xff;
    writeFileSync(copy, bytes);
    const view = (await station.dispatch('verify.start', { dir: c1.destinations[0]!.path })) as JobView;
    const end = await finished(view.id);
    expect(end.state).toBe('done');
    expect(end.verify!.ok).toBe(false);
    expect(end.verify!.verdict).toMatch(/does NOT match its history: 1 changed/);
    expect(end.verify!.roots[0]!.problems).toEqual([expect.objectContaining({ path: 'x.bin', status: 'changed' })]);
    // The producer's overview follows: that drive no longer holds a complete verified copy.
    const after = ((await station.dispatch('rolls.overview', {})) as Roll[]).find((r) => r.roll === 'C1')!;
    expect(after.completeCopies).toBe(1);
    expect(after.destinations.map((d) => d.completeSince === null)).toEqual([true, false]);
  });
});

describe('reports from the station', () => {
  test('offload, backup and sound reports are written as PDF + CSV beside the catalog, never over an earlier one', async () => {
    const jobs = (await station.dispatch('jobs.list', {})) as JobView[];
    const c1 = jobs.find((j) => j.offload?.roll === 'C1')!.offload!;
    const offload = (await station.dispatch('reports.offload', { jobId: c1.jobId })) as { pdf: string; csv: string };
    expect(offload.pdf.startsWith(join(tmp.dir, 'reports'))).toBe(true);
    const csv = readFileSync(offload.csv, 'utf8');
    expect(csv).toContain('x.bin');
    expect(csv).toContain('y.bin');
    expect(readFileSync(offload.pdf).subarray(0, 5).toString()).toBe('%PDF-');

    const first = (await station.dispatch('reports.backups', { days: 7 })) as { pdf: string; csv: string };
    const second = (await station.dispatch('reports.backups', { days: 7 })) as { pdf: string; csv: string };
    expect(second.pdf).not.toBe(first.pdf);
    expect(second.pdf.endsWith('-2.pdf')).toBe(true);
    expect(readFileSync(first.csv, 'utf8')).toContain('C1');

    const rolls = (await station.dispatch('rolls.list', {})) as { id: number; name: string }[];
    const folder = join(tmp.dir, 'my-reports');
    const sound = (await station.dispatch('reports.sound', { rollId: rolls.find((r) => r.name === 'C1')!.id, folder, soundMixer: 'Jo Mixer' })) as {
      pdf: string;
      csv: string;
    };
    expect(sound.csv.startsWith(folder)).toBe(true);
    expect(readFileSync(sound.csv, 'utf8')).toMatch(/^SOUND REPORT\rProject:,"Untitled",Sound Mixer:,"Jo Mixer"/);

    const missing = await station.dispatch('reports.sound', { rollId: 99999 }).catch((e: unknown) => e);
    expect(missing).toMatchObject({ code: 'not-found' });
    const unknownJob = await station.dispatch('reports.offload', { jobId: 'no-such-job-000' }).catch((e: unknown) => e);
    expect(unknownJob).toMatchObject({ code: 'not-found' });
  });
});
