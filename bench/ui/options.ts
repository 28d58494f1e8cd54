/** Command-line options of the UI benchmark, validated up front so a typo fails before gigabytes are written. */
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

export interface BenchOptions {
  /** Length of the short take (minutes). */
  shortMinutes: number;
  /** Length of the long take (minutes). */
  longMinutes: number;
  /** Timed runs of the open and play-start measurements; medians are reported. */
  runs: number;
  /** Seconds of playback between the two memory readings. */
  playSeconds: number;
  dir: string;
  /** The built UI to serve (soundroll serve --app-dir); default dist/app. */
  appDir: string | undefined;
  keep: boolean;
  json: boolean;
}

/**
 * The longest 8-track 24-bit 48 kHz take a plain RIFF file holds: 1,152,000 bytes a second, and the RIFF size field
 * stops at 4 GiB - 1 (the project's BWF writer throws past it: it does not write RF64). One hour is 4.147 GB, which is
 * 3.86 GiB: it fits.
 */
export const MAX_MINUTES = 62;

export const USAGE = `Usage: node dist/bench/ui/run.js [options]   (npm run bench:ui -- [options])

Measures the Takes screen of the built UI in Debian's Chromium (playwright-core), served by 'soundroll serve' from a
catalog filled by a real offload: two generated 8-track 48 kHz 24-bit poly takes (bench/waveform's generator) on a
card folder, offloaded with the CLI (which builds the waveform peaks and QC), then
  (a) open a take (Enter on its row) until every lane's waveform is drawn     goal ≤ 500 ms (median)
  (b) frame rate while zooming (ctrl+wheel) and while scrolling (shift+wheel), 2 s each   goal ≥ 50 fps
  (c) playback start: Space until the position first advances              goal ≤ 300 ms (median)
  (d) renderer JS heap with the long take open, before and after playing it   goal: grows ≤ 5 MB
Everything lives in a scratch folder removed at the end.

Options:
  --short-minutes <n>  length of the short take (default 10)
  --long-minutes <n>   length of the long take (default 60, at most ${MAX_MINUTES}: one RIFF file)
  --runs <n>           timed runs of (a) and (c) per take (default 5); medians are reported
  --play-seconds <n>   playback between the two heap readings of (d) (default 20)
  --app-dir <dir>      the built UI to serve (default dist/app, as 'npm run build' writes it; build
                       with NODE_ENV=production for the minified production React)
  --dir <dir>          parent of the scratch folder (default: the OS temp folder)
  --keep               keep the scratch folder
  --json               print one JSON object on stdout instead of the table
  -h, --help           this help

Environment: CHROMIUM_BIN (default /usr/bin/chromium), FFMPEG_BIN (the offload's analysis).`;

export function parseOptions(argv: string[]): BenchOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      'short-minutes': { type: 'string' },
      'long-minutes': { type: 'string' },
      runs: { type: 'string' },
      'play-seconds': { type: 'string' },
      dir: { type: 'string' },
      'app-dir': { type: 'string' },
      keep: { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return 'help';
  const shortMinutes = positiveNumber(values['short-minutes'] ?? '10', '--short-minutes');
  const longMinutes = positiveNumber(values['long-minutes'] ?? '60', '--long-minutes');
  for (const [name, m] of [['--short-minutes', shortMinutes], ['--long-minutes', longMinutes]] as const) {
    if (m > MAX_MINUTES) throw new Error(`${name} ${m}: at most ${MAX_MINUTES} (an 8-track 24-bit take must fit a 4 GiB RIFF file)`);
  }
  const runs = positiveNumber(values.runs ?? '5', '--runs');
  if (!Number.isInteger(runs)) throw new Error(`--runs wants a whole number, got ${values.runs}`);
  const playSeconds = positiveNumber(values['play-seconds'] ?? '20', '--play-seconds');
  return { shortMinutes, longMinutes, runs, playSeconds, dir: resolve(values.dir ?? tmpdir()), appDir: values['app-dir'] === undefined ? undefined : resolve(values['app-dir']), keep: Boolean(values.keep), json: Boolean(values.json) };
}

function positiveNumber(text: string, name: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} wants a positive number, got "${text}"`);
  return n;
}
