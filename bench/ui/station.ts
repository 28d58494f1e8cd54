/**
 * What the UI benchmark drives: `soundroll serve` (the built CLI in a child process, the URL read from the line it
 * prints, stopped with SIGTERM) and Debian's Chromium through playwright-core, as the end-to-end tests use them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { chromiumPath } from '../../tests/support/browser';
import { startServeOf, type Served } from '../../tests/support/serve';

export { chromiumPath, type Served };

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

/** `soundroll serve` on the catalog, the UI from `appDir`: started as the end-to-end tests start it. */
export function startServe(catalog: string, appDir: string): Promise<Served> {
  return startServeOf(CLI, ['--catalog', catalog, '--no-drives', '--app-dir', appDir], {});
}
