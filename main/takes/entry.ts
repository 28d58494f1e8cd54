/** A file on its way into a take: its WavInfo, what it says about the take, and its path split up. */
import type { WavInfo } from '../wav/types';
import { takeMetadataOf } from './metadata';
import { pathParts, type PathParts } from './naming';
import type { TakeMetadata } from './types';

export interface TakeFile {
  relativePath: string; // '/'-separated, relative to the card (or roll) root
  info: WavInfo;
}

export interface Entry extends TakeFile {
  meta: TakeMetadata;
  parts: PathParts;
}

export function entryOf(file: TakeFile): Entry {
  return { ...file, meta: takeMetadataOf(file.info, file.relativePath), parts: pathParts(file.relativePath) };
}
