/** `soundroll serve`: the station in a browser tab, over HTTP + WebSocket on 127.0.0.1 behind a token. */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { watchDrives, type DriveWatcher } from '../drives';
import { isValidToken, startServer, type RunningServer } from '../server';
import { createStation, type Station } from '../station';
import { EXIT, parse, UsageError } from './args';
import type { OpenServices } from './open-services';

export const SERVE_HELP = `Usage: soundroll serve [options]

Runs the soundroll station for a web browser: the UI and its commands are served on
127.0.0.1 only (never on the network), behind a token, and the one address to open
is printed on stdout as a single line:

  soundroll serve: open http://127.0.0.1:PORT/?token=TOKEN

Anyone holding that address can start offloads on this machine: do not share it.
It runs until Ctrl-C or SIGTERM, then cancels running jobs, closes the catalog and
exits. A second Ctrl-C while it stops ends it at once.

Options:
      --port <n>         port on 127.0.0.1 (default 0: a free port picked at random)
      --catalog <file>   catalog file (default: the user data folder; env SOUNDROLL_CATALOG)
      --no-drives        do not watch for mounted drives and recorder cards
      --app-dir <dir>    the built UI to serve (default: the one built beside soundroll
                         by 'npm run build')
  -h, --help             show this help

Environment:
  SOUNDROLL_TOKEN        use this token instead of a random one (for scripts):
                         16 to 512 characters of A-Z a-z 0-9 - _ . ~

Exit status: 0 stopped by Ctrl-C or SIGTERM; 2 usage error; 3 could not start
(port in use, catalog unreadable).`;

const OPTIONS = {
  port: { type: 'string' },
  catalog: { type: 'string' },
  'no-drives': { type: 'boolean' },
  'app-dir': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The renderer build writes dist/app; this file runs from dist/main/cli. */
const DEFAULT_APP_DIR = join(__dirname, '..', '..', 'app');

function parsePort(value: string | undefined): number {
  if (value === undefined) return 0;
  const port = /^\d{1,5}$/.test(value) ? Number(value) : NaN;
  if (!(port >= 0 && port <= 65535)) throw new UsageError(`--port wants a number from 0 to 65535, got "${value}"`);
  return port;
}

/** Resolves with the first SIGINT/SIGTERM; after it, a second signal gets node's default (the process ends). */
function untilStopped(): Promise<NodeJS.Signals> {
  return new Promise((resolvePromise) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolvePromise(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export async function serveCommand(argv: string[], openServices: OpenServices): Promise<number> {
  const { values, positionals } = parse(argv, OPTIONS);
  if (values.help) {
    process.stdout.write(SERVE_HELP + '\n');
    return EXIT.ok;
  }
  if (positionals.length > 0) throw new UsageError(`serve takes no arguments, got "${positionals[0]}"`);
  const port = parsePort(values.port as string | undefined);
  const token = process.env.SOUNDROLL_TOKEN || undefined;
  if (token !== undefined && !isValidToken(token)) throw new UsageError('SOUNDROLL_TOKEN must be 16 to 512 characters of A-Z a-z 0-9 - _ . ~');
  const appDir = resolve((values['app-dir'] as string | undefined) ?? DEFAULT_APP_DIR);
  const say = (line: string): void => void process.stderr.write(`soundroll serve: ${line}\n`);

  const services = openServices(values.catalog as string | undefined);
  let drives: DriveWatcher | undefined;
  let station: Station | undefined;
  let server: RunningServer | undefined;
  try {
    drives = values['no-drives'] ? undefined : watchDrives();
    station = createStation({ services, host: 'browser', drives });
    server = await startServer({ station, port, token, appDir, log: say });
    if (!existsSync(join(appDir, 'index.html'))) say(`no UI is built in ${appDir}: the page answers 503 until 'npm run build' writes it`);
    const stopped = untilStopped(); // registered before the line is out: a script may signal as soon as it reads it
    process.stdout.write(`soundroll serve: open ${server.url}\n`);
    const signal = await stopped;
    say(`stopping (${signal})`);
    return EXIT.ok;
  } finally {
    const attempt = async (what: string, fn: (() => Promise<void>) | undefined): Promise<void> => {
      try {
        await fn?.();
      } catch (err) {
        say(`closing ${what}: ${err instanceof Error ? err.message : String(err)}`);
      }
    };
    await attempt('the station', station && (() => station!.close()));
    await attempt('the server', server && (() => server!.close()));
    await attempt('the drive watcher', drives && (() => drives!.close()));
    await attempt('the catalog', () => services.close());
  }
}
