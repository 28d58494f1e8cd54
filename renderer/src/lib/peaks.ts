/**
 * Waveform data as the station sends it, turned into what the lanes draw and the speakers play (pure: tested in
 * tests/renderer). The renderer never decodes an audio file: peaks are precomputed by the core (`takes.peaks`) and
 * playback gets raw PCM windows (`takes.audio`), both base64 of little-endian int16.
 */

/**
 * Which stored peaks level to draw at a zoom: the coarsest one that still has at least one bin per pixel (its
 * samples per bin ≤ samples per pixel), so the drawing is exact and the data no bigger than needed. Zoomed in past
 * the finest level there is none that fine: the finest is used (each bin then spans a few pixels).
 */
export function chooseLevel(levels: readonly number[], samplesPerPixel: number): number | undefined {
  if (levels.length === 0) return undefined;
  const sorted = [...levels].sort((a, b) => a - b);
  let pick = sorted[0]!;
  for (const level of sorted) if (level <= samplesPerPixel) pick = level;
  return pick;
}

const HAS_FROM_BASE64 = typeof (Uint8Array as unknown as { fromBase64?: unknown }).fromBase64 === 'function';

export function base64ToBytes(b64: string): Uint8Array<ArrayBuffer> {
  if (HAS_FROM_BASE64) return (Uint8Array as unknown as { fromBase64(s: string): Uint8Array<ArrayBuffer> }).fromBase64(b64);
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Little-endian int16 from base64, whatever the host's byte order (an odd trailing byte is ignored). */
export function int16FromBase64(b64: string): Int16Array<ArrayBuffer> {
  const bytes = base64ToBytes(b64);
  const n = bytes.length >> 1;
  if (LITTLE_ENDIAN_HOST && bytes.byteOffset % 2 === 0) return new Int16Array(bytes.buffer, bytes.byteOffset, n);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Int16Array(n);
  for (let i = 0; i < n; i++) out[i] = view.getInt16(i * 2, true);
  return out;
}

export interface PeakChannels {
  /** Per bin, the highest sample (≥ 0: a bin wholly below zero draws nothing above the line). */
  max: Float32Array<ArrayBuffer>;
  /** Per bin, the lowest sample (≤ 0). */
  min: Float32Array<ArrayBuffer>;
}

/**
 * One track's peaks: interleaved (min, max) int16 pairs, a stored v meaning v / scale, into two float arrays.
 * wavesurfer takes one array per channel and, given two, draws the first above the centre line and the second below
 * it (by magnitude): `[max, min]` draws the true envelope, asymmetry and DC offset included.
 */
export function peaksFromBase64(b64: string, scale: number): PeakChannels {
  const pairs = int16FromBase64(b64);
  const bins = pairs.length >> 1;
  const max = new Float32Array(bins);
  const min = new Float32Array(bins);
  const k = 1 / (scale > 0 ? scale : 32767);
  for (let i = 0; i < bins; i++) {
    const lo = pairs[2 * i]! * k;
    const hi = pairs[2 * i + 1]! * k;
    max[i] = hi > 0 ? Math.min(1, hi) : 0;
    min[i] = lo < 0 ? Math.max(-1, lo) : 0;
  }
  return { max, min };
}

/** PCM samples (full scale 32767) as Web Audio floats in [-1, 1]. */
export function pcmFromBase64(b64: string): Float32Array<ArrayBuffer> {
  const s = int16FromBase64(b64);
  const out = new Float32Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = Math.max(-1, s[i]! / 32767);
  return out;
}

/**
 * The waveform as min/max columns, the way a level meter's eye reads it: `[max, min]` peaks over `width` device
 * pixels, `height` tall, values × `scale` (vertical zoom, clipped to the lane). With more bins than pixels each
 * column covers the bins under it (their highest max and lowest min: a one-sample click still shows); with fewer
 * (zoomed past the finest level) each bin is a flat-topped step as wide as its time, never a slope drawn between
 * bins that the audio does not contain. Calls `rect` once per column or step; every one is at least 1 px tall, so
 * silence is a line.
 */
export function envelopeRects(
  max: ArrayLike<number>,
  min: ArrayLike<number>,
  width: number,
  height: number,
  scale: number,
  rect: (x: number, y: number, w: number, h: number) => void,
): void {
  const n = Math.min(max.length, min.length);
  const w = Math.floor(width);
  if (n === 0 || w <= 0 || height <= 0) return;
  const mid = height / 2;
  const span = (hi: number, lo: number): [number, number] => {
    const top = mid - Math.min(1, Math.max(0, hi * scale)) * mid;
    const bottom = mid - Math.max(-1, Math.min(0, lo * scale)) * mid;
    const h = Math.max(1, bottom - top);
    return [Math.min(top, mid - 0.5), h];
  };
  if (n >= w) {
    for (let x = 0; x < w; x++) {
      const a = Math.floor((x * n) / w);
      const b = Math.max(a + 1, Math.floor(((x + 1) * n) / w));
      let hi = 0;
      let lo = 0;
      for (let i = a; i < b; i++) {
        if (max[i]! > hi) hi = max[i]!;
        if (min[i]! < lo) lo = min[i]!;
      }
      const [y, h] = span(hi, lo);
      rect(x, y, 1, h);
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    const x0 = Math.floor((i * w) / n);
    const x1 = Math.floor(((i + 1) * w) / n);
    const [y, h] = span(max[i]!, min[i]!);
    rect(x0, y, Math.max(1, x1 - x0), h);
  }
}
