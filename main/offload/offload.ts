/**
 * The offload: scan the card, plan each file per destination, copy once to N, verify each copy by reading it back
 * from its disk, record everything in the catalog, write an ASC MHL generation per destination, and answer
 * "is this card safe to format?". Re-running the same offload resumes it: verified copies are skipped, partial
 * files from a crash are swept, and a copy that exists but was never verified is checked, never overwritten.
 */
import { realpath, stat } from 'node:fs/promises';
import { hostname as osHostname } from 'node:os';
import { dirname } from 'node:path';
import { DEFAULT_HASH, type HashAlgorithm, type HashSet } from '../../shared/hashes';
import type { CopyOutcome, DestinationSummary, FileOutcome, OffloadProgress, OffloadSummary, ReadBackMethod } from '../../shared/offload';
import type { Catalog } from '../catalog';
import { allocateAligned, ensureHashersReady, hashFile, READ_BACK_BLOCK, type AlignedBuffer } from '../hash';
import { makeFoldersBelow } from '../durable/folders';
import { nameTaken } from '../durable/publish';
import { isProcessAlive, Job, type JobContext } from '../jobs';
import { faultPoint } from '../fault-points';
import { indexRoll, MetadataQueue } from '../library';
import { copyOnce, CopyRing, type SourceFile } from './copy-once';
import { withdrawBadCopy } from './destination-file';
import { destinationGone, isInside, openDestinationRoot, type DestinationRoot } from './destinations';
import { describeError } from './errors';
import { writeRollManifest } from './manifest';
import { sweepPartials } from './partial';
import { currentSignature, signatureOf } from './signature';
import { findCollisions, safeJoin, splitCardPath, UnsafePathError } from './relpath';
import { scanCard, type ScannedFile } from './scan';
import { DEFAULT_TEMPLATE, renderRollPath } from './template';
import { decideVerdict } from './verdict';

export interface OffloadRequest {
  source: string;
  destinations: string[];
  hashes?: HashAlgorithm[];
  project?: string;
  roll?: string;
  template?: string;
  recorder?: string;
  /** YYYY-MM-DD for the {date} token; today (local) by default. */
  date?: string;
  /** A card already offloaded to this roll goes to a fresh roll name instead of being skipped. */
  newRoll?: boolean;
}

/** Work that follows the copy without slowing it: the take analyses (waveform peaks + QC). */
export interface OffloadFollowers {
  /** A verified file of the roll has had its header read. */
  fileRead(rollId: number): void;
  /** The roll's takes are filed for good. */
  rollIndexed(rollId: number): void;
}

export interface OffloadDeps {
  catalog: Catalog;
  tool: { name: string; version: string };
  hostname?: string;
  followers?: OffloadFollowers;
}

export type OffloadJob = Job<OffloadProgress, OffloadSummary>;

export function startOffload(deps: OffloadDeps, request: OffloadRequest): OffloadJob {
  return new Job<OffloadProgress, OffloadSummary>('offload', (ctx) => runOffload(deps, request, ctx));
}

type Plan = 'write' | 'check-existing' | 'skip';

interface VerifyTarget {
  d: Destination;
  finalPath: string;
  plan: Plan;
  /** For a copy written by this job: its inode, so a bad one can be withdrawn (withdrawBadCopy). */
  identity?: { dev: number; ino: number };
}

interface Destination {
  index: number;
  root: DestinationRoot;
  id: number;
  rollPath: string;
  rollDev: number; // device of the roll folder: a copy elsewhere (drive swapped under us) is never verified
  failed?: string; // destination-wide failure: no further files attempted
  setupFailed: boolean;
  bytesWritten: number;
  bytesVerified: number;
  filesVerified: number;
  filesFailed: number;
  touched: boolean; // something was written or checked in this job
  buffers: [AlignedBuffer, AlignedBuffer];
}

const localDate = (d: Date): string =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

