/**
 * Audio for the benchmark takes, streamed block by block into `writeBwf`: per track, low-passed noise in speech-like
 * bursts (syllables of 80–280 ms at varying level, short gaps between them, longer pauses between phrases) over a
 * quiet room tone, so no track is silent, dead or clipped and the QC analyzers see ordinary dialogue levels. Every
 * track has its own seed, level and tone: no two tracks carry the same samples (a decoder or analyzer that shortcut
 * identical channels would flatter the figures). Deterministic: the same take is the same bytes on every run.
 *
 * Cost: one xorshift step, a one-pole low-pass and a gain glide per sample, on locals; the level changes at syllable
 * rate only. About as fast as the writer can encode the samples.
 */
import { INT32_TO_UNIT, Rng, seedOf } from '../../main/demo/prng';

export interface TrackVoice {
  /** Gain of the bursts. Measured on a 1-minute take: 0.4 with tone 0.42 peaks at -14 dBFS, -26 LUFS integrated. */
  level: number;
  /** Low-pass coefficient, 0..1: lower is darker (a boom off axis), higher brighter (a lav on the chest). */
  tone: number;
}

/** Room tone under the bursts, linear (about -58 dBFS peak): a live mic never gives runs of exact zeros. */
const ROOM = 0.0025;
/** Per-sample step of the gain glide: about 10 ms at 48 kHz, so syllables have soft edges instead of clicks. */
const GLIDE = 0.002;

interface TrackState {
  voice: TrackVoice;
  /** Control-rate decisions (segment lengths, levels). */
  rng: Rng;
  /** Sample-rate noise: int32 xorshift32 state. */
  noise: number;
  lowpass: number;
  gain: number;
  target: number;
  /** Samples left in the current segment (syllable, gap or pause). */
  left: number;
}

/**
 * A renderer for `writeBwf`: fills `out[t][0..n)` with the next `n` samples of every track. Streaming only: calls
 * must ask for consecutive ranges from 0, as `writeBwf` does.
 */
export function speechNoise(
  voices: readonly TrackVoice[],
  sampleRate: number,
  seedTag: string,
): (start: number, n: number, out: Float32Array[]) => void {
  const states: TrackState[] = voices.map((voice, i) => {
    const rng = new Rng(seedOf('soundroll-bench-waveform', seedTag, i));
    return { voice, rng, noise: rng.int(1, 0x7fff_ffff) | 0, lowpass: 0, gain: 0, target: 0, left: 0 };
  });
  const ms = (x: number): number => Math.max(1, Math.round((x * sampleRate) / 1000));
  let next = 0;
  return (start, n, out) => {
    if (start !== next) throw new RangeError(`speechNoise streams in order: asked for frame ${start}, expected ${next}`);
    next = start + n;
    for (let t = 0; t < states.length; t++) {
      const st = states[t]!;
      const dst = out[t]!;
      const a = st.voice.tone;
      let s = st.noise;
      let lp = st.lowpass;
      let g = st.gain;
      let target = st.target;
      let left = st.left;
      for (let i = 0; i < n; i++) {
        if (left <= 0) {
          // The next segment: mostly syllables with short gaps, now and then a pause between phrases.
          const r = st.rng.next();
          if (target > 0 && r < 0.55) {
            target = 0;
            left = ms(r < 0.08 ? st.rng.range(300, 1500) : st.rng.range(30, 120));
          } else {
            target = st.voice.level * st.rng.range(0.35, 1.2);
            left = ms(st.rng.range(80, 280));
          }
        }
        left--;
        s ^= s << 13;
        s ^= s >>> 17;
        s ^= s << 5;
        const white = s * INT32_TO_UNIT; // [-0.5, 0.5)
        lp += a * (white - lp);
        g += GLIDE * (target - g);
        dst[i] = lp * g + white * ROOM;
      }
      st.noise = s;
      st.lowpass = lp;
      st.gain = g;
      st.target = target;
      st.left = left;
    }
  };
}
