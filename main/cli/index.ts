#!/usr/bin/env node
/** `soundroll <command>`: dispatch, --help/--version, and the mapping of failures to exit codes. */
import { createServices } from '../services';
import { TOOL } from '../version';
import { EXIT, UsageError } from './args';
import type { OpenServices } from './open-services';

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
// Each command is loaded when it is run (require: node16 keeps import() as ESM), so an offload at wrap, and each of
// the crash tests' hundred restarts, does not wait for the PDF library, the HTTP server or the demo card to load.
const COMMANDS: Record<string, () => Command> = {
  offload: () => (require('./offload-command') as typeof import('./offload-command')).offloadCommand,
  verify: () => (require('./verify-command') as typeof import('./verify-command')).verifyCommand,
  ls: () => (require('./ls-command') as typeof import('./ls-command')).lsCommand,
  takes: () => (require('./takes-command') as typeof import('./takes-command')).takesCommand,
  peaks: () => (require('./peaks-command') as typeof import('./peaks-command')).peaksCommand,
  qc: () => (require('./qc-command') as typeof import('./qc-command')).qcCommand,
  report: () => (require('./report-command') as typeof import('./report-command')).reportCommand,
  'demo-card': () => (require('./demo-command') as typeof import('./demo-command')).demoCommand,
  serve: () => (require('./serve-command') as typeof import('./serve-command')).serveCommand,
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
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!load) {
    process.stderr.write(`soundroll: unknown command "${name}"\n\n${HELP}\n`);
    return EXIT.usage;
  }
  try {
    const command = load();
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
