/**
 * A job: `start` returns at once with an id; progress is pushed to listeners; `cancel` asks the work to stop at its
 * next safe point (the work itself decides what "safe" means — the offload never leaves a half-published file).
 */
import { randomUUID } from 'node:crypto';

export interface JobContext<P> {
  readonly id: string;
  readonly signal: AbortSignal;
  progress(update: P): void;
  /**
   * Resolves at once unless the job is paused, else when it is resumed or cancelled. Work calls it at its safe
   * points (the offload: between files), so a pause never leaves a file half-written.
   */
  waitWhilePaused(): Promise<void>;
}

export class Job<P, R> {
  readonly id: string;
  readonly result: Promise<R>;
  private readonly controller = new AbortController();
  private readonly listeners = new Set<(p: P) => void>();
  private latest: P | undefined;
  private settled = false;
  private pausedGate: { promise: Promise<void>; open: () => void } | undefined;
  private readonly stateListeners = new Set<() => void>();

  constructor(
    readonly kind: string,
    work: (ctx: JobContext<P>) => Promise<R>,
    id: string = randomUUID(),
  ) {
    this.id = id;
    const ctx: JobContext<P> = {
      id,
      signal: this.controller.signal,
      progress: (update) => {
        this.latest = update;
        for (const listener of this.listeners) listener(update);
      },
      waitWhilePaused: () => this.pausedGate?.promise ?? Promise.resolve(),
    };
    this.controller.signal.addEventListener('abort', () => this.resume(), { once: true });
    // Start on the next tick so callers can subscribe before the first event.
    this.result = Promise.resolve()
      .then(() => work(ctx))
      .finally(() => {
        this.settled = true;
      });
  }

  get lastProgress(): P | undefined {
    return this.latest;
  }

  get done(): boolean {
    return this.settled;
  }

  onProgress(listener: (p: P) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  cancel(): void {
    this.controller.abort();
  }

  get paused(): boolean {
    return this.pausedGate !== undefined;
  }

  /** Holds the work at its next safe point (see `waitWhilePaused`); a finished job ignores it. */
  pause(): void {
    if (this.pausedGate || this.settled || this.controller.signal.aborted) return;
    let open!: () => void;
    const promise = new Promise<void>((resolve) => (open = resolve));
    this.pausedGate = { promise, open };
    for (const l of this.stateListeners) l();
  }

  resume(): void {
    const gate = this.pausedGate;
    if (!gate) return;
    this.pausedGate = undefined;
    gate.open();
    for (const l of this.stateListeners) l();
  }

  /** Called when the job is paused or resumed. */
  onStateChange(listener: () => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }
}
