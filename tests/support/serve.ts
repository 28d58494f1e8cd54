/**
 * `soundroll serve` as a user starts it: the built CLI in a child process on a random port, the URL read from the
 * line it prints, stopped with SIGTERM like Ctrl-C in a terminal. The UI benchmark (bench/ui) starts it the same way.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { CLI } from './cli';

export interface Served {
  /** The URL with the token, as printed. */
  url: string;
  origin: string;
  token: string;
  stderr(): string;
  stop(): Promise<number | null>;
  /** For Ctrl-C in a benchmark: ends the server at once. */
  kill(): void;
}

export function startServe(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Served> {
  return startServeOf(CLI, args, env);
}

/** `startServe` with the CLI at `cli` (the compiled benchmarks find it from dist/, the tests from the source tree). */
export async function startServeOf(cli: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Served> {
  const child: ChildProcessByStdio<null, Readable, Readable> = spawn(process.execPath, [cli, 'serve', '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no URL in 30 s; stderr: ${stderr}`)), 30_000);
    child.stdout.setEncoding('utf8').on('data', (t: string) => {
      stdout += t;
      const m = /open (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code} before printing its URL; stderr: ${stderr}`));
    });
  });
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    token: parsed.searchParams.get('token')!,
    stderr: () => stderr,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill('SIGTERM');
      }),
    kill: () => {
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
