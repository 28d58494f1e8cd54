/**
 * What the reader learns from one WAV file (RIFF/WAVE, RF64, BW64). Plain data. Every value is what the file says;
 * interpretation (which name wins, the take it belongs to) happens in main/takes.
 */

export type WavContainer = 'RIFF' | 'RF64' | 'BW64';
export type SampleEncoding = 'pcm' | 'float';

export interface WavFormat {
  container: WavContainer;
  /** The fmt tag as written: 1 PCM, 3 IEEE float, 0xFFFE extensible. */
  formatTag: number;
  /** For WAVE_FORMAT_EXTENSIBLE: the SubFormat GUID, lowercase, dashed. */
  subFormat?: string;
  encoding: SampleEncoding;
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  blockAlign: number;
  byteRate: number;
  /** WAVE_FORMAT_EXTENSIBLE channel mask, when present. */
  channelMask?: number;
}

export interface ChunkInfo {
  id: string; // four characters, as in the file (non-printable bytes shown as \xNN)
  offset: number; // of the chunk header
  size: number; // as declared (ds64 applied for RF64 data)
}

export interface BextInfo {
  description: string;
  originator: string;
  originatorReference: string;
  originationDate: string;
  originationTime: string;
  /** Samples since midnight of the first sample, read unsigned 64-bit. A bigint so hostile values stay exact. */
  timeReference: bigint;
  version: number;
  umid: string; // hex, empty when all zero
  loudnessValue?: number; // LUFS (x100 field / 100); absent when the field is 0x7fff or version < 2
  loudnessRange?: number;
  maxTruePeakLevel?: number;
  maxMomentaryLoudness?: number;
  maxShortTermLoudness?: number;
  codingHistory: string;
  /** key=value lines of Description (Sound Devices `sSCENE=`, Zoom `SCENE=`…), keys as written. */
  descriptionFields: Record<string, string>;
}

export interface IxmlTrack {
  channelIndex?: number;
  interleaveIndex?: number;
  name?: string;
  function?: string;
}

export interface IxmlInfo {
  project?: string;
  scene?: string;
  take?: string;
  tape?: string;
  circled?: boolean;
  note?: string;
  wildTrack?: boolean;
  falseStart?: boolean;
  noGood?: boolean;
  /** TAKE_TYPE list (iXML 2.x), e.g. ['DEFAULT'] or ['NO_GOOD', 'WILD_TRACK']. */
  takeType?: string[];
  ubits?: string;
  fileUid?: string;
  speed?: {
    masterSpeed?: string;
    currentSpeed?: string;
    timecodeRate?: string; // e.g. "24000/1001"
    timecodeFlag?: 'DF' | 'NDF';
    fileSampleRate?: number;
    audioBitDepth?: number;
    /** TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_HI/LO combined. */
    timestampSamplesSinceMidnight?: bigint;
  };
  tracks: IxmlTrack[];
  fileSet?: { familyUid?: string; familyName?: string; totalFiles?: number; fileSetIndex?: string };
}

export type WavWarningCode =
  | 'truncated-data' // the header promises more audio than the file holds (battery died mid-take)
  | 'chunk-past-end' // a chunk's size runs past the end of the file
  | 'duplicate-chunk' // a second fmt/bext/iXML/data: the first is used
  | 'missing-pad' // an odd-sized chunk without its pad byte
  | 'ixml-rejected' // iXML unreadable, hostile (DOCTYPE/entities) or too large: ignored
  | 'bext-malformed' // bext too short or with impossible values: ignored or partly read
  | 'odd-block-align' // blockAlign does not match channels × bytes per sample
  | 'invalid-text'; // a text field is not valid UTF-8/latin-1 text

export interface WavWarning {
  code: WavWarningCode;
  message: string; // plain language, names the file's problem
}

export interface WavInfo {
  path: string;
  fileSize: number;
  format: WavFormat;
  /** Byte offset of the first audio byte. */
  dataOffset: number;
  /** Data size the header declares. */
  declaredDataSize: number;
  /** Bytes of audio actually present (declared size clamped to the file, whole frames only). */
  dataSize: number;
  frames: number;
  durationSeconds: number;
  bext?: BextInfo;
  ixml?: IxmlInfo;
  chunks: ChunkInfo[];
  warnings: WavWarning[];
}
