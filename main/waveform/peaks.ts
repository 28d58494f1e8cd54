/**
 * Min/max peaks per track at several zoom levels, and their binary form (`.srpk`).
 *
 * The builder takes the decode pass's blocks and keeps the true min and max of every `finest`-sample bin in float32
 * (exact: they are samples); the coarser levels are folded from those bins when the pass is done (exact too: the min
 * of mins is the min). Only then are values quantised for storage.
 *
 * Format, version 1 (all little-endian; the reader refuses a big-endian host rather than byte-swapping):
 *
 *   offset  size
 *   0       4     magic "SRPK"
 *   4       2     u16 format version (1)
 *   6       2     u16 header bytes (H, a multiple of 8: where the peak data starts)
 *   8       4     u32 sample rate
 *   12      4     u32 track count T
 *   16      8     f64 frames per track (an integer below 2^53)
 *   24      4     u32 level count L
 *   28      4     u32 value scale S (32767): a stored value v means v / S
 *   32      16·L  per level: u32 samples per bin, u32 bins, f64 byte offset of the level's data from the file start
 *   ..      8·T   per track: f32 true minimum, f32 true maximum of the whole track (unquantised, may pass ±1)
 *   H       ...   per level, per track: `bins` pairs of i16 (min, max), interleaved
 *
 * Quantisation: min is stored as floor(min·S), max as ceil(max·S), clamped to ±S: a stored bin always encloses the true
 * one and is at most one step (1/32767) wider, so a peak is never under-reported. 16-bit sources lose nothing useful
 * (1/32767 vs their 1/32768 step); the only values clamped are float samples beyond full scale, and the per-track
 * true extremes in the header keep those (overs are QC's business, the waveform shows them at full scale).
 * Int16 halves the cache against float32: a 1-hour 8-track take at 48 kHz is ~29 MB for levels 256…16384.
 */

export const PEAKS_MAGIC = 'SRPK';
export const PEAKS_FORMAT_VERSION = 1;
export const PEAK_SCALE = 32767;
export const DEFAULT_LEVELS: readonly number[] = [256, 1024, 4096, 16384];

const FIXED_HEADER = 32;
const LEVEL_ENTRY = 16;
const TRACK_ENTRY = 8;

export interface PeakLevel {
  samplesPerBin: number;
  bins: number;
  /** One per track: `bins` interleaved (min, max) pairs; a value v means v / scale. Views into the file's bytes. */
  tracks: Int16Array[];
}

export interface TakePeaks {
  version: number;
  sampleRate: number;
  frames: number;
  trackCount: number;
  scale: number;
  /** Finest first. */
  levels: PeakLevel[];
  /** The true extremes of each track, unquantised (float files may pass ±1). */
  trackPeaks: { min: number; max: number }[];
}

function checkLevels(levels: readonly number[]): void {
  const finest = levels[0];
  if (finest === undefined || !Number.isInteger(finest) || finest < 1) throw new RangeError('levels: need at least one positive level');
  for (let i = 1; i < levels.length; i++) {
    const l = levels[i]!;
    if (!Number.isInteger(l) || l <= levels[i - 1]! || l % finest !== 0) throw new RangeError(`levels: ${l} is not an increasing multiple of ${finest}`);
  }
}

/** Streaming min/max of one track at the finest level. */
class TrackBins {
  mins = new Float32Array(1024);
  maxs = new Float32Array(1024);
  bins = 0;
  curMin = Infinity;
  curMax = -Infinity;
  inBin = 0;
  min = Infinity;
  max = -Infinity;

  constructor(private readonly size: number) {}

  push(a: Float32Array): void {
    const size = this.size;
    let i = 0;
    const n = a.length;
    while (i < n) {
      const end = Math.min(n, i + (size - this.inBin));
      let lo = this.curMin;
      let hi = this.curMax;
      for (let j = i; j < end; j++) {
        const x = a[j]!;
        if (x < lo) lo = x;
        if (x > hi) hi = x;
      }
      this.curMin = lo;
      this.curMax = hi;
      this.inBin += end - i;
      i = end;
      if (this.inBin === size) this.flush();
    }
  }

