/** Command-line options of the waveform benchmark, validated up front so a typo fails before a gigabyte is written. */
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

export interface BenchOptions {
  /** Length of each of the two test takes. */
  minutes: number;
  /** Timed runs of each measurement (decode baseline, analysis, offload with and without previews). */
  runs: number;
  /** Size of the card for the offload part. */
  cardGib: number;
  dir: string;
  keep: boolean;
  json: boolean;
}

/**
 * The longest take both files can hold: the float file has 32 bytes per frame and a plain RIFF file stops at 4 GiB
 * (the project's writer does not write RF64).
 */
export const MAX_MINUTES = 46;

export const USAGE = `Usage: node dist/bench/waveform/run.js [options]   (npm run bench:waveform -- [options])

Measures the take analysis (waveform peaks at every default level + QC, one ffmpeg decode pass) against a bare
ffmpeg decode of the same file, the cached peaks read, and how much offload throughput is left when the previews
run behind the copy. Two generated poly BWF takes (8 tracks, 48 kHz, 24-bit PCM and 32-bit float) and a card made
of copies of the 24-bit take, all in a scratch folder removed at the end.

Options:
  --minutes <n>   length of each test take (default 10, at most ${MAX_MINUTES})
  --runs <n>      timed runs of each measurement (default 3); medians are reported
  --card-gib <n>  card size for the offload part, GiB (default 2)
  --dir <dir>     parent of the scratch folder (default: the OS temp folder)
  --keep          keep the scratch folder
  --json          print one JSON object on stdout instead of the table
  -h, --help      this help`;

export function parseOptions(argv: string[]): BenchOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      minutes: { type: 'string' },
      runs: { type: 'string' },
      'card-gib': { type: 'string' },
      dir: { type: 'string' },
      keep: { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return 'help';
  const minutes = positiveNumber(values.minutes ?? '10', '--minutes');
  if (minutes > MAX_MINUTES) throw new Error(`--minutes ${minutes}: at most ${MAX_MINUTES} (the 32-bit float take must fit a 4 GiB RIFF file)`);
  const runs = positiveNumber(values.runs ?? '3', '--runs');
  if (!Number.isInteger(runs)) throw new Error(`--runs wants a whole number, got ${values.runs}`);
  const cardGib = positiveNumber(values['card-gib'] ?? '2', '--card-gib');
  return { minutes, runs, cardGib, dir: resolve(values.dir ?? tmpdir()), keep: Boolean(values.keep), json: Boolean(values.json) };
}

function positiveNumber(text: string, name: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} wants a positive number, got "${text}"`);
  return n;
}