async function runOffload(deps: OffloadDeps, req: OffloadRequest, ctx: JobContext<OffloadProgress>): Promise<OffloadSummary> {
  const { catalog } = deps;
  const startedAt = new Date();
  const algorithms = req.hashes && req.hashes.length > 0 ? req.hashes : [DEFAULT_HASH];
  const project = req.project?.trim() || 'Untitled';
  await ensureHashersReady();

  const progress: OffloadProgress = {
    jobId: ctx.id,
    phase: 'scanning',
    filesTotal: 0,
    filesDone: 0,
    bytesTotal: 0,
    bytesDone: 0,
    bytesPerSecond: 0,
    destinations: req.destinations.map((root) => ({ root, bytesWritten: 0, bytesVerified: 0, filesVerified: 0, failed: false })),
  };
  ctx.progress({ ...progress });

  const sourceReal = await realpath(req.source).catch((err: unknown) => {
    throw new Error(describeError(err, `card ${req.source} is not available`));
  });
  const scan = await scanCard(sourceReal, { signal: ctx.signal });
  faultPoint('scan.done', sourceReal);
  const card = scan.volumeName;

  // Same card seen before: keep its roll unless the DIT named one or asked for a new roll.
  const baseRoll = req.roll?.trim() || card;
  const roll = catalog.transaction(() => {
    const name = req.newRoll ? catalog.freeRollName(project, baseRoll) : baseRoll;
    return catalog.ensureRoll(project, name);
  });
  catalog.markInterruptedJobs(isProcessAlive);
  const cardId = catalog.ensureCard(roll.id, {
    fingerprint: scan.fingerprint,
    volumeName: card,
    sourcePath: sourceReal,
    recorder: req.recorder ?? null,
    fileCount: scan.files.length,
    totalBytes: scan.totalBytes,
  });
  catalog.startJob({ id: ctx.id, kind: 'offload', rollId: roll.id, source: sourceReal, destinations: req.destinations, hashes: algorithms });

  const tokens = { project, date: req.date ?? localDate(startedAt), roll: roll.name, card, recorder: req.recorder ?? 'recorder' };
  const destinations: Destination[] = [];
  const seen = new Set<string>();
  for (const [index, root] of req.destinations.entries()) {
    const d: Destination = {
      index,
      root: { root, real: root, dev: -1 },
      id: catalog.ensureDestination(root),
      rollPath: '',
      rollDev: -1,
      setupFailed: false,
      bytesWritten: 0,
      bytesVerified: 0,
      filesVerified: 0,
      filesFailed: 0,
      touched: false,
      buffers: [allocateAligned(READ_BACK_BLOCK), allocateAligned(READ_BACK_BLOCK)],
    };
    destinations.push(d);
    try {
      d.root = await openDestinationRoot(root, sourceReal);
      if (seen.has(d.root.real)) throw new Error(`destination ${root} is given twice`);
      seen.add(d.root.real);
      d.rollPath = catalog.rollLocation(roll.id, d.id) ?? safeJoin(d.root.real, renderRollPath(req.template ?? DEFAULT_TEMPLATE, tokens));
      if (isInside(sourceReal, d.rollPath) || isInside(d.rollPath, sourceReal)) {
        throw new Error(`destination roll folder ${d.rollPath} overlaps the card ${sourceReal}`);
      }
      await makeFoldersBelow(d.root.real, d.rollPath).catch((err: unknown) => {
        throw new Error(describeError(err, `cannot create the roll folder ${d.rollPath}`));
      });
      d.rollDev = (await stat(d.rollPath)).dev;
      catalog.setRollLocation(roll.id, d.id, d.rollPath);
      await sweepPartials(d.rollPath);
    } catch (err) {
      d.failed = err instanceof Error ? err.message : String(err);
      d.setupFailed = true;
      catalog.recordError(ctx.id, d.failed, undefined, root);
    }
  }

  // Takes are read from verified copies behind the copy, never from the card and never in its way.
  const metadata = new MetadataQueue(catalog, () => deps.followers?.fileRead(roll.id));
  const outcomes: FileOutcome[] = [];
  const collisions = new Map<string, string>();
  for (const c of findCollisions(scan.files.map((f) => f.relativePath))) {
    // Two folders that differ only by case merge harmlessly on a case-insensitive drive; two files do not.
    if (c.kind === 'folder-merge') continue;
    for (const p of c.paths) collisions.set(p, c.paths.filter((q) => q !== p).join(', '));
  }

  // Plan every file first so progress knows the real amount of work (skipped files cost nothing).
  const work: { file: ScannedFile; outcome: FileOutcome; plans: Map<number, { plan: Plan; finalPath: string }> }[] = [];
  for (const file of scan.files) {
    const outcome: FileOutcome = { relativePath: file.relativePath, size: file.size, hashes: {}, copies: [] };
    outcomes.push(outcome);
    const twin = collisions.get(file.relativePath);
    if (twin) {
      outcome.error = `name collides with ${twin} once case or Unicode form is ignored (exFAT, NTFS and APFS would merge them); not copied`;
      catalog.recordError(ctx.id, outcome.error, file.relativePath);
      continue;
    }
    let components: string[];
    try {
      components = splitCardPath(file.relativePath);
    } catch (err) {
      outcome.error = err instanceof Error ? err.message : String(err);
      catalog.recordError(ctx.id, outcome.error, file.relativePath);
      continue;
    }
    const known = catalog.fileByPath(roll.id, file.relativePath);
    const plans = new Map<number, { plan: Plan; finalPath: string }>();
    for (const d of destinations) {
      if (d.failed) {
        outcome.copies.push({ destination: d.root.root, path: '', status: 'failed', reason: d.failed });
        d.filesFailed++;
        continue;
      }
      // One file that cannot be placed on this drive (a path past PATH_MAX, a name too long) fails alone, with its
      // reason; it must not reject the whole job before anything is copied.
      try {
        const finalPath = safeJoin(d.rollPath, components);
        plans.set(d.index, { plan: await planCopy(catalog, d, file, known, finalPath), finalPath });
      } catch (err) {
        const reason = err instanceof UnsafePathError ? `not copied: ${err.reason}` : describeError(err, `cannot place ${file.relativePath} in ${d.rollPath}`);
        outcome.copies.push({ destination: d.root.root, path: '', status: 'failed', reason });
        d.filesFailed++;
        catalog.recordError(ctx.id, reason, file.relativePath, d.root.root);
      }
    }
    for (const d of destinations) {
      const p = plans.get(d.index);
      if (p?.plan === 'skip') outcome.copies.push({ destination: d.root.root, path: p.finalPath, status: 'skipped-verified' });
    }
    if ([...plans.values()].some((p) => p.plan !== 'skip')) work.push({ file, outcome, plans });
    if (known) {
      outcome.hashes = known.hashes;
      const skipped = [...plans.values()].find((p) => p.plan === 'skip');
      if (skipped && !catalog.takes.hasWavRead(known.id)) metadata.enqueue(known.id, skipped.finalPath, file.relativePath);
    }
  }

  progress.phase = 'copying';
  progress.filesTotal = scan.files.length;
  progress.filesDone = scan.files.length - work.length;
  progress.bytesTotal = work.reduce((n, w) => n + w.file.size, 0);
  const rate = new RateMeter();
  const emit = throttle(() => {
    const verified = destinations.length > 0 ? destinations.reduce((n, d) => n + d.bytesVerified, 0) / destinations.length : 0;
    const done = progress.bytesDone + verified;
    const total = progress.bytesTotal * 2;
    progress.bytesPerSecond = rate.perSecond(done);
    progress.etaSeconds = progress.bytesPerSecond > 0 ? Math.max(0, (total - done) / progress.bytesPerSecond) : undefined;
    for (const d of destinations) {
      progress.destinations[d.index] = {
        root: d.root.root,
        bytesWritten: d.bytesWritten,
        bytesVerified: d.bytesVerified,
        filesVerified: d.filesVerified,
        failed: Boolean(d.failed),
      };
    }
    ctx.progress(structuredClone(progress));
  }, 200);

  const ring = new CopyRing();
  let bytesRead = 0;
  let pendingVerify: Promise<void> = Promise.resolve();
  let cancelled = false;

  for (const item of work) {
    await ctx.waitWhilePaused();
    if (ctx.signal.aborted) {
      cancelled = true;
      break;
    }
    const { file, outcome, plans } = item;
    progress.currentFile = file.relativePath;
    const active: { d: Destination; plan: Plan; finalPath: string }[] = [];
    for (const d of destinations) {
      const p = plans.get(d.index);
      if (!p || p.plan === 'skip') continue;
      const gone = d.failed ?? (await destinationGone(d.root));
      if (gone) {
        if (!d.failed) {
          d.failed = gone;
          catalog.recordError(ctx.id, gone, undefined, d.root.root);
        }
        outcome.copies.push({ destination: d.root.root, path: p.finalPath, status: 'failed', reason: d.failed });
        d.filesFailed++;
        continue;
      }
      active.push({ d, ...p });
    }
    const writers = active.filter((a) => a.plan === 'write');
    for (const w of writers) {
      try {
        await makeFoldersBelow(w.d.rollPath, dirname(w.finalPath));
      } catch (err) {
        const reason = describeError(err, `cannot create the folder for ${w.finalPath}`);
        outcome.copies.push({ destination: w.d.root.root, path: w.finalPath, status: 'failed', reason });
        w.d.filesFailed++;
        catalog.recordError(ctx.id, reason, file.relativePath, w.d.root.root);
        active.splice(active.indexOf(w), 1);
      }
    }
    const writing = active.filter((a) => a.plan === 'write');
    const before = writing.map((w) => w.d.bytesWritten);
    const source: SourceFile = { absolutePath: file.absolutePath, relativePath: file.relativePath, size: file.size, mtimeMs: file.mtimeMs, dev: file.dev, ino: file.ino };
    const copied = await copyOnce(source, writing.map((w) => w.finalPath), algorithms, {
      signal: ctx.signal,
      ring,
      onProgress: (read, written) => {
        progress.bytesDone = bytesRead + read;
        written.forEach((n, k) => (writing[k]!.d.bytesWritten = before[k]! + n));
        emit();
      },
    });
    bytesRead += copied.bytesRead;
    progress.bytesDone = bytesRead;
    copied.targets.forEach((t, k) => (writing[k]!.d.bytesWritten = before[k]! + t.bytesWritten));
    if (ctx.signal.aborted) {
      cancelled = true;
      break;
    }
    if (copied.sourceError) {
      outcome.error = copied.sourceError;
      catalog.recordError(ctx.id, copied.sourceError, file.relativePath);
      for (const a of active) {
        outcome.copies.push({ destination: a.d.root.root, path: a.finalPath, status: 'failed', reason: `not copied: ${copied.sourceError}` });
        a.d.filesFailed++;
      }
      progress.filesDone++;
      continue;
    }
    outcome.hashes = { ...outcome.hashes, ...copied.hashes };
    const toVerify: VerifyTarget[] = [];
    for (const a of active) {
      a.d.touched = true;
      const target = copied.targets.find((t) => t.finalPath === a.finalPath);
      if (a.plan === 'write' && target && !target.published) {
        const reason = target.error ?? 'not published';
        outcome.copies.push({ destination: a.d.root.root, path: a.finalPath, status: 'failed', reason });
        a.d.filesFailed++;
        catalog.recordError(ctx.id, reason, file.relativePath, a.d.root.root);
      } else {
        toVerify.push({ d: a.d, finalPath: a.finalPath, plan: a.plan, identity: target?.identity });
      }
    }
    // Read-back of this file overlaps the copy of the next one; at most one file is being verified at a time.
    await pendingVerify;
    pendingVerify = verifyCopies(deps, ctx, roll.id, cardId, file, outcome, copied.hashes, algorithms, toVerify, emit).then((verified) => {
      if (verified && !catalog.takes.hasWavRead(verified.fileId)) metadata.enqueue(verified.fileId, verified.path, file.relativePath);
      progress.filesDone++;
      emit();
    });
  }
  await pendingVerify;
  if (ctx.signal.aborted) cancelled = true;

  // The roll's takes, from every verified file's bext/iXML (this job's and earlier ones').
  progress.phase = 'indexing';
  progress.currentFile = undefined;
  emit.now();
  await metadata.drain();
  let takesIndexed = 0;
  let metadataProblems: { relativePath: string; message: string }[] = [];
  try {
    const indexed = indexRoll(catalog, roll.id);
    takesIndexed = indexed.takes;
    metadataProblems = indexed.unreadable;
    faultPoint('index.done');
    deps.followers?.rollIndexed(roll.id);
  } catch (err) {
    const reason = describeError(err, `could not file the takes of roll ${roll.name}`);
    metadataProblems = [{ relativePath: '', message: reason }];
    catalog.recordError(ctx.id, reason);
  }

  // Manifests: one new generation per destination that gained or re-checked something.
  progress.phase = 'manifest';
  progress.currentFile = undefined;
  emit.now();
  const destinationSummaries: DestinationSummary[] = [];
  const now = new Date();
  for (const d of destinations) {
    const summary: DestinationSummary = {
      root: d.root.root,
      rollPath: d.rollPath,
      filesVerified: outcomes.filter((o) => o.copies.some((c) => c.destination === d.root.root && c.status !== 'failed')).length,
      filesFailed: d.filesFailed,
      bytesWritten: d.bytesWritten,
      error: d.failed,
    };
    destinationSummaries.push(summary);
    if (d.setupFailed || (d.failed && !d.touched)) continue;
    try {
      const written = await writeRollManifest({
        rollPath: d.rollPath,
        copies: catalog.verifiedCopies(roll.id, d.id),
        algorithms,
        onlyIfChanged: !d.touched,
        creator: { tool: deps.tool.name, toolVersion: deps.tool.version, hostname: deps.hostname ?? osHostname() },
        startedAt,
        finishedAt: now,
      });
      if (written) {
        if (written.written) summary.manifest = written.path;
        // INSERT OR IGNORE: recording the latest generation again on a re-run is harmless.
        catalog.recordManifest({ destinationId: d.id, rollId: roll.id, path: written.path, generation: written.generation, jobId: ctx.id });
      }
    } catch (err) {
      const reason = describeError(err, `could not write the ASC MHL manifest in ${d.rollPath}`);
      summary.error = summary.error ? `${summary.error}; ${reason}` : reason;
      catalog.recordError(ctx.id, reason, undefined, d.root.root);
    }
  }

  const notCopied = scan.skipped.filter((s) => s.kind !== 'litter').map((s) => ({ relativePath: s.relativePath, kind: s.kind, detail: s.detail }));
  for (const item of notCopied) catalog.recordError(ctx.id, `not copied (${item.kind}): ${item.detail}`, item.relativePath);
  const failedDestinations = destinations.filter((d) => d.setupFailed);
  const verdict = decideVerdict({
    card,
    files: outcomes,
    destinations: destinations.map((d) => d.root.root),
    notCopied,
    cancelled,
    fatal: failedDestinations.length === destinations.length && destinations.length > 0 ? failedDestinations.map((d) => d.failed).join('; ') : destinations.length === 0 ? 'no destination given' : undefined,
  });
  // Manifest failures do not undo verified copies, but the DIT must see them: they make the card not "done".
  const manifestProblem = destinationSummaries.find((s) => s.error && !destinations.find((d) => d.root.root === s.root)?.failed);
  const safeToFormat = verdict.safeToFormat && !manifestProblem;
  const summary: OffloadSummary = {
    jobId: ctx.id,
    roll: roll.name,
    project,
    source: sourceReal,
    cardFingerprint: scan.fingerprint,
    hashAlgorithms: algorithms,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    bytesRead,
    files: outcomes,
    skippedLitter: scan.skipped.filter((s) => s.kind === 'litter').map((s) => s.relativePath),
    notCopied,
    takesIndexed,
    metadataProblems,
    destinations: destinationSummaries,
    cancelled,
    safeToFormat,
    verdict: safeToFormat || !manifestProblem ? verdict.verdict : `Card ${card} is NOT safe to format: ${manifestProblem.error}.`,
  };
  faultPoint('job.finishing');
  catalog.finishJob(ctx.id, cancelled ? 'cancelled' : safeToFormat ? 'done' : 'failed', summary);
  progress.phase = 'done';
  emit.now();
  return summary;
}

