/**
 * What the system notification says when a job ends (main/electron/notify-text.ts).
 */
import type { JobView } from '../../shared/contract';
import type { OffloadSummary } from '../../shared/offload';
import { notificationFor } from '../../main/electron/notify-text';

function offloadJob(over: Partial<JobView>, summary?: Partial<OffloadSummary>): JobView {
  return {
    id: 'j1',
    kind: 'offload',
    state: 'done',
    title: 'Offload CARD_7 → 2 drives',
    createdAt: '2026-01-02T10:00:00.000Z',
    ...(summary
      ? {
          offload: {
            roll: 'A001',
            safeToFormat: true,
            cancelled: false,
            verdict: 'Safe to format: 21 files verified on 2 drives.',
            ...summary,
          } as OffloadSummary,
        }
      : {}),
    ...over,
  };
}

describe('notificationFor', () => {
  it('says the card is safe to format, with the verdict', () => {
    expect(notificationFor(offloadJob({}, {}))).toEqual({ title: 'Card A001 is safe to format', body: 'Safe to format: 21 files verified on 2 drives.' });
  });

  it('says the card is NOT safe to format, with why', () => {
    const n = notificationFor(offloadJob({}, { safeToFormat: false, verdict: 'NOT safe to format: 1 file failed on /Volumes/B.' }));
    expect(n).toEqual({ title: 'Card A001 is NOT safe to format', body: 'NOT safe to format: 1 file failed on /Volumes/B.' });
    expect(`${n!.title}: ${n!.body}`).toMatch(/^Card A001 is NOT safe to format: /);
  });

  it('reports a failed offload as not safe, naming the card from the title when there is no summary', () => {
    expect(notificationFor(offloadJob({ state: 'failed', error: 'the card was removed' }))).toEqual({
      title: 'Offload of CARD_7 failed',
      body: 'Card CARD_7 is NOT safe to format: the card was removed',
    });
  });

  it('says nothing for a cancelled job: the user did that', () => {
    expect(notificationFor(offloadJob({ state: 'cancelled' }))).toBeNull();
    expect(notificationFor(offloadJob({}, { cancelled: true, safeToFormat: false }))).toBeNull();
  });

  it('reports verify results', () => {
    const base: JobView = { id: 'v', kind: 'verify', state: 'done', title: 'Verify /Volumes/SHUTTLE', createdAt: '2026-01-02T10:00:00.000Z' };
    const verify = { dir: '/Volumes/SHUTTLE', ok: true, startedAt: '', finishedAt: '', verdict: 'All 21 files verified.', roots: [], catalog: [] };
    expect(notificationFor({ ...base, verify })).toEqual({ title: 'Verify passed', body: 'All 21 files verified.' });
    expect(notificationFor({ ...base, verify: { ...verify, ok: false, verdict: '2 files changed.' } })).toEqual({ title: 'Verify found problems', body: '2 files changed.' });
    expect(notificationFor({ ...base, state: 'failed', error: 'no such folder' })).toEqual({ title: 'Verify failed', body: 'no such folder' });
  });

  it('keeps the body short and on one line', () => {
    const n = notificationFor(offloadJob({}, { safeToFormat: false, verdict: `NOT safe:\n${'x'.repeat(1000)}` }))!;
    expect(n.body.length).toBeLessThanOrEqual(240);
    expect(n.body).not.toContain('\n');
    expect(n.body.endsWith('…')).toBe(true);
  });
});
