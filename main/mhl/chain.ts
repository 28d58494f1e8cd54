/**
 * The chain file `ascmhl/ascmhl_chain.xml` (namespace urn:ASC:MHL:DIRECTORY:v2.0): one `<hashlist sequencenr>` per
 * generation with the manifest's file name and the C4 of its bytes. It is what makes a history tamper-evident, so
 * parsing is strict: numbering 1..n without gaps or repeats, one c4 each, plain file names inside ascmhl/.
 */
import { MhlError } from './errors';
import { normaliseHashText } from './hash-text';
import type { MhlChainEntry } from './model';
import { childNamed, parseXmlSafely } from './safe-xml';
import { xmlEscape } from './xml-escape';

export const CHAIN_NAMESPACE = 'urn:ASC:MHL:DIRECTORY:v2.0';

export function renderChain(entries: readonly MhlChainEntry[], file: string): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<ascmhldirectory xmlns="${CHAIN_NAMESPACE}">`];
  for (const e of entries) {
    lines.push(`  <hashlist sequencenr="${e.sequence}">`);
    lines.push(`    <path>${xmlEscape(e.path, 'manifest file name', file)}</path>`);
    lines.push(`    <c4>${xmlEscape(e.c4, 'c4', file)}</c4>`);
    lines.push('  </hashlist>');
  }
  lines.push('</ascmhldirectory>');
  return lines.join('\n') + '\n';
}

export function parseChain(bytes: Uint8Array, file: string): MhlChainEntry[] {
  const fail: (message: string) => never = (message) => {
    throw new MhlError('invalid-chain', file, message);
  };
  const root = parseXmlSafely(bytes, file);
  if (root.name !== 'ascmhldirectory' || root.ns !== CHAIN_NAMESPACE) {
    fail(`document element is <${root.name}> in namespace "${root.ns}", expected <ascmhldirectory> in "${CHAIN_NAMESPACE}"`);
  }
  const entries: MhlChainEntry[] = [];
  for (const el of root.children) {
    if (el.ns !== CHAIN_NAMESPACE) continue;
    if (el.name !== 'hashlist') fail(`unexpected element <${el.name}>`);
    const seqText = el.attrs.sequencenr;
    if (seqText === undefined || !/^\s*\d+\s*$/.test(seqText)) fail(`hashlist without a valid sequencenr ("${seqText ?? ''}")`);
    const sequence = Number(seqText);
    const pathEl = childNamed(el, CHAIN_NAMESPACE, 'path');
    if (!pathEl) fail(`hashlist ${sequence} has no <path>`);
    const path = pathEl.text;
    if (path === '' || path.includes('/') || path.includes('\\') || path === '.' || path === '..') {
      fail(`hashlist ${sequence}: "${path}" is not a file name inside ascmhl/`);
    }
    const c4El = childNamed(el, CHAIN_NAMESPACE, 'c4');
    if (!c4El) fail(`hashlist ${sequence} (${path}) has no <c4> (other reference hashes are not supported)`);
    const c4 = normaliseHashText('c4', c4El.text);
    if (c4 === undefined) fail(`hashlist ${sequence} (${path}): "${c4El.text}" is not a C4 id`);
    entries.push({ sequence, path, c4 });
  }
  entries.sort((a, b) => a.sequence - b.sequence);
  entries.forEach((e, i) => {
    if (e.sequence !== i + 1) fail(`generation numbers must run 1..${entries.length}; found ${e.sequence} at position ${i + 1}`);
  });
  const names = new Set<string>();
  for (const e of entries) {
    if (names.has(e.path)) fail(`"${e.path}" is listed twice`);
    names.add(e.path);
  }
  return entries;
}
