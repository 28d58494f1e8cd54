/** Shared by the MHL and verify tests: build real trees on disk and the writer's input from them. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { HashAlgorithm } from '../../shared/hashes';
import { hashFile } from '../../main/hash';
import type { GenerationFile, GenerationInput, MhlCreator } from '../../main/mhl';
import { hasTool } from '../support/tools';

export const CREATOR: MhlCreator = { tool: 'soundroll', toolVersion: '0.1.0', hostname: 'cart-1.local' };

/** Writes files (relative path → content) under root, with a fixed mtime so manifests are reproducible. */
export function makeTree(root: string, files: Record<string, string | Uint8Array>, mtime = new Date('2024-05-01T10:00:00Z')): void {
  for (const [rel, content] of Object.entries(files)) {
    const abs = join(root, ...rel.split('/'));
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, content);
    utimesSync(abs, mtime, mtime);
  }
}

export async function generationFilesFor(
  root: string,
  paths: string[],
  algorithms: HashAlgorithm[] = ['xxh128'],
  action: GenerationFile['action'] = 'original',
): Promise<GenerationFile[]> {
  const out: GenerationFile[] = [];
  for (const path of paths) {
    const abs = join(root, ...path.split('/'));
    const st = statSync(abs);
    const { hashes } = await hashFile(abs, algorithms, { direct: false });
    out.push({ path, size: st.size, lastModified: st.mtime, hashes, action, hashDate: new Date('2024-05-01T12:00:00Z') });
  }
  return out;
}

export function input(root: string, files: GenerationFile[], startedAt = new Date('2024-05-01T12:00:00Z')): GenerationInput {
  return { root, process: 'transfer', creator: CREATOR, startedAt, files };
}

const SCHEMAS = resolve(__dirname, '../schemas');
export const HAVE_XMLLINT = hasTool('xmllint');

/** Validates a file against the official XSD with xmllint; returns xmllint's complaint or undefined when valid. */
export function xsdProblems(file: string, kind: 'manifest' | 'chain'): string | undefined {
  const xsd = join(SCHEMAS, kind === 'manifest' ? 'ASCMHL.xsd' : 'ASCMHLDirectory.xsd');
  const r = spawnSync('xmllint', ['--noout', '--nonet', '--schema', xsd, file], { encoding: 'utf8' });
  return r.status === 0 ? undefined : `${r.stderr}${r.stdout}`;
}
