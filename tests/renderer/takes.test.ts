/**
 * The Takes screen's pure helpers: the windowed list, the take list's order, what the mixer edited against what the
 * recorder wrote, and the takes.update patch.
 */
import type { TakeDetailView, TakeRowView } from '../../shared/contract';
import { TAKE_FLAGS as CONTRACT_TAKE_FLAGS } from '../../shared/contract';
import { loadRenderer } from './load';

type Sources = Pick<TakeDetailView, 'recorder' | 'mixer'>;
interface FieldState<T> {
  value: T;
  recorder: T;
  edited: boolean;
}
type Patch = { note?: string | null; circled?: boolean | null; flags?: string[] | null; tags?: string[] | null; trackNotes?: Record<string, string> | null };

const virtual = loadRenderer<{
  virtualWindow(count: number, rowHeight: number, scrollTop: number, viewportHeight: number, overscan?: number): { first: number; last: number; totalHeight: number };
  revealRow(index: number, rowHeight: number, scrollTop: number, viewportHeight: number): number;
  moveIndex(index: number, delta: number, count: number): number;
}>('lib/virtual');

const takes = loadRenderer<{
  TAKE_FLAGS: readonly string[];
  sortTakes(rows: TakeRowView[], by: 'timecode' | 'scene' | 'duration'): TakeRowView[];
  shortDuration(s: number | null): string;
  sceneTake(r: { scene: string | null; take: string | null }): string;
  noteState(d: Sources): FieldState<string>;
  circledState(d: Sources): FieldState<boolean>;
  flagsState(d: Sources): FieldState<string[]>;
  tagsState(d: Sources): FieldState<string[]>;
  trackNoteState(d: Sources, position: number): FieldState<string>;
  parseTags(text: string): string[];
  toggleFlag(flags: string[], flag: string, on?: boolean): string[];
  patchFor(d: Sources, field: keyof Patch, value: unknown): Patch;
  mergePatch(a: Patch, b: Patch): Patch;
  replaceRow(rows: TakeRowView[], d: TakeDetailView): TakeRowView[];
}>('lib/takes');

const row = (id: number, over: Partial<TakeRowView> = {}): TakeRowView => ({
  id,
  rollId: 1,
  roll: 'A001',
  project: 'P',
  key: `k${id}`,
  scene: null,
  take: null,
  startTc: null,
  endTc: null,
  timecodeRate: null,
  durationSeconds: null,
  trackNames: [],
  circled: false,
  flags: [],
  note: null,
  tags: [],
  edited: false,
  qc: { error: 0, warning: 0, info: 0 },
  analysis: 'done',
  ...over,
});

describe('the windowed take list', () => {
  it('puts only the rows in view, plus the overscan, in the DOM: 5,000 takes are ~30 rows', () => {
    const w = virtual.virtualWindow(5000, 40, 100_000, 800, 6);
    expect(w.totalHeight).toBe(200_000);
    expect(w.first).toBe(2500 - 6);
    expect(w.last).toBe(2520 + 6);
    expect(w.last - w.first).toBeLessThan(40);
  });

  it('clamps at both ends and copes with an empty or tiny list', () => {
    expect(virtual.virtualWindow(5000, 40, -50, 800, 6)).toEqual({ first: 0, last: 26, totalHeight: 200_000 });
    const end = virtual.virtualWindow(5000, 40, 10_000_000, 800, 6);
    expect(end.last).toBe(5000);
    expect(end.first).toBe(5000 - 20 - 6);
    expect(virtual.virtualWindow(0, 40, 0, 800)).toEqual({ first: 0, last: 0, totalHeight: 0 });
    expect(virtual.virtualWindow(3, 40, 0, 800, 6)).toEqual({ first: 0, last: 3, totalHeight: 120 });
  });

  it('scrolls only as far as needed to show the selected row', () => {
    expect(virtual.revealRow(10, 40, 0, 400)).toBe(40); // row 10 spans 400–440: bottom-align it
    expect(virtual.revealRow(5, 40, 0, 400)).toBe(0); // already in view
    expect(virtual.revealRow(2, 40, 200, 400)).toBe(80); // above: top-align it
  });

  it('moves the selection within the list', () => {
    expect(virtual.moveIndex(-1, 1, 10)).toBe(0);
    expect(virtual.moveIndex(-1, -1, 10)).toBe(9);
    expect(virtual.moveIndex(3, 1, 10)).toBe(4);
    expect(virtual.moveIndex(9, 1, 10)).toBe(9);
    expect(virtual.moveIndex(0, -20, 10)).toBe(0);
    expect(virtual.moveIndex(2, 5, 0)).toBe(-1);
  });
});

