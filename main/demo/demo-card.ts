/**
 * The built-in demo card: roll A001 of a night exterior, recorded on a Sound Devices-style 8-track recorder at
 * 23.976 ND, 48 kHz. Card layout `A001/261123/S01T01.WAV` (date folder, `S<scene>T<take>` poly files; the one split
 * take is `S03T02_1.WAV … _8.WAV`, one mono file per track, as Sound Devices suffixes split mono files).
 *
 * 14 takes over 3 scenes through one evening (21:04 to 22:20 timecode), with circled takes, a false start, a wild
 * track, a no-good, a pickup, notes, one take in 32-bit float and one as split mono files. The audio is speech-like
 * dialogue (three voices, see voice.ts) over a night-exterior room tone: each lav hears its actor up close and the
 * others faintly, the booms and the plant hear everyone at lower level, Mix L/R is a mix of the ISO tracks.
 *
 * Three problems are planted for QC to find (DEMO_PLANTED): a clipped lav, a dropout on the boom, a dead lav.
 * Nothing else on the card reaches full scale or holds a run of digital silence.
 *
 * Deterministic: every number comes from seeded integer PRNGs, so the card is the same bytes on every run and a second
 * `demo-card` is recognised as the same card.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { codingHistoryLine, writeBwf, type BwfFormat, type BwfMeta, type BwfTrack, type IxmlFileSet } from './bwf-writer';
import { INT32_TO_UNIT, Rng, seedOf } from './prng';
import { speak, type VoiceProfile } from './voice';

export const DEMO_SAMPLE_RATE = 48000;
export const DEMO_ROLL = 'A001';
/** Sound Devices daily folder for 23 Nov 2026. */
export const DEMO_DAY_FOLDER = '261123';
export const DEMO_DATE = '2026-11-23';
export const DEMO_PROJECT = 'NIGHT EXT';
/** 23.976 fps non-drop: 24 frame numbers per second of timecode, each frame lasting 1001/24000 s. */
export const DEMO_TIMECODE_RATE = '24000/1001';

export interface DemoTrack {
  name: string;
  /** iXML FUNCTION. */
  function: string;
}

/** The recorder's 8 tracks, in channel order (channel = index + 1). */
export const DEMO_TRACKS: readonly DemoTrack[] = [
  { name: 'Boom', function: 'BOOM' },
  { name: 'Boom 2', function: 'BOOM' },
  { name: 'Lav Ana', function: 'LAV' },
  { name: 'Lav Ben', function: 'LAV' },
  { name: 'Lav Cara', function: 'LAV' },
  { name: 'Plant', function: 'PLANT' },
  { name: 'Mix L', function: 'MIX-L' },
  { name: 'Mix R', function: 'MIX-R' },
];

type Speaker = 'Ana' | 'Ben' | 'Cara';
export type DemoTakeType = 'DEFAULT' | 'FALSE_START' | 'WILD_TRACK' | 'NO_GOOD' | 'PICKUP';
type Tc = readonly [number, number, number, number];

interface Line {
  who: Speaker;
  from: number; // seconds into the take
  to: number;
  /** Peak relative to normal speech; a shout is several times it. Default: a normal line. */
  loudness?: number;
}

interface TakeSpec {
  scene: string;
  take: number;
  seconds: number;
  startTc: Tc; // hh mm ss ff at 23.976 ND
  circled?: boolean;
  note?: string;
  takeType?: DemoTakeType;
  float?: boolean;
  split?: boolean;
  /** Who speaks the lines filled in around `lines` (none: only `lines`). */
  cast: readonly Speaker[];
  lines?: readonly Line[];
  /** Louder room tone: a car passing, a plane. */
  events?: readonly { from: number; to: number; gain: number }[];
}

const ALL: readonly Speaker[] = ['Ana', 'Ben', 'Cara'];

