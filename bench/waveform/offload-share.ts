/**
 * What the previews cost the offload: the same card offloaded in-process with `startOffload` to two fresh folders on
 * the same disk, (a) alone and (b) with an `AnalysisScheduler` as its followers (concurrency 1, default niceness 10,
 * settleMs 200), as `soundroll offload` runs it. Throughput is the card's bytes over the time until `job.result`
 * resolves; the previews' tail is how much longer `scheduler.idle()` takes after that. Every offload gets a fresh
 * catalog file, fresh destinations and a cold page cache; the order of (a) and (b) alternates between runs so
 * neither always gets the disk first, and one untimed offload settles the disk before the first run.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { OffloadSummary } from '../../shared/offload';
import { AnalysisScheduler, type AnalysisOutcome } from '../../main/analysis';
import { Catalog } from '../../main/catalog';
import { startOffload } from '../../main/offload/offload';
import { TOOL } from '../../main/version';
import { resetDir } from '../lib/workspace';
import { mbPerSecond, median } from '../lib/stats';
import type { Card } from './takes';

export interface OffloadMeasure {
  seconds: number;
  bytesRead: number;
  mbPerSecond: number;
  /** CPU of this process (copy hashing, read-back, catalog; with previews also deinterleave, peaks, QC) over the offload. */
  nodeCpuSeconds: number;
}

export interface PreviewFigures {
  /** Seconds from the offload's result to `scheduler.idle()`. */
  finishedAfterSeconds: number;
  /** Takes analysed (status 'analysed'), and how many of them were done before the offload resolved. */
  takesAnalysed: number;
  analysedDuringOffload: number;
  /** Seconds from the offload's start to the first decoded block of a preview; null when none started before it ended. */
  firstDecodeAfterSeconds: number | null;
  /** Share of all preview frames (every take) decoded before the offload resolved: how much the two overlapped. */
  decodedDuringOffload: number;
  /** Analyses that did not end 'analysed' (failed, cancelled, current): status and message. */
  other: { label: string; status: string; message?: string }[];
}

export interface OffloadPair {
  run: number;
  order: 'alone first' | 'previews first';
  alone: OffloadMeasure;
  withPreviews: OffloadMeasure & { previews: PreviewFigures };
  /** (b) MB/s ÷ (a) MB/s. */
  share: number;
}

export interface OffloadShareFigures {
  card: { bytes: number; gib: number; files: number; generateSeconds: number };
  destinations: number;
  runs: OffloadPair[];
  /** Medians over the runs; `share` is the median of the runs' own shares (each pair ran back to back). */
  median: { aloneMbPerSecond: number; withPreviewsMbPerSecond: number; share: number; previewsFinishedAfterSeconds: number };
}

interface Context {
  card: Card;
  scratch: string;
  /** Drops the page cache before an offload (see bench/lib/cache.ts). */
  cold: () => void;
  say: (s: string) => void;
}

const DESTINATIONS = 2;

export async function measureOffloadShare(card: Card, generateSeconds: number, runs: number, ctx: Omit<Context, 'card'>): Promise<OffloadShareFigures> {
  const c: Context = { ...ctx, card };
  // One untimed offload first, as bench/offload settles the disk with an untimed copy: right after the card was
  // written, the first copy of it runs markedly slower than later ones, which would always penalise run 1's first half.
  ctx.say('settling the disk: one untimed offload');
  await offloadOnce(c, 'settle', false);
  const pairs: OffloadPair[] = [];
  for (let i = 1; i <= runs; i++) {
    const previewsFirst = i % 2 === 0;
    let alone: OffloadMeasure | undefined;
    let withPreviews: (OffloadMeasure & { previews: PreviewFigures }) | undefined;
    for (const previews of previewsFirst ? [true, false] : [false, true]) {
      c.say(`offload run ${i}/${runs}: ${previews ? 'with previews behind the copy' : 'alone'}`);
      if (previews) withPreviews = (await offloadOnce(c, `run${i}-previews`, true)) as OffloadMeasure & { previews: PreviewFigures };
      else alone = await offloadOnce(c, `run${i}-alone`, false);
    }
    pairs.push({
      run: i,
      order: previewsFirst ? 'previews first' : 'alone first',
      alone: alone!,
      withPreviews: withPreviews!,
      share: withPreviews!.mbPerSecond / alone!.mbPerSecond,
    });
  }
  return {
    card: { bytes: card.totalBytes, gib: card.totalBytes / 1024 ** 3, files: card.files.length, generateSeconds },
    destinations: DESTINATIONS,
    runs: pairs,
    median: {
      aloneMbPerSecond: median(pairs.map((p) => p.alone.mbPerSecond)),
      withPreviewsMbPerSecond: median(pairs.map((p) => p.withPreviews.mbPerSecond)),
      share: median(pairs.map((p) => p.share)),
      previewsFinishedAfterSeconds: median(pairs.map((p) => p.withPreviews.previews.finishedAfterSeconds)),
    },
  };
}

