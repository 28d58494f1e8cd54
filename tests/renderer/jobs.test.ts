import type { JobView } from '../../shared/contract';
import { loadRenderer } from './load';

type JobMap = Readonly<Record<string, JobView>>;
const lib = loadRenderer<{
  mergeJob(existing: JobView | undefined, incoming: JobView): JobView;
  mergeJobs(map: JobMap, incoming: JobView[]): JobMap;
  sortedJobs(map: JobMap, kind?: 'offload' | 'verify'): JobView[];
  pickJob(jobs: JobView[], focusedId: string | null): JobView | undefined;
  queueOf(jobs: JobView[]): JobView[];
}>('lib/jobs');

const job = (id: string, state: JobView['state'], createdAt: string, kind: JobView['kind'] = 'offload'): JobView => ({ id, kind, state, title: id, createdAt });

describe('merging job views from events and lists', () => {
  it('never lets an older view (a list answered late) overwrite a finished one', () => {
    const done = job('a', 'done', '1');
    expect(lib.mergeJob(done, job('a', 'running', '1'))).toBe(done);
    expect(lib.mergeJob(job('a', 'running', '1'), done)).toBe(done);
    const paused = job('a', 'paused', '1');
    expect(lib.mergeJob(job('a', 'running', '1'), paused)).toBe(paused);
  });

  it('keeps the same map when nothing changed (no re-render)', () => {
    const a = job('a', 'done', '1');
    const map = { a };
    expect(lib.mergeJobs(map, [job('a', 'running', '1')])).toBe(map);
    expect(lib.mergeJobs(map, [job('b', 'queued', '2')])).toEqual({ a, b: job('b', 'queued', '2') });
  });

  it('sorts newest first and filters by kind', () => {
    const map = { a: job('a', 'done', '2026-01-01'), b: job('b', 'done', '2026-01-03'), v: job('v', 'done', '2026-01-02', 'verify') };
    expect(lib.sortedJobs(map).map((j) => j.id)).toEqual(['b', 'v', 'a']);
    expect(lib.sortedJobs(map, 'offload').map((j) => j.id)).toEqual(['b', 'a']);
  });
});

describe('which job a screen shows', () => {
  const newestFirst = [job('q2', 'queued', '5'), job('q1', 'queued', '4'), job('r', 'running', '3'), job('d', 'done', '2')];
  it('shows the picked one, else the running one, else the next queued, else the latest finished', () => {
    expect(lib.pickJob(newestFirst, 'd')!.id).toBe('d');
    expect(lib.pickJob(newestFirst, 'gone')!.id).toBe('r');
    expect(lib.pickJob(newestFirst.filter((j) => j.id !== 'r'), null)!.id).toBe('q1');
    expect(lib.pickJob([job('d2', 'failed', '3'), job('d', 'done', '2')], null)!.id).toBe('d2');
    expect(lib.pickJob([], null)).toBeUndefined();
  });

  it('lists the queue in the order it runs', () => {
    expect(lib.queueOf(newestFirst).map((j) => j.id)).toEqual(['r', 'q1', 'q2']);
  });
});
