/**
 * Reads the metadata of each verified copy, one file at a time, behind the copy: the offload enqueues and moves on,
 * so reading headers never delays the next block of the card. Reads come from the destination copy (already proven
 * identical to the card), not from the card, which may be pulled the moment it is safe.
 */
import type { Catalog } from '../catalog';
import { readWavInfo, WavError } from '../wav';
import { wavInfoToJson } from './wav-json';

const WAV_NAME = /\.(wav|bwf|rf64)$/i;

export function looksLikeWav(relativePath: string): boolean {
  return WAV_NAME.test(relativePath);
}

export class MetadataQueue {
  private tail: Promise<void> = Promise.resolve();

  /** `onRead` runs after each WAV header read is recorded (the analysis scheduler listens). */
  constructor(
    private readonly catalog: Catalog,
    private readonly onRead?: () => void,
  ) {}

  enqueue(fileId: number, copyPath: string, relativePath: string): void {
    if (!looksLikeWav(relativePath)) {
      this.catalog.takes.recordWavRead({ fileId, status: 'not-wav', readFrom: copyPath });
      return;
    }
    this.tail = this.tail.then(() => this.readOne(fileId, copyPath));
  }

  /** Resolves when everything enqueued so far has been read and recorded. */
  drain(): Promise<void> {
    return this.tail;
  }

  private async readOne(fileId: number, copyPath: string): Promise<void> {
    try {
      const info = await readWavInfo(copyPath);
      this.catalog.takes.recordWavRead({ fileId, status: 'ok', infoJson: wavInfoToJson(info), readFrom: copyPath });
      this.onRead?.();
    } catch (err) {
      const notWav = err instanceof WavError && err.code === 'not-wav';
      this.catalog.takes.recordWavRead({
        fileId,
        status: notWav ? 'not-wav' : 'error',
        message: err instanceof Error ? err.message : String(err),
        readFrom: copyPath,
      });
    }
  }
}
