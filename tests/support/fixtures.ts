import { chmodSync, cpSync, existsSync, lstatSync, readdirSync, statSync, utimesSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The shared, read-only fixtures folder next to the repository (`../shared/fixtures`), or undefined when this checkout
 * has none: tests that need it skip with a note instead of failing or passing silently.
 */
export function fixturesDir(): string | undefined {
  const dir = resolve(__dirname, '../../../shared/fixtures');
  return existsSync(dir) ? dir : undefined;
}

/**
 * Copies a fixture tree into a writable place, keeping modification times. Files keep theirs through cpSync;
 * folders are set afterwards, deepest first, because creating their children touched them. Modes get the owner's
 * write bit: the fixtures are read-only and a verify appends to their histories.
 */
export function copyFixtureTree(from: string, to: string): void {
  cpSync(from, to, { recursive: true, preserveTimestamps: true });
  const folders: string[] = [];
  const walk = (rel: string): void => {
    const dst = join(to, rel);
    chmodSync(dst, statSync(dst).mode | 0o200);
    for (const name of readdirSync(join(from, rel))) {
      const childRel = join(rel, name);
      if (lstatSync(join(from, childRel)).isDirectory()) walk(childRel);
      else chmodSync(join(to, childRel), statSync(join(to, childRel)).mode | 0o200);
    }
    folders.push(rel);
  };
  walk('');
  for (const rel of folders) {
    const st = statSync(join(from, rel));
    utimesSync(join(to, rel), st.atime, st.mtime);
  }
}