describe('the take list', () => {
  it('restates the contract’s flags exactly', () => {
    expect([...takes.TAKE_FLAGS]).toEqual([...CONTRACT_TAKE_FLAGS]);
  });

  it('sorts by scene and take with numbers as numbers, by length longest first, else keeps timecode order', () => {
    const rows = [row(1, { scene: '12', take: '2', durationSeconds: 30 }), row(2, { scene: '2', take: '10', durationSeconds: 90 }), row(3, { scene: '2', take: '9' }), row(4, { scene: '12A', take: '1', durationSeconds: 90 })];
    expect(takes.sortTakes(rows, 'timecode').map((r) => r.id)).toEqual([1, 2, 3, 4]);
    expect(takes.sortTakes(rows, 'scene').map((r) => r.id)).toEqual([3, 2, 1, 4]);
    expect(takes.sortTakes(rows, 'duration').map((r) => r.id)).toEqual([2, 4, 1, 3]);
  });

  it('shows lengths and scene/take compactly', () => {
    expect(takes.shortDuration(65.9)).toBe('1:05');
    expect(takes.shortDuration(3723)).toBe('1:02:03');
    expect(takes.shortDuration(null)).toBe('–');
    expect(takes.sceneTake({ scene: '12A', take: '3' })).toBe('12A / 3');
    expect(takes.sceneTake({ scene: null, take: '3' })).toBe('– / 3');
  });

  it('replaces the edited take’s row after a save, and only that one', () => {
    const rows = [row(1), row(2)];
    const d = { ...row(2, { circled: true, note: 'good', edited: true }) } as unknown as TakeDetailView;
    const next = takes.replaceRow(rows, d);
    expect(next[0]).toBe(rows[0]);
    expect(next[1]).toMatchObject({ circled: true, note: 'good', edited: true });
    expect(takes.replaceRow(rows, { ...d, id: 99 })).toBe(rows);
  });
});

describe('the sound report: the mixer’s edits against what the recorder wrote', () => {
  const recorder = { note: 'plane at end', circled: false, flags: ['FALSE_START'] };

  it('shows the recorder’s values until the mixer changes them', () => {
    const d: Sources = { recorder, mixer: {} };
    expect(takes.noteState(d)).toEqual({ value: 'plane at end', recorder: 'plane at end', edited: false });
    expect(takes.circledState(d)).toEqual({ value: false, recorder: false, edited: false });
    expect(takes.flagsState(d)).toEqual({ value: ['FALSE_START'], recorder: ['FALSE_START'], edited: false });
    expect(takes.tagsState(d).value).toEqual([]);
    expect(takes.trackNoteState(d, 2)).toEqual({ value: '', recorder: '', edited: false });
  });

  it('shows the mixer’s values where there are some, and says they are edits', () => {
    const d: Sources = { recorder, mixer: { note: 'plane at end, keep', circled: true, flags: [], tags: ['best'], trackNotes: { '2': 'rustle' } } };
    expect(takes.noteState(d)).toEqual({ value: 'plane at end, keep', recorder: 'plane at end', edited: true });
    expect(takes.circledState(d)).toEqual({ value: true, recorder: false, edited: true });
    expect(takes.flagsState(d)).toEqual({ value: [], recorder: ['FALSE_START'], edited: true });
    expect(takes.tagsState(d)).toEqual({ value: ['best'], recorder: [], edited: true });
    expect(takes.trackNoteState(d, 2)).toEqual({ value: 'rustle', recorder: '', edited: true });
  });

  it('does not call an edit equal to the recorder’s value an edit', () => {
    const d: Sources = { recorder, mixer: { note: 'plane at end', circled: false, flags: ['FALSE_START'] } };
    expect(takes.noteState(d).edited).toBe(false);
    expect(takes.circledState(d).edited).toBe(false);
    expect(takes.flagsState(d).edited).toBe(false);
  });

  it('sends null (back to the recorder) when an edit comes back to the recorder’s value', () => {
    const d: Sources = { recorder, mixer: {} };
    expect(takes.patchFor(d, 'note', 'plane at end')).toEqual({ note: null });
    expect(takes.patchFor(d, 'note', '')).toEqual({ note: '' });
    expect(takes.patchFor(d, 'note', 'x')).toEqual({ note: 'x' });
    expect(takes.patchFor(d, 'circled', false)).toEqual({ circled: null });
    expect(takes.patchFor(d, 'circled', true)).toEqual({ circled: true });
    expect(takes.patchFor(d, 'flags', ['FALSE_START'])).toEqual({ flags: null });
    expect(takes.patchFor(d, 'flags', ['NO_GOOD', 'FALSE_START'])).toEqual({ flags: ['NO_GOOD', 'FALSE_START'] });
    expect(takes.patchFor(d, 'tags', [])).toEqual({ tags: null });
    expect(takes.patchFor(d, 'trackNotes', { '0': '  ', '3': 'wind' })).toEqual({ trackNotes: { '3': 'wind' } });
    expect(takes.patchFor(d, 'trackNotes', { '0': '' })).toEqual({ trackNotes: null });
    expect(takes.mergePatch({ note: 'a', circled: true }, { note: 'b' })).toEqual({ note: 'b', circled: true });
  });

  it('reads tags typed as text', () => {
    expect(takes.parseTags('dialogue, plane,  Plane , ,noise  ')).toEqual(['dialogue', 'plane', 'noise']);
    expect(takes.parseTags('')).toEqual([]);
    expect(takes.parseTags('a'.repeat(80))[0]).toHaveLength(60);
    expect(takes.parseTags(Array.from({ length: 40 }, (_, i) => `t${i}`).join(','))).toHaveLength(30);
  });

  it('toggles flags in the contract’s order and drops unknown ones', () => {
    expect(takes.toggleFlag(['PICKUP'], 'NO_GOOD')).toEqual(['NO_GOOD', 'PICKUP']);
    expect(takes.toggleFlag(['NO_GOOD', 'PICKUP'], 'NO_GOOD')).toEqual(['PICKUP']);
    expect(takes.toggleFlag(['WEIRD', 'ADR'], 'ADR', true)).toEqual(['ADR']);
  });
});
