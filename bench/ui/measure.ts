/** The four measurements, each driving the Takes screen as a mixer does: rows, Enter, Space, Esc, the wheel. */
import type { CDPSession, Page, Request } from 'playwright-core';
import {
  armOpenProbe,
  armPlayProbe,
  DRAWN_LANES,
  frameProbe,
  OPEN_RESULT,
  PERFORMANCE_MEMORY,
  PLAY_RESULT,
  type FrameStats,
  type OpenProbeResult,
  type PlayProbeResult,
} from './page';

export interface BenchTake {
  label: string;
  id: string;
  minutes: number;
  tracks: number;
}

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Back to the list (Esc) when a take is open; the take view is unmounted, so the next open starts from nothing. */
export async function toLibrary(page: Page): Promise<void> {
  if ((await page.getByTestId('take-view').count()) > 0) {
    await page.keyboard.press('Escape');
    await page.getByTestId('take-view').waitFor({ state: 'detached' });
  }
  await page.getByTestId('take-list').waitFor({ state: 'visible' });
}

async function selectRow(page: Page, take: BenchTake): Promise<void> {
  const row = page.locator(`[data-testid=take-row][data-take-id="${take.id}"]`);
  // A press on the row selects it (as a click does); Enter then opens the selection.
  await row.click({ position: { x: 120, y: 10 } });
  await page.locator(`[data-testid=take-row][data-take-id="${take.id}"][data-selected=true]`).waitFor();
}

export interface OpenRun extends OpenProbeResult {
  /**
   * takes.peaks calls made by the open (counted until 600 ms after every lane was drawn): 1 when the level the first
   * render asked for is the one that fits the lanes; 2 when the view redraws from a second level (the figure above
   * then times the first, coarser drawing).
   */
  peaksFetches: number;
}

/** Opens a take from the list with Enter and measures until every lane is drawn. */
export async function openTimed(page: Page, take: BenchTake): Promise<OpenRun> {
  await toLibrary(page);
  await selectRow(page, take);
  await pause(300); // let the list settle: the clock should time the open, not a render left over from Esc
  let peaksFetches = 0;
  const onRequest = (req: Request): void => {
    if (req.url().endsWith('/api/call') && (JSON.parse(req.postData() ?? '{}') as { name?: string }).name === 'takes.peaks') peaksFetches++;
  };
  page.on('request', onRequest);
  try {
    await page.evaluate(armOpenProbe(take.id, take.tracks));
    await page.keyboard.press('Enter');
    const r = (await page.evaluate(OPEN_RESULT)) as OpenProbeResult;
    if (r.timedOut) throw new Error(`${take.label}: the lanes were not all drawn within 30 s of Enter (${r.lanes} of ${take.tracks} drawn)`);
    await pause(600);
    return { ...r, peaksFetches };
  } finally {
    page.off('request', onRequest);
  }
}

/** Opens a take (untimed) and waits until its lanes are drawn. */
export async function openTake(page: Page, take: BenchTake): Promise<void> {
  await openTimed(page, take);
}

export interface FrameFigures {
  zoom: FrameStats;
  scroll: FrameStats;
  /** Pixels per second the scroll ran at. */
  scrollZoomPxPerSec: number;
}

const zoomLevel = async (page: Page): Promise<number> => Number(await page.getByTestId('zoom-level').getAttribute('data-px-per-sec'));

/**
 * Zoom: 2 s of ctrl+wheel at the middle of the view from the whole take (in for 1 s, out for 1 s, 25 wheel units a
 * frame = ×1.078 per frame). Scroll: zoomed to about 100 px/s (8 s of sound across the lanes, a listening zoom),
 * 2 s of shift+wheel by 60 px a frame.
 */
export async function measureFrames(page: Page, take: BenchTake, ms = 2000): Promise<FrameFigures> {
  await openTake(page, take);
  await page.keyboard.press('0');
  await pause(500);
  const zoom = (await page.evaluate(frameProbe('zoom', ms, 25))) as FrameStats;
  await page.keyboard.press('0');
  await pause(300);
  for (let i = 0; i < 40 && (await zoomLevel(page)) < 100; i++) await page.keyboard.press('+');
  const scrollZoomPxPerSec = await zoomLevel(page);
  // The finer peaks level for this zoom arrives after a 150 ms settle and a fetch: scroll once it is drawn.
  await pause(1500);
  const scroll = (await page.evaluate(frameProbe('scroll', ms, 60))) as FrameStats;
  await page.keyboard.press('0');
  return { zoom, scroll, scrollZoomPxPerSec };
}

