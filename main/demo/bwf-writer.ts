/**
 * The project's Broadcast WAV writer: RIFF/WAVE the way a location recorder writes it, in Sound Devices' chunk order
 * `bext`, `iXML`, `fmt ` (`fact` for float), `data`, every chunk padded to an even size (a pad byte its size does not
 * count). Layouts from EBU Tech 3285 v2 (bext), the iXML specification and docs/domain.md.
 *
 * - PCM 16/24-bit (fmt tag 1, 16-byte fmt) or 32-bit IEEE float (tag 3, 18-byte fmt with cbSize 0, plus a `fact`
 *   chunk with the frame count, as the WAVE rules ask of every non-PCM format).
 * - `bwfHeader` builds the bytes before the audio, for callers that stream their own audio (the benchmark card).
 * - `writeBwf` writes a whole file from per-channel float samples in [-1, 1]; PCM clips beyond full scale as a
 *   recorder's converter would, float keeps the value. The audio goes out block by block from a renderer callback or
 *   straight from channel arrays.
 */
import { open } from 'node:fs/promises';

export type SampleFormat = 'pcm' | 'float';

export interface BwfFormat {
  sampleRate: number;
  /** 16 or 24 for PCM, 32 for float (32-bit integer PCM is not written by this writer). */
  bitDepth: 16 | 24 | 32;
  sampleFormat: SampleFormat;
}

export interface BwfTrack {
  name: string;
  /** iXML FUNCTION (BOOM, LAV, MIX-L…); left out when absent. */
  function?: string;
  /** The recorder's channel number, iXML CHANNEL_INDEX; defaults to the position in the file (1-based). */
  channelIndex?: number;
}

/** iXML FILE_SET: ties the split mono files of one take together. */
export interface IxmlFileSet {
  totalFiles: number;
  familyUid: string;
  familyName?: string;
  /** This file's index in the set (the `_1`, `_2`… of the file name). */
  index: string;
}

export interface IxmlTakeInfo {
  project: string;
  scene: string;
  take: string;
  tape: string;
  circled: boolean;
  note: string;
  wildTrack?: boolean;
  falseStart?: boolean;
  noGood?: boolean;
  /** DEFAULT, NO_GOOD, FALSE_START, WILD_TRACK, PICKUP, REHEARSAL, ANNOUNCEMENT, SOUND_GUIDE. */
  takeType?: string;
  fileUid: string;
  ubits?: string;
  /** `24000/1001` for 23.976. */
  timecodeRate: string;
  timecodeFlag: 'NDF' | 'DF';
  fileSet?: IxmlFileSet;
  originalFilename?: string;
}

export interface BextInfo {
  /** key=value lines in the Description field, in order (Sound Devices `sSCENE=`, `sTAKE=`…). */
  description: readonly (readonly [string, string])[];
  originator: string;
  originatorReference: string;
  originationDate: string; // yyyy-mm-dd
  originationTime: string; // hh:mm:ss
  /** CodingHistory text, lines ending in CR LF (see `codingHistoryLine`). */
  codingHistory: string;
}

export interface BwfMeta {
  format: BwfFormat;
  /** One per channel, in interleave order. */
  tracks: readonly BwfTrack[];
  /** Samples since midnight of the first sample: bext TimeReference and iXML TIMESTAMP_SAMPLES_SINCE_MIDNIGHT. */
  timeReference: number;
  bext: BextInfo;
  ixml: IxmlTakeInfo;
}

/** Audio for `writeBwf`: channel arrays (at least `frames` long), or a renderer that fills `out[c][0..n)` from `start`. */
export type BwfAudio = readonly Float32Array[] | ((start: number, n: number, out: Float32Array[]) => void);

const BEXT_FIXED = 602;
const DESCRIPTION_BYTES = 256;
const LOUDNESS_NOT_SET = 0x7fff;

export const bytesPerSample = (f: BwfFormat): number => f.bitDepth / 8;
export const blockAlignOf = (f: BwfFormat, channels: number): number => bytesPerSample(f) * channels;

