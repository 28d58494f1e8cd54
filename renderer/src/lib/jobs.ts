/**
 * The job board as the UI keeps it: views arrive from `jobs.list` (on load and after every reconnect) and from
 * `job.updated` / `job.finished` events, in any order. Merging never lets an older view overwrite a newer one.
 */
import type { JobKind, JobView, JobViewState } from '../../../shared/contract';

export const FINISHED_STATES: readonly JobViewState[] = ['done', 'failed', 'cancelled'];

export const isFinished = (job: JobView): boolean => FINISHED_STATES.includes(job.state);
export const isActive = (job: JobView): boolean => job.state === 'running' || job.state === 'paused';
export const isPending = (job: JobView): boolean => job.state === 'queued' || isActive(job);

const rank = (s: JobViewState): number => (s === 'queued' ? 0 : s === 'running' || s === 'paused' ? 1 : 2);

/** The view to keep when `incoming` arrives for a job we may already hold. */
export function mergeJob(existing: JobView | undefined, incoming: JobView): JobView {
  if (!existing) return incoming;
  if (rank(incoming.state) < rank(existing.state)) return existing;
  return incoming;
}

export type JobMap = Readonly<Record<string, JobView>>;

export function mergeJobs(map: JobMap, incoming: readonly JobView[]): JobMap {
  let next: Record<string, JobView> | undefined;
  for (const job of incoming) {
    const merged = mergeJob(map[job.id], job);
    if (merged !== map[job.id]) {
      next ??= { ...map };
      next[job.id] = merged;
    }
  }
  return next ?? map;
}

/** Newest first. */
export function sortedJobs(map: JobMap, kind?: JobKind): JobView[] {
  return Object.values(map)
    .filter((j) => kind === undefined || j.kind === kind)
    .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
}

/**
 * Which job a screen shows: the one the user picked, else the one running (or paused), else the next queued
 * (oldest first: the order they run in), else the latest finished (its verdict survives a reload).
 */
export function pickJob(jobs: readonly JobView[], focusedId: string | null): JobView | undefined {
  if (focusedId) {
    const focused = jobs.find((j) => j.id === focusedId);
    if (focused) return focused;
  }
  return jobs.find(isActive) ?? [...jobs].reverse().find((j) => j.state === 'queued') ?? jobs.find(isFinished);
}

/** Offloads waiting or running, in the order they run (oldest first). */
export function queueOf(jobs: readonly JobView[]): JobView[] {
  return jobs.filter(isPending).reverse();
}
