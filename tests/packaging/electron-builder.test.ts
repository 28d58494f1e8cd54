/**
 * Packaging cannot run here (it downloads Electron), so check what can be checked: electron-builder.yml is valid
 * against electron-builder's own JSON schema, the files it ships exist after a build, and the parts that must live
 * outside the asar (better-sqlite3's addon, ffmpeg) are matched by asarUnpack.
 */
import Ajv from 'ajv';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';

const root = join(__dirname, '..', '..');
const config = load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;

describe('electron-builder.yml', () => {
  it('is valid against the schema of the installed electron-builder', () => {
    const schema = JSON.parse(readFileSync(join(root, 'node_modules/app-builder-lib/scheme.json'), 'utf8')) as object;
    const ajv = new Ajv({ strict: false, allErrors: true });
    const validate = ajv.compile(schema);
    const ok = validate(config);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('builds the installers the crew uses: mac dmg, windows nsis, linux AppImage and deb', () => {
    expect(config.mac).toMatchObject({ target: ['dmg'] });
    expect(config.win).toMatchObject({ target: ['nsis'] });
    expect(config.linux).toMatchObject({ target: ['AppImage', 'deb'] });
  });

  it('unpacks the native sqlite addon and the ffmpeg binary from the asar', () => {
    const unpack = config.asarUnpack as string[];
    expect(unpack).toEqual(expect.arrayContaining(['**/*.node', 'node_modules/better-sqlite3/**', 'node_modules/ffmpeg-static/**']));
    expect(existsSync(join(root, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'))).toBe(true);
    expect(existsSync(join(root, 'node_modules/ffmpeg-static/package.json'))).toBe(true);
  });

  it('ships the compiled core that exists after `npm run build`', () => {
    // `npm test` type-checks (tsc -b) before jest, which emits dist/.
    expect(existsSync(join(root, 'dist/main/cli/index.js'))).toBe(true);
    expect(existsSync(join(root, 'dist/shared/hashes.js'))).toBe(true);
    expect(config.files).toEqual(expect.arrayContaining(['dist/main/**/*.js', 'dist/shared/**/*.js']));
  });

  it('sets the security fuses of architecture.md', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
    });
  });
});