/**
 * Skip only what the catalog says was verified on this destination for this very file (same size and mtime as on
 * the card) and is still there at its size. A file present but unknown to the catalog — a crash between publishing
 * and recording, or someone else's file — is checked against the card, never overwritten.
 */
async function planCopy(
  catalog: Catalog,
  d: Destination,
  file: ScannedFile,
  known: { id: number; size: number; mtimeMs: number } | undefined,
  finalPath: string,
): Promise<Plan> {
  if (known && known.size === file.size && known.mtimeMs === Math.round(file.mtimeMs)) {
    const copy = catalog.copy(known.id, d.id);
    if (copy?.status === 'verified' && copy.signature && copy.signature === (await currentSignature(finalPath))) return 'skip';
  }
  return (await nameTaken(finalPath)) ? 'check-existing' : 'write';
}

async function verifyCopies(
  deps: OffloadDeps,
  ctx: JobContext<OffloadProgress>,
  rollId: number,
  cardId: number,
  file: ScannedFile,
  outcome: FileOutcome,
  sourceHashes: HashSet,
  algorithms: readonly HashAlgorithm[],
  targets: VerifyTarget[],
  emit: () => void,
): Promise<{ fileId: number; path: string } | undefined> {
  const { catalog } = deps;
  const results = await Promise.all(
    targets.map(async ({ d, finalPath, plan, identity }): Promise<CopyOutcome & { signature?: string }> => {
      const base = d.bytesVerified;
      try {
        const back = await hashFile(finalPath, algorithms, {
          direct: true,
          buffers: d.buffers,
          onProgress: (n) => {
            d.bytesVerified = base + n;
            emit();
          },
        });
        d.bytesVerified = base + back.bytes;
        const st = await stat(finalPath);
        if (st.dev !== d.rollDev) {
          return { destination: d.root.root, path: finalPath, status: 'failed', reason: `the copy at ${finalPath} is no longer on the drive the job started with (drive removed or swapped?)` };
        }
        const mismatch = compareHashes(sourceHashes, back.hashes, algorithms, back.bytes, file.size);
        // A copy we did not write in this job and that differs from the card is someone else's file (or another
        // card's take under the same name): it stays as it is.
        let reason =
          mismatch && plan === 'check-existing'
            ? `a different file already exists at ${finalPath} (${mismatch}); it was not overwritten — if this is another card, offload it as a new roll (--new-roll)`
            : mismatch;
        if (mismatch && plan === 'write' && (await withdrawBadCopy(finalPath, identity))) {
          reason = `the copy read back from ${finalPath} is not the card's file (${mismatch}): the drive returned other bytes than were written; the bad copy was removed and will be written again on the next run`;
        }
        return reason
          ? { destination: d.root.root, path: finalPath, status: 'failed', method: back.method, reason }
          : { destination: d.root.root, path: finalPath, status: 'verified', method: back.method, signature: signatureOf(st) };
      } catch (err) {
        return { destination: d.root.root, path: finalPath, status: 'failed', reason: describeError(err, `read-back of ${finalPath} failed`) };
      }
    }),
  );
  faultPoint('verify.compared', file.relativePath);
  // The catalog is written after the read-back, in one transaction per file: verified means read back and matched.
  const verified = catalog.transaction(() => {
    const known = catalog.fileByPath(rollId, file.relativePath);
    const conflict = known && algorithms.some((a) => known.hashes[a] && sourceHashes[a] && known.hashes[a] !== sourceHashes[a]);
    const record = conflict ? undefined : catalog.recordFile(rollId, cardId, { relativePath: file.relativePath, size: file.size, mtimeMs: file.mtimeMs, hashes: sourceHashes });
    faultPoint('catalog.inside', file.relativePath);
    for (const r of results) {
      const d = targets.find((t) => t.d.root.root === r.destination)!.d;
      if (conflict && r.status === 'verified') {
        r.status = 'failed';
        r.reason = `the catalog already holds a different ${file.relativePath} for this roll; offload this card as a new roll (--new-roll)`;
      }
      if (r.status === 'failed') {
        catalog.recordError(ctx.id, r.reason ?? 'failed', file.relativePath, r.destination);
        d.filesFailed++;
      } else {
        d.filesVerified++;
      }
      if (record) {
        catalog.recordCopy({ fileId: record.id, destinationId: d.id, path: r.path, status: r.status === 'verified' ? 'verified' : 'failed', method: r.method, reason: r.reason, signature: r.signature, jobId: ctx.id });
      }
      delete r.signature;
      outcome.copies.push(r);
    }
    const good = results.find((r) => r.status === 'verified');
    return record && good ? { fileId: record.id, path: good.path } : undefined;
  });
  faultPoint('catalog.committed', file.relativePath);
  return verified;
}

