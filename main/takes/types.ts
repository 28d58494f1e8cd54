/**
 * The take vocabulary: what one file says about its take (TakeMetadata) and the take a set of files makes
 * (TakeRecord). Every interpreted value says where it came from, because the mixer must be able to tell a name the
 * recorder wrote into iXML from one we guessed from a file name.
 */
import type { TimecodeRate } from '../../shared/timecode';
import type { SampleEncoding, WavContainer, WavWarningCode } from '../wav/types';

/** ixml beats bext beats filename beats default. */
export type ValueSource = 'ixml' | 'bext' | 'filename' | 'default';

export interface Sourced<T> {
  value: T;
  source: ValueSource;
}

/** iXML TAKE_TYPE words (the iXML 1.x booleans NO_GOOD, FALSE_START, WILD_TRACK map onto the same words). */
export type TakeFlag = 'NO_GOOD' | 'FALSE_START' | 'WILD_TRACK' | 'PICKUP' | 'REHEARSAL' | 'ANNOUNCEMENT' | 'SOUND_GUIDE' | (string & {});

/** A value iXML and bext both gave, differently: iXML's was kept. Reported, because it is often a real mistake. */
export interface MetadataConflict {
  field: string; // 'scene', 'take', 'timecodeRate', 'track 1 name'…
  kept: Sourced<string>;
  ignored: Sourced<string>;
}

/** One channel of one file, named. */
export interface FileTrack {
  channel: number; // 1-based within the file
  /** The channel's place in the whole take: iXML CHANNEL_INDEX, else the file name's track index. Orders split files. */
  takeChannel?: number;
  name: Sourced<string>;
  function?: string; // iXML FUNCTION, when not empty
}

/** What one file says about its take, values merged from iXML, bext Description, the file name. */
export interface TakeMetadata {
  scene?: Sourced<string>;
  take?: Sourced<string>;
  tape?: Sourced<string>;
  project?: Sourced<string>;
  note?: Sourced<string>;
  circled: Sourced<boolean>;
  flags: Sourced<TakeFlag[]>;
  timecodeRate?: Sourced<TimecodeRate>;
  /** Samples since midnight of the first sample (bext TimeReference, else iXML TIMESTAMP). Exact. */
  startSamples?: Sourced<bigint>;
  tracks: FileTrack[];
  familyUid?: string;
  fileUid?: string;
  /** iXML FILE_SET TOTAL_FILES: files of one recording agree on it, a tool's re-split of it does not. */
  fileSetTotal?: number;
  /** bext OriginatorReference (Sound Devices: the recording's FILE_UID, kept by tools that split the file). */
  originatorReference?: string;
  /** bext OriginationDate as YYYY-MM-DD (wall clock of the recorder, not timecode). */
  recordedOn?: string;
  conflicts: MetadataConflict[];
}

export type TakeWarningCode =
  | WavWarningCode
  | 'files-disagree' // files grouped into one take disagree on scene, take, start, length or format
  | 'channel-claimed-twice' // two files of one recording claim the same take channel
  | 'start-not-time-of-day'; // the start sample count is past one day or beyond exact numbers: no timecode

export interface TakeWarning {
  code: TakeWarningCode;
  message: string;
  relativePath?: string; // the file it is about, when one
}

export interface TakeTrack {
  position: number; // 1-based order in the take
  name: string;
  nameSource: ValueSource;
  function?: string;
  relativePath: string; // the file holding this track's audio
  channel: number; // 1-based within that file
  /** The same audio in another file of the card (a tool's split of a poly file): same take channel, same samples. */
  alternates: { relativePath: string; channel: number }[];
}

export interface TakeRecord {
  /** Stable grouping key, unique within a roll: `family:<FAMILY_UID>@<folder>`, `name:<folder>/<base>…`, `file:<path>`. */
  key: string;
  relativePaths: string[]; // every file of the take (sorted), alternates included
  scene?: Sourced<string>;
  take?: Sourced<string>;
  tape?: Sourced<string>;
  project?: Sourced<string>;
  note?: Sourced<string>;
  circled: Sourced<boolean>;
  flags: Sourced<TakeFlag[]>;
  timecodeRate?: Sourced<TimecodeRate>;
  startSamples?: Sourced<number>;
  startTc?: string;
  endTc?: string;
  sampleRate: number;
  bitDepth: number;
  encoding: SampleEncoding;
  container: WavContainer;
  channelCount: number; // tracks of the take (alternates not counted)
  frames: number; // sample frames of the longest file
  durationSeconds: number;
  familyUid?: string;
  recordedOn?: string;
  tracks: TakeTrack[];
  conflicts: (MetadataConflict & { relativePath: string })[];
  warnings: TakeWarning[];
}
