/**
 * Roll-forward of our own interrupted writes. A generation is published in two steps — the manifest, then the chain
 * that lists it — and a process killed between them leaves a complete, fsynced manifest the chain does not list.
 * The reader rightly refuses such a history. When that manifest is the next generation in sequence, parses, and
 * was written by us, the write it belongs to only lacks its last step: finishing it is what the writer would have
 * done. Anything else (someone else's manifest, a gap in the numbering, a broken file) is left for a human.
 */
import { readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { hashBytes } from '../hash';
import { isProcessAlive } from '../jobs/alive';
import { renderChain } from './chain';
import { replaceFileAtomically } from './durable-fs';
import { parseManifest } from './manifest-parse';
import { ASCMHL_FOLDER, CHAIN_FILE_NAME, type MhlChainEntry } from './model';
import { generationNumberOf, isManifestFileName } from './naming';
import { MAX_MANIFEST_BYTES, readCapped, readChainFile } from './reader';

/** Returns the manifest it chained, or undefined when there was nothing of ours to finish. */
export async function completeInterruptedGeneration(root: string, toolName: string): Promise<string | undefined> {
  const ascmhlDir = join(root, ASCMHL_FOLDER);
  let names: string[];
  try {
    names = await readdir(ascmhlDir);
  } catch {
    return undefined;
  }
  await sweepDeadWriterTemps(ascmhlDir, names);
  const chainPath = join(ascmhlDir, CHAIN_FILE_NAME);
  const chain: MhlChainEntry[] = names.includes(CHAIN_FILE_NAME) ? await readChainFile(chainPath) : [];
  const chained = new Set(chain.map((e) => e.path));
  const unlisted = names.filter((n) => isManifestFileName(n) && !chained.has(n));
  if (unlisted.length !== 1) return undefined;
  const name = unlisted[0]!;
  const next = chain.reduce((max, e) => Math.max(max, e.sequence), 0) + 1;
  if (generationNumberOf(name) !== next) return undefined;
  const path = join(ascmhlDir, name);
  const bytes = await readCapped(path, MAX_MANIFEST_BYTES);
  let tool: string;
  try {
    tool = parseManifest(bytes, path).creator.tool.name;
  } catch {
    return undefined;
  }
  if (tool !== toolName) return undefined;
  const entries = [...chain, { sequence: next, path: name, c4: hashBytes('c4', bytes) }];
  await replaceFileAtomically(chainPath, Buffer.from(renderChain(entries, chainPath), 'utf8'));
  return path;
}

/**
 * A writer killed before publishing leaves its temporary file (`.<name>.<pid>.<hex>.tmp`, see durable-fs.ts) in
 * ascmhl/. Remove those whose process is gone; a live writer's file is left alone.
 */
async function sweepDeadWriterTemps(ascmhlDir: string, names: string[]): Promise<void> {
  for (const name of names) {
    const m = /^\..+\.(\d+)\.[0-9a-f]{8}\.tmp$/.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || isProcessAlive(pid)) continue;
    await unlink(join(ascmhlDir, name)).catch(() => undefined);
  }
}
