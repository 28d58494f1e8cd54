import type { DestinationView, RollBackupView } from '../../shared/contract';
import { loadRenderer } from './load';

const paths = loadRenderer<{
  isAbsolutePath(p: string): boolean;
  cleanPath(p: string): string;
  joinPath(parent: string, child: string): string;
  basename(p: string): string;
  isSameOrInside(a: string, b: string): boolean;
  pathFromUriList(text: string): string | undefined;
}>('lib/paths');
const dest = loadRenderer<{
  destinationStatus(view: DestinationView | undefined, cardBytes?: number, source?: string): { level: string; message: string };
  countWarning(n: number): string | undefined;
}>('lib/destinations');
const backups = loadRenderer<{
  copiesLevel(n: number): string;
  recentCopies(roll: { destinations: { completeSince: string | null }[] }, days: number, now: Date): number;
  copiesNote(n: number): string;
  relativeTime(iso: string, now: Date): string;
  sortRolls(rolls: RollBackupView[]): RollBackupView[];
  rollsSummary(rolls: RollBackupView[]): { rolls: number; safe: number; atRisk: number };
}>('lib/backups');
const keys = loadRenderer<{
  keyAction(e: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean }, typing: boolean): string | undefined;
  isTypingTarget(t: { tagName?: string; type?: string; isContentEditable?: boolean } | null): boolean;
}>('lib/keys');

describe('paths typed by the user', () => {
  it('accepts only absolute paths (the core refuses the rest)', () => {
    for (const p of ['/Volumes/A', 'C:\\A', 'c:/A', '\\\\server\\share']) expect(paths.isAbsolutePath(p)).toBe(true);
    for (const p of ['A001', './x', '~/x', '']) expect(paths.isAbsolutePath(p)).toBe(false);
  });

  it('cleans pasted paths: spaces, quotes, trailing separators (not a root)', () => {
    expect(paths.cleanPath('  "/Volumes/SHUTTLE A/"  ')).toBe('/Volumes/SHUTTLE A');
    expect(paths.cleanPath('/')).toBe('/');
    expect(paths.cleanPath('C:\\')).toBe('C:\\');
  });

  it('joins with the parent separator and compares by component', () => {
    expect(paths.joinPath('/Volumes/A/', 'P/2026-01-01/A001')).toBe('/Volumes/A/P/2026-01-01/A001');
    expect(paths.joinPath('D:\\Backups', 'P/A001')).toBe('D:\\Backups\\P\\A001');
    expect(paths.isSameOrInside('/card/A001/sub', '/card/A001')).toBe(true);
    expect(paths.isSameOrInside('/card/A0011', '/card/A001')).toBe(false);
    expect(paths.basename('/Volumes/SD/A001/')).toBe('A001');
  });

  it('reads a dropped folder from a file manager’s uri-list', () => {
    expect(paths.pathFromUriList('# comment\r\nfile:///media/dit/SD%20CARD/A001\r\n')).toBe('/media/dit/SD CARD/A001');
    expect(paths.pathFromUriList('file:///C:/Cards/A001')).toBe('C:/Cards/A001');
    expect(paths.pathFromUriList('https://example.com/x')).toBeUndefined();
  });
});

describe('destination status', () => {
  const view = (over: Partial<DestinationView>): DestinationView => ({ path: '/d', exists: true, writable: true, freeBytes: 5e9, totalBytes: 1e12, ...over });
  it('is red when not connected, read-only or on the card; amber when too small; fine otherwise', () => {
    expect(dest.destinationStatus(view({ exists: false }))).toMatchObject({ level: 'bad', message: expect.stringContaining('Not connected') });
    expect(dest.destinationStatus(view({ writable: false, error: 'read-only: soundroll cannot write here' })).level).toBe('bad');
    expect(dest.destinationStatus(view({ path: '/card/A001/x' }), 10, '/card/A001').level).toBe('bad');
    expect(dest.destinationStatus(view({ freeBytes: 1000 }), 2000)).toMatchObject({ level: 'warn', message: expect.stringContaining('1.00 kB free') });
    expect(dest.destinationStatus(view({}), 2000)).toEqual({ level: 'ok', message: '5.00 GB free' });
    expect(dest.destinationStatus(undefined).level).toBe('unknown');
  });

  it('warns that one copy is not a backup', () => {
    expect(dest.countWarning(1)).toMatch(/single copy is not a backup/);
    expect(dest.countWarning(0)).toBeUndefined();
    expect(dest.countWarning(2)).toBeUndefined();
  });
});

