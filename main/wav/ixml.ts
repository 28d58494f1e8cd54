/**
 * The `iXML` chunk: the production metadata recorders write (scene, take, track names, file set). It is XML from a
 * file we do not trust, so before any parser sees it we refuse DOCTYPE/ENTITY declarations (billion laughs, external
 * entities) and absurd element counts, then require well-formed XML; entities are never expanded by the parser, only
 * the five predefined ones and character references are decoded here, per value. Every element is optional; a value
 * that does not parse is left out with a warning, never turned into NaN.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { decodeText, untilNul } from './bytes';
import type { IxmlInfo, IxmlTrack } from './types';
import type { WarningSink } from './warnings';

/** Real iXML has a few hundred elements; a hostile one with millions would only cost time. */
const MAX_TAGS = 50_000;
/** iXML nests four levels deep (BWFXML/TRACK_LIST/TRACK/NAME); leave room for vendor extensions in USER. */
const MAX_DEPTH = 32;

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  commentPropName: false,
  // Every element as an array: repeated elements (TRACK, or a duplicated SCENE) never change the shape.
  isArray: () => true,
  maxNestedTags: MAX_DEPTH,
});

type Node = Record<string, unknown>;

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes the predefined entities and character references; anything else stays as written. */
function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|lt|gt|amp|quot|apos);/g, (whole, body: string) => {
    const predefined = PREDEFINED[body];
    if (predefined !== undefined) return predefined;
    const cp = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : Number(body.slice(1));
    return cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ? whole : String.fromCodePoint(cp);
  });
}

