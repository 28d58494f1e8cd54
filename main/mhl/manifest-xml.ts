/**
 * Renders one generation's manifest (an ASC MHL v2 `hashlist`) as text. Element order is the XSD's:
 * creatorinfo (creationdate, hostname, tool, author*, location?, comment?), processinfo (process, roothash?, ignore?),
 * hashes (hash / directoryhash in post-order), references?. Layout follows the reference tool (two-space indent).
 * Every value goes through xmlEscape, which refuses what XML 1.0 cannot carry.
 */
import type { HashAlgorithm, HashSet } from '../../shared/hashes';
import { formatMhlDate } from './dates';
import { MhlError } from './errors';
import type { DirectoryHashes, HashAction, MhlCreator, MhlProcess, MhlReference } from './model';
import { MHL_ELEMENT_ORDER } from './model';
import { printable, xmlEscape } from './xml-escape';

export const MHL_NAMESPACE = 'urn:ASC:MHL:v2.0';

export interface RenderFile {
  kind: 'file';
  path: string;
  size: number;
  lastModified: Date;
  hashes: HashSet;
  actions: Partial<Record<HashAlgorithm, HashAction>>;
  hashDate: Date;
  previousPath?: string;
}

export interface RenderFolder {
  kind: 'folder';
  path: string;
  lastModified?: Date;
  hashes: DirectoryHashes;
  hashDate: Date;
}

export interface RenderManifest {
  creator: MhlCreator;
  creationDate: Date;
  process: MhlProcess;
  rootHash?: DirectoryHashes;
  rootHashDate: Date;
  ignorePatterns: readonly string[];
  entries: (RenderFile | RenderFolder)[];
  references: readonly MhlReference[];
}

function algorithmsOf(set: HashSet): HashAlgorithm[] {
  return MHL_ELEMENT_ORDER.filter((a) => set[a] !== undefined);
}

export function renderManifest(m: RenderManifest, file: string): string {
  const esc = (text: string, what: string): string => xmlEscape(text, what, file);
  const out: string[] = [];
  const line = (indent: number, text: string): void => {
    out.push(' '.repeat(indent * 2) + text);
  };

  const directoryHashBlock = (indent: number, h: DirectoryHashes, hashDate: Date): void => {
    const date = formatMhlDate(hashDate);
    for (const part of ['content', 'structure'] as const) {
      line(indent, `<${part}>`);
      for (const alg of algorithmsOf(h.content)) {
        const value = h[part][alg];
        if (value === undefined) continue;
        line(indent + 1, `<${alg} hashdate="${date}">${esc(value, `${alg} ${part} hash`)}</${alg}>`);
      }
      line(indent, `</${part}>`);
    }
  };

  out.push('<?xml version="1.0" encoding="UTF-8"?>');
  line(0, `<hashlist version="2.0" xmlns="${MHL_NAMESPACE}">`);

  const c = m.creator;
  line(1, '<creatorinfo>');
  line(2, `<creationdate>${formatMhlDate(m.creationDate)}</creationdate>`);
  line(2, `<hostname>${esc(c.hostname, 'hostname')}</hostname>`);
  line(2, `<tool version="${esc(c.toolVersion, 'tool version')}">${esc(c.tool, 'tool name')}</tool>`);
  for (const a of c.authors ?? []) {
    let attrs = '';
    if (a.email !== undefined) attrs += ` email="${esc(a.email, 'author email')}"`;
    if (a.phone !== undefined) attrs += ` phone="${esc(a.phone, 'author phone')}"`;
    if (a.role !== undefined) attrs += ` role="${esc(a.role, 'author role')}"`;
    line(2, `<author${attrs}>${esc(a.name, 'author name')}</author>`);
  }
  if (c.location !== undefined) line(2, `<location>${esc(c.location, 'location')}</location>`);
  if (c.comment !== undefined) line(2, `<comment>${esc(c.comment, 'comment')}</comment>`);
  line(1, '</creatorinfo>');

  line(1, '<processinfo>');
  line(2, `<process>${m.process}</process>`);
  if (m.rootHash && algorithmsOf(m.rootHash.content).length > 0) {
    line(2, '<roothash>');
    directoryHashBlock(3, m.rootHash, m.rootHashDate);
    line(2, '</roothash>');
  }
  if (m.ignorePatterns.length > 0) {
    line(2, '<ignore>');
    for (const p of m.ignorePatterns) line(3, `<pattern>${esc(p, 'ignore pattern')}</pattern>`);
    line(2, '</ignore>');
  }
  line(1, '</processinfo>');

  // The XSD wants at least one entry inside <hashes>; a generation of an empty folder simply has none.
  const written = m.entries.filter((e) => e.kind === 'file' || algorithmsOf(e.hashes.content).length > 0);
  if (written.length > 0) {
    line(1, '<hashes>');
    for (const e of written) {
      const pathWhat = `${e.kind === 'file' ? 'file' : 'folder'} name ${printable(e.path)}`;
      const mtime = e.lastModified ? ` lastmodificationdate="${formatMhlDate(e.lastModified)}"` : '';
      if (e.kind === 'file') {
        line(2, '<hash>');
        line(3, `<path size="${e.size}"${mtime}>${esc(e.path, pathWhat)}</path>`);
        const date = formatMhlDate(e.hashDate);
        for (const alg of algorithmsOf(e.hashes)) {
          const action = e.actions[alg];
          if (action === undefined) throw new MhlError('invalid-input', file, `no action for ${alg} of ${pathWhat}`);
          line(3, `<${alg} action="${action}" hashdate="${date}">${esc(e.hashes[alg]!, `${alg} hash`)}</${alg}>`);
        }
        if (e.previousPath !== undefined) {
          line(3, `<previousPath>${esc(e.previousPath, `previous path of ${pathWhat}`)}</previousPath>`);
        }
        line(2, '</hash>');
      } else {
        line(2, '<directoryhash>');
        line(3, `<path${mtime}>${esc(e.path, pathWhat)}</path>`);
        directoryHashBlock(3, e.hashes, e.hashDate);
        line(2, '</directoryhash>');
      }
    }
    line(1, '</hashes>');
  }

  if (m.references.length > 0) {
    line(1, '<references>');
    for (const r of m.references) {
      line(2, '<hashlistreference>');
      line(3, `<path>${esc(r.path, `reference ${printable(r.path)}`)}</path>`);
      line(3, `<c4>${esc(r.c4, 'reference c4')}</c4>`);
      line(2, '</hashlistreference>');
    }
    line(1, '</references>');
  }
  line(0, '</hashlist>');
  return out.join('\n') + '\n';
}
