/**
 * The built-in demo card: roll A001 of a night exterior, Sound Devices style (date folder, S##T##.WAV poly takes,
 * 4 ISO tracks: Boom, Lav Ben, Lav Ana, Plant). Deterministic: the same bytes every time, so a second `demo-card`
 * is recognised as the same card. Three takes carry the faults a mixer must be shown: a clipping lav (S01T02),
 * a dropout on the boom (S01T03) and a dead lav (S02T01).
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeBwf, type BwfTrack } from './bwf-writer';

const SAMPLE_RATE = 48000;
const TRACKS = [
  { name: 'Boom', fn: 'BOOM' },
  { name: 'Lav Ben', fn: 'LAV' },
  { name: 'Lav Ana', fn: 'LAV' },
  { name: 'Plant', fn: 'PLANT' },
];

interface DemoTake {
  scene: string;
  take: number;
  seconds: number;
  startTc: [number, number, number, number]; // hh mm ss ff at 23.976 ND
  circled: boolean;
  note: string;
  fault?: 'clip-lav-ben' | 'dropout-boom' | 'dead-lav-ana';
}

export const DEMO_TAKES: readonly DemoTake[] = [
  { scene: '1', take: 1, seconds: 8, startTc: [21, 4, 10, 0], circled: false, note: 'false start' },
  { scene: '1', take: 2, seconds: 8, startTc: [21, 6, 42, 12], circled: false, note: 'Ben shouts line 3', fault: 'clip-lav-ben' },
  { scene: '1', take: 3, seconds: 8, startTc: [21, 9, 5, 3], circled: true, note: 'good take, car pass at end', fault: 'dropout-boom' },
  { scene: '2', take: 1, seconds: 8, startTc: [21, 31, 0, 0], circled: false, note: 'Ana lav RF hit', fault: 'dead-lav-ana' },
  { scene: '2', take: 2, seconds: 8, startTc: [21, 33, 20, 8], circled: true, note: '' },
];

/** A small xorshift PRNG: noise that is the same on every machine. */
function prng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 2 ** 32 - 0.5;
  };
}

/** Voice-like: a few harmonics under a syllable envelope, plus room noise. */
function voice(seed: number, level: number, pitch: number): (i: number) => number {
  const noise = prng(seed);
  return (i) => {
    const t = i / SAMPLE_RATE;
    const syllable = Math.max(0, Math.sin(2 * Math.PI * 2.3 * t + seed)) ** 2;
    const tone = Math.sin(2 * Math.PI * pitch * t) + 0.5 * Math.sin(2 * Math.PI * 2 * pitch * t) + 0.25 * Math.sin(2 * Math.PI * 3 * pitch * t);
    return level * syllable * tone * 0.57 + 0.002 * noise();
  };
}

function tracksFor(take: DemoTake, index: number): BwfTrack[] {
  const levels = [0.25, 0.3, 0.28, 0.08];
  const pitches = [140, 120, 210, 160];
  return TRACKS.map((t, k) => {
    let sample = voice(1000 * index + k + 1, levels[k]!, pitches[k]!);
    if (take.fault === 'clip-lav-ben' && t.name === 'Lav Ben') {
      const base = sample;
      sample = (i) => base(i) * 4.5; // far past full scale: the converter clips it
    }
    if (take.fault === 'dead-lav-ana' && t.name === 'Lav Ana') sample = () => 0;
    if (take.fault === 'dropout-boom' && t.name === 'Boom') {
      const base = sample;
      const from = Math.round(3.2 * SAMPLE_RATE);
      const to = from + Math.round(0.12 * SAMPLE_RATE);
      sample = (i) => (i >= from && i < to ? 0 : base(i));
    }
    return { name: t.name, sample };
  });
}

function ixml(take: DemoTake, tape: string, timeReference: number): string {
  const circled = take.circled ? 'TRUE' : 'FALSE';
  const tracks = TRACKS.map(
    (t, k) => `      <TRACK><CHANNEL_INDEX>${k + 1}</CHANNEL_INDEX><INTERLEAVE_INDEX>${k + 1}</INTERLEAVE_INDEX><NAME>${t.name}</NAME><FUNCTION>${t.fn}</FUNCTION></TRACK>`,
  ).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<BWFXML>
  <IXML_VERSION>1.61</IXML_VERSION>
  <PROJECT>NIGHT EXT</PROJECT>
  <SCENE>${take.scene}</SCENE>
  <TAKE>${take.take}</TAKE>
  <TAPE>${tape}</TAPE>
  <CIRCLED>${circled}</CIRCLED>
  <NOTE>${take.note}</NOTE>
  <SPEED>
    <MASTER_SPEED>24000/1001</MASTER_SPEED>
    <CURRENT_SPEED>24000/1001</CURRENT_SPEED>
    <TIMECODE_RATE>24000/1001</TIMECODE_RATE>
    <TIMECODE_FLAG>NDF</TIMECODE_FLAG>
    <FILE_SAMPLE_RATE>${SAMPLE_RATE}</FILE_SAMPLE_RATE>
    <AUDIO_BIT_DEPTH>24</AUDIO_BIT_DEPTH>
    <TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_HI>${Math.floor(timeReference / 2 ** 32)}</TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_HI>
    <TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_LO>${timeReference % 2 ** 32}</TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_LO>
  </SPEED>
  <TRACK_LIST>
    <TRACK_COUNT>${TRACKS.length}</TRACK_COUNT>
${tracks}
  </TRACK_LIST>
</BWFXML>
`;
}

/** Samples since midnight for a 23.976 ND timecode: frames count at 24 fps, the clock runs 1.001 slower. */
function timeReferenceOf([h, m, s, f]: DemoTake['startTc']): number {
  const frames = ((h * 60 + m) * 60 + s) * 24 + f;
  return Math.round((frames * 1001 * SAMPLE_RATE) / 24000);
}

/**
 * Writes the demo card into `dir/A001` and returns that card folder. Refuses to write over anything (the writer
 * opens files with 'wx'), so pointing it at a folder that already holds a card fails loudly.
 */
export async function writeDemoCard(dir: string): Promise<string> {
  const card = join(dir, 'A001');
  const day = join(card, '261123');
  await mkdir(day, { recursive: true });
  for (const [index, take] of DEMO_TAKES.entries()) {
    const timeReference = timeReferenceOf(take.startTc);
    const name = `S${take.scene.padStart(2, '0')}T${String(take.take).padStart(2, '0')}.WAV`;
    await writeBwf(join(day, name), {
      sampleRate: SAMPLE_RATE,
      bitDepth: 24,
      frames: take.seconds * SAMPLE_RATE,
      tracks: tracksFor(take, index),
      timeReference,
      originator: 'Sound Devices',
      originationDate: '2026-11-23',
      originationTime: `${String(take.startTc[0]).padStart(2, '0')}:${String(take.startTc[1]).padStart(2, '0')}:${String(take.startTc[2]).padStart(2, '0')}`,
      description: {
        sSPEED: '023.976-ND',
        sTAKE: String(take.take),
        sSCENE: take.scene,
        sTAPE: 'A001',
        sCIRCLED: take.circled ? 'TRUE' : 'FALSE',
        ...Object.fromEntries(TRACKS.map((t, k) => [`sTRK${k + 1}`, t.name])),
        sNOTE: take.note,
      },
      ixml: ixml(take, 'A001', timeReference),
    });
  }
  return card;
}
