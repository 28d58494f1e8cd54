/**
 * A deliberately small, independent RIFF/WAVE reader for the demo card tests: it walks the chunks of a file we wrote
 * and hands back the raw sample values, so the tests check the bytes themselves rather than trust the writer's own
 * code (or the app's reader, which is tested elsewhere).
 */
import { readFileSync } from 'node:fs';

export interface Chunk {
  id: string;
  offset: number; // of the chunk's body
  size: number;
}

export interface WavBytes {
  buf: Buffer;
  riffSize: number;
  chunks: Chunk[];
  formatTag: number;
  fmtSize: number;
  cbSize?: number;
  channels: number;
  sampleRate: number;
  byteRate: number;
  blockAlign: number;
  bitsPerSample: number;
  frames: number;
  data: Chunk;
  bext: {
    description: string;
    fields: Record<string, string>;
    originator: string;
    originatorReference: string;
    originationDate: string;
    originationTime: string;
    timeReference: number;
    version: number;
    loudness: number[];
    codingHistory: string;
  };
  ixml: string;
  factSampleLength?: number;
}

const cString = (b: Buffer, from: number, length: number): string => {
  const s = b.toString('latin1', from, from + length);
  const nul = s.indexOf('\0');
  return nul < 0 ? s : s.slice(0, nul);
};

export function readWavBytes(path: string): WavBytes {
  const buf = readFileSync(path);
  if (buf.toString('latin1', 0, 4) !== 'RIFF' || buf.toString('latin1', 8, 12) !== 'WAVE') throw new Error(`${path}: not RIFF/WAVE`);
  const chunks: Chunk[] = [];
  let o = 12;
  while (o + 8 <= buf.length) {
    const size = buf.readUInt32LE(o + 4);
    chunks.push({ id: buf.toString('latin1', o, o + 4), offset: o + 8, size });
    o += 8 + size + (size % 2);
  }
  const find = (id: string): Chunk => {
    const c = chunks.find((x) => x.id === id);
    if (!c) throw new Error(`${path}: no ${id} chunk`);
    return c;
  };
  const fmt = find('fmt ');
  const data = find('data');
  const bext = find('bext');
  const ixml = find('iXML');
  const fact = chunks.find((c) => c.id === 'fact');
  const description = cString(buf, bext.offset, 256);
  const fields: Record<string, string> = {};
  for (const line of description.split(/\r?\n/)) {
    const eq = line.indexOf('=');
    if (eq > 0) fields[line.slice(0, eq)] = line.slice(eq + 1);
  }
  const blockAlign = buf.readUInt16LE(fmt.offset + 12);
  return {
    buf,
    riffSize: buf.readUInt32LE(4),
    chunks,
    formatTag: buf.readUInt16LE(fmt.offset),
    fmtSize: fmt.size,
    cbSize: fmt.size >= 18 ? buf.readUInt16LE(fmt.offset + 16) : undefined,
    channels: buf.readUInt16LE(fmt.offset + 2),
    sampleRate: buf.readUInt32LE(fmt.offset + 4),
    byteRate: buf.readUInt32LE(fmt.offset + 8),
    blockAlign,
    bitsPerSample: buf.readUInt16LE(fmt.offset + 14),
    frames: Math.floor(data.size / blockAlign),
    data,
    bext: {
      description,
      fields,
      originator: cString(buf, bext.offset + 256, 32),
      originatorReference: cString(buf, bext.offset + 288, 32),
      originationDate: cString(buf, bext.offset + 320, 10),
      originationTime: cString(buf, bext.offset + 330, 8),
      timeReference: buf.readUInt32LE(bext.offset + 338) + buf.readUInt32LE(bext.offset + 342) * 2 ** 32,
      version: buf.readUInt16LE(bext.offset + 346),
      loudness: [0, 1, 2, 3, 4].map((k) => buf.readInt16LE(bext.offset + 412 + 2 * k)),
      codingHistory: cString(buf, bext.offset + 602, bext.size - 602),
    },
    ixml: buf.toString('utf8', ixml.offset, ixml.offset + ixml.size),
    factSampleLength: fact ? buf.readUInt32LE(fact.offset) : undefined,
  };
}

/**
 * One channel's samples. PCM 24-bit comes back as the integers in the file (full scale is +8388607 / -8388608);
 * float as the stored values. `scale` turns either into [-1, 1].
 */
export function channelSamples(w: WavBytes, channel: number): { values: Float64Array; scale: number } {
  const { buf, frames, blockAlign, bitsPerSample, formatTag } = w;
  const values = new Float64Array(frames);
  const bytes = bitsPerSample / 8;
  let o = w.data.offset + channel * bytes;
  if (formatTag === 3) {
    for (let i = 0; i < frames; i++, o += blockAlign) values[i] = buf.readFloatLE(o);
    return { values, scale: 1 };
  }
  if (bitsPerSample !== 24) throw new Error(`unexpected ${bitsPerSample}-bit PCM`);
  for (let i = 0; i < frames; i++, o += blockAlign) values[i] = buf[o]! | (buf[o + 1]! << 8) | ((buf[o + 2]! << 24) >> 8);
  return { values, scale: 1 / 8388608 };
}

export const dbfs = (x: number): number => (x > 0 ? 20 * Math.log10(x) : -Infinity);

export function peak(v: Float64Array, scale: number, from = 0, to = v.length): number {
  // Plain comparisons: Math calls per sample are slow inside jest's vm context.
  let hi = 0;
  let lo = 0;
  for (let i = from; i < to; i++) {
    const x = v[i]!;
    if (x > hi) hi = x;
    else if (x < lo) lo = x;
  }
  return (hi > -lo ? hi : -lo) * scale;
}

export function rms(v: Float64Array, scale: number, from = 0, to = v.length): number {
  let s = 0;
  for (let i = from; i < to; i++) s += v[i]! * v[i]!;
  return Math.sqrt(s / Math.max(1, to - from)) * scale;
}

/** Runs of exact zeros at least `min` samples long, as [start, end) sample ranges. */
export function zeroRuns(v: Float64Array, min: number): [number, number][] {
  const runs: [number, number][] = [];
  let start = -1;
  for (let i = 0; i <= v.length; i++) {
    if (i < v.length && v[i] === 0) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      if (i - start >= min) runs.push([start, i]);
      start = -1;
    }
  }
  return runs;
}