  flush(): void {
    if (this.inBin === 0) return;
    if (this.bins === this.mins.length) {
      const grow = (old: Float32Array): Float32Array<ArrayBuffer> => {
        const next = new Float32Array(old.length * 2);
        next.set(old);
        return next;
      };
      this.mins = grow(this.mins);
      this.maxs = grow(this.maxs);
    }
    // A bin of only NaNs (a broken float file) shows as silence rather than poisoning the levels above it.
    const lo = this.curMin === Infinity ? 0 : this.curMin;
    const hi = this.curMax === -Infinity ? 0 : this.curMax;
    this.mins[this.bins] = lo;
    this.maxs[this.bins] = hi;
    this.bins++;
    if (lo < this.min) this.min = lo;
    if (hi > this.max) this.max = hi;
    this.curMin = Infinity;
    this.curMax = -Infinity;
    this.inBin = 0;
  }
}

const quantMin = (x: number): number => {
  const v = Math.floor(x * PEAK_SCALE);
  return v < -PEAK_SCALE ? -PEAK_SCALE : v > PEAK_SCALE ? PEAK_SCALE : v;
};
const quantMax = (x: number): number => {
  const v = Math.ceil(x * PEAK_SCALE);
  return v > PEAK_SCALE ? PEAK_SCALE : v < -PEAK_SCALE ? -PEAK_SCALE : v;
};

/**
 * Builds the peaks of a take from the decode pass: `onBlock` is a `BlockHandler` (pass it to `decodeTracks`, alone or
 * through `fanOut`), `encode()` once the pass is done gives the `.srpk` bytes.
 */
export class PeaksBuilder {
  private readonly tracks: TrackBins[];
  private frames = 0;

  constructor(
    readonly trackCount: number,
    readonly sampleRate: number,
    readonly levels: readonly number[] = DEFAULT_LEVELS,
  ) {
    checkLevels(levels);
    if (!Number.isInteger(sampleRate) || sampleRate < 1 || sampleRate > 0xffff_ffff) throw new RangeError(`bad sample rate ${sampleRate}`);
    this.tracks = Array.from({ length: trackCount }, () => new TrackBins(levels[0]!));
  }

  readonly onBlock = (tracks: readonly Float32Array[], startFrame: number): void => {
    if (tracks.length !== this.trackCount) throw new RangeError(`block has ${tracks.length} tracks, expected ${this.trackCount}`);
    if (startFrame !== this.frames) throw new RangeError(`block starts at frame ${startFrame}, expected ${this.frames}`);
    for (let t = 0; t < tracks.length; t++) this.tracks[t]!.push(tracks[t]!);
    this.frames += tracks[0]?.length ?? 0;
  };

  /** The `.srpk` bytes of everything pushed so far (the last, partial bin of each level included). */
  encode(): Buffer {
    for (const t of this.tracks) t.flush();
    const levels = this.levels;
    const T = this.trackCount;
    const binsOf = (spb: number): number => Math.ceil(this.frames / spb);
    const headerBytes = Math.ceil((FIXED_HEADER + LEVEL_ENTRY * levels.length + TRACK_ENTRY * T) / 8) * 8;
    if (headerBytes > 0xffff) throw new RangeError('too many tracks or levels for the header');
    let size = headerBytes;
    const offsets = levels.map((spb) => {
      const at = size;
      size += binsOf(spb) * 2 * 2 * T;
      return at;
    });
    const buf = Buffer.alloc(size);
    buf.write(PEAKS_MAGIC, 0, 4, 'latin1');
    buf.writeUInt16LE(PEAKS_FORMAT_VERSION, 4);
    buf.writeUInt16LE(headerBytes, 6);
    buf.writeUInt32LE(this.sampleRate, 8);
    buf.writeUInt32LE(T, 12);
    buf.writeDoubleLE(this.frames, 16);
    buf.writeUInt32LE(levels.length, 24);
    buf.writeUInt32LE(PEAK_SCALE, 28);
    levels.forEach((spb, l) => {
      const o = FIXED_HEADER + LEVEL_ENTRY * l;
      buf.writeUInt32LE(spb, o);
      buf.writeUInt32LE(binsOf(spb), o + 4);
      buf.writeDoubleLE(offsets[l]!, o + 8);
    });
    this.tracks.forEach((t, i) => {
      const o = FIXED_HEADER + LEVEL_ENTRY * levels.length + TRACK_ENTRY * i;
      buf.writeFloatLE(t.bins ? t.min : 0, o);
      buf.writeFloatLE(t.bins ? t.max : 0, o + 4);
    });
    levels.forEach((spb, l) => {
      const ratio = spb / levels[0]!;
      const bins = binsOf(spb);
      this.tracks.forEach((t, ti) => {
        let o = offsets[l]! + ti * bins * 4;
        for (let b = 0; b < bins; b++, o += 4) {
          const from = b * ratio;
          const to = Math.min(t.bins, from + ratio);
          let lo = Infinity;
          let hi = -Infinity;
          for (let k = from; k < to; k++) {
            const a = t.mins[k]!;
            const z = t.maxs[k]!;
            if (a < lo) lo = a;
            if (z > hi) hi = z;
          }
          buf.writeInt16LE(quantMin(lo), o);
          buf.writeInt16LE(quantMax(hi), o + 2);
        }
      });
    });
    return buf;
  }
}

