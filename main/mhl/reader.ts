/**
 * Reads one history file from disk with a size cap, so a hostile or runaway file cannot exhaust memory before the
 * parser even starts. The caps are far above real histories (a 10,000-file roll makes a manifest of ~3 MB).
 */
import { open } from 'node:fs/promises';
import { parseChain } from './chain';
import { errnoCode, MhlError } from './errors';
import { parseManifest } from './manifest-parse';
import type { MhlChainEntry, MhlManifest } from './model';

export const MAX_MANIFEST_BYTES = 128 * 1024 * 1024;
export const MAX_CHAIN_BYTES = 8 * 1024 * 1024;

export interface ReadLimits {
  maxManifestBytes?: number;
  maxChainBytes?: number;
}

/** The bytes of `path`, refusing files larger than `cap` (checked by reading, not by trusting stat). */
export async function readCapped(path: string, cap: number): Promise<Uint8Array> {
  let fh;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    throw new MhlError('io', path, `cannot open (${errnoCode(e) ?? String(e)})`, { cause: e });
  }
  try {
    const { size } = await fh.stat();
    if (size > cap) throw new MhlError('too-large', path, `${size} bytes is above the ${cap}-byte limit for this file`);
    const buf = Buffer.alloc(Math.min(size, cap) + 1);
    let total = 0;
    for (;;) {
      const { bytesRead } = await fh.read(buf, total, buf.length - total, total);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > cap) throw new MhlError('too-large', path, `grew above the ${cap}-byte limit while being read`);
      if (total === buf.length) break;
    }
    return buf.subarray(0, total);
  } catch (e) {
    if (e instanceof MhlError) throw e;
    throw new MhlError('io', path, `cannot read (${errnoCode(e) ?? String(e)})`, { cause: e });
  } finally {
    await fh.close();
  }
}

export async function readManifestFile(
  path: string,
  limits: ReadLimits = {},
): Promise<{ manifest: MhlManifest; bytes: Uint8Array }> {
  const bytes = await readCapped(path, limits.maxManifestBytes ?? MAX_MANIFEST_BYTES);
  return { manifest: parseManifest(bytes, path), bytes };
}

export async function readChainFile(path: string, limits: ReadLimits = {}): Promise<MhlChainEntry[]> {
  const bytes = await readCapped(path, limits.maxChainBytes ?? MAX_CHAIN_BYTES);
  return parseChain(bytes, path);
}
