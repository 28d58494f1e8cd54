/** Test helpers: decode a WAV's PCM with the project's reader (no ffmpeg) and run it through the QC analyzers. */
import { readFileSync } from 'node:fs';
import { readWavInfo, type WavInfo } from '../../main/wav';
import { createTrackAnalyzer, createLoudnessMeter, type TrackStats } from '../../main/qc';
import type { QcConfig } from '../../main/qc';

/** Every channel of a WAV file as normalised floats (16/24/32-bit PCM, 32-bit float). */
export async function decodeWav(path: string): Promise<{ info: WavInfo; channels: Float32Array[] }> {
  const info = await readWavInfo(path);
  const { channels: n, bitsPerSample: bits, encoding, blockAlign } = info.format;
  const buf = readFileSync(path);
  const bytes = bits / 8;
  const channels = Array.from({ length: n }, () => new Float32Array(info.frames));
  for (let f = 0; f < info.frames; f++) {
    for (let c = 0; c < n; c++) {
      const o = info.dataOffset + f * blockAlign + c * bytes;
      let v: number;
      if (encoding === 'float' && bits === 32) v = buf.readFloatLE(o);
      else if (bits === 16) v = buf.readInt16LE(o) / 32768;
      else if (bits === 24) v = buf.readIntLE(o, 3) / 8388608;
      else if (bits === 32) v = buf.readInt32LE(o) / 2147483648;
      else throw new Error(`unsupported ${bits}-bit ${encoding}`);
      channels[c]![f] = v;
    }
  }
  return { info, channels };
}

/** Runs one track through a fresh analyzer in blocks of `block` frames (an odd size puts runs across boundaries). */
export function analyse(
  samples: Float32Array,
  opts: { sampleRate: number; encoding: 'pcm' | 'float'; bitDepth: number; config?: Partial<QcConfig> },
  block = 4099,
): TrackStats {
  const a = createTrackAnalyzer(opts);
  for (let i = 0; i < samples.length; i += block) a.push(samples.subarray(i, Math.min(samples.length, i + block)), i);
  return a.finish();
}

/** Integrated loudness of the channels together, pushed in blocks. */
export function integratedOf(channels: Float32Array[], sampleRate: number, block = 3001): number | undefined {
  const m = createLoudnessMeter(sampleRate, channels.length);
  const n = channels[0]!.length;
  for (let i = 0; i < n; i += block) m.push(channels.map((c) => c.subarray(i, Math.min(n, i + block))));
  return m.integrated();
}