const SPECS: readonly TakeSpec[] = [
  // Scene 1: the car park. Ana and Ben, Cara in the background.
  { scene: '1', take: 1, seconds: 4.6, startTc: [21, 4, 10, 0], takeType: 'FALSE_START', note: 'false start', cast: [],
    lines: [{ who: 'Ana', from: 1.2, to: 2.0 }, { who: 'Ben', from: 2.5, to: 3.1, loudness: 0.7 }] },
  { scene: '1', take: 2, seconds: 10.2, startTc: [21, 6, 42, 12], note: 'Ben loud on line 3', cast: ['Ana', 'Ben', 'Ana', 'Cara'],
    lines: [{ who: 'Ben', from: 4.0, to: 6.4, loudness: 14 }] },
  { scene: '1', take: 3, seconds: 10.0, startTc: [21, 9, 5, 3], circled: true, note: 'car pass at end', cast: ['Ana', 'Ben', 'Ben', 'Cara'],
    lines: [{ who: 'Ana', from: 2.4, to: 4.5 }], events: [{ from: 7.0, to: 10.6, gain: 14 }] },
  { scene: '1', take: 4, seconds: 9.4, startTc: [21, 11, 37, 20], cast: ['Ana', 'Ben', 'Ana', 'Ben', 'Cara'] },
  { scene: '1', take: 5, seconds: 9.0, startTc: [21, 14, 2, 8], circled: true, note: 'best for Ana', cast: ['Ana', 'Ben', 'Ana', 'Ben', 'Cara'] },
  // Scene 2: by the van, all three. Relit for twenty minutes.
  { scene: '2', take: 1, seconds: 8.2, startTc: [21, 36, 15, 0], cast: ALL, lines: [{ who: 'Ana', from: 1.1, to: 2.9 }] },
  { scene: '2', take: 2, seconds: 9.0, startTc: [21, 38, 51, 16], circled: true, cast: ALL },
  { scene: '2', take: 3, seconds: 7.0, startTc: [21, 41, 20, 4], takeType: 'WILD_TRACK', note: 'WT Ben lines 4-6', cast: ['Ben'] },
  { scene: '2', take: 4, seconds: 8.8, startTc: [21, 44, 48, 10], circled: true, takeType: 'PICKUP', note: 'PU from Cara line', cast: ALL },
  // Scene 3: the walk to the gate, Ben and Cara, a line or two from Ana.
  { scene: '3', take: 1, seconds: 8.0, startTc: [22, 9, 30, 0], takeType: 'NO_GOOD', note: 'NG plane overhead', cast: ['Ben', 'Cara', 'Ben', 'Cara', 'Ana'],
    events: [{ from: -2, to: 10, gain: 7 }] },
  { scene: '3', take: 2, seconds: 9.0, startTc: [22, 12, 5, 12], split: true, note: 'split mono', cast: ['Ben', 'Cara', 'Ben', 'Cara', 'Ana'] },
  { scene: '3', take: 3, seconds: 9.0, startTc: [22, 14, 40, 6], float: true, circled: true, note: '32-bit float', cast: ['Ben', 'Cara', 'Ben', 'Cara', 'Ana'] },
  { scene: '3', take: 4, seconds: 10.0, startTc: [22, 17, 12, 18], circled: true, cast: ['Ben', 'Cara', 'Ben', 'Cara', 'Ana'] },
  { scene: '3', take: 5, seconds: 6.5, startTc: [22, 19, 50, 2], note: 'safety', cast: ['Ben', 'Cara', 'Ana'] },
];

export interface DemoTake {
  /** `S01T02`. */
  name: string;
  scene: string;
  take: number;
  /** Card-relative paths ('/'-separated): one poly file, or the split set `_1` … `_8` in track order. */
  files: readonly string[];
  /** Channels per file: 8 for poly files, 1 for each split mono file. */
  channelsPerFile: number;
  sampleFormat: 'pcm' | 'float';
  bitDepth: 24 | 32;
  frames: number;
  seconds: number;
  /** Start timecode `hh:mm:ss:ff` at 23.976 ND. */
  startTc: string;
  /** Samples since midnight of the first sample (bext TimeReference): start TC frames × 1001 × 48000 / 24000. */
  timeReference: number;
  circled: boolean;
  falseStart: boolean;
  wildTrack: boolean;
  noGood: boolean;
  takeType: DemoTakeType;
  note: string;
  split: boolean;
}

export type DemoProblemKind = 'clipping' | 'dropout' | 'dead-track';

export interface DemoPlanted {
  take: string;
  /** The card-relative file that holds the track. */
  file: string;
  track: string;
  /** 1-based channel of `track` in `file` (1 for a split mono file). */
  channel: number;
  kind: DemoProblemKind;
  fromSeconds: number;
  toSeconds: number;
  what: string;
}

