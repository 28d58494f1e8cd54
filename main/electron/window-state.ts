/**
 * The window's size, position and maximized flag, kept in `<userData>/window-state.json` between runs. Parsing
 * refuses anything malformed (a corrupt or hand-edited file gives the default window, never a crash), and placing
 * fits the saved bounds onto the displays connected now: a window last seen on an unplugged monitor comes back
 * centred on the primary one, one hanging off an edge is pulled fully inside. Plain Node; the display work areas are
 * passed in by main.ts from Electron's `screen`.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Rect;
  maximized: boolean;
}

export const DEFAULT_SIZE = { width: 1280, height: 820 } as const;
export const MIN_SIZE = { width: 900, height: 600 } as const;
/** Larger than any real desktop: a coordinate beyond this is corrupt, not a monitor wall. */
const MAX_COORDINATE = 100_000;

/** A saved state, or null when the text is not one (missing, corrupt JSON, wrong shapes, absurd numbers). */
export function parseWindowState(text: string | null | undefined): WindowState | null {
  if (typeof text !== 'string' || text.length === 0 || text.length > 10_000) return null;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(data) || !isRecord(data.bounds)) return null;
  const { x, y, width, height } = data.bounds;
  if (![x, y].every((v) => isFiniteNumber(v) && Math.abs(v) <= MAX_COORDINATE)) return null;
  if (![width, height].every((v) => isFiniteNumber(v) && v > 0 && v <= MAX_COORDINATE)) return null;
  if (data.maximized !== undefined && typeof data.maximized !== 'boolean') return null;
  return {
    bounds: { x: Math.round(x as number), y: Math.round(y as number), width: Math.round(width as number), height: Math.round(height as number) },
    maximized: data.maximized === true,
  };
}

export function serializeWindowState(state: WindowState): string {
  return `${JSON.stringify({ version: 1, bounds: state.bounds, maximized: state.maximized }, null, 2)}\n`;
}

/**
 * Where the window opens. `workAreas`: every display's work area, the primary display first. Without a saved state
 * the default size is centred on the primary display; with one, the size is clamped to fit the display it mostly
 * covered and the window moved fully inside it, or centred on the primary display when it covers none of them.
 * With no display information at all (should not happen) the saved size is kept and the position left to the system.
 */
export function placeWindow(saved: WindowState | null, workAreas: readonly Rect[]): { bounds: Partial<Rect> & { width: number; height: number }; maximized: boolean } {
  const primary = workAreas[0];
  const wanted = saved?.bounds ?? { x: 0, y: 0, ...DEFAULT_SIZE };
  const maximized = saved?.maximized ?? false;
  if (!primary) return { bounds: { width: Math.max(wanted.width, MIN_SIZE.width), height: Math.max(wanted.height, MIN_SIZE.height) }, maximized };

  let target = primary;
  let best = 0;
  if (saved) {
    for (const area of workAreas) {
      const overlap = intersectionArea(saved.bounds, area);
      if (overlap > best) {
        best = overlap;
        target = area;
      }
    }
  }
  const width = clamp(wanted.width, Math.min(MIN_SIZE.width, target.width), target.width);
  const height = clamp(wanted.height, Math.min(MIN_SIZE.height, target.height), target.height);
  if (!saved || best === 0) {
    return { bounds: { x: target.x + Math.floor((target.width - width) / 2), y: target.y + Math.floor((target.height - height) / 2), width, height }, maximized };
  }
  return {
    bounds: {
      x: clamp(saved.bounds.x, target.x, target.x + target.width - width),
      y: clamp(saved.bounds.y, target.y, target.y + target.height - height),
      width,
      height,
    },
    maximized,
  };
}

/** The saved state, or null when the file is missing or unreadable. */
export function readWindowState(file: string): WindowState | null {
  try {
    return parseWindowState(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/** Writes beside the file, then renames over it: a crash mid-write leaves the old state, not half a JSON. */
export function writeWindowState(file: string, state: WindowState): void {
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, serializeWindowState(state));
  renameSync(temp, file);
}

function intersectionArea(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

function clamp(v: number, min: number, max: number): number {
  return Math.min(Math.max(v, min), Math.max(min, max));
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
