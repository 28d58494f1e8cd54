/**
 * The verdict for one file and what the new generation records for it. Rules:
 * - a file the history knows is compared on every algorithm the history trusts for it (see expectedFiles);
 *   extra requested algorithms are recorded as original only when everything compared matched: a hash of bytes
 *   known to be wrong is never christened "original";
 * - a file whose history holds no trusted hash is unverifiable and recorded as failed, so it never becomes a baseline;
 * - a file new to the history is original, or, when it carries a missing file's content, renamed (recorded verified,
 *   with previousPath).
 */
import type { HashAlgorithm, HashSet } from '../../shared/hashes';
import type { FileHashResult } from '../hash';
import type { ExpectedFile, HashAction } from '../mhl';
import type { DiskFile } from './list-root';
import type { VerifyFileResult } from './types';

export interface Recorded {
  hashes: HashSet;
  actions: Partial<Record<HashAlgorithm, HashAction>>;
  previousPath?: string;
}

export interface Classified {
  result: VerifyFileResult;
  recorded: Recorded;
}

const algorithmsOf = (set: HashSet): HashAlgorithm[] => Object.keys(set) as HashAlgorithm[];
const allAs = (set: HashSet, action: HashAction): Recorded['actions'] => Object.fromEntries(algorithmsOf(set).map((a) => [a, action]));

function pick(set: HashSet, algs: readonly HashAlgorithm[]): HashSet {
  const out: HashSet = {};
  for (const a of algs) if (set[a] !== undefined) out[a] = set[a];
  return out;
}

/** A file the history has an entry for; `file.size` is what the listing saw, `hashed.bytes` what was read. */
export function classifyKnown(file: DiskFile, exp: ExpectedFile, hashed: FileHashResult): Classified {
  const common = {
    path: file.path,
    size: hashed.bytes,
    actual: hashed.hashes,
    readBack: hashed.method,
    ...(exp.size !== undefined ? { expectedSize: exp.size } : {}),
  };
  const sizeChanged = hashed.bytes !== file.size ? ` (size changed while reading: ${file.size} → ${hashed.bytes} bytes)` : '';
  const trusted = algorithmsOf(exp.hashes);

  if (trusted.length === 0) {
    const why =
      exp.recorded.length === 0
        ? `the history only has ${exp.unsupported.join(', ')} for it, which this program cannot compute`
        : 'every hash the history recorded for it is a failed verification';
    return {
      result: { ...common, status: 'unverifiable', reason: `${why}; recorded as failed${sizeChanged}` },
      recorded: { hashes: hashed.hashes, actions: allAs(hashed.hashes, 'failed') },
    };
  }
  const mismatched = trusted.filter((a) => hashed.hashes[a] !== exp.hashes[a]);
  if (mismatched.length === 0) {
    const actions: Recorded['actions'] = {};
    for (const a of algorithmsOf(hashed.hashes)) actions[a] = trusted.includes(a) ? 'verified' : 'original';
    return {
      result: { ...common, expected: exp.hashes, status: 'verified', reason: `${trusted.join(', ')} match the history${sizeChanged}` },
      recorded: { hashes: hashed.hashes, actions },
    };
  }
  const actions: Recorded['actions'] = {};
  for (const a of trusted) actions[a] = mismatched.includes(a) ? 'failed' : 'verified';
  const sizeNote = exp.size !== undefined && exp.size !== hashed.bytes ? ` (size ${exp.size} → ${hashed.bytes} bytes)` : '';
  const detail = mismatched.map((a) => `${a} expected ${exp.hashes[a]}, found ${hashed.hashes[a]}`).join('; ');
  return {
    result: { ...common, expected: exp.hashes, mismatched, status: 'changed', reason: `${detail}${sizeNote}${sizeChanged}` },
    recorded: { hashes: pick(hashed.hashes, trusted), actions },
  };
}

/** A file new to the history; `previous` is the missing entry it was matched with as a rename, if any. */
export function classifyFresh(file: DiskFile, hashed: FileHashResult, previous?: ExpectedFile): Classified {
  const common = { path: file.path, size: hashed.bytes, actual: hashed.hashes, readBack: hashed.method };
  if (!previous) {
    return {
      result: { ...common, status: 'new', reason: 'not in the history: recorded as original' },
      recorded: { hashes: hashed.hashes, actions: allAs(hashed.hashes, 'original') },
    };
  }
  const actions: Recorded['actions'] = {};
  for (const a of algorithmsOf(hashed.hashes)) actions[a] = previous.hashes[a] !== undefined ? 'verified' : 'original';
  return {
    result: {
      ...common,
      expected: previous.hashes,
      previousPath: previous.path,
      status: 'renamed',
      reason: `same content as "${previous.path}", which is no longer on disk`,
    },
    recorded: { hashes: hashed.hashes, actions, previousPath: previous.path },
  };
}
