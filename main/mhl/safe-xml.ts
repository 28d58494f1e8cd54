/**
 * Turns the bytes of an MHL or chain file into a small namespace-resolved element tree, refusing hostile input
 * before any parser sees it: a size cap, strict UTF-8, no DOCTYPE / ENTITY declarations (billion laughs, external
 * entities), and only the five predefined entities plus character references, decoded here rather than by the
 * parser so nothing is ever expanded. fast-xml-parser does the tokenising; its validator checks well-formedness.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { MhlError } from './errors';
import { describeCodePoint, findUnencodable } from './xml-escape';

export interface XmlElement {
  /** Namespace URI ('' when none). */
  ns: string;
  /** Local name, prefix removed. */
  name: string;
  /** Attributes without namespace declarations, by local name, values decoded. */
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Concatenated decoded text directly inside this element. */
  text: string;
}

/** Deep enough for any MHL (metadata may nest a little), shallow enough that no recursion can blow the stack. */
const MAX_DEPTH = 64;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  cdataPropName: '#cdata',
  commentPropName: false,
  maxNestedTags: MAX_DEPTH,
});

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(raw: string, file: string): string {
  return raw.replace(/&([^;&\s]*);?/g, (whole, body: string) => {
    if (!whole.endsWith(';')) throw new MhlError('malformed-xml', file, `bare "&" in text (near "${raw.slice(0, 40)}")`);
    // Own keys only: a plain lookup found Object.prototype's members, so `&constructor;` or `&toString;` were
    // "decoded" to a function's source text instead of being refused like every other unknown entity.
    const predefined = Object.hasOwn(PREDEFINED, body) ? PREDEFINED[body] : undefined;
    if (predefined !== undefined) return predefined;
    const m = /^#(?:x([0-9a-fA-F]{1,6})|([0-9]{1,7}))$/.exec(body);
    if (!m) throw new MhlError('hostile-xml', file, `entity reference "&${body};" refused: entities are never expanded`);
    const cp = m[1] !== undefined ? parseInt(m[1], 16) : Number(m[2]);
    if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
      throw new MhlError('malformed-xml', file, `character reference "&${body};" is not a character`);
    }
    const ch = String.fromCodePoint(cp);
    if (findUnencodable(ch) !== undefined) {
      throw new MhlError('malformed-xml', file, `character reference "&${body};" names ${describeCodePoint(ch)}, not allowed in XML 1.0`);
    }
    return ch;
  });
}

function escapeForText(literal: string): string {
  return literal.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Every `<![CDATA[…]]>` section replaced by its body as escaped text. A scan, not the regex
 * /<!\[CDATA\[([\s\S]*?)\]\]>/g it replaces: that regex searched to the end of the document from every unterminated
 * opener, so a manifest of repeated `<![CDATA[` took time quadratic in its size (180 KB: about a second; the 128 MB
 * cap: hours). The first opener without a terminator ends the scan (no later opener can have one); the validator
 * then refuses the document.
 */
function cdataToText(text: string): string {
  let out = '';
  let pos = 0;
  for (;;) {
    const open = text.indexOf('<![CDATA[', pos);
    if (open === -1) break;
    const close = text.indexOf(']]>', open + 9);
    if (close === -1) break;
    out += text.slice(pos, open) + escapeForText(text.slice(open + 9, close));
    pos = close + 3;
  }
  return pos === 0 ? text : out + text.slice(pos);
}

type RawNode = Record<string, unknown>;

function decodeBytes(bytes: Uint8Array, file: string): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch (e) {
    throw new MhlError('malformed-xml', file, 'not valid UTF-8', { cause: e });
  }
  const decl = /^<\?xml[^?]*encoding\s*=\s*["']([^"']+)["']/.exec(text);
  if (decl && !/^utf-?8$/i.test(decl[1]!)) {
    throw new MhlError('malformed-xml', file, `declared encoding "${decl[1]}" is not supported (MHL files are UTF-8)`);
  }
  return text;
}

