/**
 * Where the ffmpeg binary is: `FFMPEG_BIN` when set (CI, a system ffmpeg, a user override), else the binary that
 * ffmpeg-static ships. In a packaged Electron app node_modules lives inside `app.asar`, which a child process cannot
 * execute from; electron-builder unpacks the binary next to it into `app.asar.unpacked`, so the path is rewritten.
 */
import { existsSync } from 'node:fs';

export class FfmpegMissingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FfmpegMissingError';
  }
}

/** The ffmpeg executable to spawn. Throws `FfmpegMissingError` with what to do when there is none. */
export function ffmpegPath(): string {
  const override = process.env.FFMPEG_BIN;
  if (override) return override;
  let bundled: string | null = null;
  try {
    bundled = require('ffmpeg-static') as string | null;
  } catch (e) {
    throw new FfmpegMissingError(`ffmpeg-static could not be loaded (${(e as Error).message}); set FFMPEG_BIN to an ffmpeg executable`);
  }
  if (!bundled) throw new FfmpegMissingError(`ffmpeg-static has no binary for ${process.platform}-${process.arch}; set FFMPEG_BIN to an ffmpeg executable`);
  const path = bundled.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
  if (!existsSync(path)) {
    throw new FfmpegMissingError(`ffmpeg binary missing at ${path} (ffmpeg-static install step not run?); reinstall ffmpeg-static or set FFMPEG_BIN`);
  }
  return path;
}
