/**
 * SMPTE timecode for production sound: rates as recorders write them, samples since midnight to frames, frames to
 * `HH:MM:SS:FF` (drop frame included) and back. Pure: no node:, no DOM (the renderer shows timecode too).
 *
 * All sample arithmetic is exact (bigint rationals): a take at 23:59 is 4 × 10⁹ samples since midnight, and a float
 * `samples / 48000 * 24 / 1.001` can land a hair under a frame edge and show the previous frame.
 */

export interface TimecodeRate {
  /** Frames counted per timecode second: 24, 25, 30, 48, 50, 60 (23.976 counts 24, 29.97 counts 30). */
  nominalFps: number;
  /** Real frame rate is nominalFps × 1000/1001 (23.976, 29.97, 47.952, 59.94). */
  pullDown: boolean;
  /** SMPTE drop-frame counting (30 and 60 counted rates only). */
  dropFrame: boolean;
  /** '23.976 ND', '29.97 DF', '25 ND'… (parseTimecodeRate reads it back). */
  label: string;
}

const NOMINAL_RATES = [24, 25, 30, 48, 50, 60] as const;
const PULLED_LABEL: Record<number, string> = { 24: '23.976', 30: '29.97', 48: '47.952', 60: '59.94' };

/** Builds a rate. Drop frame is ignored where SMPTE defines none (only 30- and 60-counted timecode drops). */
export function timecodeRate(nominalFps: number, pullDown: boolean, dropFrame: boolean): TimecodeRate {
  const df = dropFrame && (nominalFps === 30 || nominalFps === 60);
  const pulled = pullDown && PULLED_LABEL[nominalFps] !== undefined;
  const number = pulled ? PULLED_LABEL[nominalFps]! : String(nominalFps);
  return { nominalFps, pullDown: pulled, dropFrame: df, label: `${number} ${df ? 'DF' : 'ND'}` };
}

/**
 * Reads a timecode rate as the files and reports write it:
 * iXML TIMECODE_RATE `24000/1001`, `30000/1001`, `25/1` (drop frame from TIMECODE_FLAG, passed as `flag`);
 * plain `23.976`, `23.98`, `29.97`, `25`; Sound Devices bext `sSPEED=023.976-ND`, `029.970-DF`; Zoom bext
 * `SPEED=25.000ND`; Wave Agent `23.97 ND`; our own labels. A DF/ND suffix in the text wins over `flag`.
 * Unknown rates give undefined: a wrong rate would show a confident, wrong timecode.
 */
export function parseTimecodeRate(text: string, flag?: 'DF' | 'NDF'): TimecodeRate | undefined {
  const m = /^\s*(\d+(?:\.\d*)?)(?:\s*\/\s*(\d+))?\s*[-_ ]?\s*(NDF|ND|DF|N|D)?\s*$/i.exec(text);
  if (!m) return undefined;
  const numerator = Number(m[1]);
  const denominator = m[2] === undefined ? 1 : Number(m[2]);
  if (!(numerator > 0) || !(denominator > 0)) return undefined;
  const fps = numerator / denominator;
  const suffix = m[3]?.toUpperCase();
  const drop = suffix !== undefined ? suffix === 'DF' || suffix === 'D' : flag === 'DF';
  for (const nominal of NOMINAL_RATES) {
    // Integer rates match exactly; pulled-down ones within what their shortened spellings need (23.97 is 0.006 off).
    if (fps === nominal) return timecodeRate(nominal, false, drop);
    if (PULLED_LABEL[nominal] !== undefined && Math.abs(fps - (nominal * 1000) / 1001) < 0.01) {
      return timecodeRate(nominal, true, drop);
    }
  }
  return undefined;
}

/** Frames dropped at the start of each minute (except every tenth): 2 at 30-counted, 4 at 60-counted rates. */
function dropPerMinute(rate: TimecodeRate): number {
  return rate.dropFrame ? (rate.nominalFps / 30) * 2 : 0;
}

/** Frames in one timecode day (00:00:00:00 to 23:59:59:last), where timecode wraps. */
export function framesPerDay(rate: TimecodeRate): number {
  return rate.nominalFps * 86400 - dropPerMinute(rate) * (1440 - 144);
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
}

function toBigInt(samples: bigint | number): bigint {
  if (typeof samples === 'bigint') return samples;
  if (!Number.isFinite(samples)) throw new RangeError(`sample count ${samples} is not a number`);
  return BigInt(Math.floor(samples));
}

function checkSampleRate(sampleRate: number): bigint {
  if (!Number.isSafeInteger(sampleRate) || sampleRate <= 0) throw new RangeError(`sample rate ${sampleRate} is not a positive integer`);
  return BigInt(sampleRate);
}

