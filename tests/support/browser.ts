/**
 * A real Chromium for the end-to-end tests: Debian's `/usr/bin/chromium` (or CHROMIUM_BIN) driven by playwright-core,
 * headless. Where there is none (a user's clone without it), tests skip with the reason instead of passing silently.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

export function chromiumPath(): string | undefined {
  const candidates = [process.env.CHROMIUM_BIN, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => Boolean(p));
  return candidates.find((p) => existsSync(p));
}

export function browserMissing(): string | undefined {
  return chromiumPath() ? undefined : 'no Chromium found (install Debian chromium or set CHROMIUM_BIN)';
}

/** `extraArgs` are added to the defaults (e.g. `--autoplay-policy=no-user-gesture-required` for playback tests). */
export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath()!,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', ...extraArgs],
  });
}

/** Where a test's screenshots go (emptied first, kept after the run so a person can look at them; printed by the test). */
export function screenshotDir(name: string): string {
  const dir = resolve(__dirname, '..', '..', 'test-output', 'e2e', name);
  rmSync(dir, { recursive: true, force: true }); // only this run's pictures
  mkdirSync(dir, { recursive: true });
  return join(dir);
}
