/**
 * The one decode pass of a take: ffmpeg turns each file into interleaved 32-bit float (`-f f32le`), this module
 * deinterleaves it and hands out blocks of per-track Float32 samples, frame-aligned across the files of a split take.
 * Peaks and (later) the QC analyzers are consumers of the same pass: `onBlock` receives every block once, and
 * `fanOut(...)` turns several consumers into one `onBlock` so a take is decoded once whatever reads it.
 *
 * Accuracy: ffmpeg converts 16-bit (x / 2^15) and 24-bit PCM (x·2^8 / 2^31) to float exactly, float32 passes through
 * untouched; 32-bit integer PCM is rounded to float's 24-bit mantissa (an error below 2^-24 of full scale).
 *
 * Why a direct `child_process.spawn` and not fluent-ffmpeg: fluent-ffmpeg builds the same command line, but before its
 * first spawn in a process it runs `ffmpeg -formats`, `-codecs`… to validate `-f f32le` / `-acodec pcm_f32le`, and its
 * output goes through an extra PassThrough. Measured (2 cores, ffmpeg 5.1, 60 s of 8-track 24-bit 48 kHz pink noise,
 * 69 MB, decoded to a pipe that only counts bytes): fluent-ffmpeg's first call 452 ms, then median 257 ms over 5 runs;
 * direct spawn median 253 ms. Steady state is the same (the pipe and ffmpeg dominate); the ~200 ms probe cost is paid
 * again in every new process (CLI runs, job workers). Spawn also gives the child directly for abort and stderr.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { setPriority } from 'node:os';
import type { Readable } from 'node:stream';
import { FfmpegMissingError, ffmpegPath } from './ffmpeg-path';

export interface DecodeFile {
  path: string;
  /** Channels in the file: tracks it contributes, in order. */
  channels: number;
}

/**
 * Receives one block: `tracks[t]` holds `tracks[t].length` samples of track t (the same length for every track),
 * starting at frame `startFrame` of the take. The arrays are reused for the next block: read them during the call,
 * copy what you keep. Every consumer of the pass sees the same arrays, so none may write to them.
 */
export type BlockHandler = (tracks: readonly Float32Array[], startFrame: number) => void;

export interface DecodeOptions {
  onBlock: BlockHandler;
  signal?: AbortSignal;
  /** Frames per block (default 65536); the last block is shorter. */
  blockFrames?: number;
  /**
   * Scheduling priority for the ffmpeg children (0 normal … 19 lowest, as `nice`). Previews behind an offload use a
   * positive value so the kernel gives the copy's hashing the CPU first. Ignored where the OS refuses it.
   */
  niceness?: number;
}

export interface DecodeResult {
  /** Frames delivered per track: the longest file's (shorter files of a split take are padded with silence). */
  frames: number;
  tracks: number;
}

/** One `onBlock` that calls each consumer in turn, for several analyzers on one decode pass. */
export function fanOut(...handlers: BlockHandler[]): BlockHandler {
  return (tracks, startFrame) => {
    for (const h of handlers) h(tracks, startFrame);
  };
}

/** The ffmpeg arguments for one file: decoded to native-order interleaved float32 on stdout, errors only on stderr. */
export function ffmpegDecodeArgs(path: string): string[] {
  return ['-nostdin', '-v', 'error', '-i', path, '-map', '0:a:0', '-f', 'f32le', '-acodec', 'pcm_f32le', '-'];
}

interface Source {
  file: DecodeFile;
  child: ChildProcessByStdio<null, Readable, Readable>;
  chunks: Buffer[];
  /** Bytes queued in `chunks`, from `headOffset` of the first one. */
  queued: number;
  headOffset: number;
  ended: boolean;
  paused: boolean;
  stderr: string;
  /** Interleaved scratch for one block of this file (its own ArrayBuffer, so the Float32Array view is aligned). */
  scratch: Float32Array;
  /** First track of this file in the take. */
  firstTrack: number;
}

const MAX_STDERR = 8192;

/**
 * Decodes the files of one take (one poly file, or the mono files of a split take, in track order), one ffmpeg per
 * file, all in parallel, and calls `onBlock` with frame-aligned per-track blocks. Resolves when every file is done;
 * rejects on an ffmpeg failure (its stderr in the message), a handler that throws, or an abort (every child killed).
 */
