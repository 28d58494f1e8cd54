/**
 * Waiting for take analyses from the command line: a redrawn line on a terminal ("previews 3/14  Scene 1 take 2 45%"),
 * one line per failed take otherwise, and Ctrl-C cancels them (what is analysed stays analysed).
 */
import type { AnalysisJob, AnalysisOutcome, AnalysisScheduler } from '../analysis';
import type { ProgressLine } from './progress';

/** Collects every job the scheduler starts from now on (subscribe before starting the offload). */
export class AnalysisWatch {
  readonly jobs: AnalysisJob[] = [];
  private readonly stop: () => void;

  constructor(private readonly scheduler: AnalysisScheduler) {
    this.stop = scheduler.onJob((job) => this.jobs.push(job));
  }

  /** Waits until the scheduler is idle; returns the outcome of every job seen. */
  async finish(progress: ProgressLine, what = 'previews'): Promise<AnalysisOutcome[]> {
    let interrupted = false;
    const onSigint = (): void => {
      if (interrupted) process.exit(130);
      interrupted = true;
      progress.clear();
      process.stderr.write(`soundroll: cancelling ${what} (Ctrl-C again to quit at once)\n`);
      this.scheduler.cancelAll();
    };
    process.on('SIGINT', onSigint);
    const timer = progress.interactive ? setInterval(() => this.draw(progress, what), 200) : undefined;
    try {
      await this.scheduler.idle();
    } finally {
      if (timer) clearInterval(timer);
      progress.clear();
      process.off('SIGINT', onSigint);
      this.stop();
    }
    const outcomes = await Promise.all(this.jobs.map((j) => j.result));
    for (const o of outcomes) if (o.status === 'failed') process.stderr.write(`soundroll: ${what}: ${o.label}: ${o.message ?? 'failed'}\n`);
    return outcomes;
  }

  private draw(progress: ProgressLine, what: string): void {
    const done = this.jobs.filter((j) => j.done).length;
    const current = this.jobs.find((j) => !j.done && j.lastProgress?.state === 'decoding')?.lastProgress;
    const pct = current?.frames ? ` ${Math.min(100, Math.floor((current.framesDone / current.frames) * 100))}%` : '';
    progress.draw(`${what} ${done}/${this.jobs.length} takes${current ? `  ${current.label}${pct}` : ''}`);
  }
}

export function countOutcomes(outcomes: readonly AnalysisOutcome[]): { analysed: number; current: number; failed: number; cancelled: number } {
  const c = { analysed: 0, current: 0, failed: 0, cancelled: 0 };
  for (const o of outcomes) c[o.status]++;
  return c;
}