/**
 * What was planted, where. Times are seconds from the file's first sample.
 * - clipping: Ben shouts (23 dB over his normal level) and his lav's input limiter was off: the lav is driven far
 *   past full scale and the converter clips it. Every full-scale sample of the card lies on this track inside this
 *   window (the shout's syllables clip, the breaks between words do not); every other track's limiter holds it under
 *   -1 dBFS.
 * - dropout: the boom's samples are exact zeros over [from, to), in the middle of Ana's line.
 * - dead-track: Ana's lav carries only a noise floor around -100 dBFS (peaks under -90 dBFS) for the whole take.
 */
export const DEMO_PLANTED: readonly DemoPlanted[] = [
  { take: 'S01T02', file: `${DEMO_DAY_FOLDER}/S01T02.WAV`, track: 'Lav Ben', channel: 4, kind: 'clipping', fromSeconds: 4.0, toSeconds: 6.4, what: 'Lav Ben driven far past full scale (Ben shouts, limiter off)' },
  { take: 'S01T03', file: `${DEMO_DAY_FOLDER}/S01T03.WAV`, track: 'Boom', channel: 1, kind: 'dropout', fromSeconds: 3.2, toSeconds: 3.32, what: '120 ms of digital silence on the boom mid-line' },
  { take: 'S02T01', file: `${DEMO_DAY_FOLDER}/S02T01.WAV`, track: 'Lav Ana', channel: 3, kind: 'dead-track', fromSeconds: 0, toSeconds: 8.2, what: 'Lav Ana dead: noise floor only, no voice' },
];

const pad2 = (n: number): string => String(n).padStart(2, '0');
const tcFrames = ([h, m, s, f]: Tc): number => ((h * 60 + m) * 60 + s) * 24 + f;

/** Samples since midnight for a 23.976 ND timecode: frames count at 24 a second, each lasting 1001/24000 s. */
export function timeReferenceOfTc(tc: string): number {
  const parts = tc.split(':').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p))) throw new Error(`bad timecode ${tc}`);
  return Math.round((tcFrames(parts as unknown as Tc) * 1001 * DEMO_SAMPLE_RATE) / 24000);
}

/** The 23.976 ND timecode of a TimeReference (frames rounded down). */
export function tcOfTimeReference(samples: number): string {
  const frames = Math.floor((samples * 24000) / (1001 * DEMO_SAMPLE_RATE) + 1e-9);
  const f = frames % 24;
  const s = Math.floor(frames / 24);
  return `${pad2(Math.floor(s / 3600))}:${pad2(Math.floor(s / 60) % 60)}:${pad2(s % 60)}:${pad2(f)}`;
}

const takeName = (t: TakeSpec): string => `S${t.scene.padStart(2, '0')}T${pad2(t.take)}`;

export const DEMO_TAKES: readonly DemoTake[] = SPECS.map((t) => {
  const name = takeName(t);
  const startTc = t.startTc.map(pad2).join(':');
  // The split take is an odd number of frames long, so each mono file's data chunk has an odd size and a pad byte,
  // as real split files do.
  const frames = Math.round(t.seconds * DEMO_SAMPLE_RATE) + (t.split ? 1 : 0);
  const takeType = t.takeType ?? 'DEFAULT';
  return {
    name,
    scene: t.scene,
    take: t.take,
    files: t.split ? DEMO_TRACKS.map((_, c) => `${DEMO_DAY_FOLDER}/${name}_${c + 1}.WAV`) : [`${DEMO_DAY_FOLDER}/${name}.WAV`],
    channelsPerFile: t.split ? 1 : DEMO_TRACKS.length,
    sampleFormat: t.float ? 'float' : 'pcm',
    bitDepth: t.float ? 32 : 24,
    frames,
    seconds: frames / DEMO_SAMPLE_RATE,
    startTc,
    timeReference: timeReferenceOfTc(startTc),
    circled: t.circled ?? false,
    falseStart: takeType === 'FALSE_START',
    wildTrack: takeType === 'WILD_TRACK',
    noGood: takeType === 'NO_GOOD',
    takeType,
    note: t.note ?? '',
    split: t.split ?? false,
  };
});

/** Every file of the card, card-relative, in take order. */
export const DEMO_FILES: readonly string[] = DEMO_TAKES.flatMap((t) => t.files);

// ---------------------------------------------------------------------------------------------------------------
// The sound

