import { execFileSync, spawnSync } from 'node:child_process';

/** True when a command-line tool the test uses as an oracle is installed (.ci/run installs them all). */
export function hasTool(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

/** `xxhsum -H2 file` → the canonical xxh128 hex, the independent oracle for our hashes. */
export function xxhsum(file: string, variant: 'H1' | 'H2' | 'H3'): string {
  const out = execFileSync('xxhsum', [`-${variant}`, file], { encoding: 'utf8' });
  // xxh3 prints in BSD style "XXH3 (file) = hex"; the others print "hex  file".
  const bsd = /= ([0-9a-f]+)\s*$/.exec(out);
  return bsd ? bsd[1]! : out.split(/\s+/)[0]!;
}

export const isRoot = (): boolean => process.getuid?.() === 0;
