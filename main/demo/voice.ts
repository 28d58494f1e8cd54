/**
 * Speech-like audio for the demo card: a source-filter "voice" (a glottal sawtooth with spectral tilt, through three
 * formant resonators that glide between vowel targets) speaking syllables with plosive bursts and fricative noise,
 * word gaps, a falling phrase contour and a little vibrato. Not intelligible, but on a meter, a waveform and a
 * spectrogram it behaves like dialogue: syllable envelopes, harmonics under formants, pauses.
 *
 * Speed: parameters move at control rate (every 32 samples); the per-sample loop is straight-line arithmetic on
 * locals with the noise generator inlined, so a whole demo card of voices costs a fraction of a second.
 */
import { INT32_TO_UNIT, Rng } from './prng';

export interface VoiceProfile {
  name: string;
  /** Speaking pitch, Hz. */
  f0: number;
  /** Formant frequencies relative to the adult male table (about 1.15 to 1.2 for adult women). */
  formantScale: number;
  /** Aspiration noise mixed into voiced sound, 0..1. */
  breathiness: number;
}

export interface Utterance {
  /** First and last sample of the line (the resonators ring a little past `end`). */
  start: number;
  end: number;
  /** Level of the line relative to normal speech (1); a shout is several times that. */
  loudness: number;
}

/** F1, F2, F3 of adult male vowels (Peterson & Barney averages), Hz. */
const VOWELS: readonly (readonly [number, number, number])[] = [
  [270, 2290, 3010], // i
  [390, 1990, 2550], // ɪ
  [530, 1840, 2480], // ɛ
  [660, 1720, 2410], // æ
  [730, 1090, 2440], // ɑ
  [570, 840, 2410], // ɔ
  [440, 1020, 2240], // ʊ
  [300, 870, 2240], // u
  [640, 1190, 2390], // ʌ
  [490, 1350, 1690], // ɝ
];
const BANDWIDTHS = [70, 100, 140] as const;
const FORMANT_GAINS = [1, 0.55, 0.3] as const;

const ONSET_NONE = 0;
const ONSET_PLOSIVE = 1;
const ONSET_FRICATIVE = 2;

interface Syllable {
  start: number;
  end: number;
  onset: number;
  vowel: readonly [number, number, number];
  stress: number;
  /** Level the vowel decays to at its end: low at a word's end, higher inside a word (coarticulation). */
  tail: number;
}

const K = 32; // control period, samples
const BURST_LEVEL = 0.1;
const FRICATIVE_LEVEL = 0.05;
/** RMS of a line's loudest 20 ms at loudness 1: normal speech then peaks around full scale of the voice buffer. */
export const LINE_RMS = 0.3;

/** A shouted line: long, evenly stressed vowels, few breaks between words. */
const isShout = (u: Utterance): boolean => u.loudness > 2;

function planSyllables(u: Utterance, sampleRate: number, rng: Rng): Syllable[] {
  const out: Syllable[] = [];
  const last = u.end - Math.round(0.03 * sampleRate);
  const shout = isShout(u);
  let t = u.start;
  for (;;) {
    const length = Math.round((shout ? rng.range(0.2, 0.36) : rng.range(0.13, 0.27)) * sampleRate);
    if (t + length > last) break;
    const wordEnd = rng.chance(shout ? 0.25 : 0.42);
    const r = rng.next();
    out.push({
      start: t,
      end: t + length,
      onset: r < 0.4 ? ONSET_PLOSIVE : r < 0.7 ? ONSET_FRICATIVE : ONSET_NONE,
      vowel: rng.pick(VOWELS),
      stress: shout ? rng.range(0.85, 1) : rng.range(0.55, 1),
      tail: wordEnd ? 0 : shout ? 0.6 : 0.35,
    });
    t += length + (wordEnd ? Math.round((shout ? rng.range(0.02, 0.05) : rng.range(0.03, 0.1)) * sampleRate) : 0);
  }
  const final = out.at(-1);
  if (final) final.tail = 0;
  return out;
}

/**
 * Adds one spoken line into `out` (mixing onto what is there), scaled so its loudest 20 ms has an RMS of
 * `LINE_RMS × u.loudness`. Returns the last
 * sample written (the resonators' ring-out ends a few ms after the last syllable).
 */
