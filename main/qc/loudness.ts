/**
 * EBU R128 integrated loudness (ITU-R BS.1770-4), streaming, for any sample rate and any number of channels.
 *
 * K-weighting: a high-shelf pre-filter (+4 dB above ~1.7 kHz) then the RLB high-pass (~38 Hz), each a biquad whose
 * coefficients are derived for the file's sample rate from the analogue prototype (the BS.1770 table is the 48 kHz
 * case; same derivation as libebur128 and ffmpeg's ebur128). Mean square per channel over 400 ms gating blocks with
 * 75 % overlap (a block every 100 ms), channel weights 1 (mono tracks, L/R/C), loudness = -0.691 + 10·log10(Σ z).
 * Gates: absolute -70 LUFS, then relative -10 LU under the mean of the blocks that passed the absolute gate.
 * Only whole 400 ms blocks count (a take under 400 ms has no integrated loudness).
 */

interface Biquad {
  b0: number;
  b1: number;
  b2: number;
  a1: number;
  a2: number;
}

/** The two K-weighting stages for `sampleRate`. */
export function kWeightingFilters(sampleRate: number): [Biquad, Biquad] {
  if (!(sampleRate > 0) || !Number.isFinite(sampleRate)) throw new RangeError(`sample rate ${sampleRate} is not positive`);
  // Stage 1: high shelf.
  let f0 = 1681.974450955533;
  const gainDb = 3.999843853973347;
  let q = 0.7071752369554196;
  let k = Math.tan((Math.PI * f0) / sampleRate);
  const vh = 10 ** (gainDb / 20);
  const vb = vh ** 0.4996667741545416;
  let a0 = 1 + k / q + k * k;
  const shelf: Biquad = {
    b0: (vh + (vb * k) / q + k * k) / a0,
    b1: (2 * (k * k - vh)) / a0,
    b2: (vh - (vb * k) / q + k * k) / a0,
    a1: (2 * (k * k - 1)) / a0,
    a2: (1 - k / q + k * k) / a0,
  };
  // Stage 2: RLB high-pass (numerator 1, -2, 1 as in BS.1770).
  f0 = 38.13547087602444;
  q = 0.5003270373238773;
  k = Math.tan((Math.PI * f0) / sampleRate);
  a0 = 1 + k / q + k * k;
  const highPass: Biquad = { b0: 1, b1: -2, b2: 1, a1: (2 * (k * k - 1)) / a0, a2: (1 - k / q + k * k) / a0 };
  return [shelf, highPass];
}

export interface LoudnessMeter {
  /** The next samples of every channel (same length each, normalised to ±1). */
  push(channels: readonly Float32Array[]): void;
  /** Integrated loudness in LUFS of everything pushed so far; undefined when no block passes the gates. */
  integrated(): number | undefined;
  /** Gating blocks measured so far. */
  readonly blocks: number;
}

const ABSOLUTE_GATE_LUFS = -70;
const RELATIVE_GATE_LU = -10;
const energyToLufs = (e: number): number => -0.691 + 10 * Math.log10(e);

/** A streaming BS.1770-4 / R128 integrated loudness meter over `channels` channels at `sampleRate`. */
export function createLoudnessMeter(sampleRate: number, channels: number): LoudnessMeter {
  if (!Number.isInteger(channels) || channels < 1) throw new RangeError(`channel count ${channels} is not a positive integer`);
  const [s, h] = kWeightingFilters(sampleRate);
  // Per channel filter state: shelf x1 x2 y1 y2, high-pass x1 x2 y1 y2 (transposed forms would do as well).
  const state = Array.from({ length: channels }, () => new Float64Array(8));
  /** Samples per 100 ms step; a gating block is four steps. */
  const step = Math.max(1, Math.round(sampleRate / 10));
  let stepFill = 0;
  let stepEnergy = 0; // Σ over channels of Σ y² in the current step
  const lastSteps = [0, 0, 0, 0];
  let stepsDone = 0;
  const blockEnergies: number[] = []; // mean square summed over channels, per 400 ms block

  function push(input: readonly Float32Array[]): void {
    if (input.length !== channels) throw new RangeError(`expected ${channels} channels, got ${input.length}`);
    const n = input[0]!.length;
    for (const ch of input) if (ch.length !== n) throw new RangeError('channels of one push must have the same length');
    let i = 0;
    while (i < n) {
      const take = Math.min(n - i, step - stepFill);
      for (let c = 0; c < channels; c++) {
        const x = input[c]!;
        const st = state[c]!;
        let [sx1, sx2, sy1, sy2, hx1, hx2, hy1, hy2] = st as unknown as [number, number, number, number, number, number, number, number];
        let sum = 0;
        for (let j = i; j < i + take; j++) {
          const x0 = x[j]!;
          const y = s.b0 * x0 + s.b1 * sx1 + s.b2 * sx2 - s.a1 * sy1 - s.a2 * sy2;
          sx2 = sx1;
          sx1 = x0;
          sy2 = sy1;
          sy1 = y;
          const z = h.b0 * y + h.b1 * hx1 + h.b2 * hx2 - h.a1 * hy1 - h.a2 * hy2;
          hx2 = hx1;
          hx1 = y;
          hy2 = hy1;
          hy1 = z;
          sum += z * z;
        }
        st[0] = sx1;
        st[1] = sx2;
        st[2] = sy1;
        st[3] = sy2;
        st[4] = hx1;
        st[5] = hx2;
        st[6] = hy1;
        st[7] = hy2;
        stepEnergy += sum;
      }
      stepFill += take;
      i += take;
      if (stepFill === step) {
        lastSteps[stepsDone % 4] = stepEnergy;
        stepsDone++;
        stepEnergy = 0;
        stepFill = 0;
        if (stepsDone >= 4) {
          const e = lastSteps[0]! + lastSteps[1]! + lastSteps[2]! + lastSteps[3]!;
          blockEnergies.push(e / (4 * step));
        }
      }
    }
  }

  function integrated(): number | undefined {
    let sum = 0;
    let count = 0;
    for (const e of blockEnergies) {
      if (e > 0 && energyToLufs(e) > ABSOLUTE_GATE_LUFS) {
        sum += e;
        count++;
      }
    }
    if (count === 0) return undefined;
    const relativeGate = energyToLufs(sum / count) + RELATIVE_GATE_LU;
    sum = 0;
    count = 0;
    for (const e of blockEnergies) {
      if (e <= 0) continue;
      const l = energyToLufs(e);
      if (l > ABSOLUTE_GATE_LUFS && l > relativeGate) {
        sum += e;
        count++;
      }
    }
    return count === 0 ? undefined : energyToLufs(sum / count);
  }

  return {
    push,
    integrated,
    get blocks() {
      return blockEnergies.length;
    },
  };
}
