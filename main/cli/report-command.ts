/**
 * `soundroll report sound|offload|backups`: the reports that leave the set, as CSV and/or PDF files (written atomically,
 * never over an existing file without --force) or, with neither --csv nor --pdf, the CSV on stdout.
 */
import { resolve } from 'node:path';
import {
  backupReport,
  backupReportCsv,
  NameTakenError,
  offloadReport,
  offloadReportCsv,
  ReportNotFoundError,
  soundReport,
  soundReportCsv,
  writeBackupReportPdf,
  writeOffloadReportPdf,
  writeReportFile,
  writeSoundReportPdf,
  type Paper,
  type SoundReportHeader,
} from '../report';
import { nameTaken } from '../durable/publish';
import type { Services } from '../services';
import type { OpenServices } from './open-services';
import { EXIT, parse, UsageError } from './args';
import { resolveRoll } from './roll-arg';

const OUTPUT_OPTIONS = `      --csv <file>       write the CSV to this file
      --pdf <file>       write the PDF to this file
      --paper <size>     a4 (default) or letter
      --force            replace --csv/--pdf files that already exist (default: refuse)
      --catalog <file>   catalog file (default: the user data folder; env SOUNDROLL_CATALOG)
  -h, --help             show this help`;

const OUTPUT_NOTE = `With neither --csv nor --pdf the CSV is printed on stdout. Files are written
atomically (a temporary file renamed into place) and an existing file is never
replaced unless --force is given.`;

export const REPORT_HELP = `Usage: soundroll report <sound|offload|backups> [options]

The reports that leave the set, as CSV and PDF:
  sound <roll>             the sound report of a roll (Wave Agent CSV layout, printable PDF)
  offload <job-id|last>    what one offload copied, where, with which hashes, and its verdict
  backups                  per roll, the copies verified recently and the drives holding them

Run 'soundroll report <report> --help' for a report's options.
Exit status: 0 written; 2 usage error; 3 unknown roll, take or job, a file in the way, or
the report could not be written.`;

export const REPORT_SOUND_HELP = `Usage: soundroll report sound <roll> [options]

The sound report of a roll from the catalog, with the mixer's edits (note, circled,
flags) over what the recorder wrote, and the QC findings of warning level or more.
The CSV has Sound Devices Wave Agent's layout (its header rows, the columns File Name,
Channels, Tape, Scene, Take, Sample Rate, Frame Rate, Bit Depth, Length, Start TC, Wild,
Circled, User, Notes, T1…Tn, CR line ends), so post imports it as it imports Wave Agent's;
the PDF is a landscape report with the header block, flags and QC in each row.

Options:
      --project <name>   the roll's project (needed when two projects have that roll)
      --date <day>       only takes the recorder dated YYYY-MM-DD
      --takes <ids>      only these takes, by catalog id (soundroll takes --json), e.g. 3,4,9
      --per-take         one row per take (default: one per file, as Wave Agent lists them)
      --production <t>   the title in the header (default: the roll's project)
      --mixer <name>     the sound mixer
      --boom-op <name>   the boom operator
      --media <text>     the media recorded to
      --tone <text>      the tone level (Wave Agent's Tone/dB)
      --notes <text>     notes for the header
      --extended         add Flags and QC columns (and our header rows) to the CSV: richer,
                         but no longer importable as Wave Agent's
${OUTPUT_OPTIONS}

${OUTPUT_NOTE}
Exit status: 0 written; 2 usage error; 3 unknown roll or take, a file in the way, or
the report could not be written.`;

export const REPORT_OFFLOAD_HELP = `Usage: soundroll report offload <job-id|last> [options]

The offload report of one offload job (its id as 'soundroll offload --json' prints it,
8 or more of its first characters, or 'last'): the source card, each destination with
its free space now, every file with its size, hashes and result per destination (with
the read-back method and any reason), start, end, throughput, errors, the tool, and the
verdict.

Options:
${OUTPUT_OPTIONS}

${OUTPUT_NOTE}
Exit status: 0 written; 2 usage error; 3 unknown job, a file in the way, or the report
could not be written.`;

export const REPORT_BACKUPS_HELP = `Usage: soundroll report backups [options]

The backup status of every roll in the catalog: files, size, the destinations holding
every file verified, how many of those copies were verified (by offload or
'soundroll verify') within the last N days, and per drive what it holds and when it
was last verified. Rolls with fewer than the required recent copies are marked.

Options:
      --days <n>         the window for "recently verified" (default 30)
      --min-copies <n>   recent verified copies a roll needs (default 2)
${OUTPUT_OPTIONS}

${OUTPUT_NOTE}
Exit status: 0 written (also when rolls are at risk: the report says so); 2 usage
error; 3 a file in the way, or the report could not be written.`;

