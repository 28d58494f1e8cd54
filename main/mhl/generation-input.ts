/**
 * What the writer is asked to record, and the checks that keep a manifest describing a real tree: relative
 * '/'-separated paths without "." / ".." / empty segments, nothing inside ascmhl/, no path that is both a file and a
 * folder, canonical hash text, at least one hash per file.
 */
import type { HashAlgorithm, HashSet } from '../../shared/hashes';
import { MhlError } from './errors';
import { normaliseHashText } from './hash-text';
import {
  ASCMHL_FOLDER,
  HASH_ACTIONS,
  MHL_ELEMENT_ORDER,
  MHL_PROCESSES,
  type DirectoryHashes,
  type HashAction,
  type MhlCreator,
  type MhlProcess,
  type MhlReference,
} from './model';
import { printable } from './xml-escape';

export interface GenerationFile {
  /** Relative to the root, '/'-separated. */
  path: string;
  size: number;
  lastModified: Date;
  hashes: HashSet;
  /** Action for every hash of the file… */
  action: HashAction;
  /** …unless overridden per algorithm (a verify that also creates a new hash format records that one as original). */
  actions?: Partial<Record<HashAlgorithm, HashAction>>;
  hashDate: Date;
  /** Where the file was recorded before (a detected rename). */
  previousPath?: string;
}

export interface GenerationFolder {
  /** Relative folder path, '/'-separated. */
  path: string;
  lastModified?: Date;
}

/** A nested history below this root (a roll inside a Reels folder): its root hashes and its newest manifest. */
export interface ChildHistoryRecord {
  /** Relative path of the child's root folder. */
  path: string;
  lastModified?: Date;
  /** The child's root hashes; omit when unknown (its folder and our ancestors then get no directory hash). */
  hashes?: DirectoryHashes;
  /** The child's manifest written in the same run, for <references>. */
  reference?: MhlReference;
}

export interface GenerationInput {
  /** The MHL root folder (the roll folder on a destination). */
  root: string;
  process: MhlProcess;
  creator: MhlCreator;
  startedAt: Date;
  files: GenerationFile[];
  /** Folder modification times, and folders that are empty. Folders only implied by file paths are fine without. */
  directories?: GenerationFolder[];
  /** Files present but not hashed (unreadable): not recorded, and their folders get no directory hash. */
  unhashed?: string[];
  childHistories?: ChildHistoryRecord[];
  /** Added to the history's patterns (or the defaults). */
  ignorePatterns?: string[];
}

function validatePath(root: string, path: string, what: string): void {
  const bad = (why: string): never => {
    throw new MhlError('invalid-input', root, `${what} ${printable(path)}: ${why}`);
  };
  if (path === '') bad('empty path');
  if (path.startsWith('/')) bad('must be relative to the root');
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.' || seg === '..') bad('empty, "." or ".." segment');
  }
  if (path.split('/')[0] === ASCMHL_FOLDER) bad('inside the ascmhl/ history folder');
}

export function validateInput(input: GenerationInput, rootAbs: string): void {
  if (!(MHL_PROCESSES as readonly string[]).includes(input.process)) {
    throw new MhlError('invalid-input', rootAbs, `unknown process "${input.process}"`);
  }
  const seen = new Set<string>();
  for (const f of input.files) {
    validatePath(rootAbs, f.path, 'file');
    if (seen.has(f.path)) throw new MhlError('invalid-input', rootAbs, `file ${printable(f.path)} is listed twice`);
    seen.add(f.path);
    if (!Number.isSafeInteger(f.size) || f.size < 0) {
      throw new MhlError('invalid-input', rootAbs, `file ${printable(f.path)}: size ${f.size}`);
    }
    const algs = MHL_ELEMENT_ORDER.filter((a) => f.hashes[a] !== undefined);
    if (algs.length === 0) throw new MhlError('invalid-input', rootAbs, `file ${printable(f.path)} has no hash`);
    for (const a of algs) {
      if (normaliseHashText(a, f.hashes[a]!) !== f.hashes[a]) {
        throw new MhlError('invalid-input', rootAbs, `file ${printable(f.path)}: "${f.hashes[a]}" is not a canonical ${a} value`);
      }
      const action = f.actions?.[a] ?? f.action;
      if (!HASH_ACTIONS.includes(action)) throw new MhlError('invalid-input', rootAbs, `file ${printable(f.path)}: action "${action}"`);
    }
    if (f.previousPath !== undefined) validatePath(rootAbs, f.previousPath, 'previous path');
  }
  // A path cannot be a file and a folder at once; a manifest that said so would describe no real tree.
  for (const f of input.files) {
    const parts = f.path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const folder = parts.slice(0, i).join('/');
      if (seen.has(folder)) throw new MhlError('invalid-input', rootAbs, `${printable(folder)} is listed as a file and as a folder`);
    }
  }
  for (const d of input.directories ?? []) validatePath(rootAbs, d.path, 'folder');
  for (const c of input.childHistories ?? []) validatePath(rootAbs, c.path, 'child history');
  for (const u of input.unhashed ?? []) validatePath(rootAbs, u, 'unhashed file');
}
