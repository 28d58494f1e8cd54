/**
 * Where a take's QC findings are drawn (pure: tested in tests/renderer): a finding names its track, and goes on every
 * lane of that name; a take-wide finding (no track), or one naming a track the take has no lane for, goes on the
 * ruler above all lanes. The list beside the lanes shows them worst first, then in time order.
 */
import type { QcFindingKind, QcSeverity } from '../../../shared/qc';

export interface FindingLike {
  id: number;
  severity: QcSeverity;
  kind: QcFindingKind;
  track?: string;
  fromSeconds: number;
  toSeconds: number;
  message: string;
}

export interface PlacedFinding {
  id: number;
  severity: QcSeverity;
  from: number;
  to: number;
  /** Short text drawn in the region. */
  label: string;
}

const KIND_LABELS: Record<QcFindingKind, string> = {
  clipping: 'clip',
  'dead-track': 'dead',
  silence: 'silence',
  dropout: 'dropout',
  'dc-offset': 'DC offset',
  'low-level': 'low level',
  loudness: 'loudness',
  'decode-failed': 'decode failed',
  'format-mismatch': 'format',
  'take-number': 'take no.',
  truncated: 'truncated',
  unreadable: 'unreadable',
};

export function kindLabel(kind: QcFindingKind | string): string {
  return KIND_LABELS[kind as QcFindingKind] ?? kind;
}

const RANK: Record<QcSeverity, number> = { error: 0, warning: 1, info: 2 };

export function sortFindings<F extends FindingLike>(findings: readonly F[]): F[] {
  return [...findings].sort((a, b) => RANK[a.severity] - RANK[b.severity] || a.fromSeconds - b.fromSeconds || a.id - b.id);
}

export function placeFindings(findings: readonly FindingLike[], tracks: readonly { position: number; name: string }[]): { lanes: Map<number, PlacedFinding[]>; ruler: PlacedFinding[] } {
  const byName = new Map<string, number[]>();
  for (const t of tracks) {
    const key = t.name.trim().toLowerCase();
    byName.set(key, [...(byName.get(key) ?? []), t.position]);
  }
  const lanes = new Map<number, PlacedFinding[]>();
  const ruler: PlacedFinding[] = [];
  // Drawn least severe first, so an error lies on top of a warning at the same place.
  for (const f of [...findings].sort((a, b) => RANK[b.severity] - RANK[a.severity] || a.fromSeconds - b.fromSeconds)) {
    const placed: PlacedFinding = { id: f.id, severity: f.severity, from: f.fromSeconds, to: Math.max(f.fromSeconds, f.toSeconds), label: kindLabel(f.kind) };
    const positions = f.track ? byName.get(f.track.trim().toLowerCase()) : undefined;
    if (!positions) {
      ruler.push(placed);
      continue;
    }
    for (const p of positions) lanes.set(p, [...(lanes.get(p) ?? []), placed]);
  }
  return { lanes, ruler };
}
