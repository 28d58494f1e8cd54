/**
 * How playback streams a take (pure: tested in tests/renderer): the PCM windows asked of the station and when, and
 * the per-track mix (gain, solo, mute) as the gains the Web Audio graph applies.
 *
 * A short first window (0.5 s) so sound starts within a few hundred milliseconds of the key press, then 2 s windows
 * fetched while at least LOOKAHEAD_SECONDS remain scheduled ahead: at most a handful of windows exist at once (the one
 * playing, the ones queued behind it, the one in flight), however long the take: an hour-long take never sits in
 * memory.
 */

export const FIRST_WINDOW_SECONDS = 0.5;
export const WINDOW_SECONDS = 2;
/** Keep this much audio scheduled ahead of the playhead: covers a slow answer from the station. */
export const LOOKAHEAD_SECONDS = 3;
/** The contract's limit on one `takes.audio` call (MAX_AUDIO_WINDOW_SECONDS, restated: see lib/takes.ts). */
export const MAX_WINDOW_SECONDS = 10;

export interface AudioWindow {
  fromFrame: number;
  frames: number;
}

/** The next window to ask for, from `cursorFrame` on; null when the take is played out. */
export function nextWindow(cursorFrame: number, totalFrames: number, sampleRate: number, first: boolean): AudioWindow | null {
  const from = Math.max(0, Math.floor(cursorFrame));
  if (from >= totalFrames || !(sampleRate > 0)) return null;
  const seconds = Math.min(MAX_WINDOW_SECONDS, first ? FIRST_WINDOW_SECONDS : WINDOW_SECONDS);
  const frames = Math.min(totalFrames - from, Math.max(1, Math.round(seconds * sampleRate)));
  return { fromFrame: from, frames };
}

/**
 * Whether to ask for the next window now: not while one is in flight (one request at a time keeps them in order),
 * not past the end, and only once less than LOOKAHEAD_SECONDS are scheduled ahead of what plays now.
 */
export function shouldFetch(scheduledAheadSeconds: number, inFlight: boolean, cursorFrame: number, totalFrames: number): boolean {
  return !inFlight && cursorFrame < totalFrames && scheduledAheadSeconds < LOOKAHEAD_SECONDS;
}

/** Every window of a play-through from `fromFrame` to the end (the sequence the engine asks for). */
export function playbackPlan(fromFrame: number, totalFrames: number, sampleRate: number): AudioWindow[] {
  const out: AudioWindow[] = [];
  let cursor = fromFrame;
  for (let w = nextWindow(cursor, totalFrames, sampleRate, true); w; w = nextWindow(cursor, totalFrames, sampleRate, false)) {
    out.push(w);
    cursor = w.fromFrame + w.frames;
  }
  return out;
}

/**
 * The most windows alive at once in a steady play-through: those still scheduled (less than LOOKAHEAD_SECONDS when a
 * fetch starts, one window more when it lands), plus the one playing.
 */
export function maxWindowsInMemory(): number {
  return Math.ceil(LOOKAHEAD_SECONDS / WINDOW_SECONDS) + 2;
}

// ---- the mix -------------------------------------------------------------------------------------------------------

export interface TrackMix {
  /** Fader, in dB (0 = unity). */
  gainDb: number;
  solo: boolean;
  mute: boolean;
}

export const DEFAULT_MIX: TrackMix = { gainDb: 0, solo: false, mute: false };
export const MIN_GAIN_DB = -40;
export const MAX_GAIN_DB = 12;

export function dbToGain(db: number): number {
  return db <= MIN_GAIN_DB ? 0 : 10 ** (db / 20);
}

/**
 * What each track's gain node is set to: muted tracks are silent, and while any track is soloed only soloed ones
 * sound (a soloed and muted track stays silent, as on a mixing desk); the fader applies to what sounds.
 */
export function mixGains(mix: readonly TrackMix[]): number[] {
  const anySolo = mix.some((m) => m.solo);
  return mix.map((m) => (m.mute || (anySolo && !m.solo) ? 0 : dbToGain(m.gainDb)));
}

/** Whether a track is heard under the current mix (for dimming its lane). */
export function audible(mix: readonly TrackMix[], index: number): boolean {
  const m = mix[index] ?? DEFAULT_MIX;
  return !m.mute && (!mix.some((x) => x.solo) || m.solo);
}

// ---- meters --------------------------------------------------------------------------------------------------------

export const METER_FLOOR_DB = -60;

/** Peak of a block of samples, in dBFS (−Infinity for silence). */
export function peakDbfs(samples: ArrayLike<number>): number {
  let peak = 0;
  for (let i = 0; i < samples.length; i++) {
    const a = Math.abs(samples[i]!);
    if (a > peak) peak = a;
  }
  return peak > 0 ? 20 * Math.log10(peak) : -Infinity;
}

/** A meter's fill, 0–1, linear in dB from METER_FLOOR_DB to 0 dBFS. */
export function meterFraction(db: number): number {
  if (!(db > METER_FLOOR_DB)) return 0;
  return Math.min(1, (db - METER_FLOOR_DB) / -METER_FLOOR_DB);
}

/** Meter colour band: green below −12 dBFS, amber to −3, red above (a clip is near). */
export function meterLevel(db: number): 'ok' | 'warn' | 'bad' {
  return db >= -3 ? 'bad' : db >= -12 ? 'warn' : 'ok';
}
