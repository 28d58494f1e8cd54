#!/usr/bin/env node
/** `soundroll <command>`: dispatch, --help/--version, and the mapping of failures to exit codes. */
import { createServices } from '../services';
import { TOOL } from '../version';
import { EXIT, UsageError } from './args';
import { demoCommand } from './demo-command';
import { lsCommand } from './ls-command';
import type { OpenServices } from './open-services';
import { peaksCommand } from './peaks-command';
import { qcCommand } from './qc-command';
import { reportCommand } from './report-command';
import { offloadCommand } from './offload-command';
import { serveCommand } from './serve-command';
import { takesCommand } from './takes-command';
import { verifyCommand } from './verify-command';

const HELP = `Usage: soundroll <command> [options]

Audio ingest and QC station for film and TV sets.

Commands:
  offload <card> --dest <dir>…   copy a card to N drives, verify by read-back, write ASC MHL
  verify <dir>                   re-verify a drive or folder against its MHL history and the catalog
  ls                             rolls in the catalog and their verified copies
  takes <roll>                   the roll's takes in timecode order (scene, take, tracks, notes)
  qc <roll>                      the roll's QC findings (clipping, dead tracks, dropouts, metadata)
  peaks <roll>                   build the waveform peaks and QC of a roll's takes now
  report <sound|offload|backups> the sound report, an offload's report, the backup status (CSV, PDF)
  demo-card <dir>                write the built-in demo card (for trying it out)
  serve                          the station in a web browser, on 127.0.0.1 behind a token

Run 'soundroll <command> --help' for a command's options.
Options: -h, --help   this help;  -V, --version   the version`;

type Command = (argv: string[], openServices: OpenServices) => Promise<number>;
const COMMANDS: Record<string, Command> = {
  offload: offloadCommand,
  verify: verifyCommand,
  ls: lsCommand,
  takes: takesCommand,
  peaks: peaksCommand,
  qc: qcCommand,
  report: reportCommand,
  'demo-card': demoCommand,
  serve: serveCommand,
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    process.stdout.write(HELP + '\n');
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === '-V' || name === '--version') {
    process.stdout.write(`${TOOL.name} ${TOOL.version}\n`);
    return EXIT.ok;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`soundroll: unknown command "${name}"\n\n${HELP}\n`);
    return EXIT.usage;
  }
  try {
    return await command(rest, (catalogPath, options) => createServices({ ...options, catalogPath }));
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`soundroll ${name}: ${err.message}\nTry 'soundroll ${name} --help'.\n`);
      return EXIT.usage;
    }
    process.stderr.write(`soundroll ${name}: ${err instanceof Error ? err.message : String(err)}\n`);
    if (process.env.SOUNDROLL_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    return EXIT.failed;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`soundroll: ${String(err)}\n`);
      process.exitCode = EXIT.failed;
    },
  );
}
