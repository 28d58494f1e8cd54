/**
 * `verify` as a job: re-verify a drive or folder against its ASC MHL histories (ours or another tool's), finish any
 * generation of ours a crash left unchained, and bring the catalog in line with what the disk holds now — so that
 * "last verified" and the per-roll copy counts are true. Copies the catalog knows in a verified roll folder but the
 * disk no longer holds are marked failed even when the MHL history never listed them.
 */
import { stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { relative, sep } from 'node:path';
import type { HashAlgorithm } from '../../shared/hashes';
import type { Catalog } from '../catalog';
import { Job } from '../jobs';
import { completeInterruptedGeneration, findHistories } from '../mhl';
import { currentSignature } from '../offload/signature';
import type { VerifyFolderReport, VerifyProgress } from './types';
import { verifyFolder } from './verify-folder';

export interface VerifyRequest {
  dir: string;
  algorithms?: HashAlgorithm[];
}

export interface CatalogSync {
  root: string;
  project: string;
  roll: string;
  copiesVerified: number;
  copiesFailed: number;
}

export interface VerifyDriveResult extends VerifyFolderReport {
  jobId: string;
  /** Roll folders the catalog knows, and what this verify recorded for them. */
  catalog: CatalogSync[];
  /** Manifests of ours that a crash had left out of the chain and this run chained. */
  recovered: string[];
}

export type VerifyJob = Job<VerifyProgress, VerifyDriveResult>;

export function startVerify(deps: { catalog: Catalog; tool: { name: string; version: string } }, req: VerifyRequest): VerifyJob {
  return new Job<VerifyProgress, VerifyDriveResult>('verify', async (ctx) => {
    const { catalog } = deps;
    catalog.startJob({ id: ctx.id, kind: 'verify', rollId: null, source: null, destinations: [req.dir], hashes: req.algorithms ?? [] });
    const recovered: string[] = [];
    for (const h of await findHistories(req.dir)) {
      const done = await completeInterruptedGeneration(h.root, deps.tool.name).catch(() => undefined);
      if (done) recovered.push(done);
    }
    const report = await verifyFolder(req.dir, {
      creator: { tool: deps.tool.name, toolVersion: deps.tool.version, hostname: hostname() },
      algorithms: req.algorithms,
      signal: ctx.signal,
      onProgress: (p) => ctx.progress(p),
    });
    const synced: CatalogSync[] = [];
    for (const root of report.roots) {
      for (const place of catalog.rollsAtPath(root.root)) {
        const sync: CatalogSync = { root: root.root, project: place.project, roll: place.roll, copiesVerified: 0, copiesFailed: 0 };
        const seen = new Set<string>();
        const signatures = new Map<string, string | undefined>();
        for (const f of root.files) {
          if (f.status === 'verified' || f.status === 'renamed') signatures.set(f.path, await currentSignature(`${root.root}${sep}${f.path.split('/').join(sep)}`));
        }
        catalog.transaction(() => {
          for (const f of root.files) {
            seen.add(f.path);
            const file = catalog.fileByPath(place.rollId, f.path);
            if (!file) continue;
            const path = `${root.root}${sep}${f.path.split('/').join(sep)}`;
            if (f.status === 'verified' || f.status === 'renamed') {
              const matches = Object.entries(f.actual ?? {}).every(([alg, v]) => !file.hashes[alg as HashAlgorithm] || file.hashes[alg as HashAlgorithm] === v);
              if (matches) {
                catalog.recordCopy({ fileId: file.id, destinationId: place.destinationId, path, status: 'verified', method: f.readBack, signature: signatures.get(f.path), jobId: ctx.id });
                sync.copiesVerified++;
                continue;
              }
            }
            if (f.status !== 'new') {
              catalog.recordCopy({ fileId: file.id, destinationId: place.destinationId, path, status: 'failed', reason: `${f.status}: ${f.reason}`, jobId: ctx.id });
              sync.copiesFailed++;
            }
          }
        });
        for (const copy of catalog.verifiedCopies(place.rollId, place.destinationId)) {
          const rel = relative(root.root, copy.path).split(sep).join('/');
          if (seen.has(rel)) continue;
          const present = await stat(copy.path).catch(() => undefined);
          if (!present || present.size !== copy.size) {
            const file = catalog.fileByPath(place.rollId, copy.relativePath)!;
            catalog.recordCopy({ fileId: file.id, destinationId: place.destinationId, path: copy.path, status: 'failed', reason: present ? `size is ${present.size}, was ${copy.size}` : 'missing from the drive', jobId: ctx.id });
            sync.copiesFailed++;
          }
        }
        synced.push(sync);
      }
    }
    const result: VerifyDriveResult = { ...report, jobId: ctx.id, catalog: synced, recovered };
    catalog.finishJob(ctx.id, ctx.signal.aborted ? 'cancelled' : report.ok ? 'done' : 'failed', {
      dir: req.dir,
      ok: report.ok,
      roots: report.roots.map((r) => ({ root: r.root, ok: r.ok, counts: r.counts, manifest: r.manifest?.path, error: r.error?.message })),
      catalog: synced,
    });
    return result;
  });
}
