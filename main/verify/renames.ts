/**
 * Rename detection: a path new to the history whose bytes hash the same as a path the history expects but the disk no
 * longer has. Every algorithm both sides know must agree (at least one), and the sizes when both are known: one
 * matching weak hash next to a differing one is a coincidence or a corruption, not a rename.
 */
import type { HashAlgorithm, HashSet } from '../../shared/hashes';

export interface RenameCandidate {
  path: string;
  hashes: HashSet;
  size?: number;
}

/** Pairs each new file with the first (by path) unclaimed missing file it matches. Returns new path → old path. */
export function matchRenames(newFiles: readonly RenameCandidate[], missing: readonly RenameCandidate[]): Map<string, string> {
  const claimed = new Set<string>();
  const out = new Map<string, string>();
  const sortedMissing = [...missing].sort((a, b) => (a.path < b.path ? -1 : 1));
  for (const n of [...newFiles].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    for (const m of sortedMissing) {
      if (claimed.has(m.path)) continue;
      if (n.size !== undefined && m.size !== undefined && n.size !== m.size) continue;
      const shared = (Object.keys(n.hashes) as HashAlgorithm[]).filter((a) => m.hashes[a] !== undefined);
      if (shared.length === 0 || !shared.every((a) => n.hashes[a] === m.hashes[a])) continue;
      claimed.add(m.path);
      out.set(n.path, m.path);
      break;
    }
  }
  return out;
}
