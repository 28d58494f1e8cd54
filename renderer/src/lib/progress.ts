/**
 * Progress arithmetic shared by every bar (pure: no DOM, no React, tested in tests/renderer).
 * An offload reads the card once and then reads each copy back, so the whole job is "copy + verify": the overall
 * fraction is (bytes read from the card + mean bytes read back per destination) / (2 × card bytes), as the CLI draws it.
 */
import type { VerifyProgressView } from '../../../shared/contract';
import type { OffloadProgress } from '../../../shared/offload';

const clamp01 = (n: number): number => (Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : 0);

export function offloadFraction(p: OffloadProgress): number {
  if (p.phase === 'done') return 1;
  const total = p.bytesTotal * 2;
  if (total <= 0) return 0;
  const verified = p.destinations.length ? p.destinations.reduce((n, d) => n + d.bytesVerified, 0) / p.destinations.length : 0;
  return clamp01((p.bytesDone + verified) / total);
}

export interface DestinationBar {
  root: string;
  /** Share of the card's bytes written to this destination, 0–1. */
  written: number;
  /** Share of the card's bytes read back and matched on this destination, 0–1. */
  verified: number;
  filesVerified: number;
  failed: boolean;
}

export function destinationBars(p: OffloadProgress): DestinationBar[] {
  const total = p.bytesTotal;
  const done = p.phase === 'done';
  return p.destinations.map((d) => ({
    root: d.root,
    written: total > 0 ? clamp01(d.bytesWritten / total) : done ? 1 : 0,
    verified: total > 0 ? clamp01(d.bytesVerified / total) : done ? 1 : 0,
    filesVerified: d.filesVerified,
    failed: d.failed,
  }));
}

export function verifyFraction(p: VerifyProgressView): number {
  if (p.phase === 'done') return 1;
  if (p.bytesTotal > 0) return clamp01(p.bytesDone / p.bytesTotal);
  if (p.filesTotal > 0) return clamp01(p.filesDone / p.filesTotal);
  return 0;
}

/** Whole percent for a bar and its aria-valuenow: floored, so 100 means finished, never "almost". */
export function percent(fraction: number): number {
  return Math.floor(clamp01(fraction) * 100);
}
