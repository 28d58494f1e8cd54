/**
 * A fast offload that did not verify is not a result. The benchmark only reports figures for a run whose summary says
 * the card is safe to format, with every card file verified on every destination and the exit status agreeing.
 */
import type { OffloadSummary, ReadBackMethod } from '../../shared/offload';
import type { Card } from '../lib/card';
import { BenchFailure, type OffloadRun } from './offload-run';

export type MethodCounts = Partial<Record<ReadBackMethod | 'unknown', number>>;

/** Throws a BenchFailure listing every problem; returns how the copies were read back. */
export function checkOffload(run: OffloadRun, card: Card, destinations: number): MethodCounts {
  const s: OffloadSummary = run.summary;
  const problems: string[] = [];
  if (run.exitCode !== 0) problems.push(`exit status ${run.exitCode} (0 expected)`);
  if (!s.safeToFormat) problems.push(`safeToFormat is false — verdict: ${s.verdict}`);
  if (s.cancelled) problems.push('the job reports itself cancelled');
  const expected = new Set(card.files.map((f) => f.relativePath));
  const seen = new Set(s.files.map((f) => f.relativePath));
  for (const p of expected) if (!seen.has(p)) problems.push(`${p}: missing from the summary`);
  for (const p of seen) if (!expected.has(p)) problems.push(`${p}: in the summary but not on the card`);
  const methods: MethodCounts = {};
  for (const f of s.files) {
    const size = card.files.find((c) => c.relativePath === f.relativePath)?.bytes;
    if (size !== undefined && f.size !== size) problems.push(`${f.relativePath}: size ${f.size} in the summary, ${size} on the card`);
    if (f.error) problems.push(`${f.relativePath}: ${f.error}`);
    if (!f.hashes.xxh128) problems.push(`${f.relativePath}: no xxh128 for the source`);
    const verified = f.copies.filter((c) => c.status === 'verified');
    if (verified.length !== destinations || f.copies.length !== destinations) {
      const states = f.copies.map((c) => `${c.destination}: ${c.status}${c.reason ? ` (${c.reason})` : ''}`).join('; ');
      problems.push(`${f.relativePath}: ${verified.length}/${destinations} copies verified — ${states || 'no copies'}`);
    }
    for (const c of f.copies) {
      const key = c.method ?? 'unknown';
      methods[key] = (methods[key] ?? 0) + 1;
    }
  }
  if (problems.length > 0) {
    throw new BenchFailure(`the offload did not verify the card, so its timing means nothing:\n  ${problems.join('\n  ')}`);
  }
  return methods;
}
