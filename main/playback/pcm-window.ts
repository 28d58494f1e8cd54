/**
 * A window of a take's audio as 16-bit PCM, read straight from the data chunk of a verified copy: no ffmpeg, no
 * decode of anything outside the window. The window's bytes are read with positioned reads in bounded chunks (at most
 * CHUNK_BYTES at a time, never past the window), and each wanted channel is converted to int16 as it arrives.
 *
 * Conversion to int16 (one scale for every format: full scale is 32768, so a sample keeps its level whatever the
 * source depth): 8-bit unsigned PCM is shifted up; 16-bit is copied; 24- and 32-bit PCM are rounded to the nearest
 * 16-bit step (halves up); float samples are scaled by 32768 and rounded; everything clamps to [-32768, 32767], so
 * a float beyond ±1 plays at full scale. NaN plays as silence.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { readWavInfo, type WavInfo } from '../wav';

/** Where a file's audio is and how it is laid out: the parts of WavInfo the reader needs. */
export interface PcmLayout {
  encoding: 'pcm' | 'float';
  /** As the fmt chunk says; samples sit in containers of ceil(bits / 8) bytes, significant bits first. */
  bitsPerSample: number;
  channels: number;
  /** Bytes per frame (the stride between frames). */
  blockAlign: number;
  /** Byte offset of the first audio byte. */
  dataOffset: number;
  /** Whole frames of audio present in the file. */
  frames: number;
}

/** The largest read one window makes at a time (a window larger than this is read in several). */
export const CHUNK_BYTES = 1 << 20;

export const layoutOf = (info: Pick<WavInfo, 'format' | 'dataOffset' | 'frames'>): PcmLayout => ({
  encoding: info.format.encoding,
  bitsPerSample: info.format.bitsPerSample,
  channels: info.format.channels,
  blockAlign: info.format.blockAlign,
  dataOffset: info.dataOffset,
  frames: info.frames,
});

/** Bytes per sample container, or an error naming what cannot be played. */
export function containerBytes(layout: PcmLayout): number {
  const bytes = Math.ceil(layout.bitsPerSample / 8);
  const ok = layout.encoding === 'float' ? bytes === 4 || bytes === 8 : bytes >= 1 && bytes <= 4;
  if (!ok) throw new Error(`${layout.bitsPerSample}-bit ${layout.encoding === 'float' ? 'float' : 'PCM'} audio cannot be played`);
  if (!(layout.channels >= 1) || layout.blockAlign < layout.channels * bytes) {
    throw new Error(`a frame of ${layout.blockAlign} bytes cannot hold ${layout.channels} channels of ${bytes} bytes`);
  }
  return bytes;
}

const clamp16 = (v: number): number => (v > 32767 ? 32767 : v < -32768 ? -32768 : v);

/**
 * Converts `frames` interleaved frames in `bytes` (starting at byte 0) to int16, for each 0-based channel of
 * `channels`, into `out[i]` from index `at`. Pure.
 */
export function decodeFrames(
  bytes: Uint8Array,
  layout: PcmLayout,
  frames: number,
  channels: readonly number[],
  out: readonly Int16Array[],
  at: number,
): void {
  const size = containerBytes(layout);
  const stride = layout.blockAlign;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  channels.forEach((channel, i) => {
    if (!(channel >= 0 && channel < layout.channels)) throw new RangeError(`no channel ${channel + 1} in a ${layout.channels}-channel file`);
    const dst = out[i]!;
    let p = channel * size;
    let o = at;
    const end = at + frames;
    if (layout.encoding === 'float') {
      if (size === 4) {
        for (; o < end; o++, p += stride) {
          const x = Math.round(view.getFloat32(p, true) * 32768);
          dst[o] = x !== x ? 0 : clamp16(x);
        }
      } else {
        for (; o < end; o++, p += stride) {
          const x = Math.round(view.getFloat64(p, true) * 32768);
          dst[o] = x !== x ? 0 : clamp16(x);
        }
      }
      return;
    }
    switch (size) {
      case 1:
        for (; o < end; o++, p += stride) dst[o] = (bytes[p]! - 128) << 8;
        break;
      case 2:
        for (; o < end; o++, p += stride) dst[o] = view.getInt16(p, true);
        break;
      case 3:
        for (; o < end; o++, p += stride) {
          const v = bytes[p]! | (bytes[p + 1]! << 8) | ((bytes[p + 2]! << 24) >> 8);
          const r = (v + 128) >> 8;
          dst[o] = r > 32767 ? 32767 : r;
        }
        break;
      default:
        for (; o < end; o++, p += stride) dst[o] = clamp16(Math.floor((view.getInt32(p, true) + 32768) / 65536));
    }
  });
}

