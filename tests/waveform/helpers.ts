/**
 * Test helpers for the waveform tests: synthetic BWF files through the project's writer, and an independent reader of
 * their sample bytes (not ffmpeg, not main/wav) so expected peaks come from the PCM itself.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { writeBwf, type BwfFormat, type BwfMeta } from '../../main/demo/bwf-writer';
import { PEAK_SCALE, ffmpegPath } from '../../main/waveform';

/** Skip reason when no ffmpeg is reachable (CI sets FFMPEG_BIN=/usr/bin/ffmpeg). */
export function ffmpegMissing(): string | undefined {
  try {
    const bin = ffmpegPath();
    return spawnSync(bin, ['-version'], { stdio: 'ignore' }).status === 0 ? undefined : `${bin} -version failed`;
  } catch (e) {
    return (e as Error).message;
  }
}

export function metaOf(format: BwfFormat, channels: number): BwfMeta {
  return {
    format,
    tracks: Array.from({ length: channels }, (_, i) => ({ name: `T${i + 1}` })),
    timeReference: 0,
    bext: { description: [], originator: 'test', originatorReference: 'test', originationDate: '2026-01-01', originationTime: '00:00:00', codingHistory: '' },
    ixml: { project: 'P', scene: '1', take: '1', tape: 'T', circled: false, note: '', fileUid: 'UID', timecodeRate: '25', timecodeFlag: 'NDF' },
  };
}

/** Deterministic test audio: noise under a swelling envelope, a burst to ±`over`, and exact full-scale samples. */
export function testAudio(channels: number, frames: number, seed: number, over = 1): Float32Array[] {
  let s = seed >>> 0 || 1;
  const rnd = (): number => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x1_0000_0000;
  };
  return Array.from({ length: channels }, (_, c) => {
    const a = new Float32Array(frames);
    for (let i = 0; i < frames; i++) {
      const env = 0.05 + 0.6 * Math.abs(Math.sin((i / frames) * Math.PI * (c + 1)));
      a[i] = (rnd() * 2 - 1) * env;
    }
    const burst = Math.floor(frames * 0.6);
    for (let i = burst; i < Math.min(frames, burst + 300); i++) a[i] = (rnd() * 2 - 1) * over;
    if (frames > 10) {
      a[3] = -1;
      a[frames - 2] = 1;
      a[frames - 1] = -0.5 + c * 0.01;
    }
    return a;
  });
}

export async function writeTestWav(path: string, format: BwfFormat, audio: Float32Array[], frames: number): Promise<void> {
  await writeBwf(path, metaOf(format, audio.length), frames, audio);
}

/** The samples of every channel of a RIFF/WAVE file, normalised as ffmpeg does (k / 2^(bits-1), float as stored). */
export function pcmChannels(path: string): Float64Array[] {
  const buf = readFileSync(path);
  if (buf.toString('latin1', 0, 4) !== 'RIFF') throw new Error('not RIFF');
  let o = 12;
  let fmt = -1;
  let data = -1;
  let dataSize = 0;
  while (o + 8 <= buf.length) {
    const id = buf.toString('latin1', o, o + 4);
    const size = buf.readUInt32LE(o + 4);
    if (id === 'fmt ') fmt = o + 8;
    if (id === 'data') {
      data = o + 8;
      dataSize = size;
    }
    o += 8 + size + (size % 2);
  }
  const tag = buf.readUInt16LE(fmt);
  const channels = buf.readUInt16LE(fmt + 2);
  const bits = buf.readUInt16LE(fmt + 14);
  const align = (bits / 8) * channels;
  const frames = Math.floor(dataSize / align);
  return Array.from({ length: channels }, (_, c) => {
    const out = new Float64Array(frames);
    let p = data + (c * bits) / 8;
    for (let i = 0; i < frames; i++, p += align) {
      if (tag === 3) out[i] = buf.readFloatLE(p);
      else if (bits === 16) out[i] = buf.readInt16LE(p) / 32768;
      else if (bits === 24) out[i] = buf.readIntLE(p, 3) / 8388608;
      else throw new Error(`${bits}-bit`);
    }
    return out;
  });
}

/** Expected stored (min, max) pairs of one track at `spb` samples per bin: floor/ceil of the true extremes, clamped. */
export function expectedPairs(samples: Float64Array, spb: number): Int16Array {
  const bins = Math.ceil(samples.length / spb);
  const out = new Int16Array(bins * 2);
  for (let b = 0; b < bins; b++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = b * spb, end = Math.min(samples.length, (b + 1) * spb); i < end; i++) {
      const x = samples[i]!;
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
    out[2 * b] = Math.max(-PEAK_SCALE, Math.min(PEAK_SCALE, Math.floor(lo * PEAK_SCALE)));
    out[2 * b + 1] = Math.max(-PEAK_SCALE, Math.min(PEAK_SCALE, Math.ceil(hi * PEAK_SCALE)));
  }
  return out;
}

/** The first bin where two pair arrays differ, for a readable failure instead of a 10 000-element diff. */
export function firstDifference(a: Int16Array, b: Int16Array): string | undefined {
  if (a.length !== b.length) return `length ${a.length} vs ${b.length}`;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return `bin ${i >> 1} ${i % 2 ? 'max' : 'min'}: ${a[i]} vs expected ${b[i]}`;
  return undefined;
}
