/**
 * What the system notification says when a job ends (notify.ts shows it). The offload's one question, answered in
 * the title: is the card safe to format. Plain data in, plain text out, unit-tested.
 */
import type { JobView } from '../../shared/contract';

export interface NotificationText {
  title: string;
  body: string;
}

const MAX_BODY = 240;

/** The notification for a finished job, or null when none is due (a cancelled job: the user did that). */
export function notificationFor(job: JobView): NotificationText | null {
  if (job.state === 'cancelled') return null;
  if (job.kind === 'offload') {
    const summary = job.offload;
    const card = summary?.roll || cardFromTitle(job.title);
    if (job.state === 'failed' || !summary) {
      return { title: `Offload of ${card} failed`, body: short(`Card ${card} is NOT safe to format: ${job.error ?? 'the offload stopped before it finished'}`) };
    }
    if (summary.cancelled) return null;
    if (summary.safeToFormat) return { title: `Card ${card} is safe to format`, body: short(summary.verdict) };
    return { title: `Card ${card} is NOT safe to format`, body: short(summary.verdict || 'not every file is verified on every destination') };
  }
  if (job.kind === 'verify') {
    const result = job.verify;
    if (job.state === 'failed' || !result) return { title: 'Verify failed', body: short(job.error ?? job.title) };
    return { title: result.ok ? 'Verify passed' : 'Verify found problems', body: short(result.verdict) };
  }
  return null;
}

/** The job board titles offloads "Offload A001 → 2 drives": the card's folder name, when the summary has no roll. */
function cardFromTitle(title: string): string {
  const m = /^Offload (.+?) → /.exec(title);
  return m?.[1] ?? 'card';
}

function short(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length <= MAX_BODY ? t : `${t.slice(0, MAX_BODY - 1)}…`;
}
