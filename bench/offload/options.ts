/** Command-line options of the offload benchmark, validated up front so a typo fails before gigabytes are written. */
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

export interface BenchOptions {
  gib: number;
  dir: string;
  runs: number;
  keep: boolean;
  json: boolean;
}

/** Card size from the environment, for CI or a quick smoke run without editing the npm script. */
export const GIB_ENV = 'SOUNDROLL_BENCH_GIB';

export const USAGE = `Usage: node dist/bench/offload/run.js [options]   (npm run bench:offload -- [options])

Times the real offload (copy once to 2 destinations, O_DIRECT read-back, MHL, catalog) against a floor made of
cat/tee/cat on the same generated card and disk, and prints offload/floor.

Options:
  --gib <n>     card size in GiB (default 2; env ${GIB_ENV})
  --dir <dir>   parent of the scratch folder (default: the OS temp folder); card and destinations go there
  --runs <n>    floor + offload pairs to measure (default 1); the median is reported
  --keep        keep the scratch folder
  --json        print one JSON object on stdout instead of the table
  -h, --help    this help`;

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): BenchOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      gib: { type: 'string' },
      dir: { type: 'string' },
      runs: { type: 'string' },
      keep: { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return 'help';
  const gib = positiveNumber(values.gib ?? env[GIB_ENV] ?? '2', values.gib !== undefined ? '--gib' : GIB_ENV);
  const runs = positiveNumber(values.runs ?? '1', '--runs');
  if (!Number.isInteger(runs)) throw new Error(`--runs wants a whole number, got ${values.runs}`);
  return { gib, runs, dir: resolve(values.dir ?? tmpdir()), keep: Boolean(values.keep), json: Boolean(values.json) };
}

function positiveNumber(text: string, name: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} wants a positive number, got "${text}"`);
  return n;
}
