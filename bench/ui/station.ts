/**
 * What the UI benchmark drives: `soundroll serve` (the built CLI in a child process, the URL read from the line it
 * prints, stopped with SIGTERM) and Debian's Chromium through playwright-core, as the end-to-end tests use them.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { chromium, type Browser } from 'playwright-core';

/** dist/bench/ui/ → dist/main/cli/index.js. */
export const CLI = join(__dirname, '..', '..', 'main', 'cli', 'index.js');
/** dist/bench/ui/ → dist/app/ (written by scripts/build-renderer.mjs). */
export const DEFAULT_APP_DIR = join(__dirname, '..', '..', 'app');

/**
 * How the UI was bundled: scripts/build-renderer.mjs makes a development React build (unminified, with React's
 * dev-only checks on every render) unless NODE_ENV=production.
 */
export function uiBuildOf(appDir: string): 'production' | 'development' {
  const js = readFileSync(join(appDir, 'app.js'), 'utf8');
  return js.includes('runWithFiberInDEV') || js.includes('react-dom.development') ? 'development' : 'production';
}

export function chromiumPath(): string | undefined {
  const candidates = [process.env.CHROMIUM_BIN, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => Boolean(p));
  return candidates.find((p) => existsSync(p));
}

/**
 * Headless, as the end-to-end tests run it (no GPU: canvases are rasterised in software), plus autoplay without a
 * gesture (Space comes from playwright) and exact heap figures for performance.memory (coarse buckets otherwise).
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--autoplay-policy=no-user-gesture-required',
  '--enable-precise-memory-info',
] as const;

export function launchChromium(): Promise<Browser> {
  const path = chromiumPath();
  if (!path) throw new Error('no Chromium found (install Debian chromium or set CHROMIUM_BIN)');
  return chromium.launch({ executablePath: path, args: [...CHROMIUM_ARGS] });
}

export interface Served {
  url: string;
  stderr(): string;
  stop(): Promise<number | null>;
  /** For Ctrl-C: ends the server at once. */
  kill(): void;
}

export async function startServe(catalog: string, appDir: string): Promise<Served> {
  const child: ChildProcessByStdio<null, Readable, Readable> = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--catalog', catalog, '--no-drives', '--app-dir', appDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: process.env,
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
  return {
    url,
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
