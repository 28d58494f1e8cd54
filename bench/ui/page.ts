/**
 * The probes that run inside the page. The bench is compiled without the DOM library, so each probe is JavaScript
 * source (an expression) handed to page.evaluate; timings are taken in the page with performance.now(), not across
 * the DevTools protocol.
 *
 * A lane counts as drawn when one of wavesurfer's waveform canvases (inside the lane's shadow DOM, under
 * `.canvases`, not the progress copies) holds a painted pixel.
 */

/** Shared helpers, spliced into the probes. */
const HELPERS = `
  const waveCanvases = (lane) => {
    const out = [];
    const walk = (root) => {
      for (const el of root.querySelectorAll('*')) {
        if (el.shadowRoot) walk(el.shadowRoot);
        if (el.tagName === 'CANVAS' && el.closest('.canvases')) out.push(el);
      }
    };
    walk(lane);
    return out;
  };
  const painted = (canvas) => {
    if (!canvas.width || !canvas.height) return false;
    const d = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) return true;
    return false;
  };
  const laneDrawn = (lane) => waveCanvases(lane).some(painted);
`;

export interface OpenProbeResult {
  timedOut: boolean;
  /** keydown Enter → every lane of the take drawn. */
  allLanesMs: number;
  /** keydown Enter → the take view of this take in the DOM (the take's details arrived). */
  viewMs: number;
  /** keydown Enter → the first lane drawn. */
  firstLaneMs: number;
  lanes: number;
}

/**
 * Arms the open measurement: the clock starts at the Enter keydown (a capture listener on window runs before the
 * app's own listener) and stops on the first animation frame at which every lane of take `takeId` is drawn.
 * Read the result with `page.evaluate(OPEN_RESULT)`.
 */
export function armOpenProbe(takeId: string, lanes: number, timeoutMs = 30_000): string {
  return `(() => {
    ${HELPERS}
    window.__benchOpen = new Promise((resolve) => {
      let t0 = null, viewAt = null, firstAt = null;
      const done = new Set();
      const onKey = (e) => { if (e.key === 'Enter' && t0 === null) t0 = performance.now(); };
      window.addEventListener('keydown', onKey, true);
      const armed = performance.now();
      const finish = (r) => { window.removeEventListener('keydown', onKey, true); resolve(r); };
      const check = () => {
        const now = performance.now();
        if (t0 !== null) {
          const view = document.querySelector('[data-testid=take-view][data-take-id="${takeId}"]');
          if (view) {
            if (viewAt === null) viewAt = now;
            const all = [...view.querySelectorAll('[data-testid=lane]')];
            for (const lane of all) if (!done.has(lane) && laneDrawn(lane)) done.add(lane);
            if (done.size > 0 && firstAt === null) firstAt = now;
            if (all.length === ${lanes} && done.size === ${lanes}) {
              return finish({ timedOut: false, allLanesMs: now - t0, viewMs: viewAt - t0, firstLaneMs: firstAt - t0, lanes: all.length });
            }
          }
        }
        if (now - armed > ${timeoutMs}) return finish({ timedOut: true, allLanesMs: NaN, viewMs: NaN, firstLaneMs: NaN, lanes: done.size });
        requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    });
  })()`;
}

export const OPEN_RESULT = 'window.__benchOpen';

export interface FrameStats {
  frames: number;
  seconds: number;
  fps: number;
  /** Longest gap between two animation frames, ms. */
  maxGapMs: number;
  p95GapMs: number;
  /** Gaps over 1.5 frames at 60 Hz (25 ms): a visibly dropped frame. */
  longFrames: number;
  /** What the animation did to the view (zoom in px/s, scroll in px): proof that it ran. */
  zoomStart: number;
  zoomPeak: number;
  zoomEnd: number;
  scrollStart: number;
  scrollEnd: number;
  /** Wheel events dispatched (one per frame). */
  events: number;
}

/**
 * Drives the take view for `ms` with one wheel event per animation frame on the lanes' box (where the app listens):
 * `zoom` = ctrl+wheel at the middle of the view, in for the first half and out for the second; `scroll` =
 * shift+wheel by `step` px. Counts the frames by requestAnimationFrame timestamps.
 */
