/**
 * What a benchmark card holds: a day of poly takes on one roll, named and laid out like a Sound Devices card
 * (`<CARD>/<DAY>/S12AT03.WAV`), with sizes from ~50 MB to ~1 GB. Pure and seeded, so every run plans the same card.
 */
import { AUDIO, BLOCK_ALIGN, type TakeMeta } from './bwf';
import { XorShift128 } from './prng';

export interface PlannedTake {
  relativePath: string; // '/'-separated, below the card root
  meta: TakeMeta;
  /** Target file size; the written file is at most one sample frame (24 bytes) smaller. */
  bytes: number;
}

const MB = 1_000_000;
/** The smallest take: a short insert or wild line. */
const MIN_TAKE = 50 * MB;
/** The largest: a ~14-minute 8-track oner. The hashing comparison uses it. */
const BIG_TAKE = 1_000 * MB;
/** Ordinary takes fall between MIN_TAKE and this. */
const TYPICAL_MAX = 300 * MB;

const SCENES = ['12A', '12B', '13', '14', '14A', '15', '16', '16A', '17', '18', '19', '20', '21', '22', '23', '24'];
const TRACKS = ['MIX', 'BOOM', 'LAV1', 'LAV2', 'LAV3', 'LAV4', 'PLANT', 'ROOM'];

export interface CardPlanOptions {
  totalBytes: number;
  project: string;
  tape: string;
  /** The day folder and the bext OriginationDate. */
  date: string; // YYYY-MM-DD
  seed?: number;
}

export function planCard(opts: CardPlanOptions): PlannedTake[] {
  const rng = new XorShift128(opts.seed ?? 0x50d0);
  const sizes = shuffle(planSizes(opts.totalBytes, rng), rng);
  const day = dayFolder(opts.date);
  const takes: PlannedTake[] = [];
  let scene = 0;
  let take = 1;
  let clock = 8 * 3600; // first roll at 08:00:00
  for (const bytes of sizes) {
    const meta: TakeMeta = {
      project: opts.project,
      scene: SCENES[scene % SCENES.length]! + (scene >= SCENES.length ? `-${Math.floor(scene / SCENES.length)}` : ''),
      take,
      tape: opts.tape,
      date: opts.date,
      time: hms(clock),
      timeReference: clock * AUDIO.sampleRate,
      trackNames: TRACKS,
      circled: rng.nextFloat() < 0.3,
      note: rng.nextFloat() < 0.2 ? 'plane overhead' : '',
      fileUid: `${opts.tape}${String(takes.length + 1).padStart(4, '0')}${rng.nextU32().toString(16).padStart(8, '0')}`,
    };
    const name = `S${meta.scene}T${String(take).padStart(2, '0')}.WAV`;
    takes.push({ relativePath: `${day}/${name}`, meta, bytes });
    // The next take starts after this one's duration plus a minute or two of resetting.
    clock += Math.ceil(bytes / (AUDIO.sampleRate * BLOCK_ALIGN)) + 60 + Math.floor(rng.nextFloat() * 120);
    if (rng.nextFloat() < 0.35) {
      scene++;
      take = 1;
    } else {
      take++;
    }
  }
  return takes;
}

/**
 * One ~1 GB take (or half the card when the card is small), then ordinary takes until the total is reached; the last
 * one takes the remainder so the card adds up to the requested size.
 */
function planSizes(total: number, rng: XorShift128): number[] {
  if (total <= 2 * MIN_TAKE) return [Math.max(1, Math.round(total))];
  const sizes = [Math.min(BIG_TAKE, Math.round(total / 2))];
  let left = total - sizes[0]!;
  while (left > 0) {
    let size = Math.round(MIN_TAKE + rng.nextFloat() * (TYPICAL_MAX - MIN_TAKE));
    if (left - size < MIN_TAKE) size = left;
    sizes.push(size);
    left -= size;
  }
  return sizes;
}

function shuffle<T>(items: T[], rng: XorShift128): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng.nextFloat() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** Sound Devices recorders (552, 788T manuals) name a daily folder after the date: 15 Jan 2007 → `07Y01M15`. */
function dayFolder(date: string): string {
  const [y, m, d] = date.split('-');
  return `${y!.slice(2)}Y${m}M${d}`;
}

function hms(seconds: number): string {
  const s = Math.floor(seconds) % 86_400;
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
}
