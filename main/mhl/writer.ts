/**
 * Appends one generation to the ASC MHL history of a root folder (a roll on a destination): the manifest
 * `ascmhl/NNNN_<root>_<date>_<time>Z.mhl`, then the chain file listing it with the C4 of its bytes.
 *
 * Order of work, and why:
 * 1. read and prove the existing history (a corrupt history is refused, not extended);
 * 2. publish the manifest without clobbering (temp + fsync + link, see durable-fs);
 * 3. look for a rival: another manifest with our generation number, or a chain that changed since step 1, means a
 *    second writer is at work. We withdraw our still-unchained manifest and fail with `generation-collision`;
 *    nothing anyone else wrote is touched;
 * 4. replace the chain atomically. A crash between 2 and 4 leaves an unchained manifest, which readHistory reports
 *    as `manifest-unlisted`: visible, never silently trusted.
 */
import { mkdir, readdir, stat, unlink } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { HashAlgorithm, HashSet } from '../../shared/hashes';
import { ensureHashersReady, hashBytes } from '../hash';
import { renderChain } from './chain';
import { computeDirectoryHashes, type HashedLeaf } from './directory-hash';
import { errnoCode, MhlError } from './errors';
import { normaliseHashText } from './hash-text';
import { readHistory } from './history';
import { mergeIgnorePatterns } from './ignore';
import { renderManifest, type RenderFile, type RenderFolder } from './manifest-xml';
import {
  ASCMHL_FOLDER,
  HASH_ACTIONS,
  MHL_ELEMENT_ORDER,
  MHL_PROCESSES,
  type DirectoryHashes,
  type HashAction,
  type MhlChainEntry,
  type MhlCreator,
  type MhlProcess,
  type MhlReference,
} from './model';
import { publishNewFile, replaceFileAtomically, type PublishMethod } from './durable-fs';
import { generationNumberOf, manifestFileName } from './naming';
import { readChainFile, type ReadLimits } from './reader';
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

export interface WrittenGeneration {
  root: string;
  sequence: number;
  fileName: string;
  manifestPath: string;
  /** C4 of the manifest bytes, as listed in the chain. */
  c4: string;
  chainPath: string;
  rootHash: DirectoryHashes;
  /** 'exclusive-rename' on file systems without hard links (exFAT). */
  publishMethod: PublishMethod;
}