export function frameProbe(kind: 'zoom' | 'scroll' | 'idle', ms: number, step: number): string {
  return `(async () => {
    const main = document.querySelector('.take-main');
    const ruler = document.querySelector('.ruler-box');
    const lanes = document.querySelector('.lanes');
    const zoomNow = () => Number(document.querySelector('[data-testid=zoom-level]')?.getAttribute('data-px-per-sec') ?? NaN);
    const scrollNow = () => document.querySelector('[data-testid=h-scroll]')?.scrollLeft ?? NaN;
    const kind = ${JSON.stringify(kind)};
    if (kind !== 'idle' && (!main || !ruler || !lanes)) throw new Error('no take view open');
    const r = kind === 'idle' ? null : ruler.getBoundingClientRect();
    const l = kind === 'idle' ? null : lanes.getBoundingClientRect();
    const x = r ? r.left + r.width / 2 : 0;
    const y = l ? l.top + l.height / 2 : 0;
    const zoomStart = zoomNow(), scrollStart = scrollNow();
    let zoomPeak = zoomStart, events = 0;
    const stamps = [];
    await new Promise((resolve) => {
      let start = null;
      const step = (now) => {
        if (start === null) start = now;
        stamps.push(now);
        const z = zoomNow();
        if (z > zoomPeak) zoomPeak = z;
        if (now - start >= ${ms}) return resolve();
        if (kind === 'zoom') {
          const zoomIn = now - start < ${ms} / 2;
          main.dispatchEvent(new WheelEvent('wheel', { deltaY: zoomIn ? -${step} : ${step}, ctrlKey: true, clientX: x, clientY: y, bubbles: true, cancelable: true }));
          events++;
        } else if (kind === 'scroll') {
          main.dispatchEvent(new WheelEvent('wheel', { deltaY: ${step}, shiftKey: true, clientX: x, clientY: y, bubbles: true, cancelable: true }));
          events++;
        }
        requestAnimationFrame(step);
      };
      requestAnimationFrame(step);
    });
    // One more frame so the last event's render has landed before the view is read.
    await new Promise((resolve) => requestAnimationFrame(() => resolve()));
    const gaps = stamps.slice(1).map((t, i) => t - stamps[i]).sort((a, b) => a - b);
    const seconds = (stamps[stamps.length - 1] - stamps[0]) / 1000;
    return {
      frames: stamps.length - 1,
      seconds,
      fps: (stamps.length - 1) / seconds,
      maxGapMs: gaps[gaps.length - 1] ?? NaN,
      p95GapMs: gaps[Math.min(gaps.length - 1, Math.floor(gaps.length * 0.95))] ?? NaN,
      longFrames: gaps.filter((g) => g > 25).length,
      zoomStart, zoomPeak, zoomEnd: zoomNow(), scrollStart, scrollEnd: scrollNow(), events,
    };
  })()`;
}

export interface PlayProbeResult {
  timedOut: boolean;
  /** keydown Space → the first data-position on the take view past where it was. */
  ms: number;
  from: number;
  to: number;
}

/**
 * Arms the play-start measurement: from the Space keydown (capture listener on window) to the first change of the
 * take view's data-position past its value at that moment (seen by a MutationObserver: the app writes it on every
 * animation frame from the player's audio clock). Read with `page.evaluate(PLAY_RESULT)`.
 */
export function armPlayProbe(timeoutMs = 10_000): string {
  return `(() => {
    const view = document.querySelector('[data-testid=take-view]');
    if (!view) throw new Error('no take view open');
    window.__benchPlay = new Promise((resolve) => {
      let t0 = null, from = NaN;
      const onKey = (e) => {
        if (e.key === ' ' && t0 === null) {
          t0 = performance.now();
          from = Number(view.getAttribute('data-position') ?? 0);
        }
      };
      const finish = (r) => { window.removeEventListener('keydown', onKey, true); mo.disconnect(); clearTimeout(timer); resolve(r); };
      const mo = new MutationObserver(() => {
        if (t0 === null) return;
        const p = Number(view.getAttribute('data-position'));
        if (p > from + 0.0005) finish({ timedOut: false, ms: performance.now() - t0, from, to: p });
      });
      mo.observe(view, { attributes: true, attributeFilter: ['data-position'] });
      window.addEventListener('keydown', onKey, true);
      const timer = setTimeout(() => finish({ timedOut: true, ms: NaN, from, to: NaN }), ${timeoutMs});
    });
  })()`;
}

export const PLAY_RESULT = 'window.__benchPlay';

/** The take rows in the list: id and the Length column (h:mm:ss or m:ss) in seconds. */
export const TAKE_ROWS = `[...document.querySelectorAll('[data-testid=take-row]')].map((row) => {
  const len = (row.children[3]?.textContent ?? '').trim().split(':').map(Number);
  return { id: row.getAttribute('data-take-id'), seconds: len.reduce((s, n) => s * 60 + n, 0), text: row.textContent };
})`;

export interface TakeRowProbe {
  id: string;
  seconds: number;
  text: string;
}

/** Every lane of the open take drawn (a painted waveform canvas)? Count of drawn lanes. */
export const DRAWN_LANES = `(() => {
  ${HELPERS}
  return [...document.querySelectorAll('[data-testid=take-view] [data-testid=lane]')].filter(laneDrawn).length;
})()`;

/** performance.memory (Chromium; exact with --enable-precise-memory-info). */
export const PERFORMANCE_MEMORY = '({ used: performance.memory.usedJSHeapSize, total: performance.memory.totalJSHeapSize })';