export class PeaksFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PeaksFormatError';
  }
}

/**
 * Parses `.srpk` bytes into typed-array views over them (no copy unless the bytes sit at an odd address). Throws
 * `PeaksFormatError` for anything that is not a complete version-1 file.
 */
export function parsePeaks(bytes: Buffer): TakePeaks {
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) throw new PeaksFormatError('big-endian hosts are not supported');
  const bad = (why: string): never => {
    throw new PeaksFormatError(`not a peaks file: ${why}`);
  };
  if (bytes.length < FIXED_HEADER || bytes.toString('latin1', 0, 4) !== PEAKS_MAGIC) bad('no SRPK magic');
  const version = bytes.readUInt16LE(4);
  if (version !== PEAKS_FORMAT_VERSION) bad(`version ${version}, this build reads ${PEAKS_FORMAT_VERSION}`);
  const headerBytes = bytes.readUInt16LE(6);
  const trackCount = bytes.readUInt32LE(12);
  const levelCount = bytes.readUInt32LE(24);
  if (headerBytes < FIXED_HEADER + LEVEL_ENTRY * levelCount + TRACK_ENTRY * trackCount || headerBytes > bytes.length) bad('header out of range');
  const buf = bytes.byteOffset % 2 === 0 ? bytes : Buffer.from(bytes);
  const levels: PeakLevel[] = [];
  for (let l = 0; l < levelCount; l++) {
    const o = FIXED_HEADER + LEVEL_ENTRY * l;
    const samplesPerBin = buf.readUInt32LE(o);
    const bins = buf.readUInt32LE(o + 4);
    const at = buf.readDoubleLE(o + 8);
    if (at < headerBytes || at % 2 !== 0 || at + bins * 4 * trackCount > buf.length) bad(`level ${l} out of range (truncated file?)`);
    const tracks = Array.from({ length: trackCount }, (_, t) => new Int16Array(buf.buffer, buf.byteOffset + at + t * bins * 4, bins * 2));
    levels.push({ samplesPerBin, bins, tracks });
  }
  const trackPeaks = Array.from({ length: trackCount }, (_, t) => {
    const o = FIXED_HEADER + LEVEL_ENTRY * levelCount + TRACK_ENTRY * t;
    return { min: buf.readFloatLE(o), max: buf.readFloatLE(o + 4) };
  });
  return {
    version,
    sampleRate: buf.readUInt32LE(8),
    frames: buf.readDoubleLE(16),
    trackCount,
    scale: buf.readUInt32LE(28),
    levels,
    trackPeaks,
  };
}

/**
 * One track of one level as normalised floats, `[min0, max0, min1, max1, …]` in [-1, 1], e.g. for wavesurfer's
 * precomputed `peaks` (take every second value for its one-array-per-channel form).
 */
export function normalisedPeaks(peaks: TakePeaks, level: number, track: number): Float32Array {
  const src = peaks.levels[level]?.tracks[track];
  if (!src) throw new RangeError(`no level ${level} track ${track}`);
  const out = new Float32Array(src.length);
  const k = 1 / peaks.scale;
  for (let i = 0; i < src.length; i++) out[i] = src[i]! * k;
  return out;
}