/**
 * Frames [fromFrame, fromFrame + frames) of the given 0-based channels of an open WAV file, clamped to the file's
 * audio: the arrays are as long as the frames actually there (empty past the end). Reads only the window's bytes.
 */
export async function readPcmWindow(
  fh: FileHandle,
  layout: PcmLayout,
  fromFrame: number,
  frames: number,
  channels: readonly number[],
): Promise<Int16Array[]> {
  containerBytes(layout); // a format it cannot play is refused before any read
  const n = Math.max(0, Math.min(frames, layout.frames - fromFrame));
  const out = channels.map(() => new Int16Array(n));
  if (n === 0) return out;
  const stride = layout.blockAlign;
  // The last frame of a chunk only needs its wanted channels' bytes, but whole frames keep the arithmetic simple.
  const chunkFrames = Math.max(1, Math.floor(CHUNK_BYTES / stride));
  const buf = new Uint8Array(Math.min(n, chunkFrames) * stride);
  for (let done = 0; done < n; ) {
    const count = Math.min(chunkFrames, n - done);
    const length = count * stride;
    const position = layout.dataOffset + (fromFrame + done) * stride;
    let got = 0;
    while (got < length) {
      const { bytesRead } = await fh.read(buf, got, length - got, position + got);
      if (bytesRead === 0) throw new Error(`the file ends at byte ${position + got}, inside the audio its header promises (was it cut short?)`);
      got += bytesRead;
    }
    decodeFrames(buf.subarray(0, length), layout, count, channels, out, done);
    done += count;
  }
  return out;
}

/** One track of a take: the copy that holds it and its 1-based channel in that file. */
export interface TakeTrackSource {
  path: string;
  channel: number;
}

export interface TakeWindow {
  sampleRate: number;
  fromFrame: number;
  /** Frames actually returned (the request clamped to the take's end). */
  frames: number;
  /** One per track, in the take's order. */
  tracks: Int16Array[];
}

/**
 * A window of a whole take: poly file or split mono files, each file opened once and its window read once for all
 * the tracks it holds. The take ends where its shortest file ends (or at `endFrame`, the frames the catalog knows,
 * when that is sooner). Files must share one sample rate.
 */
export async function readTakeWindow(
  tracks: readonly TakeTrackSource[],
  fromFrame: number,
  frames: number,
  opts: { endFrame?: number | null } = {},
): Promise<TakeWindow> {
  if (!Number.isSafeInteger(fromFrame) || fromFrame < 0) throw new RangeError(`fromFrame must be a non-negative integer, got ${fromFrame}`);
  if (!Number.isSafeInteger(frames) || frames < 0) throw new RangeError(`frames must be a non-negative integer, got ${frames}`);
  const paths = [...new Set(tracks.map((t) => t.path))];
  const infos = await Promise.all(paths.map((p) => readWavInfo(p)));
  const layouts = new Map(paths.map((p, i) => [p, layoutOf(infos[i]!)]));
  const sampleRate = infos[0]?.format.sampleRate ?? 0;
  for (const info of infos) {
    if (info.format.sampleRate !== sampleRate) throw new Error(`${info.path} is at ${info.format.sampleRate} Hz, ${infos[0]!.path} at ${sampleRate} Hz: they cannot play together`);
  }
  let end = layouts.size ? Math.min(...[...layouts.values()].map((l) => l.frames)) : 0;
  if (opts.endFrame !== undefined && opts.endFrame !== null && opts.endFrame < end) end = opts.endFrame;
  const n = Math.max(0, Math.min(frames, end - fromFrame));
  const out: Int16Array[] = tracks.map(() => new Int16Array(0));
  await Promise.all(
    paths.map(async (path) => {
      const layout = layouts.get(path)!;
      const wanted = tracks.flatMap((t, i) => (t.path === path ? [i] : []));
      for (const i of wanted) {
        const c = tracks[i]!.channel;
        if (!Number.isInteger(c) || c < 1 || c > layout.channels) throw new RangeError(`${path} has ${layout.channels} channels, no channel ${c}`);
      }
      if (n === 0) return;
      const fh = await open(path, 'r');
      try {
        const arrays = await readPcmWindow(fh, layout, fromFrame, n, wanted.map((i) => tracks[i]!.channel - 1));
        wanted.forEach((i, k) => (out[i] = arrays[k]!));
      } finally {
        await fh.close();
      }
    }),
  );
  return { sampleRate, fromFrame, frames: n, tracks: out };
}