export async function idleFrames(page: Page, ms = 1000): Promise<FrameStats> {
  return (await page.evaluate(frameProbe('idle', ms, 0))) as FrameStats;
}

/** Space → first advance of the playhead position, `runs` times from the start of the take (Home, paused). */
export async function measurePlayStart(page: Page, take: BenchTake, runs: number): Promise<PlayProbeResult[]> {
  await openTake(page, take);
  await page.keyboard.press('0');
  const out: PlayProbeResult[] = [];
  for (let i = 0; i < runs; i++) {
    await page.keyboard.press('Home');
    await pause(300);
    await page.evaluate(armPlayProbe());
    await page.keyboard.press('Space');
    const r = (await page.evaluate(PLAY_RESULT)) as PlayProbeResult;
    if (r.timedOut) throw new Error(`${take.label}: the position did not advance within 10 s of Space`);
    out.push(r);
    await pause(700);
    await page.keyboard.press('Space');
    await page.locator('[data-testid=take-view][data-playing="false"]').waitFor();
  }
  return out;
}

export interface HeapReading {
  /** performance.memory.usedJSHeapSize, bytes. */
  performanceMemory: number;
  /** CDP Performance.getMetrics JSHeapUsedSize, bytes. */
  cdp: number;
}

export interface MemoryFigures {
  take: string;
  playSeconds: number;
  /** After a forced GC (HeapProfiler.collectGarbage), the take open and paused at its start. */
  before: HeapReading;
  /** After a forced GC, still playing, `playSeconds` later. */
  after: HeapReading;
  /** Without GC, sampled every 2 s during playback (CDP JSHeapUsedSize, bytes). */
  duringCdp: number[];
  /** Most audio windows alive at once during playback (take view data-audio-windows). */
  maxAudioWindows: number;
  /** Playback position at the end (seconds): proof that it played. */
  positionAtEnd: number;
  /** Growth after − before, MB (10^6 bytes). */
  growthMbPerformanceMemory: number;
  growthMbCdp: number;
}

async function heap(page: Page, cdp: CDPSession, gc: boolean): Promise<HeapReading> {
  if (gc) {
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
  }
  const pm = (await page.evaluate(PERFORMANCE_MEMORY)) as { used: number };
  const metrics = (await cdp.send('Performance.getMetrics')).metrics;
  const cdpUsed = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN;
  return { performanceMemory: pm.used, cdp: cdpUsed };
}

/** The renderer's JS heap with `take` open, before and after `playSeconds` of playback (forced GC before each reading). */
export async function measureMemory(page: Page, take: BenchTake, playSeconds: number): Promise<MemoryFigures> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('Performance.enable');
    await openTake(page, take);
    await page.keyboard.press('0');
    await page.keyboard.press('Home');
    await pause(1000);
    const before = await heap(page, cdp, true);
    await page.keyboard.press('Space');
    await page.locator('[data-testid=take-view][data-playing="true"]').waitFor();
    const view = page.getByTestId('take-view');
    const duringCdp: number[] = [];
    let maxAudioWindows = 0;
    const started = Date.now();
    while (Date.now() - started < playSeconds * 1000) {
      for (let i = 0; i < 10; i++) {
        await pause(200);
        maxAudioWindows = Math.max(maxAudioWindows, Number(await view.getAttribute('data-audio-windows')));
      }
      duringCdp.push((await heap(page, cdp, false)).cdp);
    }
    if ((await view.getAttribute('data-playing')) !== 'true') throw new Error(`${take.label}: playback stopped before ${playSeconds} s`);
    const positionAtEnd = Number(await view.getAttribute('data-position'));
    const after = await heap(page, cdp, true);
    await page.keyboard.press('Space');
    return {
      take: take.label,
      playSeconds,
      before,
      after,
      duringCdp,
      maxAudioWindows,
      positionAtEnd,
      growthMbPerformanceMemory: (after.performanceMemory - before.performanceMemory) / 1e6,
      growthMbCdp: (after.cdp - before.cdp) / 1e6,
    };
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/** How many lanes of the open take are drawn now. */
export async function drawnLanes(page: Page): Promise<number> {
  return (await page.evaluate(DRAWN_LANES)) as number;
}
