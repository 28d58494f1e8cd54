/**
 * `npm run bench:waveform`: the figures for the waveform/QC issue's closing note, measured on generated takes in a
 * scratch folder (removed at the end):
 *   1. analyzeTake (one decode pass → peaks at every default level + QC + mix loudness) against a bare ffmpeg decode
 *      of the same file, for a 24-bit PCM and a 32-bit float 8-track poly take; goal ours/baseline ≤ 1.5;
 *   2. readPeaks of the cached peaks of the 24-bit take; goal < 20 ms;
 *   3. offload throughput with the previews running behind the copy, as a share of the offload alone.
 * The page cache is dropped before every timed decode, analysis and offload, as bench/offload does.
 */
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ffmpegPath } from '../../main/waveform';
import { dropPageCache } from '../lib/cache';
import { killRunning, mustSucceed, run } from '../lib/shell';
import { createWorkspace } from '../lib/workspace';
import { measureDecode, measurePeaksRead, type DecodeFigures } from './decode';
import { measureOffloadShare } from './offload-share';
import { runBenchCli } from '../lib/cli';
import { parseOptions, USAGE, type BenchOptions } from './options';
import { GOALS, renderTable, type BenchReport } from './report';
import { FLOAT32, PCM24, writeCard, writeTestTake } from './takes';

const GIB = 1024 ** 3;
const PEAKS_READS = 20;

const say = (text: string): void => void process.stderr.write(`bench: ${text}\n`);
const seconds = (since: number): number => (performance.now() - since) / 1000;

async function machine(): Promise<BenchReport['machine']> {
  const path = ffmpegPath();
  const version = mustSucceed('ffmpeg -version', await run(path, ['-version']));
  return {
    cores: cpus().length,
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    node: process.version,
    ffmpeg: version.stdout.split('\n')[0]?.trim() ?? '?',
    ffmpegPath: path,
    loadAverage1m: { start: loadavg()[0]!, end: NaN },
  };
}

async function bench(opts: BenchOptions): Promise<BenchReport> {
  const mach = await machine();
  const ws = createWorkspace(opts.dir, opts.keep, killRunning);
  try {
    let pageCacheDropped = true;
    const cold = (): void => {
      if (!dropPageCache() && pageCacheDropped) {
        pageCacheDropped = false;
        say('WARNING: cannot drop the page cache (needs root and a writable /proc/sys/vm/drop_caches): figures include cache effects');
      }
    };

    say(`writing two ${opts.minutes}-minute 8-track takes (24-bit PCM, 32-bit float) in ${ws.dir}`);
    let t = performance.now();
    const takes = [
      await writeTestTake(join(ws.dir, 'takes', 'S101T01.WAV'), PCM24, opts.minutes, 'pcm24'),
      await writeTestTake(join(ws.dir, 'takes', 'S101T02.WAV'), FLOAT32, opts.minutes, 'float32'),
    ];
    const generateSeconds = seconds(t);

    const cacheDir = join(ws.dir, 'peaks');
    const decode: DecodeFigures[] = [];
    for (const take of takes) decode.push(await measureDecode(take, opts.runs, cacheDir, cold, say));

    say(`readPeaks × ${PEAKS_READS}`);
    const first = decode[0]!;
    const peaksRead = await measurePeaksRead(first.analysis.peaksFile, first.analysis.peaksBytes, PEAKS_READS);

    say(`writing a ${opts.cardGib} GiB card of copies of the 24-bit take`);
    t = performance.now();
    const card = await writeCard(join(ws.dir, 'card', 'A001'), takes[0]!, Math.round(opts.cardGib * GIB));
    const cardSeconds = seconds(t);
    if (card.files.length === 0) throw new Error(`--card-gib ${opts.cardGib} is too small for one take`);
    const offload = await measureOffloadShare(card, cardSeconds, opts.runs, { scratch: join(ws.dir, 'offloads'), cold, say });

    return {
      workspace: ws.dir,
      machine: { ...mach, loadAverage1m: { start: mach.loadAverage1m.start, end: loadavg()[0]! } },
      options: { minutes: opts.minutes, runs: opts.runs, cardGib: opts.cardGib },
      pageCacheDropped,
      takes: { generateSeconds },
      decode,
      peaksRead,
      offload,
      goals: {
        ratio: GOALS.ratio,
        ratioMet: Object.fromEntries(decode.map((d) => [d.format, d.ratio <= GOALS.ratio])),
        peaksReadMs: GOALS.peaksReadMs,
        peaksReadMet: peaksRead.medianMs < GOALS.peaksReadMs,
        peaksReadMaxMet: peaksRead.maxMs < GOALS.peaksReadMs,
      },
    };
  } finally {
    ws.dispose();
  }
}

runBenchCli({ usage: USAGE, parseOptions, bench, renderTable });
