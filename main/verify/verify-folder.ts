/**
 * verifyFolder: re-verify everything below a folder against its ASC MHL histories, the check a lab runs when a shuttle
 * drive arrives. For each history root: prove the history, list the disk, re-read every file from the disk (cache
 * bypassed where the file system allows), classify, and append an `in-place` generation recording what was found.
 *
 * Nested histories are verified first so their parent's generation can carry their root hashes as directory hashes
 * and reference their new manifests, as the reference tool does. A root whose history cannot be proven is reported
 * with its error and gets no generation; the other roots still run. An abort stops before the next file or before
 * writing, so no generation is ever half-written.
 */
import { relative, sep, join } from 'node:path';
import { DEFAULT_HASH, type HashAlgorithm } from '../../shared/hashes';
import type { ReadBackMethod } from '../../shared/offload';
import { allocateAligned, hashFile, READ_BACK_BLOCK, type AlignedBuffer, type FileHashResult } from '../hash';
import {
  createIgnoreMatcher,
  currentIgnorePatterns,
  expectedFiles,
  findHistories,
  historyAlgorithms,
  isMhlError,
  readHistory,
  writeGeneration,
  type ChildHistoryRecord,
  type DirectoryHashes,
  type GenerationFile,
  type HistoryRoot,
  type IgnoreMatcher,
  type MhlHistory,
} from '../mhl';
import { listRoot, type DiskFile, type RootListing } from './list-root';
import { classifyFresh, classifyKnown, type Classified } from './classify';
import { matchRenames } from './renames';
import {
  VERIFY_STATUSES,
  type VerifyFolderOptions,
  type VerifyFolderReport,
  type VerifyProgress,
  type VerifyRootReport,
  type VerifyStatus,
} from './types';

interface RootPlan {
  at: HistoryRoot;
  history?: MhlHistory;
  ignore?: IgnoreMatcher;
  listing?: RootListing;
  error?: VerifyRootReport['error'];
}

/** What a verified child history hands its parent. */
interface ChildOutcome {
  hashes?: DirectoryHashes;
  manifestPath?: string;
  c4?: string;
}

const unique = <T>(xs: readonly T[]): T[] => [...new Set(xs)];
const toPosix = (p: string): string => p.split(sep).join('/');

function emptyCounts(): Record<VerifyStatus, number> {
  return Object.fromEntries(VERIFY_STATUSES.map((s) => [s, 0])) as Record<VerifyStatus, number>;
}

function errorOf(e: unknown): VerifyRootReport['error'] {
  if (isMhlError(e)) return { code: e.code, message: e.message, file: e.file };
  throw e;
}

class Progress {
  state: VerifyProgress = { phase: 'scanning', filesTotal: 0, filesDone: 0, bytesTotal: 0, bytesDone: 0 };
  constructor(private readonly sink?: (p: VerifyProgress) => void) {}
  emit(patch: Partial<VerifyProgress>): void {
    this.state = { ...this.state, ...patch };
    this.sink?.({ ...this.state });
  }
}

export async function verifyFolder(dir: string, opts: VerifyFolderOptions): Promise<VerifyFolderReport> {
  const startedAt = new Date();
  const progress = new Progress(opts.onProgress);
  progress.emit({ phase: 'scanning' });
  const roots = await findHistories(dir);

  const plans: RootPlan[] = [];
  for (const at of roots) {
    opts.signal?.throwIfAborted();
    const plan: RootPlan = { at };
    try {
      plan.history = await readHistory(at.root);
      plan.ignore = createIgnoreMatcher(currentIgnorePatterns(plan.history));
      plan.listing = await listRoot(at.root, plan.ignore, opts.signal);
    } catch (e) {
      plan.error = errorOf(e);
    }
    plans.push(plan);
  }
  const listed = plans.flatMap((p) => p.listing?.files ?? []);
  progress.emit({ filesTotal: listed.length, bytesTotal: listed.reduce((n, f) => n + f.size, 0) });

  const buffers: [AlignedBuffer, AlignedBuffer] = [allocateAligned(READ_BACK_BLOCK), allocateAligned(READ_BACK_BLOCK)];
  const outcomes = new Map<string, ChildOutcome>();
  const reports = new Map<string, VerifyRootReport>();
  // findHistories lists parents before children: walking it backwards verifies every child before its parent.
  for (const plan of [...plans].reverse()) {
    reports.set(plan.at.root, await verifyRoot(plan, opts, progress, buffers, outcomes));
  }

  progress.emit({ phase: 'done', currentFile: undefined, root: undefined });
  const ordered = plans.map((p) => reports.get(p.at.root)!);
  return { dir, startedAt, finishedAt: new Date(), roots: ordered, ok: ordered.length > 0 && ordered.every((r) => r.ok) };
}

