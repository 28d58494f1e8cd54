/**
 * Reads one manifest (`hashlist`, namespace urn:ASC:MHL:v2.0) from its bytes into an MhlManifest. Strict where a
 * wrong value would change what we verify (paths, sizes, hash values, actions, dates), tolerant of what the spec
 * leaves open (element order inside a hash, metadata, elements from other namespaces).
 */
import { HASH_ALGORITHMS, isHashAlgorithm, type HashAlgorithm, type HashSet } from '../../shared/hashes';
import { parseMhlDate } from './dates';
import { MhlError } from './errors';
import { normaliseHashText } from './hash-text';
import { MHL_NAMESPACE } from './manifest-xml';
import {
  HASH_ACTIONS,
  MHL_PROCESSES,
  type DirectoryHashes,
  type HashAction,
  type MhlAuthor,
  type MhlCreatorInfo,
  type MhlDirectoryEntry,
  type MhlFileEntry,
  type MhlHashValue,
  type MhlManifest,
  type MhlProcess,
  type MhlReference,
} from './model';
import { childNamed, childrenNamed, parseXmlSafely, type XmlElement } from './safe-xml';

const NS = MHL_NAMESPACE;
/** Hash elements the XSD allows that we cannot compute: recorded by name, never silently dropped. */
const KNOWN_UNSUPPORTED = ['xxh32'];

class Ctx {
  constructor(readonly file: string) {}
  fail(message: string): never {
    throw new MhlError('invalid-manifest', this.file, message);
  }
  date(text: string | undefined, what: string): Date | undefined {
    if (text === undefined) return undefined;
    const d = parseMhlDate(text);
    if (!d) this.fail(`${what}: "${text}" is not a date`);
    return d;
  }
  requiredText(parent: XmlElement, name: string, what: string): string {
    const el = childNamed(parent, NS, name);
    if (!el) this.fail(`${what}: missing <${name}>`);
    return el.text;
  }
}

/**
 * A relative, '/'-separated path as the spec requires: no absolute paths, no "..", no empty segments.
 * A '\' inside a name is kept (macOS and Linux allow it), but Windows reads it as a separator, so a leading '\'
 * (rooted, or `\\server\share`) is absolute and a '\'-separated ".." climbs: `Clips\..\..\x` joined to a root on
 * Windows lands outside it (found by tests/fuzz/mhl-reader.fuzz.test.ts). Both are refused.
 */
function checkRelativePath(ctx: Ctx, path: string, what: string): string {
  if (path === '') ctx.fail(`${what}: empty path`);
  if (/^[\\/]/.test(path) || /^[A-Za-z]:[\\/]/.test(path)) ctx.fail(`${what}: absolute path "${path}"`);
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.' || seg === '..') ctx.fail(`${what}: path "${path}" has an empty, "." or ".." segment`);
    if (seg.split('\\').includes('..')) ctx.fail(`${what}: path "${path}" has a ".." segment between backslashes (a separator on Windows)`);
  }
  return path;
}

function parseHashValue(ctx: Ctx, el: XmlElement, algorithm: HashAlgorithm, what: string): MhlHashValue {
  const value = normaliseHashText(algorithm, el.text);
  if (value === undefined) ctx.fail(`${what}: "${el.text}" is not a ${algorithm} value`);
  const out: MhlHashValue = { algorithm, value };
  const action = el.attrs.action;
  if (action !== undefined) {
    if (!(HASH_ACTIONS as readonly string[]).includes(action)) ctx.fail(`${what}: unknown action "${action}"`);
    out.action = action as HashAction;
  }
  const hashDate = ctx.date(el.attrs.hashdate, `${what} hashdate`);
  if (hashDate) out.hashDate = hashDate;
  return out;
}

function parseDirectoryHashes(ctx: Ctx, el: XmlElement, what: string): DirectoryHashes {
  const result: DirectoryHashes = { content: {}, structure: {} };
  for (const part of ['content', 'structure'] as const) {
    const container = childNamed(el, NS, part);
    if (!container) ctx.fail(`${what}: missing <${part}>`);
    for (const h of container.children) {
      if (h.ns !== NS) continue;
      if (!isHashAlgorithm(h.name)) {
        if (KNOWN_UNSUPPORTED.includes(h.name)) continue;
        ctx.fail(`${what}: unknown hash element <${h.name}>`);
      }
      const v = parseHashValue(ctx, h, h.name, `${what} ${part}`);
      result[part][h.name] = v.value;
    }
  }
  return result;
}

function parseFileHash(ctx: Ctx, el: XmlElement): MhlFileEntry {
  const pathEl = childNamed(el, NS, 'path');
  if (!pathEl) ctx.fail('<hash> without <path>');
  const path = checkRelativePath(ctx, pathEl.text, '<hash>');
  const what = `hash of "${path}"`;
  const entry: MhlFileEntry = { path, hashes: [] };
  const size = pathEl.attrs.size;
  if (size !== undefined) {
    if (!/^\d+$/.test(size.trim()) || !Number.isSafeInteger(Number(size))) ctx.fail(`${what}: size "${size}"`);
    entry.size = Number(size);
  }
  const mtime = ctx.date(pathEl.attrs.lastmodificationdate, `${what} lastmodificationdate`);
  if (mtime) entry.lastModified = mtime;
  const ctime = ctx.date(pathEl.attrs.creationdate, `${what} creationdate`);
  if (ctime) entry.creationDate = ctime;
  for (const child of el.children) {
    if (child.ns !== NS || child.name === 'path' || child.name === 'metadata') continue;
    if (child.name === 'previousPath') {
      entry.previousPath = checkRelativePath(ctx, child.text, `${what} previousPath`);
    } else if (isHashAlgorithm(child.name)) {
      entry.hashes.push(parseHashValue(ctx, child, child.name, what));
    } else if (KNOWN_UNSUPPORTED.includes(child.name)) {
      (entry.unsupported ??= []).push(child.name);
    } else {
      ctx.fail(`${what}: unknown element <${child.name}>`);
    }
  }
  if (entry.hashes.length === 0 && !entry.unsupported) ctx.fail(`${what}: no hash value`);
  return entry;
}

