/**
 * How a chosen destination stands before the offload (pure: tested in tests/renderer): red when it cannot take
 * a copy at all (not connected, read-only, not a folder, inside the card), amber when it may run out of room.
 */
import type { DestinationView } from '../../../shared/contract';
import { formatBytes } from '../../../shared/format';
import { isSameOrInside } from './paths';

export type Level = 'ok' | 'warn' | 'bad' | 'unknown';

export interface DestinationStatus {
  level: Level;
  message: string;
}

export function destinationStatus(view: DestinationView | undefined, cardBytes?: number, source?: string): DestinationStatus {
  if (source && view && (isSameOrInside(view.path, source) || isSameOrInside(source, view.path))) {
    return { level: 'bad', message: 'This is the card itself (or a folder on it): choose another drive.' };
  }
  if (!view) return { level: 'unknown', message: 'checking…' };
  if (!view.exists) return { level: 'bad', message: 'Not connected: the folder is not there.' };
  if (!view.writable) return { level: 'bad', message: view.error ?? 'Read-only: soundroll cannot write here.' };
  if (view.freeBytes !== null && cardBytes !== undefined && view.freeBytes < cardBytes) {
    return { level: 'warn', message: `Only ${formatBytes(view.freeBytes)} free: the card holds ${formatBytes(cardBytes)}.` };
  }
  return { level: 'ok', message: view.freeBytes !== null ? `${formatBytes(view.freeBytes)} free` : 'ready' };
}

export const SINGLE_COPY_WARNING = 'A single copy is not a backup: add a second drive.';

export function countWarning(count: number): string | undefined {
  return count === 1 ? SINGLE_COPY_WARNING : undefined;
}
