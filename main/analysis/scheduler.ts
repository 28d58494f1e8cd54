/**
 * Runs take analyses (peaks + QC) as jobs behind the copy. Copy first: at most `concurrency` analyses decode at once
 * (default 1 on a small machine: one ffmpeg and one analysis thread), their ffmpeg runs niced, and an analysis never
 * reads the card: it decodes a verified copy, so the card can be pulled as soon as it is safe.
 *
 * During an offload, each verified file's header read pokes the scheduler; at most once a second it re-files the
 * roll's takes and queues those that are already whole (a single poly file). Split takes (one mono file per track)
 * wait for the end of the offload, when every file of the set has arrived and the roll is indexed for good.
 */
import { stat } from 'node:fs/promises';
import { parseTimecodeRate } from '../../shared/timecode';
import type { QcFinding } from '../../shared/qc';
import { reachableSourcesOfTake, type Catalog, type TrackQcSummary } from '../catalog';
import { Job } from '../jobs';
import { indexRoll, takeLabel } from '../library';
import type { QcConfig, TrackStats } from '../qc';
import { FfmpegMissingError, peaksCacheKey, type DecodeFile } from '../waveform';
import { analyzeTake, type AnalysisTake, type TakeAnalysis } from './analyze-take';

export interface AnalysisProgress {
  takeId: number;
  label: string;
  state: 'queued' | 'decoding';
  framesDone: number;
  frames: number | null;
}

export interface AnalysisOutcome {
  takeId: number;
  label: string;
  /** analysed: decoded now; current: the stored analysis still matches the files; failed: see message. */
  status: 'analysed' | 'current' | 'failed' | 'cancelled';
  message?: string;
  peaksFile?: string;
  findings: { error: number; warning: number; info: number };
  elapsedMs: number;
}

export type AnalysisJob = Job<AnalysisProgress, AnalysisOutcome>;

export interface AnalysisSchedulerOptions {
  catalog: Catalog;
  cacheDir: string;
  /** Analyses decoding at once (default 1). */
  concurrency?: number;
  /** ffmpeg priority (default 10: behind the copy). */
  niceness?: number;
  config?: Partial<QcConfig>;
  /** How long file reads are gathered before the roll is re-filed mid-offload (default 1000 ms). */
  settleMs?: number;
}

export interface EnqueueOptions {
  /** Decode again even when the stored analysis matches the files (or failed on them). */
  force?: boolean;
}

export class AnalysisScheduler {
  private readonly concurrency: number;
  private readonly jobs = new Map<number, AnalysisJob>();
  private readonly waiting: (() => void)[] = [];
  private running = 0;
  private readonly timers = new Map<number, NodeJS.Timeout>();
  private readonly listeners = new Set<(job: AnalysisJob) => void>();
  private closed = false;
  /** Roll scans in progress (they may still queue jobs): `idle()` waits for them too. */
  private planning = 0;

  constructor(private readonly opts: AnalysisSchedulerOptions) {
    this.concurrency = Math.max(1, Math.floor(opts.concurrency ?? 1));
  }

