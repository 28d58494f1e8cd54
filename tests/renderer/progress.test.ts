import type { VerifyProgressView } from '../../shared/contract';
import type { OffloadProgress } from '../../shared/offload';
import { loadRenderer } from './load';

const { offloadFraction, destinationBars, verifyFraction, percent } = loadRenderer<{
  offloadFraction(p: OffloadProgress): number;
  destinationBars(p: OffloadProgress): { root: string; written: number; verified: number; filesVerified: number; failed: boolean }[];
  verifyFraction(p: VerifyProgressView): number;
  percent(f: number): number;
}>('lib/progress');

const progress = (over: Partial<OffloadProgress>): OffloadProgress => ({
  jobId: 'j',
  phase: 'copying',
  filesTotal: 10,
  filesDone: 0,
  bytesTotal: 1000,
  bytesDone: 0,
  bytesPerSecond: 0,
  destinations: [],
  ...over,
});

describe('offload progress', () => {
  it('counts copy and verify: (bytesDone + mean bytesVerified) / (2 × bytesTotal), as the CLI draws it', () => {
    const p = progress({
      bytesDone: 1000,
      destinations: [
        { root: '/a', bytesWritten: 1000, bytesVerified: 1000, filesVerified: 10, failed: false },
        { root: '/b', bytesWritten: 1000, bytesVerified: 0, filesVerified: 0, failed: false },
      ],
    });
    expect(offloadFraction(p)).toBeCloseTo(0.75);
    expect(percent(offloadFraction(p))).toBe(75);
  });

  it('is 0 while the card is scanned (no total yet) and 1 when done', () => {
    expect(offloadFraction(progress({ phase: 'scanning', bytesTotal: 0 }))).toBe(0);
    expect(offloadFraction(progress({ phase: 'done', bytesTotal: 0 }))).toBe(1);
  });

  it('never leaves 0–1, whatever the numbers say', () => {
    expect(offloadFraction(progress({ bytesDone: 5000, destinations: [{ root: '/a', bytesWritten: 0, bytesVerified: 9000, filesVerified: 0, failed: false }] }))).toBe(1);
    expect(offloadFraction(progress({ bytesDone: -5 }))).toBe(0);
  });

  it('gives each destination its written and verified share of the card', () => {
    const bars = destinationBars(
      progress({ destinations: [{ root: '/a', bytesWritten: 500, bytesVerified: 250, filesVerified: 2, failed: true }] }),
    );
    expect(bars).toEqual([{ root: '/a', written: 0.5, verified: 0.25, filesVerified: 2, failed: true }]);
  });

  it('floors percentages so 100 means finished', () => {
    expect(percent(0.999)).toBe(99);
    expect(percent(1)).toBe(100);
    expect(percent(Number.NaN)).toBe(0);
  });
});

describe('verify progress', () => {
  const v = (over: Partial<VerifyProgressView>): VerifyProgressView => ({ phase: 'hashing', filesTotal: 4, filesDone: 1, bytesTotal: 0, bytesDone: 0, ...over });
  it('uses bytes when known, else files', () => {
    expect(verifyFraction(v({ bytesTotal: 200, bytesDone: 50 }))).toBe(0.25);
    expect(verifyFraction(v({}))).toBe(0.25);
    expect(verifyFraction(v({ phase: 'done' }))).toBe(1);
    expect(verifyFraction(v({ filesTotal: 0, filesDone: 0 }))).toBe(0);
  });
});