function compareHashes(source: HashSet, copy: HashSet, algorithms: readonly HashAlgorithm[], bytes: number, size: number): string | undefined {
  if (bytes !== size) return `content differs: the copy holds ${bytes} bytes, the card's file ${size}`;
  for (const a of algorithms) {
    if (!source[a] || source[a] !== copy[a]) return `content differs: ${a} of the copy is ${copy[a]}, of the card ${source[a]}`;
  }
  return undefined;
}

class RateMeter {
  private samples: { t: number; v: number }[] = [];
  perSecond(value: number): number {
    const t = Date.now();
    this.samples.push({ t, v: value });
    while (this.samples.length > 2 && t - this.samples[0]!.t > 5000) this.samples.shift();
    const first = this.samples[0]!;
    const dt = (t - first.t) / 1000;
    return dt > 0.2 ? (value - first.v) / dt : 0;
  }
}

function throttle(fn: () => void, ms: number): (() => void) & { now: () => void } {
  let last = 0;
  const wrapped = (() => {
    const t = Date.now();
    if (t - last >= ms) {
      last = t;
      fn();
    }
  }) as (() => void) & { now: () => void };
  wrapped.now = () => {
    last = Date.now();
    fn();
  };
  return wrapped;
}

export type { ReadBackMethod };