function checkFormat(f: BwfFormat, channels: number): void {
  const ok = f.sampleFormat === 'float' ? f.bitDepth === 32 : f.bitDepth === 16 || f.bitDepth === 24;
  if (!ok) throw new RangeError(`unsupported sample format: ${f.bitDepth}-bit ${f.sampleFormat}`);
  if (!Number.isInteger(channels) || channels < 1 || channels > 0xffff) throw new RangeError(`bad channel count ${channels}`);
}

/** One chunk: id, u32 LE size, body, and a pad byte when the size is odd. */
export function chunk(id: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.write(id, 0, 4, 'latin1');
  head.writeUInt32LE(body.length, 4);
  return Buffer.concat(body.length % 2 ? [head, body, Buffer.alloc(1)] : [head, body]);
}

/**
 * The Description text: `key=value` lines ending in CR LF. The field holds 256 bytes; a line that would not fit is
 * left out whole (and the next ones still tried) rather than cut mid-value, which a reader would take for a real value.
 */
export function descriptionText(lines: BextInfo['description']): string {
  let out = '';
  for (const [key, value] of lines) {
    const line = `${key}=${value}\r\n`;
    if (out.length + line.length <= DESCRIPTION_BYTES) out += line;
  }
  return out;
}

/** EBU R98 style coding history for a file this writer produces. */
export function codingHistoryLine(f: BwfFormat, channels: number, tool: string): string {
  const mode = channels === 1 ? 'mono' : channels === 2 ? 'stereo' : 'multi';
  return `A=${f.sampleFormat === 'float' ? 'PCM_FLOAT' : 'PCM'},F=${f.sampleRate},W=${f.bitDepth},M=${mode},T=${tool}\r\n`;
}

function writeField(b: Buffer, offset: number, length: number, text: string): void {
  // Fixed-width ASCII, NUL-padded (the buffer starts zeroed); never spills into the next field.
  b.write(text.slice(0, length), offset, length, 'latin1');
}

export function bextBody(meta: BwfMeta): Buffer {
  const { bext } = meta;
  const history = Buffer.from(bext.codingHistory, 'latin1');
  const b = Buffer.alloc(BEXT_FIXED + history.length);
  writeField(b, 0, DESCRIPTION_BYTES, descriptionText(bext.description));
  writeField(b, 256, 32, bext.originator);
  writeField(b, 288, 32, bext.originatorReference);
  writeField(b, 320, 10, bext.originationDate);
  writeField(b, 330, 8, bext.originationTime);
  b.writeUInt32LE(meta.timeReference % 0x1_0000_0000, 338);
  b.writeUInt32LE(Math.floor(meta.timeReference / 0x1_0000_0000), 342);
  b.writeUInt16LE(2, 346); // version 2: the loudness fields exist; "not computed" is 0x7fff in each
  // UMID (348..411) left zero: no UMID.
  for (let o = 412; o < 422; o += 2) b.writeInt16LE(LOUDNESS_NOT_SET, o);
  history.copy(b, BEXT_FIXED);
  return b;
}

export function fmtBody(f: BwfFormat, channels: number): Buffer {
  checkFormat(f, channels);
  const float = f.sampleFormat === 'float';
  // Non-PCM formats carry cbSize (0 here: no extra bytes), so their fmt is 18 bytes.
  const b = Buffer.alloc(float ? 18 : 16);
  const align = blockAlignOf(f, channels);
  b.writeUInt16LE(float ? 3 : 1, 0); // 3 = WAVE_FORMAT_IEEE_FLOAT, 1 = PCM (what Sound Devices writes for poly files)
  b.writeUInt16LE(channels, 2);
  b.writeUInt32LE(f.sampleRate, 4);
  b.writeUInt32LE(f.sampleRate * align, 8);
  b.writeUInt16LE(align, 12);
  b.writeUInt16LE(f.bitDepth, 14);
  return b;
}

const xmlText = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const flag = (v: boolean): string => (v ? 'TRUE' : 'FALSE');