async function offloadOnce(c: Context, tag: string, previews: boolean): Promise<OffloadMeasure & { previews?: PreviewFigures }> {
  const folder = join(c.scratch, tag);
  const dests = Array.from({ length: DESTINATIONS }, (_, i) => join(folder, `dest${i + 1}`));
  for (const d of dests) resetDir(d);
  const catalog = Catalog.open(join(folder, 'catalog.sqlite'));
  const scheduler = previews ? new AnalysisScheduler({ catalog, cacheDir: join(folder, 'peaks'), settleMs: 200 }) : undefined;
  const outcomes: { outcome: AnalysisOutcome; at: number }[] = [];
  /** Frames decoded so far per take, from the jobs' progress, and when the first block of any preview arrived. */
  const framesDone = new Map<number, number>();
  let firstDecodeAt: number | undefined;
  const decodedFrames = (): number => [...framesDone.values()].reduce((a, b) => a + b, 0);
  scheduler?.onJob((job) => {
    job.onProgress((p) => {
      if (p.state !== 'decoding') return;
      firstDecodeAt ??= performance.now();
      framesDone.set(p.takeId, p.framesDone);
    });
    void job.result.then(
      (outcome) => outcomes.push({ outcome, at: performance.now() }),
      (err: unknown) => outcomes.push({ outcome: failedOutcome(err), at: performance.now() }),
    );
  });
  try {
    c.cold();
    const cpu = process.cpuUsage();
    const started = performance.now();
    const job = startOffload(
      { catalog, tool: TOOL, ...(scheduler ? { followers: scheduler } : {}) },
      { source: c.card.root, destinations: dests, hashes: ['xxh128'], project: 'Bench', roll: 'A001', date: '2025-03-14' },
    );
    const summary = await job.result;
    const offloaded = performance.now();
    const used = process.cpuUsage(cpu);
    const framesAtOffloadEnd = decodedFrames();
    checkSummary(summary, c.card);
    const seconds = (offloaded - started) / 1000;
    const measure: OffloadMeasure = {
      seconds,
      bytesRead: summary.bytesRead,
      mbPerSecond: mbPerSecond(summary.bytesRead, seconds),
      nodeCpuSeconds: (used.user + used.system) / 1e6,
    };
    if (!scheduler) return measure;
    await scheduler.idle();
    const idle = performance.now();
    const analysed = outcomes.filter((o) => o.outcome.status === 'analysed');
    return {
      ...measure,
      previews: {
        finishedAfterSeconds: (idle - offloaded) / 1000,
        takesAnalysed: analysed.length,
        analysedDuringOffload: analysed.filter((o) => o.at <= offloaded).length,
        firstDecodeAfterSeconds: firstDecodeAt !== undefined && firstDecodeAt <= offloaded ? (firstDecodeAt - started) / 1000 : null,
        decodedDuringOffload: decodedFrames() > 0 ? framesAtOffloadEnd / decodedFrames() : 0,
        other: outcomes
          .filter((o) => o.outcome.status !== 'analysed')
          .map((o) => ({ label: o.outcome.label, status: o.outcome.status, ...(o.outcome.message ? { message: o.outcome.message } : {}) })),
      },
    };
  } finally {
    await scheduler?.close();
    catalog.close();
    // Four copies of a 2 GiB card per run add up; nothing of this run is needed any more.
    rmSync(folder, { recursive: true, force: true });
  }
}

/** A fast offload that did not verify is not a result (as in bench/offload/check.ts). */
function checkSummary(s: OffloadSummary, card: Card): void {
  const problems: string[] = [];
  if (!s.safeToFormat) problems.push(`safeToFormat is false — verdict: ${s.verdict}`);
  if (s.cancelled) problems.push('the job reports itself cancelled');
  if (s.bytesRead !== card.totalBytes) problems.push(`bytesRead ${s.bytesRead}, the card holds ${card.totalBytes}`);
  if (s.files.length !== card.files.length) problems.push(`${s.files.length} files in the summary, ${card.files.length} on the card`);
  for (const f of s.files) {
    const verified = f.copies.filter((x) => x.status === 'verified').length;
    if (f.error || verified !== DESTINATIONS) problems.push(`${f.relativePath}: ${verified}/${DESTINATIONS} copies verified${f.error ? ` (${f.error})` : ''}`);
  }
  if (problems.length) throw new Error(`the offload did not verify the card, so its timing means nothing:\n  ${problems.join('\n  ')}`);
}

function failedOutcome(err: unknown): AnalysisOutcome {
  return {
    takeId: -1,
    label: '?',
    status: 'failed',
    message: err instanceof Error ? err.message : String(err),
    findings: { error: 0, warning: 0, info: 0 },
    elapsedMs: 0,
  };
}