/**
 * Frames since midnight of the sample `samples` (a bext TimeReference: samples since midnight at `sampleRate`).
 * frames = samples × fps / sampleRate, fps = nominal × 1000/1001 when pulled down, computed exactly.
 *
 * Rounding: a timecode names the frame a sample plays in, so this floors (never rounds a take's start into a
 * frame it hasn't reached), with one allowance: a frame edge less than one sample after `samples` counts as
 * reached. Recorders start a take on a frame edge and write that edge's sample; where the edge falls between
 * samples (29.97 at 48 kHz is 1601.6 samples a frame) some write the sample before it, and plain floor would show
 * the previous frame. Where edges are whole samples (23.976 at 48 kHz: 2002) this is exactly floor.
 * The 702T's A101_1.WAV (2190940753 = edge 1094376 × 2002 + 1) gives frame 1094376 = 12:39:59:00 at 23.976 ND.
 * Real counts stay far below 2^53 frames; a hostile u64 beyond that is reduced modulo one day so the timecode
 * shown is still exact.
 */
export function samplesToFrames(samples: bigint | number, sampleRate: number, rate: TimecodeRate): number {
  const s = toBigInt(samples);
  const fpsNum = BigInt(rate.nominalFps * (rate.pullDown ? 1000 : 1));
  const fpsDen = rate.pullDown ? 1001n : 1n;
  const n = (s + 1n) * fpsNum;
  const d = checkSampleRate(sampleRate) * fpsDen;
  // Largest k whose edge k × d / fpsNum lies strictly before sample s + 1.
  let frames = floorDiv(n - 1n, d);
  if (frames > BigInt(Number.MAX_SAFE_INTEGER) || frames < BigInt(Number.MIN_SAFE_INTEGER)) {
    const day = BigInt(framesPerDay(rate));
    frames = ((frames % day) + day) % day;
  }
  return Number(frames);
}

function two(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * `HH:MM:SS:FF` (`HH:MM:SS;FF` for drop frame) of a frame count since midnight, wrapped into one day.
 * Drop frame (SMPTE 12M): frame numbers 0 and 1 (0–3 at 59.94) are skipped at the start of every minute except
 * minutes divisible by ten, so 29.97 DF frame 1800 is 00:01:00;02 and frame 17982 is 00:10:00;00.
 */
export function framesToTimecode(frames: number, rate: TimecodeRate): string {
  const day = framesPerDay(rate);
  let n = ((Math.floor(frames) % day) + day) % day;
  const fps = rate.nominalFps;
  const drop = dropPerMinute(rate);
  if (drop > 0) {
    const perMinute = fps * 60 - drop;
    const perTenMinutes = perMinute * 10 + drop;
    const tens = Math.floor(n / perTenMinutes);
    const rest = n % perTenMinutes;
    // The first minute of each ten keeps all its numbers; each later minute skips `drop` numbers.
    n += 9 * drop * tens + (rest >= drop ? drop * Math.floor((rest - drop) / perMinute) : 0);
  }
  const ff = n % fps;
  const totalSeconds = Math.floor(n / fps);
  const ss = totalSeconds % 60;
  const mm = Math.floor(totalSeconds / 60) % 60;
  const hh = Math.floor(totalSeconds / 3600);
  return `${two(hh)}:${two(mm)}:${two(ss)}${drop > 0 ? ';' : ':'}${two(ff)}`;
}

/**
 * Frames since midnight of a timecode `HH:MM:SS:FF` (any of `:;.,` before the frames; the rate decides the counting).
 * Undefined for text that is no timecode at this rate: out-of-range fields, or a frame number drop frame skips.
 */
export function timecodeToFrames(tc: string, rate: TimecodeRate): number | undefined {
  const m = /^\s*(\d{1,2})[:;.,](\d{2})[:;.,](\d{2})[:;.,](\d{2,3})\s*$/.exec(tc);
  if (!m) return undefined;
  const [hh, mm, ss, ff] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
  const fps = rate.nominalFps;
  if (hh > 23 || mm > 59 || ss > 59 || ff >= fps) return undefined;
  const drop = dropPerMinute(rate);
  if (drop > 0 && ss === 0 && mm % 10 !== 0 && ff < drop) return undefined;
  const minutes = hh * 60 + mm;
  return (hh * 3600 + mm * 60 + ss) * fps + ff - drop * (minutes - Math.floor(minutes / 10));
}

/** Timecode of a sample since midnight (a bext TimeReference). */
export function samplesToTimecode(samples: bigint | number, sampleRate: number, rate: TimecodeRate): string {
  return framesToTimecode(samplesToFrames(samples, sampleRate, rate), rate);
}

/**
 * End timecode of a take: the timecode of the sample just after its last one (start + duration), as the sound report
 * prints it, so a take's end equals the next take's start when recording is continuous. Wraps past midnight.
 */
export function endTimecode(startSamples: bigint | number, lengthSamples: bigint | number, sampleRate: number, rate: TimecodeRate): string {
  return samplesToTimecode(toBigInt(startSamples) + toBigInt(lengthSamples), sampleRate, rate);
}

/**
 * A take's length as `HH:MM:SS` (the sound report's Length column), whole seconds rounded down so a take is never
 * shown longer than its audio; hours keep counting past 24. (shared/format.ts formatDuration is the terminal's
 * compact `M:SS` for job times.)
 */
export function formatDuration(seconds: number): string {
  const s = Number.isFinite(seconds) && seconds > 0 ? Math.floor(seconds) : 0;
  return `${two(Math.floor(s / 3600))}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}`;
}
