/** Plain data of main/drives: where drives mount, what is mounted, what a card looks like from its headers. */

/**
 * A place to look for removable drives. A `parent` holds one folder per mounted volume (`/Volumes`, `/media/$USER`);
 * a `drive` IS a volume (a Windows drive letter `E:\`), present or not.
 */
export interface MountRoot {
  kind: 'parent' | 'drive';
  path: string;
}

export interface DriveInfo {
  /** The volume's folder (`/Volumes/SD_CARD`, `E:\`). */
  path: string;
  /** Its folder name; a Windows drive's letter (`E:`), since statfs carries no volume label. */
  name: string;
  /** Bytes an unprivileged user may still write (statfs bavail × bsize); null when the volume could not be read. */
  freeBytes: number | null;
  /** statfs blocks × bsize; null when the volume could not be read. */
  totalBytes: number | null;
  /** Why the volume could not be read (then both sizes are null). Absent for a readable volume. */
  error?: string;
}

export interface CardInfo {
  /** The folder that was recognised (the volume root: the walk goes down from it). */
  path: string;
  /** bext Originator most sampled files agree on (`Sound Devices`). */
  recorder?: string;
  /** Tape/roll the files say (iXML TAPE, else bext `sTAPE=`/`TAPE=`), else the card folder's name. */
  roll?: string;
  /** Where `roll` came from. */
  rollSource?: 'metadata' | 'folder';
  /** WAV/BWF files found by the bounded walk. */
  wavFiles: number;
  /** Sum of their sizes. */
  bytes: number;
  /** Headers read (at most `maxHeaders`). */
  sampleWavs: number;
  /** Of those, how many readWavInfo refused (not a WAV, truncated, unreadable). */
  unreadable: number;
  /** Of those, how many carry bext or iXML (at least 1, or it is not a card). */
  withMetadata: number;
  /** The walk stopped at `maxEntries`: `wavFiles` and `bytes` are lower bounds. */
  truncated: boolean;
}

export interface RecogniseOptions {
  /** Folder levels below the card folder that are walked (files at `card/a/b/c/x.wav` are found with 3). Default 3. */
  maxDepth?: number;
  /** Directory entries looked at, all folders together; the walk stops there. Default 5000. */
  maxEntries?: number;
  /** WAV headers read, spread over the files found. Default 24. */
  maxHeaders?: number;
}

export type Drive = DriveInfo & { card: CardInfo | null };

export interface DriveChange {
  added: Drive[];
  removed: Drive[];
  /** The list after the change (what `current()` now returns). */
  drives: Drive[];
}

export interface WatchDrivesOptions {
  /** Where to look; default `mountRoots()` of this machine. */
  roots?: MountRoot[];
  /** Pause between the end of one poll and the start of the next. Default 2000. */
  intervalMs?: number;
  /** Run recogniseCard on each added volume. Default true; false leaves `card` null. */
  recognise?: boolean;
  /** Passed to recogniseCard. */
  recogniseOptions?: RecogniseOptions;
}

export interface DriveWatcher {
  /** The drives of the last finished poll (empty before the first one finishes). */
  current(): Drive[];
  /** Called after a poll that added or removed a volume; returns the unsubscribe. */
  onChange(listener: (event: DriveChange) => void): () => void;
  /** Polls now (after the one under way, if any) and resolves when that poll is done. */
  refresh(): Promise<void>;
  /** Stops polling and events; resolves when a poll under way has finished. */
  close(): Promise<void>;
}