describe('the backups overview', () => {
  test('recent copies count only drives holding every file, all verified within the window', () => {
    const now = new Date('2026-11-23T12:00:00Z');
    const roll = { destinations: [{ completeSince: '2026-11-20T12:00:00Z' }, { completeSince: '2026-10-01T12:00:00Z' }, { completeSince: null }] };
    expect(backups.recentCopies(roll, 30, now)).toBe(1);
    expect(backups.recentCopies(roll, 60, now)).toBe(2);
    expect(backups.recentCopies(roll, 2, now)).toBe(0);
  });

  it('says how safe a roll is in plain words', () => {
    expect([0, 1, 2, 3].map(backups.copiesLevel)).toEqual(['bad', 'warn', 'ok', 'ok']);
    expect(backups.copiesNote(1)).toBe('only 1 verified copy');
    expect(backups.copiesNote(0)).toBe('no verified copy');
    expect(backups.copiesNote(2)).toBe('2 verified copies');
  });

  it('puts rolls at risk first and counts them', () => {
    const roll = (roll: string, completeCopies: number): RollBackupView => ({ project: 'P', roll, files: 1, bytes: 1, completeCopies, destinations: [] });
    const rolls = [roll('A', 2), roll('B', 1), roll('C', 3), roll('D', 0)];
    expect(backups.sortRolls(rolls).map((r) => r.roll)).toEqual(['D', 'B', 'A', 'C']);
    expect(backups.rollsSummary(rolls)).toEqual({ rolls: 4, safe: 2, atRisk: 2 });
  });

  it('says when a copy was last verified', () => {
    const now = new Date('2026-03-10T12:00:00Z');
    expect(backups.relativeTime('2026-03-10T11:59:30Z', now)).toBe('just now');
    expect(backups.relativeTime('2026-03-10T11:55:00Z', now)).toBe('5 min ago');
    expect(backups.relativeTime('2026-03-10T09:00:00Z', now)).toBe('3 h ago');
    expect(backups.relativeTime('2026-03-09T10:00:00Z', now)).toBe('yesterday');
    expect(backups.relativeTime('2026-03-06T10:00:00Z', now)).toBe('4 days ago');
  });
});

describe('the keyboard map', () => {
  const k = (key: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => ({ key, ctrlKey: false, metaKey: false, altKey: false, ...mods });
  it('switches screens and opens help only when not typing', () => {
    expect(keys.keyAction(k('1'), false)).toBe('screen-offload');
    expect(keys.keyAction(k('2'), false)).toBe('screen-backups');
    expect(keys.keyAction(k('3'), false)).toBe('screen-takes');
    expect(keys.keyAction(k('3'), true)).toBeUndefined();
    expect(keys.keyAction(k('?'), false)).toBe('help');
    expect(keys.keyAction(k('1'), true)).toBeUndefined();
    expect(keys.keyAction(k('?'), true)).toBeUndefined();
  });

  it('starts and cancels with Ctrl or Cmd, even from a text field', () => {
    expect(keys.keyAction(k('Enter', { ctrlKey: true }), true)).toBe('start');
    expect(keys.keyAction(k('Enter', { metaKey: true }), false)).toBe('start');
    expect(keys.keyAction(k('.', { ctrlKey: true }), true)).toBe('cancel');
    expect(keys.keyAction(k('Enter'), false)).toBeUndefined();
    expect(keys.keyAction(k('Escape'), true)).toBe('close');
  });

  it('knows a text field from a checkbox', () => {
    expect(keys.isTypingTarget({ tagName: 'INPUT', type: 'text' })).toBe(true);
    expect(keys.isTypingTarget({ tagName: 'INPUT', type: 'search' })).toBe(true);
    expect(keys.isTypingTarget({ tagName: 'INPUT', type: 'checkbox' })).toBe(false);
    expect(keys.isTypingTarget({ tagName: 'BUTTON' })).toBe(false);
    expect(keys.isTypingTarget({ tagName: 'DIV', isContentEditable: true })).toBe(true);
    expect(keys.isTypingTarget(null)).toBe(false);
  });
});