/** Parses `bytes` (already size-capped by the caller) into the document element. */
export function parseXmlSafely(bytes: Uint8Array, file: string): XmlElement {
  let text = decodeBytes(bytes, file);
  if (/<!DOCTYPE/i.test(text) || /<!ENTITY/i.test(text)) {
    throw new MhlError('hostile-xml', file, 'DOCTYPE or ENTITY declaration refused (MHL files never need one)');
  }
  const bad = findUnencodable(text);
  if (bad !== undefined) {
    throw new MhlError('malformed-xml', file, `contains ${describeCodePoint(bad)}, which XML 1.0 forbids`);
  }
  // CDATA is literal text: turn it into escaped text so one decoder handles everything.
  text = cdataToText(text);

  const valid = XMLValidator.validate(text, { allowBooleanAttributes: false });
  if (valid !== true) {
    throw new MhlError('malformed-xml', file, `line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg}`);
  }
  let raw: RawNode[];
  try {
    raw = parser.parse(text) as RawNode[];
  } catch (e) {
    throw new MhlError('malformed-xml', file, e instanceof Error ? e.message : String(e), { cause: e });
  }

  const roots: XmlElement[] = [];
  const convert = (node: RawNode, scope: Map<string, string>, depth: number): XmlElement | undefined => {
    if (depth > MAX_DEPTH) throw new MhlError('malformed-xml', file, `elements nested deeper than ${MAX_DEPTH}`);
    const tag = Object.keys(node).find((k) => k !== ':@');
    if (tag === undefined || tag === '#text') return undefined;
    const rawAttrs = (node[':@'] ?? {}) as Record<string, string>;
    const local = new Map(scope);
    const attrs: Record<string, string> = {};
    for (const [k, v] of Object.entries(rawAttrs)) {
      const value = decodeEntities(String(v), file);
      if (k === 'xmlns') local.set('', value);
      else if (k.startsWith('xmlns:')) local.set(k.slice(6), value);
    }
    for (const [k, v] of Object.entries(rawAttrs)) {
      if (k === 'xmlns' || k.startsWith('xmlns:')) continue;
      const colon = k.indexOf(':');
      attrs[colon === -1 ? k : k.slice(colon + 1)] = decodeEntities(String(v), file);
    }
    const colon = tag.indexOf(':');
    const prefix = colon === -1 ? '' : tag.slice(0, colon);
    const ns = local.get(prefix);
    if (ns === undefined && prefix !== '') {
      throw new MhlError('malformed-xml', file, `namespace prefix "${prefix}" is not declared`);
    }
    const el: XmlElement = { ns: ns ?? '', name: colon === -1 ? tag : tag.slice(colon + 1), attrs, children: [], text: '' };
    const kids = node[tag];
    if (Array.isArray(kids)) {
      for (const kid of kids as RawNode[]) {
        if ('#text' in kid) {
          el.text += decodeEntities(String(kid['#text']), file);
        } else if ('#cdata' in kid) {
          // Not reached (CDATA was rewritten above); kept so a parser change cannot drop text silently.
          throw new MhlError('malformed-xml', file, 'unexpected CDATA section');
        } else {
          const child = convert(kid, local, depth + 1);
          if (child) el.children.push(child);
        }
      }
    }
    return el;
  };
  for (const node of raw) {
    if ('#text' in node) {
      if (String(node['#text']).trim() !== '') throw new MhlError('malformed-xml', file, 'text outside the document element');
      continue;
    }
    const el = convert(node, new Map(), 0);
    if (el) roots.push(el);
  }
  if (roots.length !== 1) {
    throw new MhlError('malformed-xml', file, `expected one document element, found ${roots.length}`);
  }
  return roots[0]!;
}

/** Children of `el` with the given local name in namespace `ns`. */
export function childrenNamed(el: XmlElement, ns: string, name: string): XmlElement[] {
  return el.children.filter((c) => c.ns === ns && c.name === name);
}

export function childNamed(el: XmlElement, ns: string, name: string): XmlElement | undefined {
  return el.children.find((c) => c.ns === ns && c.name === name);
}
