/**
 * Builds WAV files byte by byte for the malformed corpus and the fuzz bases: every size field can be set to a lie,
 * every pad byte left out, so each hostile shape is written exactly as a broken recorder or a hostile tool would.
 */

export type Bytes = Uint8Array;

export function concat(...parts: Bytes[]): Bytes {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function ascii(s: string): Bytes {
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

export function le16(v: number): Bytes {
  const b = new Uint8Array(2);
  new DataView(b.buffer).setUint16(0, v, true);
  return b;
}

export function le32(v: number): Bytes {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, v >>> 0, true);
  return b;
}

export function le64(v: bigint): Bytes {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, v, true);
  return b;
}

export interface ChunkOptions {
  /** The size field to write instead of body.length (a lie, 0xFFFFFFFF, …). */
  size?: number;
  /** Write the pad byte after an odd body (default true). */
  pad?: boolean;
}

export function chunk(id: string, body: Bytes, opts: ChunkOptions = {}): Bytes {
  const pad = body.length % 2 === 1 && opts.pad !== false ? new Uint8Array(1) : new Uint8Array(0);
  return concat(ascii(id), le32(opts.size ?? body.length), body, pad);
}

/** RIFF/RF64/BW64 header + chunks; riffSize defaults to the true size (0xFFFFFFFF for RF64/BW64). */
export function wav(chunks: Bytes[], magic: 'RIFF' | 'RF64' | 'BW64' = 'RIFF', riffSize?: number): Bytes {
  const body = concat(ascii('WAVE'), ...chunks);
  return concat(ascii(magic), le32(riffSize ?? (magic === 'RIFF' ? body.length : 0xffffffff)), body);
}

export function fmtBody(tag: number, channels: number, rate: number, bits: number, blockAlign?: number): Bytes {
  const align = blockAlign ?? channels * (bits / 8);
  return concat(le16(tag), le16(channels), le32(rate), le32(rate * align), le16(align), le16(bits));
}

export const pcmFmt = (channels: number, rate: number, bits: number): Bytes => chunk('fmt ', fmtBody(1, channels, rate, bits));
export const floatFmt = (channels: number, rate: number, bits: number): Bytes => chunk('fmt ', fmtBody(3, channels, rate, bits));

/** WAVE_FORMAT_EXTENSIBLE with the KSDATAFORMAT_SUBTYPE_PCM (1) or _IEEE_FLOAT (3) GUID. */
export function extensibleFmt(channels: number, rate: number, bits: number, code: 1 | 3, channelMask: number, validBits = bits): Bytes {
  const guid = concat(le32(code), Uint8Array.from([0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71]));
  return chunk('fmt ', concat(fmtBody(0xfffe, channels, rate, bits), le16(22), le16(validBits), le32(channelMask), guid));
}

export function ds64Body(riffSize: bigint, dataSize: bigint, sampleCount: bigint, table: [string, bigint][] = []): Bytes {
  return concat(le64(riffSize), le64(dataSize), le64(sampleCount), le32(table.length), ...table.map(([id, size]) => concat(ascii(id), le64(size))));
}

export interface BextFields {
  description?: Bytes | string;
  originator?: string;
  originatorReference?: string;
  originationDate?: string;
  originationTime?: string;
  timeReference?: bigint;
  version?: number;
  umid?: Bytes;
  loudness?: [number, number, number, number, number];
  codingHistory?: string;
}

const utf8 = (s: string): Bytes => new TextEncoder().encode(s);

function field(value: Bytes | string | undefined, length: number): Bytes {
  const out = new Uint8Array(length);
  if (value !== undefined) out.set((typeof value === 'string' ? utf8(value) : value).subarray(0, length));
  return out;
}

export function bextBody(f: BextFields): Bytes {
  const loud = new Uint8Array(10);
  const view = new DataView(loud.buffer);
  (f.loudness ?? [0x7fff, 0x7fff, 0x7fff, 0x7fff, 0x7fff]).forEach((v, i) => view.setInt16(i * 2, v, true));
  const tr = f.timeReference ?? 0n;
  return concat(
    field(f.description, 256),
    field(f.originator, 32),
    field(f.originatorReference, 32),
    field(f.originationDate, 10),
    field(f.originationTime, 8),
    le32(Number(tr & 0xffffffffn)),
    le32(Number(tr >> 32n)),
    le16(f.version ?? 1),
    field(f.umid, 64),
    loud,
    new Uint8Array(180),
    utf8(f.codingHistory ?? ''),
  );
}

/**
 * An iXML document that declares the billion laughs: 10^9 "lol"s if an XML parser ever expanded `&lol9;`. `body` is
 * the BWFXML element's content, using `&lol9;` where the explosion would go.
 */
export function billionLaughsIxml(body: string): string {
  return [
    '<?xml version="1.0"?>',
    '<!DOCTYPE BWFXML [',
    '<!ENTITY lol "lol">',
    ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`),
    ']>',
    `<BWFXML>${body}</BWFXML>`,
  ].join('\n');
}

export function ixmlBody(xml: string): Bytes {
  return utf8(xml);
}

/** `frames` frames of silence-ish audio (a ramp, so a reader that looked at it would see non-zero bytes). */
export function audio(bytes: number): Bytes {
  return Uint8Array.from({ length: bytes }, (_, i) => (i * 7) & 0xff);
}
