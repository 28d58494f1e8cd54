/**
 * The `fmt ` chunk: what the samples are. We read integer PCM (8/16/24/32-bit) and IEEE float (32/64-bit), written
 * plainly (tags 1 and 3) or as WAVE_FORMAT_EXTENSIBLE (0xFFFE, the encoding then lives in the SubFormat GUID). The
 * frame size we use is computed from channels × bytes per sample, not trusted from blockAlign: a wrong blockAlign
 * must not turn into a wrong duration.
 */
import { u16, u32 } from './bytes';
import { WavError } from './errors';
import type { SampleEncoding, WavContainer, WavFormat } from './types';
import type { WarningSink } from './warnings';

export const WAVE_FORMAT_PCM = 0x0001;
export const WAVE_FORMAT_IEEE_FLOAT = 0x0003;
export const WAVE_FORMAT_EXTENSIBLE = 0xfffe;

/** The fixed tail of the KSDATAFORMAT_SUBTYPE_* GUIDs (bytes 4..15 as stored): 0000-0010-8000-00aa00389b71. */
const KSDATAFORMAT_TAIL = [0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];

/** Largest fmt we need to read: 40 bytes for EXTENSIBLE. Anything after is ignored. */
export const FMT_READ_BYTES = 40;

const PCM_BITS = new Set([8, 16, 24, 32]);
const FLOAT_BITS = new Set([32, 64]);

/** A GUID as stored in a file (Data1..3 little-endian, Data4 as bytes), lowercase and dashed. */
export function guidString(b: Uint8Array, at: number): string {
  const hex = (from: number, to: number, reverse: boolean): string => {
    const bytes = Array.from(b.subarray(at + from, at + to));
    if (reverse) bytes.reverse();
    return bytes.map((x) => x.toString(16).padStart(2, '0')).join('');
  };
  return `${hex(0, 4, true)}-${hex(4, 6, true)}-${hex(6, 8, true)}-${hex(8, 10, false)}-${hex(10, 16, false)}`;
}

function hex4(n: number): string {
  return `0x${n.toString(16).padStart(4, '0')}`;
}

/**
 * `body` holds the first bytes of the chunk (up to FMT_READ_BYTES); `cut` says the file ended inside the chunk, in
 * which case a too-short body is a truncated header rather than a bad fmt.
 */
export function parseFmt(body: Uint8Array, cut: boolean, container: WavContainer, file: string, warnings: WarningSink): WavFormat {
  const short = (need: number, what: string): WavError =>
    cut
      ? new WavError('truncated-header', file, `the file ends inside the "fmt " chunk (${body.length} of the ${need} bytes of ${what} are present)`)
      : new WavError('bad-fmt', file, `the "fmt " chunk is ${body.length} bytes long, too short for ${what} (${need} bytes)`);

  if (body.length < 16) throw short(16, 'a format description');
  const formatTag = u16(body, 0);
  const channels = u16(body, 2);
  const sampleRate = u32(body, 4);
  const byteRate = u32(body, 8);
  const declaredBlockAlign = u16(body, 12);
  const bitsPerSample = u16(body, 14);

  if (channels === 0) throw new WavError('bad-fmt', file, 'the "fmt " chunk says the file has 0 channels');
  if (sampleRate === 0) throw new WavError('bad-fmt', file, 'the "fmt " chunk says the sample rate is 0 Hz');

  let encoding: SampleEncoding;
  let subFormat: string | undefined;
  let channelMask: number | undefined;
  if (formatTag === WAVE_FORMAT_EXTENSIBLE) {
    if (body.length < 40) throw short(40, 'a WAVE_FORMAT_EXTENSIBLE description');
    channelMask = u32(body, 20);
    subFormat = guidString(body, 24);
    const code = u32(body, 24);
    const standard = KSDATAFORMAT_TAIL.every((x, i) => body[28 + i] === x);
    if (standard && code === WAVE_FORMAT_PCM) encoding = 'pcm';
    else if (standard && code === WAVE_FORMAT_IEEE_FLOAT) encoding = 'float';
    else throw new WavError('bad-fmt', file, `the audio is encoded as SubFormat ${subFormat}, which is neither PCM nor IEEE float`);
  } else if (formatTag === WAVE_FORMAT_PCM) {
    encoding = 'pcm';
  } else if (formatTag === WAVE_FORMAT_IEEE_FLOAT) {
    encoding = 'float';
  } else {
    throw new WavError('bad-fmt', file, `the audio is encoded with format tag ${hex4(formatTag)}, which is neither PCM nor IEEE float`);
  }

  const allowed = encoding === 'pcm' ? PCM_BITS : FLOAT_BITS;
  if (!allowed.has(bitsPerSample)) {
    throw new WavError(
      'bad-fmt',
      file,
      `${bitsPerSample}-bit ${encoding === 'pcm' ? 'PCM' : 'float'} is not a sample size we read (${[...allowed].join(', ')} bits)`,
    );
  }

  const blockAlign = channels * (bitsPerSample / 8);
  if (declaredBlockAlign !== blockAlign) {
    warnings.add(
      'odd-block-align',
      `the "fmt " chunk declares ${declaredBlockAlign} bytes per frame, but ${channels} channel(s) of ${bitsPerSample}-bit samples take ${blockAlign}: using ${blockAlign}`,
    );
  }

  const format: WavFormat = { container, formatTag, encoding, channels, sampleRate, bitsPerSample, blockAlign, byteRate };
  if (subFormat !== undefined) format.subFormat = subFormat;
  if (channelMask !== undefined) format.channelMask = channelMask;
  return format;
}