function parseDirectoryHash(ctx: Ctx, el: XmlElement): MhlDirectoryEntry {
  const pathEl = childNamed(el, NS, 'path');
  if (!pathEl) ctx.fail('<directoryhash> without <path>');
  const path = checkRelativePath(ctx, pathEl.text, '<directoryhash>');
  const entry: MhlDirectoryEntry = { path, ...parseDirectoryHashes(ctx, el, `directory hash of "${path}"`) };
  const mtime = ctx.date(pathEl.attrs.lastmodificationdate, `directory "${path}" lastmodificationdate`);
  if (mtime) entry.lastModified = mtime;
  const ctime = ctx.date(pathEl.attrs.creationdate, `directory "${path}" creationdate`);
  if (ctime) entry.creationDate = ctime;
  return entry;
}

function parseCreator(ctx: Ctx, root: XmlElement): MhlCreatorInfo {
  const el = childNamed(root, NS, 'creatorinfo');
  if (!el) ctx.fail('missing <creatorinfo>');
  const creationDate = ctx.date(ctx.requiredText(el, 'creationdate', 'creatorinfo'), 'creationdate')!;
  const toolEl = childNamed(el, NS, 'tool');
  if (!toolEl) ctx.fail('creatorinfo: missing <tool>');
  const authors: MhlAuthor[] = childrenNamed(el, NS, 'author').map((a) => {
    const author: MhlAuthor = { name: a.text };
    if (a.attrs.email !== undefined) author.email = a.attrs.email;
    if (a.attrs.phone !== undefined) author.phone = a.attrs.phone;
    if (a.attrs.role !== undefined) author.role = a.attrs.role;
    return author;
  });
  const info: MhlCreatorInfo = {
    creationDate,
    hostname: ctx.requiredText(el, 'hostname', 'creatorinfo'),
    tool: toolEl.attrs.version !== undefined ? { name: toolEl.text, version: toolEl.attrs.version } : { name: toolEl.text },
    authors,
  };
  const location = childNamed(el, NS, 'location');
  if (location) info.location = location.text;
  const comment = childNamed(el, NS, 'comment');
  if (comment) info.comment = comment.text;
  return info;
}

/** Parses a manifest's bytes. `file` names it in errors. */
export function parseManifest(bytes: Uint8Array, file: string): MhlManifest {
  const ctx: Ctx = new Ctx(file);
  const root = parseXmlSafely(bytes, file);
  if (root.name !== 'hashlist' || root.ns !== NS) {
    ctx.fail(`document element is <${root.name}> in namespace "${root.ns}", expected <hashlist> in "${NS}"`);
  }
  if (root.attrs.version !== '2.0') ctx.fail(`hashlist version "${root.attrs.version ?? ''}", expected "2.0"`);

  const creator = parseCreator(ctx, root);
  const processInfo = childNamed(root, NS, 'processinfo');
  if (!processInfo) ctx.fail('missing <processinfo>');
  const process = ctx.requiredText(processInfo, 'process', 'processinfo').trim();
  if (!(MHL_PROCESSES as readonly string[]).includes(process)) ctx.fail(`unknown process "${process}"`);
  const rootHashEl = childNamed(processInfo, NS, 'roothash');
  const ignoreEl = childNamed(processInfo, NS, 'ignore');

  const manifest: MhlManifest = {
    creator,
    process: process as MhlProcess,
    ignorePatterns: ignoreEl ? childrenNamed(ignoreEl, NS, 'pattern').map((p) => p.text) : [],
    files: [],
    directories: [],
    references: [],
  };
  if (rootHashEl) manifest.rootHash = parseDirectoryHashes(ctx, rootHashEl, 'roothash');

  for (const hashes of childrenNamed(root, NS, 'hashes')) {
    for (const el of hashes.children) {
      if (el.ns !== NS) continue;
      if (el.name === 'hash') manifest.files.push(parseFileHash(ctx, el));
      else if (el.name === 'directoryhash') manifest.directories.push(parseDirectoryHash(ctx, el));
      else ctx.fail(`unknown element <${el.name}> in <hashes>`);
    }
  }
  const seen = new Set<string>();
  for (const f of manifest.files) {
    if (seen.has(f.path)) ctx.fail(`"${f.path}" is listed twice`);
    seen.add(f.path);
  }

  for (const refs of childrenNamed(root, NS, 'references')) {
    for (const el of childrenNamed(refs, NS, 'hashlistreference')) {
      const path = checkRelativePath(ctx, ctx.requiredText(el, 'path', 'hashlistreference'), 'hashlistreference');
      const c4 = normaliseHashText('c4', ctx.requiredText(el, 'c4', 'hashlistreference'));
      if (c4 === undefined) ctx.fail(`hashlistreference "${path}": invalid c4`);
      const ref: MhlReference = { path, c4 };
      manifest.references.push(ref);
    }
  }
  return manifest;
}

/** The algorithms of a HashSet in canonical order (helper for callers comparing sets). */
export function algorithmsIn(set: HashSet): HashAlgorithm[] {
  return HASH_ALGORITHMS.filter((a) => set[a] !== undefined);
}
