/**
 * The running build's name and version, read from package.json by walking up from this file, so it is right whether
 * we run from sources (jest), from dist/ (the CLI) or from inside an Electron asar.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

function findPackageJson(): { name: string; version: string } {
  let dir = __dirname;
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'soundroll' && pkg.version) return { name: pkg.name, version: pkg.version };
    }
    const parent = dirname(dir);
    if (parent === dir) return { name: 'soundroll', version: '0.0.0-unknown' };
    dir = parent;
  }
}

export const TOOL = findPackageJson();
