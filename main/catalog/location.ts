/**
 * Where the catalog lives when nobody says: the user's data folder, the same one Electron's app.getPath('userData')
 * would pick, so the CLI and the desktop app share one catalog. `--catalog` or SOUNDROLL_CATALOG overrides it.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultCatalogPath(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.SOUNDROLL_CATALOG) return env.SOUNDROLL_CATALOG;
  return join(userDataDir(env, platform), 'catalog.sqlite');
}

export function userDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'soundroll');
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'soundroll');
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'soundroll');
}
