/**
 * Manifest file names: `NNNN_<rootfoldername>_<YYYY-MM-DD>_<HHMMSS>Z.mhl`, the generation number first so a directory
 * listing sorts in chain order and a number collision between two writers can be seen from the names alone.
 */
import { fileNameStamp } from './dates';

export function manifestFileName(sequence: number, rootFolderName: string, startedAt: Date): string {
  if (!Number.isInteger(sequence) || sequence < 1) throw new RangeError(`generation number ${sequence}`);
  return `${String(sequence).padStart(4, '0')}_${rootFolderName}_${fileNameStamp(startedAt)}.mhl`;
}

/** The generation number a manifest's file name starts with, or undefined when it does not follow the pattern. */
export function generationNumberOf(fileName: string): number | undefined {
  const m = /^(\d{4,})_.*\.mhl$/s.exec(fileName);
  return m ? Number(m[1]) : undefined;
}

export function isManifestFileName(fileName: string): boolean {
  return fileName.endsWith('.mhl') && !fileName.startsWith('.');
}
