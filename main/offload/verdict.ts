/**
 * The one sentence that answers "is this card safe to format?". It is "yes" only when every file of the card that
 * matters is verified on every destination; anything else says what is missing where, and why.
 */
import type { FileOutcome } from '../../shared/offload';

export interface VerdictInput {
  card: string;
  files: FileOutcome[];
  destinations: string[];
  notCopied: { relativePath: string; detail: string }[]; // symlinks, special files, unreadable or unsafe names
  cancelled: boolean;
  fatal?: string;
}

export function decideVerdict(v: VerdictInput): { safeToFormat: boolean; verdict: string } {
  if (v.fatal) return { safeToFormat: false, verdict: `Card ${v.card} is NOT safe to format: ${v.fatal}` };
  const unverified = v.files.filter((f) => f.error || f.copies.length !== v.destinations.length || f.copies.some((c) => c.status === 'failed'));
  const problems: string[] = [];
  if (v.cancelled) problems.push('the offload was cancelled');
  if (unverified.length > 0) {
    const perDestination = v.destinations
      .map((d) => {
        const missing = v.files.filter((f) => !f.copies.some((c) => c.destination === d && c.status !== 'failed')).length;
        return missing > 0 ? `${missing} not verified on ${d}` : undefined;
      })
      .filter(Boolean);
    problems.push(`${unverified.length} of ${v.files.length} files are not verified everywhere (${perDestination.join('; ')})`);
  }
  if (v.notCopied.length > 0) problems.push(`${v.notCopied.length} item(s) on the card could not be copied (${v.notCopied[0]!.relativePath}: ${v.notCopied[0]!.detail}${v.notCopied.length > 1 ? ', …' : ''})`);
  if (v.files.length === 0 && v.notCopied.length === 0) problems.push('the card holds no files to copy');
  if (problems.length > 0) return { safeToFormat: false, verdict: `Card ${v.card} is NOT safe to format: ${problems.join('; ')}.` };
  const skipped = v.files.filter((f) => f.copies.every((c) => c.status === 'skipped-verified')).length;
  const drives = v.destinations.length === 1 ? '1 drive' : `${v.destinations.length} drives`;
  const skippedNote = skipped > 0 ? ` (${skipped} already verified by an earlier offload)` : '';
  return { safeToFormat: true, verdict: `Card ${v.card} is safe to format: ${v.files.length} files verified on ${drives}${skippedNote}.` };
}