function escapeText(literal: string): string {
  return literal.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function child(node: Node | undefined, name: string): unknown {
  if (node === undefined || !Object.hasOwn(node, name)) return undefined;
  const v = node[name];
  return Array.isArray(v) ? v[0] : v;
}

function childNode(node: Node | undefined, name: string): Node | undefined {
  const v = child(node, name);
  return typeof v === 'object' && v !== null ? (v as Node) : undefined;
}

/** The element's text, decoded and trimmed; undefined when absent or empty (an empty element says nothing). */
function textOf(node: Node | undefined, name: string): string | undefined {
  const v = child(node, name);
  let raw: unknown = v;
  if (typeof v === 'object' && v !== null) raw = (v as Node)['#text'];
  if (typeof raw !== 'string') return undefined;
  const s = decodeEntities(raw).trim();
  return s === '' ? undefined : s;
}

class Fields {
  constructor(private readonly warnings: WarningSink) {}

  private bad(path: string, value: string, expected: string): undefined {
    const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    this.warnings.add('invalid-text', `iXML ${path} "${shown}" is not ${expected}: ignored`);
    return undefined;
  }

  int(node: Node | undefined, name: string, path: string): number | undefined {
    const s = textOf(node, name);
    if (s === undefined) return undefined;
    return /^[0-9]{1,15}$/.test(s) ? Number(s) : this.bad(path, s, 'a whole number');
  }

  bool(node: Node | undefined, name: string, path: string): boolean | undefined {
    const s = textOf(node, name);
    if (s === undefined) return undefined;
    const u = s.toUpperCase();
    return u === 'TRUE' ? true : u === 'FALSE' ? false : this.bad(path, s, 'TRUE or FALSE');
  }

  flag(node: Node | undefined, name: string, path: string): 'DF' | 'NDF' | undefined {
    const s = textOf(node, name);
    if (s === undefined) return undefined;
    const u = s.toUpperCase();
    return u === 'DF' || u === 'NDF' ? u : this.bad(path, s, 'DF or NDF');
  }

  /** TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_HI/LO: two 32-bit halves, combined exactly as a bigint. */
  samples(node: Node | undefined, path: string): bigint | undefined {
    const hi = textOf(node, 'TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_HI');
    const lo = textOf(node, 'TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_LO');
    if (hi === undefined && lo === undefined) return undefined;
    // Each half is a 32-bit number (recorders zero-pad it: "0000000000"); anything else is not a sample count.
    const half = (s: string | undefined, suffix: string): bigint | undefined => {
      if (s === undefined) return 0n;
      const v = /^[0-9]{1,20}$/.test(s) ? BigInt(s) : undefined;
      return v !== undefined && v <= 0xffffffffn ? v : this.bad(`${path}_${suffix}`, s, 'a 32-bit whole number');
    };
    const h = half(hi, 'HI');
    const l = half(lo, 'LO');
    return h === undefined || l === undefined ? undefined : (h << 32n) | l;
  }
}

function setIfDefined<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

/** Parses the chunk's bytes; undefined (with an `ixml-rejected` warning) when the XML is unusable or hostile. */
export function parseIxml(bytes: Uint8Array, warnings: WarningSink): IxmlInfo | undefined {
  const reject = (why: string): undefined => {
    warnings.add('ixml-rejected', `iXML ignored: ${why}`);
    return undefined;
  };

  // Recorders pad the chunk with NULs (Zoom) or spaces (Sound Devices) after the document.
  const { text: decoded, valid } = decodeText(untilNul(bytes));
  if (!valid) warnings.add('invalid-text', 'iXML is not valid UTF-8: read as Latin-1');
  if (/<!DOCTYPE/i.test(decoded) || /<!ENTITY/i.test(decoded)) {
    return reject('it contains a DOCTYPE or ENTITY declaration, which iXML never needs (entities are never expanded)');
  }
  let tags = 0;
  for (let i = decoded.indexOf('<'); i !== -1; i = decoded.indexOf('<', i + 1)) {
    if (++tags > MAX_TAGS) return reject(`more than ${MAX_TAGS} tags`);
  }
  // CDATA is literal text: escape it so the one entity decoder above handles every value alike.
  const text = decoded.replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, (_m, body: string) => escapeText(body));

  const wellFormed = XMLValidator.validate(text);
  if (wellFormed !== true) {
    const msg = wellFormed.err.msg.length > 120 ? `${wellFormed.err.msg.slice(0, 120)}…` : wellFormed.err.msg;
    return reject(`not well-formed XML (line ${wellFormed.err.line}, column ${wellFormed.err.col}: ${msg})`);
  }
  let doc: Node;
  try {
    doc = parser.parse(text) as Node;
  } catch (e) {
    return reject(`not readable XML (${e instanceof Error ? e.message.slice(0, 120) : 'parser error'})`);
  }
  const root = childNode(doc, 'BWFXML');
  if (!root) return reject('there is no BWFXML element');

  const f = new Fields(warnings);
  const info: IxmlInfo = { tracks: [] };
  setIfDefined(info, 'project', textOf(root, 'PROJECT'));
  setIfDefined(info, 'scene', textOf(root, 'SCENE'));
  setIfDefined(info, 'take', textOf(root, 'TAKE'));
  setIfDefined(info, 'tape', textOf(root, 'TAPE'));
  setIfDefined(info, 'circled', f.bool(root, 'CIRCLED', 'CIRCLED'));
  setIfDefined(info, 'note', textOf(root, 'NOTE'));
  setIfDefined(info, 'wildTrack', f.bool(root, 'WILD_TRACK', 'WILD_TRACK'));
  setIfDefined(info, 'falseStart', f.bool(root, 'FALSE_START', 'FALSE_START'));
  setIfDefined(info, 'noGood', f.bool(root, 'NO_GOOD', 'NO_GOOD'));
  const takeType = textOf(root, 'TAKE_TYPE')
    ?.split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (takeType && takeType.length > 0) info.takeType = takeType;
  setIfDefined(info, 'ubits', textOf(root, 'UBITS'));
  setIfDefined(info, 'fileUid', textOf(root, 'FILE_UID'));

  const speedNode = childNode(root, 'SPEED');
  if (speedNode) {
    const speed: NonNullable<IxmlInfo['speed']> = {};
    setIfDefined(speed, 'masterSpeed', textOf(speedNode, 'MASTER_SPEED'));
    setIfDefined(speed, 'currentSpeed', textOf(speedNode, 'CURRENT_SPEED'));
    setIfDefined(speed, 'timecodeRate', textOf(speedNode, 'TIMECODE_RATE'));
    setIfDefined(speed, 'timecodeFlag', f.flag(speedNode, 'TIMECODE_FLAG', 'SPEED/TIMECODE_FLAG'));
    setIfDefined(speed, 'fileSampleRate', f.int(speedNode, 'FILE_SAMPLE_RATE', 'SPEED/FILE_SAMPLE_RATE'));
    setIfDefined(speed, 'audioBitDepth', f.int(speedNode, 'AUDIO_BIT_DEPTH', 'SPEED/AUDIO_BIT_DEPTH'));
    setIfDefined(speed, 'timestampSamplesSinceMidnight', f.samples(speedNode, 'SPEED/TIMESTAMP_SAMPLES_SINCE_MIDNIGHT'));
    info.speed = speed;
  }

  const trackList = childNode(root, 'TRACK_LIST');
  const rawTracks = trackList && Object.hasOwn(trackList, 'TRACK') ? trackList['TRACK'] : undefined;
  if (Array.isArray(rawTracks)) {
    rawTracks.forEach((t: unknown, i) => {
      const node = typeof t === 'object' && t !== null ? (t as Node) : undefined;
      const track: IxmlTrack = {};
      const at = `TRACK_LIST/TRACK[${i + 1}]`;
      setIfDefined(track, 'channelIndex', f.int(node, 'CHANNEL_INDEX', `${at}/CHANNEL_INDEX`));
      setIfDefined(track, 'interleaveIndex', f.int(node, 'INTERLEAVE_INDEX', `${at}/INTERLEAVE_INDEX`));
      setIfDefined(track, 'name', textOf(node, 'NAME'));
      setIfDefined(track, 'function', textOf(node, 'FUNCTION'));
      info.tracks.push(track);
    });
  }

  const fileSetNode = childNode(root, 'FILE_SET');
  if (fileSetNode) {
    const fileSet: NonNullable<IxmlInfo['fileSet']> = {};
    setIfDefined(fileSet, 'familyUid', textOf(fileSetNode, 'FAMILY_UID'));
    setIfDefined(fileSet, 'familyName', textOf(fileSetNode, 'FAMILY_NAME'));
    setIfDefined(fileSet, 'totalFiles', f.int(fileSetNode, 'TOTAL_FILES', 'FILE_SET/TOTAL_FILES'));
    setIfDefined(fileSet, 'fileSetIndex', textOf(fileSetNode, 'FILE_SET_INDEX'));
    info.fileSet = fileSet;
  }
  return info;
}