const VOICES: Record<Speaker, VoiceProfile> = {
  Ana: { name: 'Ana', f0: 215, formantScale: 1.17, breathiness: 0.08 },
  Ben: { name: 'Ben', f0: 108, formantScale: 1, breathiness: 0.05 },
  Cara: { name: 'Cara', f0: 190, formantScale: 1.12, breathiness: 0.18 },
};
const SPEAKERS: readonly Speaker[] = ['Ana', 'Ben', 'Cara'];

/**
 * How each ISO track hears each actor: gain on the actor's normalised voice (normal speech peaks at 1) and the delay
 * of the sound's path in ms; then the room tone (ambience) and the mic's own noise (peak amplitude).
 */
const PICKUP: readonly { gains: readonly number[]; delaysMs: readonly number[]; ambience: number; selfNoise: number }[] = [
  { gains: [0.2, 0.16, 0.17], delaysMs: [1.8, 2.3, 2.9], ambience: 0.0015, selfNoise: 0.0002 }, // Boom
  { gains: [0.13, 0.14, 0.18], delaysMs: [3.1, 2.6, 1.9], ambience: 0.0015, selfNoise: 0.0002 }, // Boom 2
  { gains: [0.34, 0.018, 0.015], delaysMs: [0, 0.9, 1.2], ambience: 0.0005, selfNoise: 0.0003 }, // Lav Ana
  { gains: [0.02, 0.33, 0.018], delaysMs: [0.9, 0, 1.0], ambience: 0.0005, selfNoise: 0.0003 }, // Lav Ben
  { gains: [0.015, 0.02, 0.32], delaysMs: [1.2, 1.0, 0], ambience: 0.0005, selfNoise: 0.0003 }, // Lav Cara
  { gains: [0.08, 0.07, 0.08], delaysMs: [6.2, 5.1, 7.4], ambience: 0.0025, selfNoise: 0.00025 }, // Plant
];
/** Mix L and Mix R as gains on the six ISO tracks (after their faults: the mix is made from what was recorded). */
const MIX: readonly (readonly number[])[] = [
  [0.5, 0.14, 0.56, 0.4, 0.48, 0.08],
  [0.5, 0.14, 0.4, 0.56, 0.48, 0.08],
];
const ISO_COUNT = PICKUP.length;
/** A dead lav's noise floor: peak amplitude 2e-5, about -94 dBFS. */
const DEAD_NOISE = 0.00002;

const LIMIT_KNEE = 0.5;
/** -1 dBFS. */
const LIMIT_CEILING = 0.89;

/** A soft limiter: transparent under the knee (-6 dBFS), then a tanh curve that never passes the ceiling. */
function limit(ch: Float32Array): void {
  const range = LIMIT_CEILING - LIMIT_KNEE;
  for (let i = 0; i < ch.length; i++) {
    const x = ch[i]!;
    if (x > LIMIT_KNEE) ch[i] = LIMIT_KNEE + range * Math.tanh((x - LIMIT_KNEE) / range);
    else if (x < -LIMIT_KNEE) ch[i] = -LIMIT_KNEE - range * Math.tanh((-x - LIMIT_KNEE) / range);
  }
}

/** The converter: full scale is the end of the road (+0x7fffff and -0x800000 in 24-bit). */
function hardClip(ch: Float32Array): void {
  const top = 1 - 2 ** -23;
  for (let i = 0; i < ch.length; i++) {
    const x = ch[i]!;
    if (x > top) ch[i] = top;
    else if (x < -1) ch[i] = -1;
  }
}

/** The lines of a take: the fixed ones, and lines by the cast in turns around them, with pauses. */
function scriptOf(spec: TakeSpec, rng: Rng): Line[] {
  const fixed = [...(spec.lines ?? [])].sort((a, b) => a.from - b.from);
  const lines: Line[] = [...fixed];
  if (!spec.cast.length) return lines;
  const endBy = spec.seconds - 0.8;
  let t = rng.range(0.8, 1.3); // "action" and a beat of room tone first
  let last: Speaker | undefined;
  while (t < endBy - 0.5) {
    const blocking = fixed.find((f) => f.to + 0.2 > t && f.from - 0.2 < t + 0.6);
    if (blocking) {
      t = blocking.to + rng.range(0.25, 0.5);
      last = blocking.who;
      continue;
    }
    const next = fixed.find((f) => f.from > t);
    const limit = Math.min(endBy, next ? next.from - 0.25 : endBy);
    const length = Math.min(rng.range(0.9, 2.4), limit - t);
    if (length < 0.6) {
      t = limit;
      continue;
    }
    const choices = spec.cast.filter((c) => c !== last);
    const who = rng.pick(choices.length ? choices : spec.cast);
    lines.push({ who, from: t, to: t + length, loudness: rng.range(0.75, 1.1) });
    last = who;
    t += length + rng.range(0.25, 0.75);
  }
  return lines.sort((a, b) => a.from - b.from);
}

