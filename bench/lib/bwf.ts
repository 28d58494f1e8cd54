/**
 * The header of a poly Broadcast WAV file as a Sound Devices recorder writes it: RIFF/WAVE, then `bext`, `iXML`,
 * `fmt `, `data` (the 702T's chunk order). Only the header is built here; the caller streams the audio after it, so
 * a 1 GB take never sits in memory. Layouts from EBU Tech 3285 (bext) and the iXML specification (docs/domain.md).
 */

export const AUDIO = { channels: 8, sampleRate: 48_000, bitsPerSample: 24 } as const;
/** Bytes per sample frame: 8 channels of packed 3-byte little-endian samples. */
export const BLOCK_ALIGN = AUDIO.channels * (AUDIO.bitsPerSample / 8);

export interface TakeMeta {
  project: string;
  scene: string;
  take: number;
  tape: string;
  /** Wall-clock date and time of the recording (bext OriginationDate/Time), local. */
  date: string; // YYYY-MM-DD
  time: string; // HH:MM:SS
  /** Timecode start as samples since midnight (bext TimeReference, iXML TIMESTAMP_SAMPLES_SINCE_MIDNIGHT). */
  timeReference: number;
  trackNames: readonly string[];
  circled: boolean;
  note: string;
  fileUid: string;
}

/** The bytes before the audio, ending with the `data` chunk header that announces `dataBytes`. */
export function bwfHeader(meta: TakeMeta, dataBytes: number): Buffer {
  const chunks = [chunk('bext', bextBody(meta)), chunk('iXML', Buffer.from(ixml(meta), 'utf8')), chunk('fmt ', fmtBody())];
  const dataHeader = Buffer.alloc(8);
  dataHeader.write('data', 0, 'latin1');
  dataHeader.writeUInt32LE(dataBytes, 4);
  const head = Buffer.concat([...chunks, dataHeader]);
  const riff = Buffer.alloc(12);
  riff.write('RIFF', 0, 'latin1');
  // RIFF size counts everything after its own 8 bytes, the audio's pad byte included.
  riff.writeUInt32LE(4 + head.length + dataBytes + (dataBytes % 2), 4);
  riff.write('WAVE', 8, 'latin1');
  return Buffer.concat([riff, head]);
}

/** Audio bytes that fit a file of about `fileBytes` with this header: whole sample frames only. */
export function dataBytesFor(meta: TakeMeta, fileBytes: number): number {
  const overhead = bwfHeader(meta, 0).length;
  return Math.max(0, Math.floor((fileBytes - overhead) / BLOCK_ALIGN) * BLOCK_ALIGN);
}

function chunk(id: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.write(id, 0, 'latin1');
  head.writeUInt32LE(body.length, 4);
  // A chunk of odd size is followed by a pad byte that its size does not count.
  return Buffer.concat(body.length % 2 ? [head, body, Buffer.alloc(1)] : [head, body]);
}

function fmtBody(): Buffer {
  const b = Buffer.alloc(16);
  b.writeUInt16LE(1, 0); // PCM: what Sound Devices writes for poly files, even above 2 channels or 16 bits
  b.writeUInt16LE(AUDIO.channels, 2);
  b.writeUInt32LE(AUDIO.sampleRate, 4);
  b.writeUInt32LE(AUDIO.sampleRate * BLOCK_ALIGN, 8);
  b.writeUInt16LE(BLOCK_ALIGN, 12);
  b.writeUInt16LE(AUDIO.bitsPerSample, 14);
  return b;
}

const BEXT_FIXED = 602;

function bextBody(meta: TakeMeta): Buffer {
  const codingHistory = `A=PCM,F=${AUDIO.sampleRate},W=${AUDIO.bitsPerSample},M=mono,T=soundroll-bench\r\n`;
  const b = Buffer.alloc(BEXT_FIXED + codingHistory.length);
  writeField(b, 0, 256, soundDevicesDescription(meta));
  writeField(b, 256, 32, 'Sound Devices');
  writeField(b, 288, 32, `USSDV${meta.fileUid.slice(0, 27)}`);
  writeField(b, 320, 10, meta.date);
  writeField(b, 330, 8, meta.time);
  b.writeUInt32LE(meta.timeReference % 0x1_0000_0000, 338);
  b.writeUInt32LE(Math.floor(meta.timeReference / 0x1_0000_0000), 342);
  b.writeUInt16LE(1, 346); // version 1: UMID present (zero here), no loudness values
  b.write(codingHistory, BEXT_FIXED, 'latin1');
  return b;
}

/**
 * Sound Devices' key=value lines, CRLF-terminated. The field holds 256 bytes: lines that would not fit are left out
 * whole rather than cut mid-value, as a reader would otherwise see a wrong track name.
 */
function soundDevicesDescription(meta: TakeMeta): string {
  const lines = [
    `sSCENE=${meta.scene}`,
    `sTAKE=${meta.take}`,
    `sTAPE=${meta.tape}`,
    `sSPEED=023.976-ND`,
    ...meta.trackNames.map((name, i) => `sTRK${i + 1}=${name}`),
    `sNOTE=${meta.note}`,
  ];
  let out = '';
  for (const line of lines) {
    if (out.length + line.length + 2 > 256) break;
    out += `${line}\r\n`;
  }
  return out;
}

function writeField(b: Buffer, offset: number, length: number, text: string): void {
  // Fixed-width ASCII, NUL-padded (the buffer starts zeroed); never spills into the next field.
  b.write(text.slice(0, length), offset, length, 'latin1');
}

function ixml(meta: TakeMeta): string {
  const el = (name: string, value: string | number): string => `<${name}>${xmlText(String(value))}</${name}>`;
  const tracks = meta.trackNames
    .map((name, i) => `<TRACK>${el('CHANNEL_INDEX', i + 1)}${el('INTERLEAVE_INDEX', i + 1)}${el('NAME', name)}${el('FUNCTION', '')}</TRACK>`)
    .join('\n');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<BWFXML>',
    el('IXML_VERSION', '2.10'),
    el('PROJECT', meta.project),
    el('SCENE', meta.scene),
    el('TAKE', meta.take),
    el('TAPE', meta.tape),
    el('CIRCLED', meta.circled ? 'TRUE' : 'FALSE'),
    el('NOTE', meta.note),
    el('FILE_UID', meta.fileUid),
    '<SPEED>',
    el('MASTER_SPEED', '24000/1001'),
    el('CURRENT_SPEED', '24000/1001'),
    el('TIMECODE_RATE', '24000/1001'),
    el('TIMECODE_FLAG', 'NDF'),
    el('FILE_SAMPLE_RATE', AUDIO.sampleRate),
    el('AUDIO_BIT_DEPTH', AUDIO.bitsPerSample),
    el('TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_HI', Math.floor(meta.timeReference / 0x1_0000_0000)),
    el('TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_LO', meta.timeReference % 0x1_0000_0000),
    '</SPEED>',
    '<TRACK_LIST>',
    el('TRACK_COUNT', meta.trackNames.length),
    tracks,
    '</TRACK_LIST>',
    '</BWFXML>',
    '',
  ].join('\n');
}

function xmlText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
