/**
 * The station's jobs as the UI sees them. Offloads run one at a time in the order they were started (cards lined up
 * at wrap wait in a queue: two offloads reading two cards at once would halve both and share the destinations'
 * write bandwidth anyway); verifies run at once. Each job has a stable view that survives a window reload: the UI
 * lists the board and reattaches to whatever is running.
 */
import { randomUUID } from 'node:crypto';
import type { JobKind, JobView, VerifyResultView } from '../../shared/contract';
import type { OffloadProgress, OffloadSummary } from '../../shared/offload';
import type { OffloadJob, OffloadRequest } from '../offload/offload';
import type { Services } from '../services';
import type { VerifyDriveResult, VerifyJob, VerifyRequest } from '../verify';
import { verifyResultView } from './views';

/** How often a running job's progress is pushed at most (the UI redraws at that pace; a copy emits far more often). */
const PROGRESS_INTERVAL_MS = 250;
const FINISHED_KEPT = 50;

interface Entry {
  view: JobView;
  job?: OffloadJob | VerifyJob;
  /** For a queued offload: what starts it. */
  start?: () => void;
  lastPush: number;
  timer?: NodeJS.Timeout;
}

export type BoardListener = (event: 'job.updated' | 'job.finished', view: JobView) => void;

export class JobBoard {
  private readonly entries = new Map<string, Entry>();
  private readonly order: string[] = [];
  private readonly offloadQueue: string[] = [];
  private runningOffload: string | undefined;

  constructor(
    private readonly services: Services,
    private readonly emit: BoardListener,
  ) {}

  list(): JobView[] {
    return this.order.map((id) => this.snapshot(this.entries.get(id)!));
  }

  get(id: string): JobView | null {
    const e = this.entries.get(id);
    return e ? this.snapshot(e) : null;
  }

  startOffload(request: OffloadRequest): JobView {
    const entry = this.add('offload', `Offload ${basename(request.source)} → ${request.destinations.length} drive${request.destinations.length === 1 ? '' : 's'}`);
    entry.start = () => {
      entry.start = undefined;
      this.runningOffload = entry.view.id;
      const job = this.services.offload(request);
      this.attach(entry, job, (p) => (entry.view.offloadProgress = p as OffloadProgress), (r) => {
        const summary = r as OffloadSummary;
        entry.view.offload = summary;
        return summary.cancelled ? 'cancelled' : 'done';
      });
      void job.result.finally(() => {
        this.runningOffload = undefined;
        this.startNextOffload();
      });
    };
    this.offloadQueue.push(entry.view.id);
    this.startNextOffload();
    return this.snapshot(entry);
  }

  startVerify(request: VerifyRequest): JobView {
    const entry = this.add('verify', `Verify ${request.dir}`);
    const job = this.services.verify(request);
    this.attach(entry, job, (p) => (entry.view.verifyProgress = p as JobView['verifyProgress']), (r) => {
      entry.view.verify = verifyResultView(r as VerifyDriveResult);
      return 'done';
    });
    return this.snapshot(entry);
  }

  cancel(id: string): JobView | null {
    const e = this.entries.get(id);
    if (!e) return null;
    if (e.view.state === 'queued') {
      this.offloadQueue.splice(this.offloadQueue.indexOf(id), 1);
      e.start = undefined;
      this.finish(e, 'cancelled');
    } else e.job?.cancel();
    return this.snapshot(e);
  }

  pause(id: string): JobView | null {
    const e = this.entries.get(id);
    e?.job?.pause();
    return e ? this.snapshot(e) : null;
  }

  resume(id: string): JobView | null {
    const e = this.entries.get(id);
    e?.job?.resume();
    return e ? this.snapshot(e) : null;
  }

  /** Cancels everything (the app is quitting); resolves when running jobs have stopped at a safe point. */
  async close(): Promise<void> {
    for (const id of [...this.offloadQueue]) this.cancel(id);
    const running = [...this.entries.values()].filter((e) => e.job && !e.job.done);
    for (const e of running) e.job!.cancel();
    await Promise.allSettled(running.map((e) => e.job!.result));
  }

  private add(kind: JobKind, title: string): Entry {
    const entry: Entry = { view: { id: randomUUID(), kind, state: 'queued', title, createdAt: new Date().toISOString() }, lastPush: 0 };
    this.entries.set(entry.view.id, entry);
    this.order.unshift(entry.view.id);
    this.trim();
    this.emit('job.updated', this.snapshot(entry));
    return entry;
  }

  private startNextOffload(): void {
    if (this.runningOffload) return;
    const next = this.offloadQueue.shift();
    if (next) this.entries.get(next)?.start?.();
  }

  private attach(
    entry: Entry,
    job: OffloadJob | VerifyJob,
    onProgress: (p: unknown) => void,
    onResult: (r: unknown) => 'done' | 'cancelled',
  ): void {
    entry.job = job;
    entry.view.state = 'running';
    entry.view.startedAt = new Date().toISOString();
    this.push(entry, true);
    (job as OffloadJob).onProgress((p) => {
      onProgress(p);
      this.push(entry, false);
    });
    job.onStateChange(() => {
      entry.view.state = job.paused ? 'paused' : 'running';
      this.push(entry, true);
    });
    (job.result as Promise<unknown>).then(
      (r) => this.finish(entry, onResult(r)),
      (err: unknown) => this.finish(entry, 'failed', err instanceof Error ? err.message : String(err)),
    );
  }

  /** Pushes the view now, or within PROGRESS_INTERVAL_MS when pushes come faster than the UI can use them. */
  private push(entry: Entry, now: boolean): void {
    const wait = entry.lastPush + PROGRESS_INTERVAL_MS - Date.now();
    if (now || wait <= 0) {
      clearTimeout(entry.timer);
      entry.timer = undefined;
      entry.lastPush = Date.now();
      this.emit('job.updated', this.snapshot(entry));
    } else if (!entry.timer) {
      entry.timer = setTimeout(() => {
        entry.timer = undefined;
        this.push(entry, true);
      }, wait);
      entry.timer.unref();
    }
  }

  private finish(entry: Entry, state: 'done' | 'failed' | 'cancelled', error?: string): void {
    clearTimeout(entry.timer);
    entry.timer = undefined;
    entry.view.state = state;
    entry.view.finishedAt = new Date().toISOString();
    if (error) entry.view.error = error;
    const view = this.snapshot(entry);
    this.emit('job.updated', view);
    this.emit('job.finished', view);
  }

  private snapshot(e: Entry): JobView {
    return structuredClone(e.view);
  }

  private trim(): void {
    const finished = this.order.filter((id) => ['done', 'failed', 'cancelled'].includes(this.entries.get(id)!.view.state));
    for (const id of finished.slice(FINISHED_KEPT)) {
      this.entries.delete(id);
      this.order.splice(this.order.indexOf(id), 1);
    }
  }
}

function basename(p: string): string {
  const parts = p.split(/[\\/]+/).filter(Boolean);
  return parts.at(-1) ?? p;
}

export type { VerifyResultView };