/**
 * Night-exterior room tone, shared by every mic: low rumble plus a little mid-band hiss, about unit RMS, made louder
 * by the take's events (raised-cosine swells).
 */
function ambienceOf(spec: TakeSpec, frames: number, rng: Rng): Float32Array {
  const out = new Float32Array(frames);
  let s = rng.state;
  let low = 0;
  let mid = 0;
  for (let i = 0; i < frames; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    const n = s * INT32_TO_UNIT;
    low += 0.016 * (n - low);
    mid += 0.12 * (n - mid);
    out[i] = 38 * low + 6.8 * mid;
  }
  rng.resume(s);
  const sr = DEMO_SAMPLE_RATE;
  for (const e of spec.events ?? []) {
    const a = Math.max(0, Math.round(e.from * sr));
    const b = Math.min(frames, Math.round(e.to * sr));
    const span = (e.to - e.from) * sr;
    const offset = e.from * sr;
    for (let i = a; i < b; i++) {
      const x = (i - offset) / span;
      out[i] = out[i]! * (1 + e.gain * 0.5 * (1 - Math.cos(2 * Math.PI * x)));
    }
  }
  return out;
}

/** The 8 channels of a take, as floats (PCM tracks already clipped at full scale, as the converter did). */
export function renderTake(take: DemoTake): Float32Array[] {
  const index = DEMO_TAKES.indexOf(take);
  const spec = SPECS[index];
  if (!spec) throw new Error(`not a demo take: ${take.name}`);
  const sr = DEMO_SAMPLE_RATE;
  const frames = take.frames;
  const rng = new Rng(seedOf('soundroll-demo', take.name));

  const voices = SPEAKERS.map(() => new Float32Array(frames));
  for (const [k, line] of scriptOf(spec, rng).entries()) {
    const v = SPEAKERS.indexOf(line.who);
    speak(voices[v]!, sr, VOICES[line.who], { start: Math.round(line.from * sr), end: Math.round(line.to * sr), loudness: line.loudness ?? 1 }, new Rng(seedOf(take.name, k)));
  }
  const ambience = ambienceOf(spec, frames, rng);

  const planted = DEMO_PLANTED.filter((p) => p.take === take.name);
  const iso = PICKUP.map((pick, t) => {
    const out = new Float32Array(frames);
    const dead = planted.some((p) => p.kind === 'dead-track' && p.track === DEMO_TRACKS[t]!.name);
    let s = new Rng(seedOf(take.name, 'self-noise', t)).state;
    if (dead) {
      for (let i = 0; i < frames; i++) {
        s ^= s << 13;
        s ^= s >>> 17;
        s ^= s << 5;
        out[i] = 2 * DEAD_NOISE * s * INT32_TO_UNIT;
      }
      return out;
    }
    for (let k = 0; k < SPEAKERS.length; k++) {
      const g = pick.gains[k]!;
      const d = Math.round((pick.delaysMs[k]! * sr) / 1000);
      const v = voices[k]!;
      for (let i = d; i < frames; i++) out[i] = out[i]! + g * v[i - d]!;
    }
    const ga = pick.ambience;
    const gn = 2 * pick.selfNoise * INT32_TO_UNIT;
    for (let i = 0; i < frames; i++) {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      out[i] = out[i]! + ga * ambience[i]! + gn * s;
    }
    return out;
  });

  for (const p of planted) {
    if (p.kind !== 'dropout') continue;
    iso[DEMO_TRACKS.findIndex((t) => t.name === p.track)]!.fill(0, Math.round(p.fromSeconds * sr), Math.round(p.toSeconds * sr));
  }
  // The recorder's input limiters hold every track under -1 dBFS, except where one was left off: there the
  // converter clips what goes past full scale (and the mix gets it clipped).
  for (const [t, ch] of iso.entries()) {
    if (planted.some((p) => p.kind === 'clipping' && p.track === DEMO_TRACKS[t]!.name)) hardClip(ch);
    else limit(ch);
  }

  const mix = MIX.map((gains) => {
    const out = new Float32Array(frames);
    for (let t = 0; t < ISO_COUNT; t++) {
      const g = gains[t]!;
      const src = iso[t]!;
      for (let i = 0; i < frames; i++) out[i] = out[i]! + g * src[i]!;
    }
    limit(out);
    return out;
  });
  return [...iso, ...mix];
}