export function decodeTracks(files: readonly DecodeFile[], opts: DecodeOptions): Promise<DecodeResult> {
  const blockFrames = opts.blockFrames ?? 65536;
  if (!Number.isInteger(blockFrames) || blockFrames < 1) throw new RangeError(`bad blockFrames ${blockFrames}`);
  if (!files.length) throw new RangeError('no files to decode');
  for (const f of files) if (!Number.isInteger(f.channels) || f.channels < 1) throw new RangeError(`${f.path}: bad channel count ${f.channels}`);
  const bin = ffmpegPath();
  const totalTracks = files.reduce((n, f) => n + f.channels, 0);
  const out = Array.from({ length: totalTracks }, () => new Float32Array(blockFrames));
  // High-water mark per file: a file that runs ahead of the others stops being read until they catch up.
  const highWater = (f: DecodeFile): number => 4 * blockFrames * f.channels * 4;

  return new Promise<DecodeResult>((resolve, reject) => {
    let settled = false;
    let delivered = 0;
    let firstTrack = 0;
    const sources: Source[] = [];

    const fail = (err: Error): void => {
      if (settled) return;
      settled = true;
      for (const s of sources) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
      opts.signal?.removeEventListener('abort', onAbort);
      reject(err);
    };
    const onAbort = (): void => {
      const reason = opts.signal?.reason as unknown;
      fail(reason instanceof Error ? reason : Object.assign(new Error('decode aborted'), { name: 'AbortError' }));
    };

    /** Moves `frames` frames of `s` into `s.scratch` (zeros past the end of a file that is done). */
    const take = (s: Source, frames: number): void => {
      const wanted = frames * s.file.channels * 4;
      const bytes = new Uint8Array(s.scratch.buffer, 0, wanted);
      let filled = 0;
      while (filled < wanted && s.chunks.length) {
        const head = s.chunks[0]!;
        const n = Math.min(head.length - s.headOffset, wanted - filled);
        bytes.set(head.subarray(s.headOffset, s.headOffset + n), filled);
        filled += n;
        s.headOffset += n;
        s.queued -= n;
        if (s.headOffset === head.length) {
          s.chunks.shift();
          s.headOffset = 0;
        }
      }
      if (filled < wanted) bytes.fill(0, filled);
      const nch = s.file.channels;
      const src = s.scratch;
      for (let c = 0; c < nch; c++) {
        const dst = out[s.firstTrack + c]!;
        for (let i = 0, j = c; i < frames; i++, j += nch) dst[i] = src[j]!;
      }
    };

    const framesQueued = (s: Source): number => Math.floor(s.queued / (s.file.channels * 4));

    const pump = (): void => {
      if (settled) return;
      try {
        while (true) {
          // A full block once every running file has one (a file that is done pads with silence); the rest at the end.
          const running = sources.filter((s) => !s.ended);
          let n: number;
          if (!running.length) n = Math.min(blockFrames, Math.max(...sources.map(framesQueued)));
          else if (Math.min(...running.map(framesQueued)) >= blockFrames) n = blockFrames;
          else break;
          if (n <= 0) break;
          for (const s of sources) take(s, n);
          const view = n === blockFrames ? out : out.map((a) => a.subarray(0, n));
          opts.onBlock(view, delivered);
          delivered += n;
        }
      } catch (e) {
        fail(e instanceof Error ? e : new Error(String(e)));
        return;
      }
      for (const s of sources) {
        const full = s.queued >= highWater(s.file);
        if (full && !s.paused && !s.ended) {
          s.child.stdout.pause();
          s.paused = true;
        } else if (!full && s.paused) {
          s.child.stdout.resume();
          s.paused = false;
        }
      }
      if (sources.every((s) => s.ended) && sources.every((s) => framesQueued(s) === 0)) {
        const partial = sources.find((s) => s.queued > 0);
        if (partial) return fail(new Error(`${partial.file.path}: ffmpeg output ends mid-frame (${partial.queued} stray bytes)`));
        settled = true;
        opts.signal?.removeEventListener('abort', onAbort);
        resolve({ frames: delivered, tracks: totalTracks });
      }
    };

    if (opts.signal?.aborted) {
      onAbort();
      return;
    }
    opts.signal?.addEventListener('abort', onAbort, { once: true });

    for (const file of files) {
      const child = spawn(bin, ffmpegDecodeArgs(file.path), { stdio: ['ignore', 'pipe', 'pipe'] });
      if (opts.niceness && child.pid !== undefined) {
        try {
          setPriority(child.pid, opts.niceness);
        } catch {
          // Not permitted here (or the child already exited): it runs at normal priority, which is only slower.
        }
      }
      const s: Source = {
        file,
        child,
        chunks: [],
        queued: 0,
        headOffset: 0,
        ended: false,
        paused: false,
        stderr: '',
        scratch: new Float32Array(blockFrames * file.channels),
        firstTrack,
      };
      firstTrack += file.channels;
      sources.push(s);
      child.stdout.on('data', (b: Buffer) => {
        s.chunks.push(b);
        s.queued += b.length;
        pump();
      });
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (t: string) => {
        if (s.stderr.length < MAX_STDERR) s.stderr += t;
      });
      child.on('error', (e: NodeJS.ErrnoException) =>
        fail(e.code === 'ENOENT' ? new FfmpegMissingError(`ffmpeg not found at ${bin} (set FFMPEG_BIN)`) : new Error(`${file.path}: ffmpeg: ${e.message}`)),
      );
      // 'close' comes after stdout has ended and the process has exited: every byte is in `chunks` by then.
      child.on('close', (code, signal) => {
        if (settled) return;
        if (code !== 0) return fail(new Error(`${file.path}: ffmpeg exited with ${signal ?? code}: ${s.stderr.trim() || 'no message'}`));
        s.ended = true;
        pump();
      });
    }
  });
}
