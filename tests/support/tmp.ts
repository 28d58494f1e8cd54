import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh real directory per test, removed afterwards unless SOUNDROLL_KEEP_TMP is set (to look at what a test left). */
export function makeTempDir(label: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `soundroll-${label}-`));
  return {
    dir,
    cleanup: () => {
      if (!process.env.SOUNDROLL_KEEP_TMP) rmSync(dir, { recursive: true, force: true });
    },
  };
}