export function ixmlDocument(meta: BwfMeta): string {
  const x = meta.ixml;
  const f = meta.format;
  const el = (indent: number, name: string, value: string | number | undefined): string[] =>
    value === undefined ? [] : [`${'  '.repeat(indent)}<${name}>${xmlText(String(value))}</${name}>`];
  const tracks = meta.tracks.flatMap((t, i) => [
    '    <TRACK>',
    ...el(3, 'CHANNEL_INDEX', t.channelIndex ?? i + 1),
    ...el(3, 'INTERLEAVE_INDEX', i + 1),
    ...el(3, 'NAME', t.name),
    ...el(3, 'FUNCTION', t.function),
    '    </TRACK>',
  ]);
  const fileSet = x.fileSet
    ? [
        '  <FILE_SET>',
        ...el(2, 'TOTAL_FILES', x.fileSet.totalFiles),
        ...el(2, 'FAMILY_UID', x.fileSet.familyUid),
        ...el(2, 'FAMILY_NAME', x.fileSet.familyName),
        ...el(2, 'FILE_SET_INDEX', x.fileSet.index),
        '  </FILE_SET>',
      ]
    : [];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<BWFXML>',
    ...el(1, 'IXML_VERSION', '2.10'),
    ...el(1, 'PROJECT', x.project),
    ...el(1, 'SCENE', x.scene),
    ...el(1, 'TAKE', x.take),
    ...el(1, 'TAPE', x.tape),
    ...el(1, 'CIRCLED', flag(x.circled)),
    ...el(1, 'WILD_TRACK', x.wildTrack === undefined ? undefined : flag(x.wildTrack)),
    ...el(1, 'FALSE_START', x.falseStart === undefined ? undefined : flag(x.falseStart)),
    ...el(1, 'NO_GOOD', x.noGood === undefined ? undefined : flag(x.noGood)),
    ...el(1, 'TAKE_TYPE', x.takeType),
    ...el(1, 'FILE_UID', x.fileUid),
    ...el(1, 'UBITS', x.ubits),
    ...el(1, 'NOTE', x.note),
    '  <SPEED>',
    ...el(2, 'MASTER_SPEED', x.timecodeRate),
    ...el(2, 'CURRENT_SPEED', x.timecodeRate),
    ...el(2, 'TIMECODE_RATE', x.timecodeRate),
    ...el(2, 'TIMECODE_FLAG', x.timecodeFlag),
    ...el(2, 'FILE_SAMPLE_RATE', f.sampleRate),
    ...el(2, 'AUDIO_BIT_DEPTH', f.bitDepth),
    ...el(2, 'DIGITIZER_SAMPLE_RATE', f.sampleRate),
    ...el(2, 'TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_HI', Math.floor(meta.timeReference / 0x1_0000_0000)),
    ...el(2, 'TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_LO', meta.timeReference % 0x1_0000_0000),
    ...el(2, 'TIMESTAMP_SAMPLE_RATE', f.sampleRate),
    '  </SPEED>',
    '  <TRACK_LIST>',
    ...el(2, 'TRACK_COUNT', meta.tracks.length),
    ...tracks,
    '  </TRACK_LIST>',
    ...fileSet,
    ...(x.originalFilename ? ['  <HISTORY>', ...el(2, 'ORIGINAL_FILENAME', x.originalFilename), '  </HISTORY>'] : []),
    '</BWFXML>',
    '',
  ].join('\n');
}

/** The bytes before the audio of a file of `frames` sample frames, ending with the `data` chunk header. */
export function bwfHeader(meta: BwfMeta, frames: number): Buffer {
  const channels = meta.tracks.length;
  const dataBytes = frames * blockAlignOf(meta.format, channels);
  const chunks = [chunk('bext', bextBody(meta)), chunk('iXML', Buffer.from(ixmlDocument(meta), 'utf8')), chunk('fmt ', fmtBody(meta.format, channels))];
  if (meta.format.sampleFormat === 'float') {
    const fact = Buffer.alloc(4);
    fact.writeUInt32LE(frames, 0); // dwSampleLength: frames per channel
    chunks.push(chunk('fact', fact));
  }
  const dataHeader = Buffer.alloc(8);
  dataHeader.write('data', 0, 'latin1');
  dataHeader.writeUInt32LE(dataBytes, 4);
  const head = Buffer.concat([...chunks, dataHeader]);
  // RIFF size counts everything after its own 8 bytes, the audio's pad byte included.
  const riffSize = 4 + head.length + dataBytes + (dataBytes % 2);
  if (riffSize > 0xffff_ffff) throw new RangeError(`${frames} frames do not fit a RIFF file (RF64 is not written here)`);
  const riff = Buffer.alloc(12);
  riff.write('RIFF', 0, 'latin1');
  riff.writeUInt32LE(riffSize, 4);
  riff.write('WAVE', 8, 'latin1');
  return Buffer.concat([riff, head]);
}

