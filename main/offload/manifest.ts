/**
 * The ASC MHL side of an offload: after the copies of a roll are verified on a destination, append one generation to
 * the roll folder's history listing every verified file there. A file the history has never seen is `original`
 * (its hash was made from the card and matched on read-back); one it already holds is `verified`. A job that
 * changed nothing on a destination (a duplicate card, a resumed job with everything already recorded) adds no
 * generation, so a resumed offload leaves the same history as one that never stopped; it answers with the history's
 * latest generation instead, when we wrote it, so that a generation published by a job killed before it could tell the
 * catalog is recorded by the job that resumes it.
 */
import { relative, sep } from 'node:path';
import type { HashAlgorithm } from '../../shared/hashes';
import type { VerifiedCopy } from '../catalog';
import { completeInterruptedGeneration, readHistory, writeGeneration, type MhlCreator } from '../mhl';
import type { HashAction } from '../mhl/model';

export interface RollManifestInput {
  rollPath: string;
  copies: VerifiedCopy[];
  algorithms: readonly HashAlgorithm[];
  onlyIfChanged: boolean;
  creator: MhlCreator;
  startedAt: Date;
  finishedAt: Date;
}

export interface RollManifest {
  path: string;
  generation: number;
  /** False: nothing had changed, and this is the latest generation already in the history (written by us). */
  written: boolean;
}

export async function writeRollManifest(input: RollManifestInput): Promise<RollManifest | undefined> {
  if (input.copies.length === 0) return undefined;
  await completeInterruptedGeneration(input.rollPath, input.creator.tool);
  const history = await readHistory(input.rollPath);
  const recorded = new Map<string, Map<string, string>>();
  for (const generation of history.generations) {
    for (const entry of generation.files) {
      const values = recorded.get(entry.path) ?? new Map<string, string>();
      for (const h of entry.hashes) if (h.action !== 'failed') values.set(h.algorithm, h.value);
      recorded.set(entry.path, values);
    }
  }
  const files = input.copies.map((copy) => {
    const path = relative(input.rollPath, copy.path).split(sep).join('/');
    const known = recorded.get(path);
    const action: HashAction = known ? 'verified' : 'original';
    return { path, size: copy.size, lastModified: new Date(copy.mtimeMs), hashes: copy.hashes, action, hashDate: new Date(copy.verifiedAt), known };
  });
  const unchanged = files.every(
    (f) => f.known && Object.entries(f.hashes).every(([alg, value]) => !f.known!.has(alg) || f.known!.get(alg) === value) && input.algorithms.every((a) => f.known!.has(a)),
  );
  if (input.onlyIfChanged && unchanged) {
    const latest = history.generations.at(-1);
    return latest && latest.creator.tool.name === input.creator.tool ? { path: latest.manifestPath, generation: latest.sequence, written: false } : undefined;
  }
  const written = await writeGeneration({
    root: input.rollPath,
    process: 'transfer',
    creator: input.creator,
    startedAt: input.startedAt,
    files: files.map(({ known: _known, ...f }) => f),
  });
  return { path: written.manifestPath, generation: written.sequence, written: true };
}
