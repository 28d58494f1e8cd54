/**
 * What a history says each file should be. Per path and per algorithm, the most recent value whose action is not
 * `failed`: a failed entry records what was found, not what the file should be, so the next verify still compares
 * against the last good record and still fails until the file is restored. A path recorded as another entry's
 * previousPath (a detected rename) is no longer expected.
 */
import type { HashAlgorithm, HashSet } from '../../shared/hashes';
import type { MhlHistory } from './model';

export interface ExpectedFile {
  path: string;
  /** Last trusted value per algorithm; empty when every recorded value failed or none is computable here. */
  hashes: HashSet;
  /** Size from the most recent entry with a trusted hash. */
  size?: number;
  /** Every supported algorithm ever recorded for the path, failed ones included. */
  recorded: HashAlgorithm[];
  /** Generation that last mentioned the path. */
  lastSequence: number;
  /** Hash element names recorded for the path that this program cannot compute (xxh32). */
  unsupported: string[];
}

export function expectedFiles(history: MhlHistory): Map<string, ExpectedFile> {
  const out = new Map<string, ExpectedFile>();
  for (const g of history.generations) {
    // A recorded rename retires the old path: the file lives on under its new name.
    for (const f of g.files) if (f.previousPath !== undefined && f.previousPath !== f.path) out.delete(f.previousPath);
    for (const f of g.files) {
      let e = out.get(f.path);
      if (!e) {
        e = { path: f.path, hashes: {}, recorded: [], lastSequence: g.sequence, unsupported: [] };
        out.set(f.path, e);
      }
      e.lastSequence = g.sequence;
      for (const u of f.unsupported ?? []) if (!e.unsupported.includes(u)) e.unsupported.push(u);
      let trusted = false;
      for (const h of f.hashes) {
        if (!e.recorded.includes(h.algorithm)) e.recorded.push(h.algorithm);
        if (h.action === 'failed') continue;
        e.hashes[h.algorithm] = h.value;
        trusted = true;
      }
      if (trusted && f.size !== undefined) e.size = f.size;
    }
  }
  return out;
}

/** Every algorithm a history has recorded for any file, in the order first seen. */
export function historyAlgorithms(history: MhlHistory): HashAlgorithm[] {
  const out: HashAlgorithm[] = [];
  for (const g of history.generations) {
    for (const f of g.files) for (const h of f.hashes) if (!out.includes(h.algorithm)) out.push(h.algorithm);
  }
  return out;
}