async function verifyRoot(
  plan: RootPlan,
  opts: VerifyFolderOptions,
  progress: Progress,
  buffers: [AlignedBuffer, AlignedBuffer],
  outcomes: Map<string, ChildOutcome>,
): Promise<VerifyRootReport> {
  const root = plan.at.root;
  const report: VerifyRootReport = {
    root,
    generationsBefore: plan.history?.generations.length ?? 0,
    counts: emptyCounts(),
    files: [],
    bytesHashed: 0,
    references: plan.history?.references ?? [],
    ok: false,
  };
  if (plan.at.parent !== undefined) report.parent = plan.at.parent;
  if (!plan.history || !plan.listing || !plan.ignore) {
    if (plan.error) report.error = plan.error;
    return report;
  }
  const { history, listing, ignore } = plan;
  const rootStartedAt = new Date();
  const expected = expectedFiles(history);
  const requested = opts.algorithms ?? [];
  const historyAlgs = historyAlgorithms(history);
  const newFileAlgs = unique([...historyAlgs, ...requested]);
  if (newFileAlgs.length === 0) newFileAlgs.push(DEFAULT_HASH);

  const generationFiles: GenerationFile[] = [];
  const unhashed: string[] = [];
  const fresh: { file: DiskFile; hashed: FileHashResult }[] = [];
  const methods = new Set<ReadBackMethod>();
  const take = (file: DiskFile, hashDate: Date, { result, recorded }: Classified): void => {
    report.files.push(result);
    const g: GenerationFile = {
      path: file.path,
      size: result.size ?? file.size,
      lastModified: file.lastModified,
      hashes: recorded.hashes,
      action: 'original',
      actions: recorded.actions,
      hashDate,
    };
    if (recorded.previousPath !== undefined) g.previousPath = recorded.previousPath;
    generationFiles.push(g);
  };

  progress.emit({ phase: 'hashing', root });
  for (const file of listing.files) {
    opts.signal?.throwIfAborted();
    const exp = expected.get(file.path);
    const trusted = exp ? (Object.keys(exp.hashes) as HashAlgorithm[]) : [];
    const algs = trusted.length > 0 ? unique([...trusted, ...requested]) : newFileAlgs;
    const base = progress.state.bytesDone;
    progress.emit({ currentFile: join(root, file.path) });
    let hashed: FileHashResult;
    try {
      hashed = await hashFile(join(root, ...file.path.split('/')), algs, {
        direct: true,
        buffers,
        ...(opts.signal ? { signal: opts.signal } : {}),
        onProgress: (n) => progress.emit({ bytesDone: base + n }),
      });
    } catch (e) {
      opts.signal?.throwIfAborted();
      unhashed.push(file.path);
      report.files.push({
        path: file.path,
        status: 'unreadable',
        reason: `could not be read: ${e instanceof Error ? e.message : String(e)}`,
        ...(exp?.size !== undefined ? { expectedSize: exp.size } : {}),
      });
      progress.emit({ filesDone: progress.state.filesDone + 1, bytesDone: base + file.size });
      continue;
    }
    methods.add(hashed.method);
    report.bytesHashed += hashed.bytes;
    progress.emit({ filesDone: progress.state.filesDone + 1, bytesDone: base + Math.max(hashed.bytes, file.size) });
    if (exp) take(file, new Date(), classifyKnown(file, exp, hashed));
    else fresh.push({ file, hashed });
  }

  // Files on disk are accounted for, links and special files included: only what is truly gone is missing.
  const onDisk = new Set([...listing.files, ...listing.skipped].map((f) => f.path));
  const underChild = (p: string): boolean => listing.childRoots.some((c) => p.startsWith(`${c.path}/`));
  const missing = [...expected.values()].filter((e) => !onDisk.has(e.path) && !ignore.ignores(e.path, false) && !underChild(e.path));
  const renames = matchRenames(
    fresh.map((f) => ({ path: f.file.path, hashes: f.hashed.hashes, size: f.file.size })),
    missing.map((m) => ({ path: m.path, hashes: m.hashes, ...(m.size !== undefined ? { size: m.size } : {}) })),
  );
  for (const f of fresh) {
    const old = renames.get(f.file.path);
    take(f.file, new Date(), classifyFresh(f.file, f.hashed, old !== undefined ? expected.get(old) : undefined));
  }
  const renamedFrom = new Set(renames.values());
  for (const m of missing) {
    if (renamedFrom.has(m.path)) continue;
    report.files.push({
      path: m.path,
      status: 'missing',
      reason: `recorded in generation ${m.lastSequence}, not on disk`,
      expected: m.hashes,
      ...(m.size !== undefined ? { expectedSize: m.size } : {}),
    });
  }
  for (const s of listing.skipped) {
    // Not hashed, not recorded: said here so the report accounts for every entry of the folder.
    if (expected.has(s.path)) {
      report.files.push({ path: s.path, status: 'unreadable', reason: `is now a ${s.kind}; links are not followed`, expected: expected.get(s.path)!.hashes });
      unhashed.push(s.path);
    }
  }

  report.files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const f of report.files) report.counts[f.status] += 1;
  if (methods.size > 0) report.readBack = methods.has('page-cache') ? 'page-cache' : 'direct-io';

  const childHistories: ChildHistoryRecord[] = listing.childRoots.map((c) => {
    const outcome = outcomes.get(join(root, ...c.path.split('/')));
    const child: ChildHistoryRecord = { path: c.path, lastModified: c.lastModified };
    if (outcome?.hashes) child.hashes = outcome.hashes;
    if (outcome?.manifestPath && outcome.c4) child.reference = { path: toPosix(relative(root, outcome.manifestPath)), c4: outcome.c4 };
    return child;
  });

  opts.signal?.throwIfAborted();
  progress.emit({ phase: 'writing', currentFile: undefined });
  try {
    const written = await writeGeneration(
      {
        root,
        process: 'in-place',
        creator: opts.creator,
        startedAt: rootStartedAt,
        files: generationFiles,
        directories: listing.folders,
        unhashed,
        childHistories,
      },
      opts.signal ? { signal: opts.signal } : {},
    );
    report.manifest = { path: written.manifestPath, sequence: written.sequence, c4: written.c4 };
    outcomes.set(root, { hashes: written.rootHash, manifestPath: written.manifestPath, c4: written.c4 });
  } catch (e) {
    opts.signal?.throwIfAborted();
    report.error = errorOf(e);
  }

  const c = report.counts;
  report.ok =
    !report.error &&
    c.changed + c.missing + c.unverifiable + c.unreadable === 0 &&
    report.references.every((r) => r.status === 'ok');
  return report;
}