export interface WriteOptions extends ReadLimits {
  /** Checked before anything is written; once publication starts the generation is completed. */
  signal?: AbortSignal;
  /** Forces the no-hard-link publication path (tests). */
  noLink?: boolean;
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

function validateInput(input: GenerationInput, rootAbs: string): void {
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

/** Chain entries compared by what matters: a changed chain between our read and our write means a rival writer. */
function sameChain(a: readonly MhlChainEntry[], b: readonly MhlChainEntry[]): boolean {
  return a.length === b.length && a.every((e, i) => e.path === b[i]?.path && e.c4 === b[i]?.c4 && e.sequence === b[i]?.sequence);
}

export async function writeGeneration(input: GenerationInput, opts: WriteOptions = {}): Promise<WrittenGeneration> {
  const root = resolve(input.root);
  validateInput(input, root);
  const rootName = basename(root);
  if (rootName === '') throw new MhlError('invalid-input', root, 'a file system root cannot be an MHL root');
  await ensureHashersReady();

  const history = await readHistory(root, opts);
  const chainBefore: MhlChainEntry[] = history.generations.map((g) => ({ sequence: g.sequence, path: g.fileName, c4: g.c4 }));
  const sequence = chainBefore.length + 1;
  const fileName = manifestFileName(sequence, rootName, input.startedAt);
  const manifestPath = join(history.ascmhlDir, fileName);

  const allAlgorithms = MHL_ELEMENT_ORDER.filter((a) => input.files.some((f) => f.hashes[a] !== undefined));
  const leaves: HashedLeaf[] = [
    ...input.files.map((f) => ({ path: f.path, hashes: f.hashes })),
    ...(input.unhashed ?? []).map((path) => ({ path, hashes: {} })),
    ...(input.childHistories ?? []).map((c) => ({ path: c.path, directory: c.hashes ?? { content: {}, structure: {} } })),
  ];
  const tree = computeDirectoryHashes(leaves, (input.directories ?? []).map((d) => d.path), allAlgorithms);

  const filesByPath = new Map(input.files.map((f) => [f.path, f]));
  const folderTimes = new Map<string, Date | undefined>();
  for (const d of input.directories ?? []) folderTimes.set(d.path, d.lastModified);
  for (const c of input.childHistories ?? []) folderTimes.set(c.path, c.lastModified);

  const entries: (RenderFile | RenderFolder)[] = [];
  for (const item of tree.order) {
    if (item.kind === 'file') {
      const f = filesByPath.get(item.path);
      if (!f) continue; // an unhashed file: it shapes the directory hashes (by their absence) but is not recorded
      const actions: Partial<Record<HashAlgorithm, HashAction>> = {};
      for (const a of MHL_ELEMENT_ORDER) if (f.hashes[a] !== undefined) actions[a] = f.actions?.[a] ?? f.action;
      const e: RenderFile = { kind: 'file', path: f.path, size: f.size, lastModified: f.lastModified, hashes: f.hashes, actions, hashDate: f.hashDate };
      if (f.previousPath !== undefined) e.previousPath = f.previousPath;
      entries.push(e);
    } else {
      const folder: RenderFolder = { kind: 'folder', path: item.path, hashes: tree.hashes.get(item.path)!, hashDate: input.startedAt };
      const mtime = folderTimes.get(item.path);
      if (mtime) folder.lastModified = mtime;
      entries.push(folder);
    }
  }
  const rootHash = tree.hashes.get('')!;
  const references = (input.childHistories ?? []).flatMap((c) => (c.reference ? [c.reference] : []));
  const latestPatterns = history.generations.at(-1)?.ignorePatterns;

  const xml = renderManifest(
    {
      creator: input.creator,
      creationDate: input.startedAt,
      process: input.process,
      rootHash,
      rootHashDate: input.startedAt,
      ignorePatterns: mergeIgnorePatterns(latestPatterns, input.ignorePatterns),
      entries,
      references,
    },
    manifestPath,
  );
  const bytes = Buffer.from(xml, 'utf8');
  const c4 = hashBytes('c4', bytes);
  // Rendered before anything is published, so an unencodable name fails with nothing written.
  const chainXml = renderChain([...chainBefore, { sequence, path: fileName, c4 }], history.chainPath);

  opts.signal?.throwIfAborted();
  try {
    await mkdir(history.ascmhlDir, { recursive: true });
  } catch (e) {
    throw new MhlError('io', history.ascmhlDir, `cannot create (${errnoCode(e) ?? String(e)})`, { cause: e });
  }

  let publishMethod: PublishMethod;
  try {
    publishMethod = await publishNewFile(manifestPath, bytes, { noLink: opts.noLink ?? false });
  } catch (e) {
    if (e instanceof MhlError) throw e;
    throw new MhlError('io', manifestPath, `cannot write the manifest (${errnoCode(e) ?? String(e)})`, { cause: e });
  }

  const withdraw = async (why: string): Promise<never> => {
    // Only our own manifest, which nothing references yet, is removed.
    await unlink(manifestPath).catch(() => undefined);
    throw new MhlError('generation-collision', manifestPath, why);
  };
  const rivals = (await readdir(history.ascmhlDir)).filter(
    (n) => n !== fileName && n.endsWith('.mhl') && !n.startsWith('.') && generationNumberOf(n) === sequence,
  );
  if (rivals.length > 0) {
    await withdraw(`another writer published generation ${sequence} at the same time (${rivals.join(', ')}); this one was withdrawn`);
  }
  let chainNow: MhlChainEntry[] = [];
  try {
    await stat(history.chainPath);
    chainNow = await readChainFile(history.chainPath, opts);
  } catch (e) {
    if (!(errnoCode(e) === 'ENOENT')) {
      if (e instanceof MhlError) await withdraw(`the chain file changed while writing: ${e.message}`);
      throw e;
    }
  }
  if (!sameChain(chainBefore, chainNow)) {
    await withdraw(`the chain file changed while generation ${sequence} was being written (another writer); this one was withdrawn`);
  }

  const chainPath = history.chainPath;
  try {
    await replaceFileAtomically(chainPath, Buffer.from(chainXml, 'utf8'));
  } catch (e) {
    throw new MhlError('io', chainPath, `cannot write the chain file (${errnoCode(e) ?? String(e)}); ${fileName} is written but unchained`, {
      cause: e,
    });
  }
  return { root, sequence, fileName, manifestPath, c4, chainPath, rootHash, publishMethod };
}
