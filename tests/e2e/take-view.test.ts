/**
 * The mixer's Takes screen end to end: the demo card offloaded with the built CLI (copies verified, peaks and QC
 * built behind the copy), `soundroll serve` on that catalog and the built renderer in Debian's Chromium, driven from
 * the keyboard as a mixer does. Open the roll's 14 takes, open S01T02 (↓, Enter), check its 8 lanes are drawn (pixels
 * read from wavesurfer's canvases inside each lane's shadow DOM) and that the planted clip on Lav Ben is listed and
 * drawn on that lane only; play, solo a track while playing, pause; write a note and circle the take, reload and find
 * both kept, in the take and in the list; move to the next take with `]` keeping the zoom, and find its boom dropout
 * on the Boom lane. Screenshots of every step go to test-output/e2e/take-view/ (printed at the end); look at them.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page, Request } from 'playwright-core';
import { DEMO_PLANTED, DEMO_TAKES, DEMO_TRACKS, writeDemoCard } from '../../main/demo/demo-card';
import { browserMissing, launchChromium, screenshotDir } from '../support/browser';
import { waitForCount } from '../support/wait';
import { soundroll } from '../support/cli';
import { startServe, type Served } from '../support/serve';
import { makeTempDir } from '../support/tmp';

const FFMPEG = process.env.FFMPEG_BIN ?? '/usr/bin/ffmpeg';
const appBuilt = existsSync(join(__dirname, '..', '..', 'dist', 'app', 'index.html'));
const skip =
  browserMissing() ??
  (appBuilt ? undefined : 'the UI is not built (npm run build writes dist/app)') ??
  (existsSync(FFMPEG) ? undefined : `no ffmpeg at ${FFMPEG} (set FFMPEG_BIN): the offload builds the waveforms with it`);
if (skip) console.warn(`take view end-to-end tests skipped: ${skip}`);
const maybe = skip ? describe.skip : describe;

const CLIP = DEMO_PLANTED.find((p) => p.kind === 'clipping')!;
const DROPOUT = DEMO_PLANTED.find((p) => p.kind === 'dropout')!;
const NOTE = 'Ben clips on line 3: use Boom 2 there';

/** One lane as drawn: wavesurfer's waveform canvases (not the progress copies) read back pixel by pixel. */
interface LanePixels {
  track: number;
  canvases: number;
  width: number;
  height: number;
  /** Pixels with alpha > 0 whose colour differs from the lane's background. */
  painted: number;
  /** Columns holding at least one such pixel. */
  columns: number;
}

/**
 * In the page (the tests are compiled without the DOM library, so page code is a string): every lane's canvases,
 * found by walking the shadow roots under it.
 */
const LANE_PIXELS = `(() => {
  const rgb = (css) => (css.match(/[\\d.]+/g) || []).map(Number);
  const lanes = [...document.querySelectorAll('[data-testid=take-view] [data-testid=lane]')];
  return lanes.map((lane) => {
    const bg = rgb(getComputedStyle(lane.querySelector('.lane-wave')).backgroundColor);
    const canvases = [];
    const walk = (root) => {
      for (const el of root.querySelectorAll('*')) {
        if (el.shadowRoot) walk(el.shadowRoot);
        if (el.tagName === 'CANVAS' && el.closest('.canvases')) canvases.push(el);
      }
    };
    walk(lane);
    let painted = 0, columns = 0, width = 0, height = 0;
    for (const c of canvases) {
      width += c.width;
      height = Math.max(height, c.height);
      if (!c.width || !c.height) continue;
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      for (let x = 0; x < c.width; x++) {
        let hit = false;
        for (let y = 0; y < c.height; y++) {
          const i = (y * c.width + x) * 4;
          if (d[i + 3] === 0) continue;
          if (Math.abs(d[i] - bg[0]) + Math.abs(d[i + 1] - bg[1]) + Math.abs(d[i + 2] - bg[2]) < 24) continue;
          painted++;
          hit = true;
        }
        if (hit) columns++;
      }
    }
    return { track: Number(lane.dataset.track), canvases: canvases.length, width, height, painted, columns };
  });
})()`;

/** Region elements (wavesurfer's regions plugin, `part="region …"`) of each lane, with their label and place. */
interface LaneRegion {
  track: number;
  label: string;
  color: string;
  /** Start and end as a fraction of the take, from the element's left/right percentages. */
  from: number;
  to: number;
}

