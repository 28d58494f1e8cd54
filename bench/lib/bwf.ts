/**
 * The header of a benchmark take: an 8-track 48 kHz 24-bit poly Broadcast WAV as a Sound Devices recorder writes it,
 * built by the project's BWF writer (main/demo/bwf-writer.ts). Only the header is built here; the caller streams the
 * audio after it, so a 1 GB take never sits in memory.
 */
import { blockAlignOf, bwfHeader as writerHeader, codingHistoryLine, type BwfFormat, type BwfMeta } from '../../main/demo/bwf-writer';

export const AUDIO = { channels: 8, sampleRate: 48_000, bitsPerSample: 24 } as const;
const FORMAT: BwfFormat = { sampleRate: AUDIO.sampleRate, bitDepth: AUDIO.bitsPerSample, sampleFormat: 'pcm' };
/** Bytes per sample frame: 8 channels of packed 3-byte little-endian samples. */
export const BLOCK_ALIGN = blockAlignOf(FORMAT, AUDIO.channels);

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

function toBwfMeta(meta: TakeMeta): BwfMeta {
  return {
    format: FORMAT,
    tracks: meta.trackNames.map((name) => ({ name })),
    timeReference: meta.timeReference,
    bext: {
      description: [
        ['sSCENE', meta.scene],
        ['sTAKE', String(meta.take)],
        ['sTAPE', meta.tape],
        ['sSPEED', '023.976-ND'],
        ...meta.trackNames.map((name, i): [string, string] => [`sTRK${i + 1}`, name]),
        ['sNOTE', meta.note],
      ],
      originator: 'Sound Devices',
      originatorReference: `USSDV${meta.fileUid.slice(0, 27)}`,
      originationDate: meta.date,
      originationTime: meta.time,
      codingHistory: codingHistoryLine(FORMAT, meta.trackNames.length, 'soundroll-bench'),
    },
    ixml: {
      project: meta.project,
      scene: meta.scene,
      take: String(meta.take),
      tape: meta.tape,
      circled: meta.circled,
      note: meta.note,
      fileUid: meta.fileUid,
      timecodeRate: '24000/1001',
      timecodeFlag: 'NDF',
    },
  };
}

/** The bytes before the audio, ending with the `data` chunk header that announces `dataBytes` (whole frames). */
export function bwfHeader(meta: TakeMeta, dataBytes: number): Buffer {
  if (dataBytes % BLOCK_ALIGN) throw new RangeError(`${dataBytes} bytes is not a whole number of ${BLOCK_ALIGN}-byte frames`);
  return writerHeader(toBwfMeta(meta), dataBytes / BLOCK_ALIGN);
}

/** Audio bytes that fit a file of about `fileBytes` with this header: whole sample frames only. */
export function dataBytesFor(meta: TakeMeta, fileBytes: number): number {
  const overhead = bwfHeader(meta, 0).length;
  return Math.max(0, Math.floor((fileBytes - overhead) / BLOCK_ALIGN) * BLOCK_ALIGN);
}
