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
import { mkdir, readdir, unlink } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { HashAlgorithm } from '../../shared/hashes';
import { faultPoint } from '../fault-points';
import { ensureHashersReady, hashBytes } from '../hash';
import { renderChain } from './chain';
import { computeDirectoryHashes, type HashedLeaf } from './directory-hash';
import { errnoCode, MhlError, type MhlErrorCode } from './errors';
import { readHistory } from './history';
import { mergeIgnorePatterns } from './ignore';
import { renderManifest, type RenderFile, type RenderFolder } from './manifest-xml';
import { validateInput, type GenerationInput } from './generation-input';
import { MHL_ELEMENT_ORDER, type DirectoryHashes, type HashAction, type MhlChainEntry } from './model';
import { publishNewFile, replaceFileAtomically, type PublishMethod } from './durable-fs';
import { generationNumberOf, manifestFileName } from './naming';
import { readChainFile, type ReadLimits } from './reader';

export interface WrittenGeneration {
  root: string;
  sequence: number;
  fileName: string;
  manifestPath: string;
  /** C4 of the manifest bytes, as listed in the chain. */
  c4: string;
  chainPath: string;
  rootHash: DirectoryHashes;
  /** 'checked-rename' on file systems without hard links (exFAT). */
  publishMethod: PublishMethod;
}

export interface WriteOptions extends ReadLimits {
  /** Checked before anything is written; once publication starts the generation is completed. */
  signal?: AbortSignal;
  /** Forces the no-hard-link publication path (tests). */
  noLink?: boolean;
}

/** Chain entries compared by what matters: a changed chain between our read and our write means a rival writer. */
function sameChain(a: readonly MhlChainEntry[], b: readonly MhlChainEntry[]): boolean {
  return a.length === b.length && a.every((e, i) => e.path === b[i]?.path && e.c4 === b[i]?.c4 && e.sequence === b[i]?.sequence);
}

async function readChainIfPresent(path: string, limits: ReadLimits): Promise<MhlChainEntry[]> {
  try {
    return await readChainFile(path, limits);
  } catch (e) {
    if (e instanceof MhlError && e.code === 'io' && errnoCode(e.cause) === 'ENOENT') return [];
    throw e;
  }
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
  // Only ascmhl/ itself is created, never the root: a root that vanished (drive unplugged, folder deleted) must not
  // be recreated on whatever disk now answers at that path.
  try {
    await mkdir(history.ascmhlDir);
  } catch (e) {
    const code = errnoCode(e);
    if (code !== 'EEXIST') {
      const why = code === 'ENOENT' ? 'the root folder does not exist (removed or unplugged?)' : `cannot create ascmhl/ (${code ?? String(e)})`;
      throw new MhlError('io', code === 'ENOENT' ? root : history.ascmhlDir, why, { cause: e });
    }
  }

  let publishMethod: PublishMethod;
  try {
    publishMethod = await publishNewFile(manifestPath, bytes, { noLink: opts.noLink ?? false });
  } catch (e) {
    if (e instanceof MhlError) throw e;
    throw new MhlError('io', manifestPath, `cannot write the manifest (${errnoCode(e) ?? String(e)})`, { cause: e });
  }
  faultPoint('mhl.published', manifestPath);

  const withdraw = async (why: string, code: MhlErrorCode = 'generation-collision', cause?: unknown): Promise<never> => {
    // Only our own manifest, which nothing references yet, is removed.
    await unlink(manifestPath).catch(() => undefined);
    throw new MhlError(code, manifestPath, why, { cause });
  };
  let rivals: string[];
  let chainNow: MhlChainEntry[];
  try {
    rivals = (await readdir(history.ascmhlDir)).filter(
      (n) => n !== fileName && n.endsWith('.mhl') && !n.startsWith('.') && generationNumberOf(n) === sequence,
    );
    chainNow = await readChainIfPresent(history.chainPath, opts);
  } catch (e) {
    const collision = e instanceof MhlError && e.code !== 'io';
    return withdraw(
      `could not re-check the history after publishing generation ${sequence}, so it was withdrawn: ${e instanceof Error ? e.message : String(e)}`,
      collision ? 'generation-collision' : 'io',
      e,
    );
  }
  if (rivals.length > 0) {
    await withdraw(`another writer published generation ${sequence} at the same time (${rivals.join(', ')}); this one was withdrawn`);
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
  faultPoint('mhl.chained', chainPath);
  return { root, sequence, fileName, manifestPath, c4, chainPath, rootHash, publishMethod };
}