const LANE_REGIONS = `(() => {
  const out = [];
  for (const lane of document.querySelectorAll('[data-testid=take-view] [data-testid=lane]')) {
    const walk = (root) => {
      for (const el of root.querySelectorAll('*')) {
        if (el.shadowRoot) walk(el.shadowRoot);
        const part = (el.getAttribute('part') || '').split(/\\s+/);
        if (part[0] !== 'region') continue;
        out.push({
          track: Number(lane.dataset.track),
          label: (el.textContent || '').trim(),
          color: el.style.backgroundColor,
          from: parseFloat(el.style.left) / 100,
          to: 1 - parseFloat(el.style.right) / 100,
        });
      }
    };
    walk(lane);
  }
  return out;
})()`;

/**
 * A lane holds a waveform, not an empty canvas nor a lone centre line (one pixel per column): at least twice as many
 * painted pixels as columns. Speech over a room-tone floor passes (S01T02's quietest lane, Lav Ana, paints about 3.5
 * per column); the dead lav of S02T01 (a -100 dBFS noise floor, drawn flat) does not.
 */
const looksDrawn = (l: LanePixels): boolean => l.canvases > 0 && l.painted >= 2 * l.width;

maybe('the Takes screen in a browser', () => {
  const tmp = makeTempDir('e2e-takes');
  const shots = screenshotDir('take-view');
  const taken: string[] = [];
  let served: Served;
  let browser: Browser;
  let page: Page;
  /** Catalog take id of each demo take, by name (S01T02), read from the list in step 1. */
  const idOf = new Map<string, string>();
  const audioRequests: number[] = [];
  /** What the pixel check read, printed at the end beside the screenshots. */
  const figures: string[] = [];

  const shot = async (name: string): Promise<void> => {
    const file = join(shots, `${String(taken.length + 1).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path: file });
    taken.push(file);
  };
  // Waveform peaks in flight: a take is first drawn from the level its first render asked for, and redrawn when
  // the level that fits the lanes' width arrives (see settledLanes).
  const peaks = { pending: 0, lastDone: 0 };
  /**
   * The lanes' pixels once the drawing has settled: every lane painted, no peaks request in flight or just answered,
   * and two readings in a row alike. Returns the last reading after 15 s in any case (the assertions then judge it).
   */
  const settledLanes = async (): Promise<LanePixels[]> => {
    const until = Date.now() + 15_000;
    let previous = '';
    let lanes: LanePixels[] = [];
    while (Date.now() < until) {
      lanes = (await page.evaluate(LANE_PIXELS)) as LanePixels[];
      const reading = JSON.stringify(lanes);
      const quiet = peaks.pending === 0 && Date.now() - peaks.lastDone > 500;
      if (quiet && lanes.length === DEMO_TRACKS.length && lanes.every((l) => l.painted > 0) && reading === previous) return lanes;
      previous = reading;
      await new Promise((r) => setTimeout(r, 200));
    }
    return lanes;
  };
  const view = () => page.getByTestId('take-view');
  const position = async (): Promise<number> => Number(await view().getAttribute('data-position'));
  const playheadX = async (): Promise<number> => (await page.locator('[data-testid=lane][data-track="0"] [data-testid=playhead]').boundingBox())!.x;

  beforeAll(async () => {
    const card = join(tmp.dir, 'card');
    await writeDemoCard(card);
    const [a, b, catalog] = [join(tmp.dir, 'drive-a'), join(tmp.dir, 'drive-b'), join(tmp.dir, 'catalog.db')];
    mkdirSync(a);
    mkdirSync(b);
    // The CLI offload waits for the waveforms and QC it starts behind the copy: every take is analysed after it.
    const r = soundroll(['offload', join(card, 'A001'), '-d', a, '-d', b, '--catalog', catalog], { FFMPEG_BIN: FFMPEG });
    if (r.status !== 0) throw new Error(`offload of the demo card failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
    expect(r.stdout).toMatch(/14 takes filed/);
    expect(r.stdout).toMatch(/waveforms and QC: 14 take\(s\)/);
    served = await startServe(['--catalog', catalog, '--no-drives'], { FFMPEG_BIN: FFMPEG });
    browser = await launchChromium(['--autoplay-policy=no-user-gesture-required']);
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const callName = (req: Request): string | undefined => (req.url().endsWith('/api/call') ? (JSON.parse(req.postData() ?? '{}') as { name?: string }).name : undefined);
    page.on('request', (req) => {
      const name = callName(req);
      if (name === 'takes.peaks') peaks.pending++;
      if (name === 'takes.audio') audioRequests.push((JSON.parse(req.postData()!) as { request: { fromFrame: number } }).request.fromFrame);
    });
    const peaksDone = (req: Request): void => {
      if (callName(req) !== 'takes.peaks') return;
      peaks.pending--;
      peaks.lastDone = Date.now();
    };
    page.on('requestfinished', peaksDone);
    page.on('requestfailed', peaksDone);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    const code = await served?.stop();
    expect(code).toBe(0);
    tmp.cleanup();
    console.log(`take view screenshots (${taken.length}) in ${shots}:\n${taken.map((f) => `  ${f}`).join('\n')}\n${figures.join('\n')}`);
  });

  test("3 opens the Takes screen: the roll's 14 takes in timecode order", async () => {
    await page.goto(served.url);
    await page.getByTestId('screen-offload').waitFor();
    await page.keyboard.press('3');
    await page.getByTestId('screen-takes').waitFor();
    await waitForCount(page.getByTestId('take-row'), DEMO_TAKES.length);
    await expect(page.getByTestId('roll-picker').locator('option:checked').innerText()).resolves.toMatch(/A001 .* 14 takes/);
    const rows = (
      await page.getByTestId('take-row').evaluateAll((els) =>
        els.map((e) => ({
          index: Number(e.getAttribute('aria-rowindex')),
          id: e.getAttribute('data-take-id') ?? '',
          tc: e.children[1]?.textContent ?? '',
          scene: e.children[2]?.textContent ?? '',
        })),
      )
    ).sort((x, y) => x.index - y.index);
    // In the order shown (aria-rowindex 2…15 under the header row): timecode order, as the demo recorded them.
    expect(rows.map((r) => r.index)).toEqual(DEMO_TAKES.map((_, i) => i + 2));
    const inTcOrder = [...DEMO_TAKES].sort((x, y) => x.timeReference - y.timeReference);
    expect(rows.map((r) => r.tc)).toEqual(inTcOrder.map((t) => t.startTc));
    expect(rows.map((r) => r.scene.replace(/\s+/g, ''))).toEqual(inTcOrder.map((t) => `${t.scene}/${t.take}`));
    inTcOrder.forEach((t, i) => idOf.set(t.name, rows[i]!.id));
    expect(new Set(idOf.values()).size).toBe(14);
    await shot('takes-library');
  });

  test('↓ and Enter open S01T02 from the keyboard', async () => {
    const first = page.locator('[data-testid=take-row][data-selected=true]');
    await first.waitFor();
    await expect(first.getAttribute('data-take-id')).resolves.toBe(idOf.get('S01T01'));
    await page.keyboard.press('ArrowDown');
    await expect(first.getAttribute('data-take-id')).resolves.toBe(idOf.get('S01T02'));
    await page.keyboard.press('Enter');
    await page.locator(`[data-testid=take-view][data-take-id="${idOf.get('S01T02')}"]`).waitFor();
    await expect(page.getByTestId('take-title').innerText()).resolves.toMatch(/Scene 1 · Take 2/);
    await expect(page.getByTestId('take-list').isVisible()).resolves.toBe(false);
  });

  test('8 lanes named after the recorder tracks, every one drawn across the whole take', async () => {
    await waitForCount(page.getByTestId('lane'), DEMO_TRACKS.length);
    const names = await page.locator('[data-testid=lane-label] .lane-name').allInnerTexts();
    expect(names).toEqual(DEMO_TRACKS.map((t) => t.name));
    const labels = await page.getByTestId('lane-label').allInnerTexts();
    labels.forEach((l, i) => expect(l.replace(/\s+/g, ' ').trim().startsWith(`${i + 1} ${DEMO_TRACKS[i]!.name}`)).toBe(true));
    await expect(page.getByTestId('lane').evaluateAll((els) => els.map((e) => e.getAttribute('data-track')))).resolves.toEqual(['0', '1', '2', '3', '4', '5', '6', '7']);

    const lanes = await settledLanes();
    figures.push(`S01T02 lanes (painted px / columns of width×height): ${lanes.map((l) => `${l.track}: ${l.painted}/${l.columns} of ${l.width}×${l.height}`).join(', ')}`);
    expect(lanes).toHaveLength(DEMO_TRACKS.length);
    for (const lane of lanes) {
      // S01T02 has no dead track: every lane holds a waveform (see looksDrawn), over (nearly) every column of the take.
      expect({ track: lane.track, drawn: lane.canvases > 0 && lane.width > 400 }).toEqual({ track: lane.track, drawn: true });
      expect({ track: lane.track, painted: looksDrawn(lane) }).toEqual({ track: lane.track, painted: true });
      expect({ track: lane.track, columns: lane.columns >= 0.95 * lane.width }).toEqual({ track: lane.track, columns: true });
    }
    await shot('S01T02-eight-lanes');
  });

  test("the planted clip is listed and drawn on Lav Ben's lane, and on no other lane", async () => {
    const clipFinding = page.getByTestId('finding').filter({ hasText: `${CLIP.track} clips` });
    await expect(clipFinding.count()).resolves.toBe(1);
    await expect(clipFinding.getAttribute('data-severity')).resolves.toBe('error');
    await expect(clipFinding.getAttribute('data-track')).resolves.toBe(CLIP.track);

    const benLane = DEMO_TRACKS.findIndex((t) => t.name === CLIP.track);
    expect(benLane).toBe(3);
    await page.waitForFunction(`${LANE_REGIONS}.some((r) => r.label === 'clip')`, null, { timeout: 10_000 }).catch(() => undefined);
    const regions = (await page.evaluate(LANE_REGIONS)) as LaneRegion[];
    const clips = regions.filter((r) => r.label === 'clip');
    expect(clips.map((r) => r.track)).toEqual([benLane]);
    // Where the shout is: 4.0–6.4 s of a 10.2 s take (the clipped syllables lie inside that window).
    const take = DEMO_TAKES.find((t) => t.name === CLIP.take)!;
    const clip = clips[0]!;
    expect(clip.from).toBeGreaterThanOrEqual(CLIP.fromSeconds / take.seconds - 0.01);
    expect(clip.to).toBeLessThanOrEqual(CLIP.toSeconds / take.seconds + 0.01);
    expect(clip.to - clip.from).toBeGreaterThan(0.1);
    // No error-coloured region anywhere else (info tints such as a DC offset may lie on other lanes).
    expect(regions.filter((r) => r.track !== benLane && r.color.startsWith('rgba(255, 70, 70'))).toEqual([]);
    await shot('S01T02-clip-on-lav-ben');
  });

  test('Space plays: the position, the timecode readout and the playhead move', async () => {
    await expect(view().getAttribute('data-playing')).resolves.toBe('false');
    const p0 = await position();
    const tc0 = await page.getByTestId('tc-readout').innerText();
    const x0 = await playheadX();
    await page.keyboard.press('Space');
    await page.locator('[data-testid=take-view][data-playing="true"]').waitFor({ timeout: 5_000 });
    await page.waitForTimeout(1_000);
    const p1 = await position();
    expect(p1).toBeGreaterThan(p0 + 0.5);
    expect(p1).toBeLessThan(p0 + 3);
    await expect(page.getByTestId('tc-readout').innerText()).resolves.not.toBe(tc0);
    // The whole take fits ~800 px: a second of playback moves the playhead some 80 px.
    expect((await playheadX()) - x0).toBeGreaterThan(20);
    await shot('S01T02-playing');
  });

  test('solo on Lav Ben while playing: playback goes on without restarting', async () => {
    const before = await position();
    const requestsBefore = audioRequests.length;
    await page.getByTestId('solo-3').click();
    await expect(page.getByTestId('solo-3').getAttribute('aria-pressed')).resolves.toBe('true');
    const seen: number[] = [];
    for (let i = 0; i < 10; i++) {
      await page.waitForTimeout(100);
      seen.push(await position());
    }
    await expect(view().getAttribute('data-playing')).resolves.toBe('true');
    // Never back to the start, never backwards, and a second further on.
    expect(seen[0]!).toBeGreaterThanOrEqual(before);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!).toBeGreaterThanOrEqual(seen[i - 1]!);
    expect(seen[seen.length - 1]! - before).toBeGreaterThan(0.5);
    // No window fetched again from the take's first frame: the stream was not restarted.
    expect(audioRequests.slice(requestsBefore).filter((f) => f === 0)).toEqual([]);
    // Only the soloed lane is heard: the others are drawn as silent.
    await expect(page.locator('[data-testid=lane].lane-silent').evaluateAll((els) => els.map((e) => e.getAttribute('data-track')))).resolves.toEqual([
      '0', '1', '2', '4', '5', '6', '7',
    ]);
    await shot('S01T02-solo-lav-ben-playing');
  });

  test('Space again pauses', async () => {
    await page.keyboard.press('Space');
    await page.locator('[data-testid=take-view][data-playing="false"]').waitFor({ timeout: 5_000 });
    const p = await position();
    await page.waitForTimeout(500);
    expect(await position()).toBe(p);
    expect(p).toBeGreaterThan(1);
    await shot('S01T02-paused');
  });

  test('a note and the circle are saved as they are made', async () => {
    await expect(page.getByTestId('take-circled').getAttribute('aria-pressed')).resolves.toBe('false');
    const note = page.getByTestId('take-note');
    await note.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type(NOTE);
    await expect(page.getByTestId('save-state').getAttribute('data-state')).resolves.not.toBe('saved');
    await page.getByTestId('take-circled').click();
    await expect(page.getByTestId('take-circled').getAttribute('aria-pressed')).resolves.toBe('true');
    await page.locator('[data-testid=save-state][data-state=saved]').waitFor({ timeout: 5_000 });
    await expect(page.getByTestId('save-state').innerText()).resolves.toBe('Saved');
    await expect(note.inputValue()).resolves.toBe(NOTE);
    await shot('S01T02-note-and-circle-saved');
  });

  test('after a reload the take still has its note and circle, in the take and in the list', async () => {
    await page.reload();
    await page.getByTestId('screen-offload').waitFor();
    await page.keyboard.press('3');
    await waitForCount(page.getByTestId('take-row'), DEMO_TAKES.length);
    // A fresh page selects the first take once its list is in; then ↓ and Enter, as before.
    const selected = page.locator('[data-testid=take-row][data-selected=true]');
    await selected.waitFor();
    await expect(selected.getAttribute('data-take-id')).resolves.toBe(idOf.get('S01T01'));
    await page.keyboard.press('ArrowDown');
    await expect(selected.getAttribute('data-take-id')).resolves.toBe(idOf.get('S01T02'));
    await page.keyboard.press('Enter');
    await page.locator(`[data-testid=take-view][data-take-id="${idOf.get('S01T02')}"]`).waitFor();
    await expect(page.getByTestId('take-note').inputValue()).resolves.toBe(NOTE);
    await expect(page.getByTestId('take-circled').getAttribute('aria-pressed')).resolves.toBe('true');
    await expect(page.getByTestId('take-title').locator('.circled-dot').count()).resolves.toBe(1);
    await shot('S01T02-after-reload');

    await page.keyboard.press('Escape');
    await page.getByTestId('take-list').waitFor({ state: 'visible' });
    const row = page.locator(`[data-testid=take-row][data-take-id="${idOf.get('S01T02')}"]`);
    await expect(row.getAttribute('data-selected')).resolves.toBe('true');
    await expect(row.locator('.c-circled .circled-dot').count()).resolves.toBe(1);
    await expect(row.locator('.c-note').innerText()).resolves.toContain(NOTE);
    // Only this take changed: its neighbour keeps the recorder's state.
    const next = page.locator(`[data-testid=take-row][data-take-id="${idOf.get('S01T01')}"]`);
    await expect(next.locator('.c-circled .circled-dot').count()).resolves.toBe(0);
    await shot('library-row-circled-with-note');
  });

  test('] moves to S01T03 with the zoom kept, and its dropout shows on the Boom lane', async () => {
    await page.keyboard.press('Enter');
    await page.locator(`[data-testid=take-view][data-take-id="${idOf.get('S01T02')}"]`).waitFor();
    const zoom = page.getByTestId('zoom-level');
    const whole = Number(await zoom.getAttribute('data-px-per-sec'));
    await page.getByTestId('zoom-in').click();
    const zoomed = Number(await zoom.getAttribute('data-px-per-sec'));
    expect(zoomed).toBeGreaterThan(whole * 1.3);
    await expect(zoom.innerText()).resolves.not.toBe('whole take');

    await page.keyboard.press(']');
    await page.locator(`[data-testid=take-view][data-take-id="${idOf.get('S01T03')}"]`).waitFor();
    await expect(page.getByTestId('take-title').innerText()).resolves.toMatch(/Scene 1 · Take 3/);
    // The same pixels per second: the lanes draw a whole number of pixels per take (ceil(duration × zoom)), so the
    // shown figure may differ by up to one pixel over the take's length, never by a zoom step (×1.6).
    const kept = Number(await zoom.getAttribute('data-px-per-sec'));
    const t03 = DEMO_TAKES.find((t) => t.name === 'S01T03')!;
    expect(Math.abs(kept - zoomed)).toBeLessThanOrEqual(1 / t03.seconds + 0.001);

    const dropout = page.getByTestId('finding').filter({ hasText: /dropout/i });
    await expect(dropout.count()).resolves.toBe(1);
    await expect(dropout.getAttribute('data-track')).resolves.toBe(DROPOUT.track);
    await page.waitForFunction(`${LANE_REGIONS}.some((r) => r.label === 'dropout')`, null, { timeout: 10_000 }).catch(() => undefined);
    const regions = (await page.evaluate(LANE_REGIONS)) as LaneRegion[];
    expect(regions.filter((r) => r.label === 'dropout').map((r) => r.track)).toEqual([0]);
    expect(regions.filter((r) => r.label === 'clip')).toEqual([]);
    // The new take's waveforms are drawn at the kept zoom too.
    const lanes = await settledLanes();
    figures.push(`S01T03 lanes at the kept zoom: ${lanes.map((l) => `${l.track}: ${l.painted}/${l.columns} of ${l.width}×${l.height} in ${l.canvases} canvas(es)`).join(', ')}`);
    expect(lanes.filter((l) => l.painted < l.width).map((l) => l.track)).toEqual([]);
    await shot('S01T03-zoom-kept-dropout-on-boom');
  });

  test("S02T01's dead Lav Ana is drawn as the flat line it is, which the pixel check does not pass as a waveform", async () => {
    const dead = DEMO_PLANTED.find((p) => p.kind === 'dead-track')!;
    await page.keyboard.press('0');
    await expect(page.getByTestId('zoom-level').innerText()).resolves.toBe('whole take');
    for (const name of ['S01T04', 'S01T05', dead.take]) {
      await page.keyboard.press(']');
      await page.locator(`[data-testid=take-view][data-take-id="${idOf.get(name)}"]`).waitFor();
    }
    const finding = page.getByTestId('finding').filter({ hasText: /dead/i });
    await expect(finding.count()).resolves.toBe(1);
    await expect(finding.getAttribute('data-track')).resolves.toBe(dead.track);
    const deadLane = DEMO_TRACKS.findIndex((t) => t.name === dead.track);
    const lanes = await settledLanes();
    figures.push(`${dead.take} lanes (dead ${dead.track} on lane ${deadLane}): ${lanes.map((l) => `${l.track}: ${l.painted}/${l.columns} of ${l.width}×${l.height}`).join(', ')}`);
    const lane = lanes[deadLane]!;
    // Drawn over the whole take (the lane is not missing), one pixel high: a -100 dBFS floor.
    expect(lane.columns).toBeGreaterThanOrEqual(0.95 * lane.width);
    expect(lane.painted).toBeLessThanOrEqual(1.05 * lane.width);
    expect(looksDrawn(lane)).toBe(false);
    // The boom beside it hears Ana's line that her lav missed: more than a line.
    expect(lanes[0]!.painted).toBeGreaterThan(1.5 * lanes[0]!.width);
    const regions = (await page.evaluate(LANE_REGIONS)) as LaneRegion[];
    expect(regions.filter((r) => r.label === 'dead').map((r) => r.track)).toEqual([deadLane]);
    await shot('S02T01-dead-lav-ana-flat');
  });
});
