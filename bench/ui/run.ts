/**
 * `npm run bench:ui`: the Takes screen's figures for the closing note, measured in the built UI in Chromium
 * against a real station (`soundroll serve` on a catalog filled by a real offload with peaks and QC):
 *   (a) opening a take until every lane is drawn, for a 10-minute and a 1-hour 8-track take; goal ≤ 500 ms;
 *   (b) frame rate while zooming and while scrolling; goal ≥ 50 fps;
 *   (c) playback start latency; goal ≤ 300 ms;
 *   (d) the renderer's JS heap over 20 s of playback of the 1-hour take; goal: bounded (≤ 5 MB growth).
 * Takes are written by bench/waveform's generator into a scratch folder, removed at the end.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Browser } from 'playwright-core';
import { ffmpegPath } from '../../main/waveform';
import { dropPageCache } from '../lib/cache';
import { killRunning, mustSucceed, run } from '../lib/shell';
import { createWorkspace } from '../lib/workspace';
import { PCM24, TRACKS, writeTestTake } from '../waveform/takes';
import { idleFrames, measureFrames, measureMemory, measurePlayStart, openTimed, toLibrary, type BenchTake } from './measure';
import { runBenchCli } from '../lib/cli';
import { parseOptions, USAGE, type BenchOptions } from './options';
import { TAKE_ROWS, type TakeRowProbe } from './page';
import { median } from '../lib/stats';
import { GOALS, renderTable, type BenchReport, type TakeFigures } from './report';
import { CHROMIUM_ARGS, chromiumPath, CLI, DEFAULT_APP_DIR, launchChromium, startServe, uiBuildOf, type Served } from './station';

const say = (text: string): void => void process.stderr.write(`bench: ${text}\n`);
const seconds = (since: number): number => (performance.now() - since) / 1000;

let served: Served | undefined;

async function bench(opts: BenchOptions): Promise<BenchReport> {
  const appDir = opts.appDir ?? DEFAULT_APP_DIR;
  if (!existsSync(join(appDir, 'index.html'))) throw new Error(`${join(appDir, 'index.html')} is missing: run 'npm run build' (npm run bench:ui does)`);
  const uiBuild = uiBuildOf(appDir);
  const chromium = chromiumPath();
  if (!chromium) throw new Error('no Chromium found (install Debian chromium or set CHROMIUM_BIN)');
  const ffmpeg = ffmpegPath();
  const ffmpegVersion = mustSucceed('ffmpeg -version', await run(ffmpeg, ['-version'])).stdout.split('\n')[0]?.trim() ?? '?';
  const loadStart = loadavg()[0]!;

  const ws = createWorkspace(opts.dir, opts.keep, () => {
    served?.kill();
    killRunning();
  });
  let browser: Browser | undefined;
  try {
    // ---- the takes, on a card, offloaded with peaks and QC ----
    const roll = join(ws.dir, 'card', 'A001');
    const specs = [
      { label: `${opts.shortMinutes} min`, minutes: opts.shortMinutes, file: 'S101T01.WAV', seed: 'uishort' },
      { label: `${opts.longMinutes} min`, minutes: opts.longMinutes, file: 'S101T02.WAV', seed: 'uilong' },
    ];
    const takes: TakeFigures[] = [];
    for (const s of specs) {
      say(`writing the ${s.label} 8-track 24-bit take`);
      const t = performance.now();
      const file = await writeTestTake(join(roll, '25Y03M14', s.file), PCM24, s.minutes, s.seed);
      takes.push({ label: s.label, minutes: s.minutes, bytes: statSync(file.path).size, frames: file.frames, generateSeconds: seconds(t) });
      say(`  ${(file.bytes / 1e9).toFixed(2)} GB in ${seconds(t).toFixed(1)} s`);
    }
    const dest = join(ws.dir, 'drive');
    mkdirSync(dest);
    const catalog = join(ws.dir, 'catalog.sqlite');
    say('offloading the card with the CLI (copy, verify, then waveform peaks and QC of both takes)');
    const t = performance.now();
    const off = await run(process.execPath, [CLI, 'offload', roll, '-d', dest, '--catalog', catalog, '--project', 'Bench'], { ...process.env, SOUNDROLL_CATALOG: catalog });
    const offloadSeconds = seconds(t);
    if (off.code !== 0) throw new Error(`the offload failed (exit ${off.code}):\n${off.stdout}\n${off.stderr}`);
    const analysed = /waveforms and QC: [^\n]*/.exec(off.stdout)?.[0] ?? 'no analysis line printed';
    if (!/waveforms and QC: 2 take\(s\)(?!, \d+ could not)/.test(analysed)) throw new Error(`the offload did not analyse both takes: ${analysed}\n${off.stdout}`);
    say(`  ${offloadSeconds.toFixed(1)} s: ${analysed}`);

    // ---- the station and the browser ----
    served = await startServe(catalog, appDir);
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(served.url);
    await page.getByTestId('tab-takes').waitFor();
    await page.keyboard.press('3');
    await page.getByTestId('take-list').waitFor({ state: 'visible' });
    await waitFor(async () => (await page.getByTestId('take-row').count()) === 2, 'the two takes in the list');
    const rows = (await page.evaluate(TAKE_ROWS)) as TakeRowProbe[];
    for (const r of rows) if (/not analysed|analysis failed/.test(r.text)) throw new Error(`take ${r.id} is not analysed: ${r.text}`);
    const byLength = (minutes: number): string => {
      const row = [...rows].sort((a, b) => Math.abs(a.seconds - minutes * 60) - Math.abs(b.seconds - minutes * 60))[0];
      if (!row) throw new Error('no take rows');
      return row.id;
    };
    const benchTakes: BenchTake[] = specs.map((s) => ({ label: s.label, minutes: s.minutes, id: byLength(s.minutes), tracks: TRACKS.length }));
    if (benchTakes[0]!.id === benchTakes[1]!.id) throw new Error(`cannot tell the takes apart by length: ${JSON.stringify(rows)}`);
    const [short, long] = benchTakes as [BenchTake, BenchTake];
    const dpr = (await page.evaluate('devicePixelRatio')) as number;

    const idle = await idleFrames(page, 1000);
    say(`idle page: ${idle.fps.toFixed(1)} fps`);

    // ---- (a) open ----
    const pageCacheDropped = dropPageCache();
    if (!pageCacheDropped) say('WARNING: cannot drop the page cache (needs root): every open reads the peaks from memory');
    const open: BenchReport['open'] = [];
    for (const take of [short, long]) {
      const runs = [];
      for (let i = 0; i < opts.runs; i++) {
        const r = await openTimed(page, take);
        say(`(a) open ${take.label} run ${i + 1}: ${r.allLanesMs.toFixed(0)} ms (view ${r.viewMs.toFixed(0)}, first lane ${r.firstLaneMs.toFixed(0)})`);
        runs.push(r);
      }
      const ms = runs.map((r) => r.allLanesMs);
      open.push({ take: take.label, runs, medianMs: median(ms), maxMs: Math.max(...ms), met: median(ms) <= GOALS.openMs });
    }

    // ---- (b) frame rate ----
    const frames: BenchReport['frames'] = [];
    for (const take of [short, long]) {
      const f = await measureFrames(page, take);
      say(`(b) ${take.label}: zoom ${f.zoom.fps.toFixed(1)} fps, scroll ${f.scroll.fps.toFixed(1)} fps`);
      frames.push({ take: take.label, ...f, zoomMet: f.zoom.fps >= GOALS.fps, scrollMet: f.scroll.fps >= GOALS.fps });
    }

    // ---- (c) playback start ----
    const playStart: BenchReport['playStart'] = [];
    for (const take of [short, long]) {
      const runs = await measurePlayStart(page, take, opts.runs);
      const ms = runs.map((r) => r.ms);
      say(`(c) ${take.label}: ${ms.map((x) => x.toFixed(0)).join(', ')} ms`);
      playStart.push({ take: take.label, runs, medianMs: median(ms), maxMs: Math.max(...ms), met: median(ms) <= GOALS.playStartMs });
    }

    // ---- (d) memory ----
    say(`(d) heap over ${opts.playSeconds} s of playback of the ${long.label} take`);
    const mem = await measureMemory(page, long, opts.playSeconds);
    const memory = { ...mem, met: mem.growthMbCdp <= GOALS.heapGrowthMb && mem.growthMbPerformanceMemory <= GOALS.heapGrowthMb };
    await toLibrary(page);
    if (pageErrors.length) throw new Error(`the page threw: ${pageErrors.join('; ')}`);

    const report: BenchReport = {
      workspace: ws.dir,
      machine: {
        cores: cpus().length,
        cpu: cpus()[0]?.model.trim() ?? 'unknown',
        memoryGib: totalmem() / 1024 ** 3,
        node: process.version,
        chromium: browser.version(),
        chromiumPath: chromium,
        chromiumArgs: [...CHROMIUM_ARGS],
        ffmpeg: `${ffmpegVersion} (${ffmpeg})`,
        viewport: '1440×900',
        ui: { dir: appDir, build: uiBuild },
        devicePixelRatio: dpr,
        loadAverage1m: { start: loadStart, end: loadavg()[0]! },
      },
      options: { shortMinutes: opts.shortMinutes, longMinutes: opts.longMinutes, runs: opts.runs, playSeconds: opts.playSeconds },
      pageCacheDropped,
      takes,
      offload: { seconds: offloadSeconds, bytes: takes.reduce((n, x) => n + x.bytes, 0), safeToFormat: /SAFE TO FORMAT/.test(off.stdout) && !/NOT SAFE/.test(off.stdout), analysed },
      idle,
      open,
      frames,
      playStart,
      memory,
      goals: GOALS,
      allMet: false,
    };
    report.allMet = open.every((o) => o.met) && frames.every((f) => f.zoomMet && f.scrollMet) && playStart.every((p) => p.met) && memory.met;
    return report;
  } finally {
    await browser?.close().catch(() => undefined);
    if (served) {
      const code = await served.stop();
      if (code !== 0) say(`soundroll serve exited with ${code}: ${served.stderr().slice(-2000)}`);
      served = undefined;
    }
    ws.dispose();
  }
}

async function waitFor(condition: () => Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

runBenchCli({ usage: USAGE, parseOptions, bench, renderTable });
