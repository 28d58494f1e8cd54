import type { JobView } from '../../shared/contract';
import type { OffloadSummary } from '../../shared/offload';
import { loadRenderer } from './load';

interface FileRow {
  relativePath: string;
  size: number;
  cells: { destination: string; status: string; reason?: string }[];
  error?: string;
  problem: boolean;
}
const lib = loadRenderer<{
  offloadVerdict(job: JobView): { safe: boolean; headline: string; sentence: string } | undefined;
  fileRows(s: OffloadSummary): FileRow[];
  filterFileRows(rows: FileRow[], text: string, problemsOnly: boolean): FileRow[];
  offloadCounts(s: OffloadSummary): Record<string, number>;
  offloadProblems(s: OffloadSummary): { failedGroups: { destination: string; reason: string; files: string[] }[]; destinationErrors: { root: string; error: string }[] };
  SAFE: string;
  NOT_SAFE: string;
}>('lib/outcome');

const summary = (over: Partial<OffloadSummary> = {}): OffloadSummary => ({
  jobId: 'j1',
  roll: 'A001',
  project: 'P',
  source: '/card',
  cardFingerprint: 'f',
  hashAlgorithms: ['xxh128'],
  startedAt: '2026-01-01T10:00:00.000Z',
  finishedAt: '2026-01-01T10:01:00.000Z',
  bytesRead: 30,
  files: [
    { relativePath: 'S01T01.WAV', size: 10, hashes: {}, copies: [{ destination: '/a', path: '/a/x', status: 'verified' }, { destination: '/b', path: '/b/x', status: 'verified' }] },
    {
      relativePath: 'S01T02.WAV',
      size: 10,
      hashes: {},
      copies: [{ destination: '/a', path: '/a/y', status: 'skipped-verified' }, { destination: '/b', path: '/b/y', status: 'failed', reason: 'xxh128 mismatch' }],
    },
    { relativePath: 'S02T01.WAV', size: 10, hashes: {}, copies: [{ destination: '/a', path: '/a/z', status: 'verified' }], error: 'card pulled' },
  ],
  skippedLitter: [],
  notCopied: [{ relativePath: 'link', kind: 'symlink', detail: 'symbolic links are not copied' }],
  takesIndexed: 3,
  metadataProblems: [],
  destinations: [
    { root: '/a', rollPath: '/a/P/A001', filesVerified: 3, filesFailed: 0, bytesWritten: 30 },
    { root: '/b', rollPath: '/b/P/A001', filesVerified: 1, filesFailed: 1, bytesWritten: 20, error: 'drive removed' },
  ],
  cancelled: false,
  safeToFormat: false,
  verdict: 'Card A001 is NOT safe to format.',
  ...over,
});

const job = (over: Partial<JobView>): JobView => ({ id: 'j1', kind: 'offload', state: 'done', title: 'Offload A001 → 2 drives', createdAt: '2026-01-01T10:00:00.000Z', ...over });

describe('the offload verdict', () => {
  it('is green only when the core says safeToFormat on a job that finished', () => {
    expect(lib.offloadVerdict(job({ offload: summary({ safeToFormat: true, verdict: 'Card A001 is safe to format.' }) }))).toEqual({
      safe: true,
      headline: 'SAFE TO FORMAT',
      sentence: 'Card A001 is safe to format.',
    });
    expect(lib.offloadVerdict(job({ offload: summary() }))).toMatchObject({ safe: false, headline: 'NOT SAFE TO FORMAT', sentence: 'Card A001 is NOT safe to format.' });
    expect(lib.offloadVerdict(job({ state: 'cancelled', offload: summary({ safeToFormat: true, cancelled: true }) }))?.safe).toBe(false);
  });

  it('has none while the job is queued, running or paused', () => {
    for (const state of ['queued', 'running', 'paused'] as const) expect(lib.offloadVerdict(job({ state }))).toBeUndefined();
  });

  it('says NOT SAFE, with the reason, when the job failed or was cancelled before it copied anything', () => {
    expect(lib.offloadVerdict(job({ state: 'failed', error: 'card A001 is not available' }))).toMatchObject({ safe: false, headline: lib.NOT_SAFE });
    expect(lib.offloadVerdict(job({ state: 'failed', error: 'card A001 is not available' }))!.sentence).toContain('card A001 is not available');
    expect(lib.offloadVerdict(job({ state: 'cancelled' }))!.sentence).toContain('cancelled');
  });
});

describe('the file list', () => {
  const rows = lib.fileRows(summary());

  it('has one cell per destination, "absent" where a copy is missing, and flags problems', () => {
    expect(rows.map((r) => [r.relativePath, r.cells.map((c) => c.status), r.problem])).toEqual([
      ['S01T01.WAV', ['verified', 'verified'], false],
      ['S01T02.WAV', ['skipped-verified', 'failed'], true],
      ['S02T01.WAV', ['verified', 'absent'], true],
    ]);
    expect(rows[1]!.cells[1]!.reason).toBe('xxh128 mismatch');
    expect(rows[2]!.error).toBe('card pulled');
  });

  it('filters by text (path, reason, error; any case) and by problems only', () => {
    expect(lib.filterFileRows(rows, 's01', false).map((r) => r.relativePath)).toEqual(['S01T01.WAV', 'S01T02.WAV']);
    expect(lib.filterFileRows(rows, 'MISMATCH', false).map((r) => r.relativePath)).toEqual(['S01T02.WAV']);
    expect(lib.filterFileRows(rows, 'pulled', false).map((r) => r.relativePath)).toEqual(['S02T01.WAV']);
    expect(lib.filterFileRows(rows, '', true).map((r) => r.relativePath)).toEqual(['S01T02.WAV', 'S02T01.WAV']);
    expect(lib.filterFileRows(rows, 's01', true).map((r) => r.relativePath)).toEqual(['S01T02.WAV']);
    expect(lib.filterFileRows(rows, '  ', false)).toHaveLength(3);
  });
});

describe('counts and problems', () => {
  it('counts what the banner shows', () => {
    expect(lib.offloadCounts(summary())).toEqual({
      files: 3,
      bytes: 30,
      safeFiles: 1,
      problemFiles: 2,
      notCopied: 1,
      failedCopies: 1,
      destinations: 2,
      destinationsWithErrors: 1,
    });
  });

  it('groups failed copies by destination and reason (a pulled drive is one line, not a hundred)', () => {
    const s = summary({
      files: ['a', 'b', 'c'].map((n) => ({
        relativePath: n,
        size: 1,
        hashes: {},
        copies: [{ destination: '/b', path: `/b/${n}`, status: 'failed' as const, reason: n === 'c' ? 'short write' : 'drive removed' }],
      })),
    });
    expect(lib.offloadProblems(s).failedGroups).toEqual([
      { destination: '/b', reason: 'drive removed', files: ['a', 'b'] },
      { destination: '/b', reason: 'short write', files: ['c'] },
    ]);
    expect(lib.offloadProblems(s).destinationErrors).toEqual([{ root: '/b', error: 'drive removed' }]);
  });
});
