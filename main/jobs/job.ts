/**
 * A job: `start` returns at once with an id; progress is pushed to listeners; `cancel` asks the work to stop at its
 * next safe point (the work itself decides what "safe" means — the offload never leaves a half-published file).
 */
import { randomUUID } from 'node:crypto';

export interface JobContext<P> {
  readonly id: string;
  readonly signal: AbortSignal;
  progress(update: P): void;
}

export class Job<P, R> {
  readonly id: string;
  readonly result: Promise<R>;
  private readonly controller = new AbortController();
  private readonly listeners = new Set<(p: P) => void>();
  private latest: P | undefined;
  private settled = false;

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
    };
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
}