// ---------------------------------------------------------------------------------------------------------------
// The files

function hex(seed: number, digits: number): string {
  const rng = new Rng(seed);
  let out = '';
  while (out.length < digits) out += ((rng.next() * 0x1_0000_0000) >>> 0).toString(16).toUpperCase().padStart(8, '0');
  return out.slice(0, digits);
}

/** Wall clock of the recorder (bext OriginationTime): real seconds since midnight, which 23.976 timecode lags. */
function wallClock(timeReference: number): string {
  const s = Math.floor(timeReference / DEMO_SAMPLE_RATE);
  return `${pad2(Math.floor(s / 3600))}:${pad2(Math.floor(s / 60) % 60)}:${pad2(s % 60)}`;
}

function metaFor(take: DemoTake, tracks: readonly BwfTrack[], file: string, fileSet?: IxmlFileSet): BwfMeta {
  const format: BwfFormat = { sampleRate: DEMO_SAMPLE_RATE, bitDepth: take.bitDepth, sampleFormat: take.sampleFormat };
  const time = wallClock(take.timeReference);
  const base = file.split('/').pop()!.replace(/\.WAV$/, '');
  return {
    format,
    tracks,
    timeReference: take.timeReference,
    bext: {
      description: [
        ['sSCENE', take.scene],
        ['sTAKE', String(take.take)],
        ['sTAPE', DEMO_ROLL],
        ...tracks.map((t, i): [string, string] => [`sTRK${t.channelIndex ?? i + 1}`, t.name]),
        ['sSPEED', '023.976-ND'],
        ['sNOTE', take.note],
        ['sCIRCLED', take.circled ? 'TRUE' : 'FALSE'],
      ],
      originator: 'Sound Devices',
      // EBU R99: country, organisation, 12-character serial, hhmmss, 9 random digits.
      originatorReference: `USSDV0000SRDEMO01${time.replace(/:/g, '')}${String(seedOf(base) % 1_000_000_000).padStart(9, '0')}`,
      originationDate: DEMO_DATE,
      originationTime: time,
      codingHistory: codingHistoryLine(format, tracks.length, 'soundroll demo card'),
    },
    ixml: {
      project: DEMO_PROJECT,
      scene: take.scene,
      take: String(take.take),
      tape: DEMO_ROLL,
      circled: take.circled,
      note: take.note,
      wildTrack: take.wildTrack,
      falseStart: take.falseStart,
      noGood: take.noGood,
      takeType: take.takeType,
      fileUid: `SDV${DEMO_DAY_FOLDER}${DEMO_ROLL}${base}${hex(seedOf('uid', base), 8)}`,
      ubits: `${DEMO_DAY_FOLDER}00`,
      timecodeRate: DEMO_TIMECODE_RATE,
      timecodeFlag: 'NDF',
      fileSet,
      originalFilename: `${base}.WAV`,
    },
  };
}

/**
 * Writes the demo card into `dir/A001` and returns that card folder. Refuses to write over anything (the writer
 * opens files with 'wx'), so pointing it at a folder that already holds a card fails loudly.
 */
export async function writeDemoCard(dir: string): Promise<string> {
  const card = join(dir, DEMO_ROLL);
  await mkdir(join(card, DEMO_DAY_FOLDER), { recursive: true });
  const tracks: BwfTrack[] = DEMO_TRACKS.map((t, i) => ({ name: t.name, function: t.function, channelIndex: i + 1 }));
  for (const take of DEMO_TAKES) {
    const audio = renderTake(take);
    if (!take.split) {
      const file = take.files[0]!;
      await writeBwf(join(card, file), metaFor(take, tracks, file), take.frames, audio);
      continue;
    }
    const familyUid = `SDV${DEMO_DAY_FOLDER}${DEMO_ROLL}${take.name}${hex(seedOf('family', take.name), 8)}`;
    for (const [c, file] of take.files.entries()) {
      const fileSet: IxmlFileSet = { totalFiles: take.files.length, familyUid, familyName: take.name, index: String(c + 1) };
      await writeBwf(join(card, file), metaFor(take, [tracks[c]!], file, fileSet), take.frames, [audio[c]!]);
    }
  }
  return card;
}