export function speak(out: Float32Array, sampleRate: number, voice: VoiceProfile, u: Utterance, rng: Rng): number {
  const syllables = planSyllables(u, sampleRate, rng);
  if (!syllables.length) return u.start;
  const ring = Math.round(0.03 * sampleRate);
  const from = syllables[0]!.start;
  const to = Math.min(out.length, syllables.at(-1)!.end + ring);
  const line = new Float32Array(to - from);

  const closure = 0.02 * sampleRate;
  const burst = 0.018 * sampleRate;
  const fricative = 0.075 * sampleRate;
  const attack = 0.03 * sampleRate;
  const shout = Math.max(0, Math.min(1, (u.loudness - 1) / 4));
  const f0Base = voice.f0 * (1 + 0.35 * shout);
  const vibratoStep = (2 * Math.PI * 5.3 * K) / sampleRate;
  const twoPiOverSr = (2 * Math.PI) / sampleRate;

  const r1 = Math.exp((-Math.PI * BANDWIDTHS[0]) / sampleRate);
  const r2 = Math.exp((-Math.PI * BANDWIDTHS[1]) / sampleRate);
  const r3 = Math.exp((-Math.PI * BANDWIDTHS[2]) / sampleRate);
  // Smoothed formant frequencies, resonator states and coefficients.
  const first = syllables[0]!.vowel;
  let f1 = first[0] * voice.formantScale;
  let f2 = first[1] * voice.formantScale;
  let f3 = first[2] * voice.formantScale;
  let phase = rng.next();
  let tilt = 0;
  let vibrato = rng.range(0, 6.28);
  let s = (rng.next() * 0x7fffffff) | 0 || 1;
  let nPrev = 0;
  let y1a = 0, y1b = 0, y2a = 0, y2b = 0, y3a = 0, y3b = 0;
  let ev = 0; // voiced envelope, interpolated per sample
  let en = 0; // noise envelope
  let j = 0; // current syllable

  for (let b = from; b < to; b += K) {
    while (j < syllables.length - 1 && b >= syllables[j]!.end) j++;
    const syl = syllables[j]!;
    let tv = 0;
    let tn = 0;
    const pos = b - syl.start;
    const length = syl.end - syl.start;
    if (pos >= 0 && b < syl.end) {
      const vStart = syl.onset === ONSET_PLOSIVE ? closure + burst : syl.onset === ONSET_FRICATIVE ? fricative * 0.8 : 0;
      if (pos >= vStart) {
        const a = Math.min(1, (pos - vStart) / attack);
        const decayFrom = 0.6 * length;
        const d = pos > decayFrom ? 1 + (syl.tail - 1) * ((pos - decayFrom) / (length - decayFrom)) : 1;
        tv = a * d * syl.stress;
      }
      // Consonants sit well under the vowels, as in speech.
      if (syl.onset === ONSET_PLOSIVE && pos >= closure && pos < closure + burst) tn = BURST_LEVEL * syl.stress;
      else if (syl.onset === ONSET_FRICATIVE && pos < fricative) tn = FRICATIVE_LEVEL * Math.sin((Math.PI * pos) / fricative) * syl.stress;
    }
    // Pitch: a phrase that falls, stressed syllables a little higher, vibrato.
    const progress = (b - from) / (to - from);
    vibrato += vibratoStep;
    const f0 = f0Base * (1 - 0.16 * progress) * (1 + 0.1 * (syl.stress - 0.75)) * (1 + 0.012 * Math.sin(vibrato));
    const dphase = f0 / sampleRate;
    // Formants glide towards the vowel's targets (about 8 ms time constant); a shout opens the mouth (F1 up).
    const vowel = syl.vowel;
    f1 += (vowel[0] * voice.formantScale * (1 + 0.15 * shout) - f1) * 0.08;
    f2 += (vowel[1] * voice.formantScale - f2) * 0.08;
    f3 += (vowel[2] * voice.formantScale - f3) * 0.08;
    // Two-pole resonators y = a·x + b·y1 − c·y2, gain normalised to about 1 at the centre frequency.
    const cos1 = Math.cos(twoPiOverSr * f1);
    const cos2 = Math.cos(twoPiOverSr * f2);
    const cos3 = Math.cos(twoPiOverSr * f3);
    const b1 = 2 * r1 * cos1, c1 = r1 * r1, a1 = (1 - r1) * Math.sqrt(1 - 2 * r1 * (2 * cos1 * cos1 - 1) + c1) * FORMANT_GAINS[0];
    const b2 = 2 * r2 * cos2, c2 = r2 * r2, a2 = (1 - r2) * Math.sqrt(1 - 2 * r2 * (2 * cos2 * cos2 - 1) + c2) * FORMANT_GAINS[1];
    const b3 = 2 * r3 * cos3, c3 = r3 * r3, a3 = (1 - r3) * Math.sqrt(1 - 2 * r3 * (2 * cos3 * cos3 - 1) + c3) * FORMANT_GAINS[2];
    const dev = (tv - ev) / K;
    const den = (tn - en) / K;
    const breath = voice.breathiness;
    const end = Math.min(b + K, to);
    for (let i = b - from, stop = end - from; i < stop; i++) {
      phase += dphase;
      if (phase >= 1) phase -= 1;
      tilt += 0.3 * (phase + phase - 1 - tilt);
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      const n = s * INT32_TO_UNIT;
      const x = tilt * ev + n * ev * breath;
      const y1 = a1 * x + b1 * y1a - c1 * y1b;
      const y2 = a2 * x + b2 * y2a - c2 * y2b;
      const y3 = a3 * x + b3 * y3a - c3 * y3b;
      y1b = y1a; y1a = y1; y2b = y2a; y2a = y2; y3b = y3a; y3a = y3;
      line[i] = y1 - y2 + y3 + (n - nPrev) * en;
      nPrev = n;
      ev += dev;
      en += den;
    }
  }

  // Level by the loudest 20 ms rather than the peak: a line's level is what a meter shows, and a shout's syllables
  // then sit where its loudness puts them (its peaks go further).
  const window = Math.round(0.02 * sampleRate);
  let loudest = 0;
  for (let w = 0; w + window <= line.length; w += window >> 1) {
    let sum = 0;
    for (let i = w; i < w + window; i++) sum += line[i]! * line[i]!;
    if (sum > loudest) loudest = sum;
  }
  const rms = Math.sqrt(loudest / window);
  const gain = rms > 0 ? (u.loudness * LINE_RMS) / rms : 0;
  for (let i = 0; i < line.length; i++) out[from + i] = out[from + i]! + line[i]! * gain;
  return to;
}
