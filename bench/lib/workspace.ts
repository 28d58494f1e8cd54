/**
 * The benchmark's scratch folder: card and destinations side by side on one disk, removed at the end (and on Ctrl-C)
 * unless the user asked to keep it. Several GB left behind in /tmp on every aborted run would fill a small disk.
 * `onInterrupt` runs first on Ctrl-C/SIGTERM: the caller stops its children there, before their folder goes.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export interface Workspace {
  dir: string;
  /** Removes the folder unless kept; safe to call more than once. */
  dispose(): void;
}

export function createWorkspace(parent: string, keep: boolean, onInterrupt: () => void = () => undefined): Workspace {
  const dir = mkdtempSync(join(parent, 'soundroll-bench-'));
  let done = false;
  const dispose = (): void => {
    if (done) return;
    done = true;
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (keep) process.stderr.write(`bench: kept ${dir}\n`);
    else rmSync(dir, { recursive: true, force: true });
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    process.stderr.write(`\nbench: interrupted (${signal}), cleaning up\n`);
    onInterrupt();
    dispose();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return { dir, dispose };
}

/** Empties a folder by removing and recreating it (destinations between runs). */
export function resetDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
}
