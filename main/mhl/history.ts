/**
 * A root's whole history, proven: the chain is read, every manifest it lists must be present with exactly the C4
 * the chain recorded, and no manifest may sit in ascmhl/ without being chained. Any deviation is an MhlError that
 * names the file, never a partial history. References to nested histories (hashlistreference) are checked too, but
 * reported per reference: a child roll that was moved away does not make the parent's own record unreadable.
 */
import { opendir, readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { hashBytes } from '../hash';
import { errnoCode, MhlError } from './errors';
import {
  ASCMHL_FOLDER,
  CHAIN_FILE_NAME,
  DEFAULT_IGNORE_PATTERNS,
  type CheckedReference,
  type MhlGeneration,
  type MhlHistory,
} from './model';
import { generationNumberOf, isManifestFileName } from './naming';
import { parseManifest } from './manifest-parse';
import { readCapped, readChainFile, MAX_MANIFEST_BYTES, type ReadLimits } from './reader';

async function listOrEmpty(dir: string): Promise<string[] | undefined> {
  try {
    return await readdir(dir);
  } catch (e) {
    const code = errnoCode(e);
    if (code === 'ENOENT') return undefined;
    throw new MhlError('io', dir, `cannot list (${code ?? String(e)})`, { cause: e });
  }
}

async function checkReference(root: string, path: string, c4: string, limits: ReadLimits): Promise<CheckedReference['status']> {
  try {
    const bytes = await readCapped(join(root, ...path.split('/')), limits.maxManifestBytes ?? MAX_MANIFEST_BYTES);
    return hashBytes('c4', bytes) === c4 ? 'ok' : 'mismatch';
  } catch (e) {
    if (e instanceof MhlError && errnoCode(e.cause) === 'ENOENT') return 'missing';
    return 'unreadable';
  }
}

export async function readHistory(root: string, limits: ReadLimits = {}): Promise<MhlHistory> {
  const absRoot = resolve(root);
  const ascmhlDir = join(absRoot, ASCMHL_FOLDER);
  const chainPath = join(ascmhlDir, CHAIN_FILE_NAME);
  const history: MhlHistory = { root: absRoot, ascmhlDir, chainPath, generations: [], references: [] };

  const names = await listOrEmpty(ascmhlDir);
  if (names === undefined) return history;
  const manifestNames = names.filter(isManifestFileName);
  if (!names.includes(CHAIN_FILE_NAME)) {
    if (manifestNames.length > 0) {
      throw new MhlError(
        'chain-missing',
        chainPath,
        `${manifestNames.length} manifest(s) but no chain file: the history cannot be proven (${manifestNames.join(', ')})`,
      );
    }
    return history;
  }

  const chain = await readChainFile(chainPath, limits);
  const chained = new Set(chain.map((e) => e.path));
  for (const name of manifestNames) {
    if (!chained.has(name)) {
      throw new MhlError(
        'manifest-unlisted',
        join(ascmhlDir, name),
        'this manifest is not listed in ascmhl_chain.xml (added by hand, or a writer stopped before updating the chain)',
      );
    }
  }
  for (const entry of chain) {
    const manifestPath = join(ascmhlDir, entry.path);
    if (!names.includes(entry.path)) {
      throw new MhlError('manifest-missing', manifestPath, `generation ${entry.sequence} is listed in the chain but the file is missing`);
    }
    const numbered = generationNumberOf(entry.path);
    if (numbered !== undefined && numbered !== entry.sequence) {
      throw new MhlError('invalid-chain', chainPath, `"${entry.path}" is chained as generation ${entry.sequence}`);
    }
    // The C4 is checked before parsing: a changed manifest is reported as tampered, not merely as malformed.
    const bytes = await readCapped(manifestPath, limits.maxManifestBytes ?? MAX_MANIFEST_BYTES);
    const c4 = hashBytes('c4', bytes);
    if (c4 !== entry.c4) {
      throw new MhlError(
        'manifest-tampered',
        manifestPath,
        `C4 of the file is ${c4}, the chain recorded ${entry.c4}: the manifest was changed after it was written`,
      );
    }
    const manifest = parseManifest(bytes, manifestPath);
    const generation: MhlGeneration = { ...manifest, sequence: entry.sequence, fileName: entry.path, manifestPath, c4 };
    history.generations.push(generation);
  }

  for (const g of history.generations) {
    for (const ref of g.references) {
      history.references.push({ ...ref, sequence: g.sequence, status: await checkReference(absRoot, ref.path, ref.c4, limits) });
    }
  }
  return history;
}

/** The ignore patterns a history currently applies (its latest generation's, or the reference tool's defaults). */
export function currentIgnorePatterns(history: MhlHistory): string[] {
  const latest = history.generations.at(-1)?.ignorePatterns;
  return latest && latest.length > 0 ? [...latest] : [...DEFAULT_IGNORE_PATTERNS];
}

export interface HistoryRoot {
  /** Absolute path of a folder that has an ascmhl/ folder. */
  root: string;
  /** The nearest enclosing history root, when this one is nested (scenario: rolls inside a Reels folder). */
  parent?: string;
}

/**
 * Every MHL root at or below `dir`, parents before children. Symbolic links are not followed (a link loop on a
 * drive must not hang a verify) and ascmhl/ folders are not searched.
 */
export async function findHistories(dir: string): Promise<HistoryRoot[]> {
  const start = resolve(dir);
  try {
    const st = await stat(start);
    if (!st.isDirectory()) throw new MhlError('io', start, 'not a folder');
  } catch (e) {
    if (e instanceof MhlError) throw e;
    throw new MhlError('io', start, `cannot open (${errnoCode(e) ?? String(e)})`, { cause: e });
  }
  const found: HistoryRoot[] = [];
  const walk = async (folder: string, parent: string | undefined): Promise<void> => {
    let handle;
    try {
      handle = await opendir(folder);
    } catch (e) {
      throw new MhlError('io', folder, `cannot list (${errnoCode(e) ?? String(e)})`, { cause: e });
    }
    const subfolders: string[] = [];
    let isRoot = false;
    for await (const ent of handle) {
      if (!ent.isDirectory()) continue;
      if (ent.name === ASCMHL_FOLDER) isRoot = true;
      else subfolders.push(ent.name);
    }
    let nextParent = parent;
    if (isRoot) {
      found.push(parent !== undefined ? { root: folder, parent } : { root: folder });
      nextParent = folder;
    }
    subfolders.sort();
    for (const name of subfolders) await walk(join(folder, name), nextParent);
  };
  await walk(start, undefined);
  return found;
}