/**
 * Interleaves `n` frames of `channels` (from index `from` of each) into `out` in the file's sample format. PCM rounds
 * and clips at full scale (+0x7fffff / -0x800000 for 24-bit); float is written as is.
 */
export function encodeFrames(f: BwfFormat, channels: readonly Float32Array[], from: number, n: number, out: Buffer): number {
  const nch = channels.length;
  const bps = bytesPerSample(f);
  const stride = nch * bps;
  for (let c = 0; c < nch; c++) {
    const src = channels[c]!;
    let o = c * bps;
    if (f.sampleFormat === 'float') {
      for (let i = from, end = from + n; i < end; i++, o += stride) out.writeFloatLE(src[i]!, o);
    } else if (f.bitDepth === 24) {
      for (let i = from, end = from + n; i < end; i++, o += stride) {
        const x = src[i]! * 8388608;
        // Math.round(x) as floor(x + 0.5) on a positive offset; NaN becomes 0. (No Math call per sample: inside a
        // vm context, as under jest, every global lookup costs more than the rest of this loop.)
        const v = x >= 8388607 ? 8388607 : x > -8388608 ? ((x + 8388608.5) | 0) - 8388608 : x <= -8388608 ? -8388608 : 0;
        out[o] = v & 0xff;
        out[o + 1] = (v >> 8) & 0xff;
        out[o + 2] = (v >> 16) & 0xff;
      }
    } else {
      for (let i = from, end = from + n; i < end; i++, o += stride) {
        const x = src[i]! * 32768;
        const v = x >= 32767 ? 32767 : x > -32768 ? ((x + 32768.5) | 0) - 32768 : x <= -32768 ? -32768 : 0;
        out[o] = v & 0xff;
        out[o + 1] = (v >> 8) & 0xff;
      }
    }
  }
  return n * stride;
}

/**
 * Writes a complete BWF file of `frames` frames. Refuses to write over an existing file ('wx'), so a second demo card
 * into the same folder fails loudly instead of mixing two cards.
 */
export async function writeBwf(path: string, meta: BwfMeta, frames: number, audio: BwfAudio): Promise<void> {
  const nch = meta.tracks.length;
  const header = bwfHeader(meta, frames);
  const dataBytes = frames * blockAlignOf(meta.format, nch);
  const framesPerBlock = 65536;
  const block = Buffer.alloc(Math.min(frames, framesPerBlock) * blockAlignOf(meta.format, nch) + 1);
  let scratch: Float32Array[] = [];
  if (typeof audio === 'function') scratch = Array.from({ length: nch }, () => new Float32Array(Math.min(frames, framesPerBlock)));
  else if (audio.length !== nch || audio.some((a) => a.length < frames)) throw new RangeError('channel arrays do not match the tracks and frames');

  const file = await open(path, 'wx');
  try {
    await writeAll(file, header);
    for (let start = 0; start < frames; start += framesPerBlock) {
      const n = Math.min(framesPerBlock, frames - start);
      let bytes: number;
      if (typeof audio === 'function') {
        audio(start, n, scratch);
        bytes = encodeFrames(meta.format, scratch, 0, n, block);
      } else {
        bytes = encodeFrames(meta.format, audio, start, n, block);
      }
      if (start + n === frames && dataBytes % 2) block[bytes++] = 0; // the data chunk's pad byte
      await writeAll(file, block.subarray(0, bytes));
    }
  } finally {
    await file.close();
  }
}

async function writeAll(file: Awaited<ReturnType<typeof open>>, data: Uint8Array): Promise<void> {
  let done = 0;
  while (done < data.length) {
    const { bytesWritten } = await file.write(data, done, data.length - done);
    if (bytesWritten <= 0) throw new Error(`write returned ${bytesWritten} bytes`);
    done += bytesWritten;
  }
}
