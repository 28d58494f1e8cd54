/**
 * The layering rules of architecture.md are enforced by ESLint, not by memory: this proves the rules bite, so a
 * config change that silently disables them fails here.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/** ESLint's flat config is an ES module, which jest's VM cannot import: run the real eslint CLI on stdin instead. */
async function restrictedImports(code: string, file: string, rule = 'no-restricted-imports'): Promise<string[]> {
  const r = spawnSync(process.execPath, [join(root, 'node_modules/eslint/bin/eslint.js'), '--stdin', '--stdin-filename', file, '--format', 'json'], {
    cwd: root,
    input: code,
    encoding: 'utf8',
  });
  const [result] = JSON.parse(r.stdout) as { messages: { ruleId: string | null; message: string }[] }[];
  return result!.messages.filter((m) => m.ruleId === rule).map((m) => m.message);
}

describe('layering lint rules', () => {
  it('keep electron out of the core', async () => {
    expect(await restrictedImports("import { app } from 'electron';\nexport const a = app;\n", 'main/offload/probe.ts')).toEqual([
      expect.stringContaining('Only main/electron/ may import electron'),
    ]);
  });

  it('let the Electron adapter import electron', async () => {
    expect(await restrictedImports("import { app } from 'electron';\nexport const a = app;\n", 'main/electron/probe.ts')).toEqual([]);
  });

  it('keep Node built-ins and the core out of shared/', async () => {
    const messages = await restrictedImports("import { readFileSync } from 'node:fs';\nimport { TOOL } from '../main/version';\nexport const x = [readFileSync, TOOL];\n", 'shared/probe.ts');
    expect(messages).toHaveLength(2);
  });

  it('keep the renderer talking only through the contract', async () => {
    const messages = await restrictedImports(
      "import { createServices } from '../../main/services';\nimport { join } from 'node:path';\nimport { ipcRenderer } from 'electron';\nexport const x = [createServices, join, ipcRenderer];\n",
      'renderer/src/probe.ts',
    );
    expect(messages).toHaveLength(3);
  });

  it('let only the one wrapper call shell.openExternal', async () => {
    const code = "import { shell } from 'electron';\nexport const open = (u: string): Promise<void> => shell.openExternal(u);\n";
    expect(await restrictedImports(code, 'main/electron/menu-probe.ts', 'no-restricted-properties')).toEqual([expect.stringContaining('safeOpenExternal')]);
    expect(await restrictedImports(code, 'main/electron/open-external.ts', 'no-restricted-properties')).toEqual([]);
  });
});