  /** Called with every job the scheduler starts (the UI subscribes to its progress). */
  onJob(listener: (job: AnalysisJob) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Jobs queued or running. */
  get pending(): AnalysisJob[] {
    return [...this.jobs.values()];
  }

  enqueueTake(takeId: number, options: EnqueueOptions = {}): AnalysisJob {
    if (this.closed) throw new Error('the analysis scheduler is closed');
    const existing = this.jobs.get(takeId);
    if (existing) return existing;
    const job: AnalysisJob = new Job('analysis', async (ctx) => {
      const label = this.labelOf(takeId);
      ctx.progress({ takeId, label, state: 'queued', framesDone: 0, frames: null });
      await this.acquire();
      try {
        if (ctx.signal.aborted) return outcome(takeId, label, 'cancelled');
        return await this.run(takeId, label, options, ctx.signal, (framesDone, frames) =>
          ctx.progress({ takeId, label, state: 'decoding', framesDone, frames: frames ?? null }),
        );
      } finally {
        this.release();
      }
    });
    this.jobs.set(takeId, job);
    void job.result.finally(() => {
      if (this.jobs.get(takeId) === job) this.jobs.delete(takeId);
    });
    for (const l of this.listeners) l(job);
    return job;
  }

  /** Queues every take of the roll whose stored analysis is missing or no longer matches its files. */
  async enqueueRoll(rollId: number, options: EnqueueOptions & { only?: ReadonlySet<number> } = {}): Promise<AnalysisJob[]> {
    const jobs: AnalysisJob[] = [];
    for (const state of this.opts.catalog.qc.analysisStateOfRoll(rollId)) {
      if (options.only && !options.only.has(state.takeId)) continue;
      if (!options.force && state.status !== null && (await this.isCurrent(state.takeId, state.peaksKey))) continue;
      jobs.push(this.enqueueTake(state.takeId, options));
    }
    return jobs;
  }

  /** A verified file of the roll has had its header read (offload hook): soon, file the roll and queue whole takes. */
  fileRead(rollId: number): void {
    if (this.closed || this.timers.has(rollId)) return;
    const timer = setTimeout(() => {
      this.timers.delete(rollId);
      void this.plan(() => this.queueWholeTakes(rollId));
    }, this.opts.settleMs ?? 1000);
    timer.unref();
    this.timers.set(rollId, timer);
  }

  /** The offload filed the roll for good (offload hook): queue everything not yet analysed. */
  rollIndexed(rollId: number): void {
    if (this.closed) return;
    clearTimeout(this.timers.get(rollId));
    this.timers.delete(rollId);
    void this.plan(() => this.enqueueRoll(rollId));
  }

  /** Resolves when nothing is queued or running (jobs queued meanwhile are waited for too). */
  async idle(): Promise<void> {
    while (this.jobs.size || this.timers.size || this.planning) {
      if (this.jobs.size) await Promise.allSettled([...this.jobs.values()].map((j) => j.result));
      else await new Promise((r) => setTimeout(r, 50));
    }
  }

  cancelAll(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    for (const j of this.jobs.values()) j.cancel();
  }

  /** Cancels everything and refuses new work (before the catalog closes). */
  async close(): Promise<void> {
    this.closed = true;
    this.cancelAll();
    await Promise.allSettled([...this.jobs.values()].map((j) => j.result));
  }

  private async plan(work: () => Promise<unknown>): Promise<void> {
    this.planning++;
    try {
      await work();
    } catch {
      // A roll that cannot be scanned now (catalog busy, take removed) is picked up by the next offload or `qc`.
    } finally {
      this.planning--;
    }
  }

  private async queueWholeTakes(rollId: number): Promise<void> {
    if (this.closed) return;
    try {
      indexRoll(this.opts.catalog, rollId);
    } catch {
      return; // the end-of-offload index reports indexing problems; previews simply wait for it
    }
    for (const t of this.opts.catalog.takes.takesOfRoll(rollId)) {
      if (t.files.length !== 1 || (t.channelCount ?? 1) < 2) continue;
      const state = this.opts.catalog.qc.analysis(t.id);
      if (state && (await this.isCurrent(t.id, state.peaksKey))) continue;
      if (!this.closed) this.enqueueTake(t.id);
    }
  }

  private acquire(): Promise<void> {
    if (this.running < this.concurrency) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }

  private labelOf(takeId: number): string {
    const t = this.opts.catalog.takes.take(takeId);
    return t ? takeLabel(t) : `take #${takeId}`;
  }

  /** Whether the stored analysis was made from the files as they are now (a stat per file, no read). */
  private async isCurrent(takeId: number, storedKey: string | null): Promise<boolean> {
    if (storedKey === null) return false;
    try {
      const input = await this.inputOf(takeId);
      const stored = this.opts.catalog.qc.analysis(takeId);
      if (!stored || (await peaksCacheKey({ files: input.files })) !== storedKey) return false;
      if (stored.status === 'failed') return true;
      return stored.peaksFile !== undefined && (await exists(stored.peaksFile));
    } catch {
      return false;
    }
  }

  private async run(
    takeId: number,
    label: string,
    options: EnqueueOptions,
    signal: AbortSignal,
    onProgress: (framesDone: number, frames: number | undefined) => void,
  ): Promise<AnalysisOutcome> {
    const catalog = this.opts.catalog;
    const started = Date.now();
    let input: AnalysisTake;
    try {
      input = await this.inputOf(takeId);
    } catch (err) {
      return outcome(takeId, label, 'failed', { message: errorText(err), elapsedMs: Date.now() - started });
    }
    const stored = catalog.qc.analysis(takeId);
    if (!options.force && stored && (await this.isCurrent(takeId, stored.peaksKey))) {
      return outcome(takeId, label, stored.status === 'done' ? 'current' : 'failed', {
        message: stored.message,
        peaksFile: stored.peaksFile,
        findings: countFindings(catalog.qc.findingsOfTake(takeId)),
      });
    }
    let analysis: TakeAnalysis;
    try {
      analysis = await analyzeTake(input, {
        cacheDir: this.opts.cacheDir,
        signal,
        niceness: this.opts.niceness ?? 10,
        config: this.opts.config,
        onProgress,
      });
    } catch (err) {
      if (signal.aborted) return outcome(takeId, label, 'cancelled', { elapsedMs: Date.now() - started });
      const message = errorText(err);
      // ffmpeg missing is this machine's problem, not the take's: nothing is stored, a later run retries.
      if (err instanceof FfmpegMissingError) return outcome(takeId, label, 'failed', { message, elapsedMs: Date.now() - started });
      const finding: QcFinding = {
        severity: 'error',
        kind: 'decode-failed',
        fromSeconds: 0,
        toSeconds: 0,
        message: `${label} could not be decoded for its waveform and QC: ${message}`,
      };
      const key = await peaksCacheKey({ files: input.files }).catch(() => 'unknown');
      catalog.qc.saveAnalysis(
        { takeId, status: 'failed', peaksKey: key, sources: input.files.map((f) => f.path), tracks: [], message, elapsedMs: Date.now() - started },
        [finding],
      );
      return outcome(takeId, label, 'failed', { message, elapsedMs: Date.now() - started, findings: countFindings([finding]) });
    }
    try {
      catalog.qc.saveAnalysis(
        {
          takeId,
          status: 'done',
          peaksKey: analysis.peaksKey,
          peaksFile: analysis.peaksFile,
          sources: input.files.map((f) => f.path),
          frames: analysis.frames,
          ...(analysis.mixLoudnessLufs !== undefined ? { mixLoudnessLufs: analysis.mixLoudnessLufs } : {}),
          tracks: analysis.tracks.map((t, position) => trackSummary(position, t.name, t.stats)),
          elapsedMs: analysis.elapsedMs,
        },
        analysis.findings,
      );
    } catch (err) {
      return outcome(takeId, label, 'failed', { message: errorText(err), elapsedMs: analysis.elapsedMs });
    }
    return outcome(takeId, label, 'analysed', { peaksFile: analysis.peaksFile, elapsedMs: analysis.elapsedMs, findings: countFindings(analysis.findings) });
  }

  /** What to decode: for each file of the take, the newest verified copy that is on disk with the catalog's size. */
  private async inputOf(takeId: number): Promise<AnalysisTake> {
    const catalog = this.opts.catalog;
    const take = catalog.takes.take(takeId);
    if (!take) throw new Error(`take #${takeId} is not in the catalog`);
    if (!take.sampleRate || !take.bitDepth) throw new Error(`${takeLabel(take)}: its header read gave no sample format`);
    const files: DecodeFile[] = (await reachableSourcesOfTake(catalog.qc, takeId)).map((s) => ({ path: s.path, channels: s.channels }));
    const rate = take.timecodeRate ? parseTimecodeRate(take.timecodeRate) : undefined;
    return {
      label: takeLabel(take),
      files,
      tracks: take.tracks.map((t) => ({ name: t.name, function: t.function })),
      sampleRate: take.sampleRate,
      bitDepth: take.bitDepth,
      encoding: take.encoding === 'float' ? 'float' : 'pcm',
      ...(take.startSamples !== null ? { startSamples: take.startSamples } : {}),
      ...(rate ? { timecodeRate: rate } : {}),
      ...(take.frames !== null ? { frames: take.frames } : {}),
    };
  }
}

function trackSummary(position: number, name: string, s: TrackStats): TrackQcSummary {
  return {
    position,
    name,
    peakDbfs: s.peakDbfs,
    rmsDbfs: s.rmsDbfs,
    dcOffset: s.dcOffset,
    clipRuns: s.clipRunCount,
    clippedSamples: s.clippedSamples,
    dropouts: s.dropoutCount,
    silenceRuns: s.silenceRunCount,
    digitalSilence: s.digitalSilence,
    loudnessLufs: s.loudnessLufs ?? null,
  };
}

function countFindings(findings: readonly { severity: string }[]): AnalysisOutcome['findings'] {
  const c = { error: 0, warning: 0, info: 0 };
  for (const f of findings) if (f.severity in c) c[f.severity as keyof typeof c]++;
  return c;
}

function outcome(
  takeId: number,
  label: string,
  status: AnalysisOutcome['status'],
  more: { message?: string; peaksFile?: string; findings?: AnalysisOutcome['findings']; elapsedMs?: number } = {},
): AnalysisOutcome {
  return {
    takeId,
    label,
    status,
    ...(more.message !== undefined ? { message: more.message } : {}),
    ...(more.peaksFile !== undefined ? { peaksFile: more.peaksFile } : {}),
    findings: more.findings ?? { error: 0, warning: 0, info: 0 },
    elapsedMs: more.elapsedMs ?? 0,
  };
}

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

const exists = (path: string): Promise<boolean> =>
  stat(path).then(
    () => true,
    () => false,
  );
