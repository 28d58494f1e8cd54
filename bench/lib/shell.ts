/** Timed child processes: shell pipelines for the baseline, node for the CLI under test. */
import { spawn, type ChildProcess } from 'node:child_process';

/** Children still running, so an interrupted benchmark can stop them rather than leave them writing gigabytes. */
const running = new Set<ChildProcess>();

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  seconds: number;
}

/** Runs `command` with /bin/sh and waits for it; wall time covers spawn to exit, as a user would see it. */
export function runShell(command: string): Promise<Finished> {
  return run('/bin/sh', ['-c', command]);
}

export function run(file: string, args: readonly string[], env?: NodeJS.ProcessEnv): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    // detached: each child leads its own process group, so killRunning() reaches cat and tee behind a shell too.
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'], env: env ?? process.env, detached: true });
    running.add(child);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      running.delete(child);
      resolve({
        code,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        seconds: Number(process.hrtime.bigint() - started) / 1e9,
      });
    });
  });
}

/** Kills every child still running (with its process group). For Ctrl-C: the scratch folder is removed next. */
export function killRunning(): void {
  for (const child of running) {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** Throws with the command's own words when it did not exit 0. */
export function mustSucceed(what: string, r: Finished): Finished {
  if (r.code !== 0) throw new Error(`${what} failed (${r.signal ?? `exit ${r.code}`}): ${r.stderr.trim().slice(-2000)}`);
  return r;
}

/** Single-quotes a path for /bin/sh: safe for spaces, quotes and anything else a card name may hold. */
export function shq(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** True when `name` is on the PATH. */
export async function hasCommand(name: string): Promise<boolean> {
  return (await runShell(`command -v ${shq(name)} >/dev/null 2>&1`)).code === 0;
}