const COMMON = {
  csv: { type: 'string' },
  pdf: { type: 'string' },
  paper: { type: 'string' },
  force: { type: 'boolean' },
  catalog: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const SOUND_OPTIONS = {
  ...COMMON,
  project: { type: 'string' },
  date: { type: 'string' },
  takes: { type: 'string' },
  'per-take': { type: 'boolean' },
  production: { type: 'string' },
  mixer: { type: 'string' },
  'boom-op': { type: 'string' },
  media: { type: 'string' },
  tone: { type: 'string' },
  notes: { type: 'string' },
  extended: { type: 'boolean' },
} as const;

const BACKUP_OPTIONS = { ...COMMON, days: { type: 'string' }, 'min-copies': { type: 'string' } } as const;

type Values = Record<string, string | boolean | string[] | undefined>;

interface Output {
  csv?: string;
  pdf?: string;
  paper: Paper;
  force: boolean;
}

function outputOf(values: Values): Output {
  const paper = (values.paper as string | undefined) ?? 'a4';
  if (paper !== 'a4' && paper !== 'letter') throw new UsageError(`--paper wants a4 or letter, got "${paper}"`);
  const csv = values.csv as string | undefined;
  const pdf = values.pdf as string | undefined;
  for (const [flag, v] of [['csv', csv], ['pdf', pdf]] as const) if (v !== undefined && v.trim() === '') throw new UsageError(`--${flag} wants a file name`);
  if (csv !== undefined && pdf !== undefined && resolve(csv) === resolve(pdf)) throw new UsageError('--csv and --pdf name the same file');
  return { ...(csv !== undefined ? { csv: resolve(csv) } : {}), ...(pdf !== undefined ? { pdf: resolve(pdf) } : {}), paper, force: values.force === true };
}

function positiveInteger(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new UsageError(`--${flag} wants a whole number of 1 or more, got "${text}"`);
  return Number(text);
}

/** Says which file is in the way before anything is generated, so no report is half-written. */
async function refuseTaken(command: string, out: Output): Promise<boolean> {
  if (out.force) return false;
  for (const path of [out.csv, out.pdf]) {
    if (path !== undefined && (await nameTaken(path))) {
      process.stderr.write(`soundroll ${command}: ${path} already exists; not overwritten (add --force to replace it)\n`);
      return true;
    }
  }
  return false;
}

/** Writes the CSV and the PDF asked for (or the CSV on stdout), and says what was written. */
async function emit(command: string, out: Output, csv: () => string, pdf: (path: string) => Promise<void>, summary: string): Promise<number> {
  if (out.csv === undefined && out.pdf === undefined) {
    const text = csv();
    // A terminal would draw CR-ended lines over each other: show them as lines there; a pipe or a file gets the bytes.
    process.stdout.write(process.stdout.isTTY ? text.replace(/\r\n?/g, '\n') : text);
    return EXIT.ok;
  }
  if (await refuseTaken(command, out)) return EXIT.failed;
  const written: string[] = [];
  try {
    if (out.csv !== undefined) {
      await writeReportFile(out.csv, csv(), { force: out.force });
      written.push(out.csv);
    }
    if (out.pdf !== undefined) {
      await pdf(out.pdf);
      written.push(out.pdf);
    }
  } catch (err) {
    if (err instanceof NameTakenError) {
      process.stderr.write(`soundroll ${command}: ${err.path} already exists; not overwritten (add --force to replace it)\n`);
      return EXIT.failed;
    }
    throw err;
  }
  process.stdout.write(`${summary}\n${written.map((p) => `  wrote ${p}`).join('\n')}\n`);
  return EXIT.ok;
}

async function withServices(openServices: OpenServices, values: Values, command: string, run: (services: Services) => Promise<number>): Promise<number> {
  const services = openServices(values.catalog as string | undefined);
  try {
    return await run(services);
  } catch (err) {
    if (err instanceof ReportNotFoundError) {
      process.stderr.write(`soundroll ${command}: ${err.message}\n`);
      return EXIT.failed;
    }
    throw err;
  } finally {
    await services.close();
  }
}

async function soundCommand(argv: string[], openServices: OpenServices): Promise<number> {
  const { values, positionals } = parse(argv, SOUND_OPTIONS);
  if (values.help) {
    process.stdout.write(REPORT_SOUND_HELP + '\n');
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw new UsageError('give one roll name (see soundroll ls)');
  const date = values.date as string | undefined;
  if (date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new UsageError(`--date wants YYYY-MM-DD, got "${date}"`);
  let takeIds: number[] | undefined;
  if (values.takes !== undefined) {
    const parts = (values.takes as string).split(',').map((s) => s.trim());
    if (parts.some((p) => !/^\d+$/.test(p) || Number(p) < 1)) throw new UsageError(`--takes wants take ids separated by commas (e.g. 3,4,9), got "${String(values.takes)}"`);
    takeIds = parts.map(Number);
  }
  const out = outputOf(values);
  const header: Partial<SoundReportHeader> = {};
  const fromFlag: [keyof SoundReportHeader, string][] = [
    ['production', 'production'],
    ['soundMixer', 'mixer'],
    ['boomOp', 'boom-op'],
    ['media', 'media'],
    ['tone', 'tone'],
    ['notes', 'notes'],
  ];
  for (const [field, flag] of fromFlag) if (typeof values[flag] === 'string') header[field] = values[flag] as string;
  return withServices(openServices, values, 'report sound', async (services) => {
    const roll = resolveRoll(services, 'report sound', positionals[0]!, values.project as string | undefined);
    if (!roll) return EXIT.failed;
    const report = soundReport(services.catalog, {
      rollId: roll.id,
      ...(date !== undefined ? { date } : {}),
      ...(takeIds !== undefined ? { takeIds } : {}),
      rows: values['per-take'] ? 'take' : 'file',
      header,
    });
    const c = report.counts;
    return emit(
      'report sound',
      out,
      () => soundReportCsv(report, { extended: values.extended === true }),
      (path) => writeSoundReportPdf(report, path, { paper: out.paper, force: out.force }),
      `sound report of ${roll.project} / ${roll.name}: ${c.takes} take${c.takes === 1 ? '' : 's'}, ${report.rows.length} row${report.rows.length === 1 ? '' : 's'}, ${c.circled} circled`,
    );
  });
}

async function offloadReportCommand(argv: string[], openServices: OpenServices): Promise<number> {
  const { values, positionals } = parse(argv, COMMON);
  if (values.help) {
    process.stdout.write(REPORT_OFFLOAD_HELP + '\n');
    return EXIT.ok;
  }
  if (positionals.length !== 1 || positionals[0]!.trim() === '') throw new UsageError("give one offload job id, or 'last'");
  const out = outputOf(values);
  return withServices(openServices, values, 'report offload', async (services) => {
    const report = await offloadReport(services.catalog, { jobId: positionals[0]! });
    return emit(
      'report offload',
      out,
      () => offloadReportCsv(report),
      (path) => writeOffloadReportPdf(report, path, { paper: out.paper, force: out.force }),
      `offload report of job ${report.jobId} (${report.project} / ${report.roll}): ${report.verdict}`,
    );
  });
}

async function backupsCommand(argv: string[], openServices: OpenServices): Promise<number> {
  const { values, positionals } = parse(argv, BACKUP_OPTIONS);
  if (values.help) {
    process.stdout.write(REPORT_BACKUPS_HELP + '\n');
    return EXIT.ok;
  }
  if (positionals.length !== 0) throw new UsageError(`report backups takes no arguments (got "${positionals.join(' ')}")`);
  const days = positiveInteger('days', values.days as string | undefined, 30);
  const minCopies = positiveInteger('min-copies', values['min-copies'] as string | undefined, 2);
  const out = outputOf(values);
  return withServices(openServices, values, 'report backups', async (services) => {
    const report = backupReport(services.catalog, { days, minCopies });
    return emit(
      'report backups',
      out,
      () => backupReportCsv(report),
      (path) => writeBackupReportPdf(report, path, { paper: out.paper, force: out.force }),
      `backup status: ${report.counts.rolls} roll${report.counts.rolls === 1 ? '' : 's'}, ${report.counts.atRisk} with fewer than ${minCopies} copies verified in ${days} days`,
    );
  });
}

const REPORTS: Record<string, (argv: string[], openServices: OpenServices) => Promise<number>> = {
  sound: soundCommand,
  offload: offloadReportCommand,
  backups: backupsCommand,
};

export async function reportCommand(argv: string[], openServices: OpenServices): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    process.stdout.write(REPORT_HELP + '\n');
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const report = REPORTS[name];
  if (!report) throw new UsageError(`unknown report "${name}": sound, offload or backups`);
  return report(rest, openServices);
}
