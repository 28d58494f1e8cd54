/**
 * Window state (main/electron/window-state.ts): parse + validate the saved file, fit it to the displays connected now.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SIZE, MIN_SIZE, parseWindowState, placeWindow, readWindowState, serializeWindowState, writeWindowState, type Rect, type WindowState } from '../../main/electron/window-state';
import { makeTempDir } from '../support/tmp';

const primary: Rect = { x: 0, y: 25, width: 1920, height: 1055 };
const right: Rect = { x: 1920, y: 0, width: 2560, height: 1440 };

const saved = (bounds: Rect, maximized = false): WindowState => ({ bounds, maximized });
const inside = (b: Partial<Rect>, area: Rect): boolean =>
  b.x! >= area.x && b.y! >= area.y && b.x! + b.width! <= area.x + area.width && b.y! + b.height! <= area.y + area.height;

describe('parseWindowState', () => {
  it('round-trips what serializeWindowState writes', () => {
    const state = saved({ x: 100, y: 80, width: 1400, height: 900 }, true);
    expect(parseWindowState(serializeWindowState(state))).toEqual(state);
  });

  it('refuses corrupt JSON, empty and missing text without throwing', () => {
    for (const text of ['{"bounds": {"x": 1', '', 'null', '[]', '"text"', null, undefined]) expect(parseWindowState(text)).toBeNull();
  });

  it('refuses wrong shapes and absurd numbers', () => {
    const bad = [
      { maximized: true },
      { bounds: { x: 0, y: 0, width: 800 } },
      { bounds: { x: '0', y: 0, width: 800, height: 600 } },
      { bounds: { x: 0, y: 0, width: 0, height: 600 } },
      { bounds: { x: 0, y: 0, width: -5, height: 600 } },
      { bounds: { x: 1e9, y: 0, width: 800, height: 600 } },
      { bounds: { x: 0, y: 0, width: 800, height: 600 }, maximized: 'yes' },
    ];
    for (const b of bad) expect(parseWindowState(JSON.stringify(b))).toBeNull();
    // NaN/Infinity are not JSON, and a huge file is not a window state.
    expect(parseWindowState('{"bounds":{"x":NaN,"y":0,"width":1,"height":1}}')).toBeNull();
    expect(parseWindowState(' '.repeat(20_000))).toBeNull();
  });

  it('rounds fractional pixels and defaults maximized to false', () => {
    expect(parseWindowState('{"bounds":{"x":10.6,"y":20.2,"width":1000.5,"height":700}}')).toEqual(saved({ x: 11, y: 20, width: 1001, height: 700 }));
  });
});

describe('placeWindow', () => {
  it('centres the default size on the primary display when nothing was saved', () => {
    const p = placeWindow(null, [primary, right]);
    expect(p.maximized).toBe(false);
    expect(p.bounds).toEqual({ x: (1920 - DEFAULT_SIZE.width) / 2, y: 25 + Math.floor((1055 - DEFAULT_SIZE.height) / 2), ...DEFAULT_SIZE });
  });

  it('keeps a window that is fully visible where it was', () => {
    const b = { x: 2000, y: 100, width: 1600, height: 1000 };
    expect(placeWindow(saved(b, true), [primary, right])).toEqual({ bounds: b, maximized: true });
  });

  it('moves a window that hangs off an edge fully inside the display it mostly covers', () => {
    const p = placeWindow(saved({ x: 1700, y: -200, width: 1200, height: 800 }), [primary, right]);
    expect(inside(p.bounds, right)).toBe(true);
    expect(p.bounds).toMatchObject({ width: 1200, height: 800, x: 1920, y: 0 });
  });

  it('brings a window from an unplugged monitor back, centred on the primary display', () => {
    const offScreen = saved({ x: 5000, y: 3000, width: 1400, height: 900 }, true);
    const p = placeWindow(offScreen, [primary]);
    expect(inside(p.bounds, primary)).toBe(true);
    expect(p.bounds).toEqual({ x: 260, y: 25 + Math.floor((1055 - 900) / 2), width: 1400, height: 900 });
    expect(p.maximized).toBe(true);
  });

  it('shrinks a window larger than its display, and grows one below the minimum size', () => {
    const big = placeWindow(saved({ x: 0, y: 0, width: 4000, height: 3000 }), [primary]);
    expect(big.bounds).toMatchObject({ width: primary.width, height: primary.height, x: primary.x, y: primary.y });
    const tiny = placeWindow(saved({ x: 10, y: 40, width: 50, height: 30 }), [primary]);
    expect(tiny.bounds).toMatchObject({ width: MIN_SIZE.width, height: MIN_SIZE.height });
    expect(inside(tiny.bounds, primary)).toBe(true);
  });

  it('fits a display smaller than the minimum size as best it can', () => {
    const small: Rect = { x: 0, y: 0, width: 800, height: 480 };
    const p = placeWindow(saved({ x: 0, y: 0, width: 1200, height: 900 }), [small]);
    expect(p.bounds).toEqual({ x: 0, y: 0, width: 800, height: 480 });
  });

  it('leaves the position to the system when no display is known', () => {
    expect(placeWindow(saved({ x: 10, y: 10, width: 1000, height: 700 }), [])).toEqual({ bounds: { width: 1000, height: 700 }, maximized: false });
  });
});

describe('readWindowState / writeWindowState', () => {
  it('writes atomically and reads back; a corrupt or missing file reads as null', () => {
    const { dir, cleanup } = makeTempDir('window-state');
    try {
      const file = join(dir, 'nested', 'window-state.json');
      expect(readWindowState(file)).toBeNull();
      const state = saved({ x: 1, y: 2, width: 1000, height: 700 }, false);
      writeWindowState(file, state);
      expect(readWindowState(file)).toEqual(state);
      expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ version: 1 });
      writeFileSync(file, '{"bounds": {"x": 1, "y"');
      expect(readWindowState(file)).toBeNull();
    } finally {
      cleanup();
    }
  });
});
