/** The producer's view of the catalog (pure: tested in tests/renderer): how safe a roll is, and when it was last checked. */
import type { RollBackupView } from '../../../shared/contract';
import type { Level } from './destinations';

export function copiesLevel(completeCopies: number): Level {
  return completeCopies >= 2 ? 'ok' : completeCopies === 1 ? 'warn' : 'bad';
}

export function copiesNote(completeCopies: number): string {
  if (completeCopies === 0) return 'no verified copy';
  if (completeCopies === 1) return 'only 1 verified copy';
  return `${completeCopies} verified copies`;
}

/**
 * Drives holding a complete copy of the roll whose every file was verified within the last `days` days: the
 * producer's "how many verified copies, recently".
 */
export function recentCopies(roll: Pick<RollBackupView, 'destinations'>, days: number, now: Date): number {
  const since = now.getTime() - days * 86_400_000;
  return roll.destinations.filter((d) => d.completeSince !== null && Date.parse(d.completeSince) >= since).length;
}

export function rollsSummary(rolls: readonly RollBackupView[]): { rolls: number; safe: number; atRisk: number } {
  const safe = rolls.filter((r) => r.completeCopies >= 2).length;
  return { rolls: rolls.length, safe, atRisk: rolls.length - safe };
}

/** Rolls that need attention first (fewest copies), otherwise the catalog's order (project, roll). */
export function sortRolls(rolls: readonly RollBackupView[]): RollBackupView[] {
  return rolls
    .map((r, i) => ({ r, i }))
    .sort((a, b) => Math.min(a.r.completeCopies, 2) - Math.min(b.r.completeCopies, 2) || a.i - b.i)
    .map((x) => x.r);
}

/** "just now", "5 min ago", "3 h ago", "yesterday", "4 days ago", else the date. */
export function relativeTime(iso: string, now: Date): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const s = Math.round((now.getTime() - t) / 1000);
  if (s < 0) return 'just now';
  if (s < 60) return 'just now';
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h} h ago`;
  const d = Math.floor(h / 24);
  if (d === 1) return 'yesterday';
  if (d < 30) return `${d} days ago`;
  return absoluteTime(iso);
}

/** Local "YYYY-MM-DD HH:MM" (crews read 24-hour clocks). */
export function absoluteTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** "1:02:03" style length of a job from its ISO start and end. */
export function durationSeconds(startIso: string | undefined, endIso: string | undefined): number | undefined {
  if (!startIso || !endIso) return undefined;
  const s = Date.parse(startIso);
  const e = Date.parse(endIso);
  return Number.isNaN(s) || Number.isNaN(e) ? undefined : Math.max(0, (e - s) / 1000);
}
