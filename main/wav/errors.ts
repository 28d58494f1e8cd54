/**
 * One error type for a file the reader cannot make sense of, so callers (offload, takes, catalog) can tell a file
 * that is not a WAV from one cut short by a dead battery without parsing messages. Problems the reader can work
 * around are warnings on WavInfo instead (see types.ts).
 */

export type WavErrorCode =
  | 'not-wav' // the first bytes are not RIFF/RF64/BW64 … WAVE
  | 'truncated-header' // the file ends before the fmt and data chunks could be found (cut mid-header)
  | 'no-fmt' // a complete chunk list without a fmt chunk: the audio format is unknown
  | 'no-data' // a complete chunk list without a data chunk: there is no audio
  | 'bad-fmt' // a fmt chunk we cannot use: too short, zero channels/rate, an encoding we do not read
  | 'bad-ds64' // RF64/BW64 sizes missing or impossible (beyond 2^53 bytes)
  | 'io'; // the file system refused; the cause carries the errno

export class WavError extends Error {
  override readonly name = 'WavError';
  constructor(
    readonly code: WavErrorCode,
    /** The file the problem is about. */
    readonly file: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${message} (${file})`, options);
  }
}

export function isWavError(e: unknown): e is WavError {
  return e instanceof WavError;
}
