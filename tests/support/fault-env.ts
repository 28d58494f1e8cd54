/**
 * Real faults for the offload tests: tmpfs that fills up, read-only and bind mounts that vanish, other users.
 * Everything here needs root and real tools; a suite that cannot have them is skipped with a console message that
 * says why (never silently passed).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statfsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { hasTool } from './tools';

export interface Capability {
  ok: boolean;
  why?: string;
}

let mountProbe: Capability | undefined;

/** Whether this process can mount a tmpfs (root alone is not enough inside some containers). Probed once. */
export function canMountTmpfs(): Capability {
  if (mountProbe) return mountProbe;
  if (process.getuid?.() !== 0) return (mountProbe = { ok: false, why: 'not running as root (mount needs root)' });
  for (const tool of ['mount', 'umount']) if (!hasTool(tool)) return (mountProbe = { ok: false, why: `${tool} is not installed` });
  const dir = mkdtempSync(join(tmpdir(), 'soundroll-mountprobe-'));
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir], { encoding: 'utf8' });
  if (r.status === 0) spawnSync('umount', ['-l', dir]);
  rmSync(dir, { recursive: true, force: true });
  mountProbe = r.status === 0 ? { ok: true } : { ok: false, why: `mount -t tmpfs failed here: ${(r.stderr || r.error?.message || '').trim()}` };
  return mountProbe;
}

/** Root plus the named tools (and a working mount when `mount` is true). */
export function needs(opts: { root?: boolean; mount?: boolean; tools?: string[] }): Capability {
  if ((opts.root || opts.mount) && process.getuid?.() !== 0) return { ok: false, why: 'not running as root' };
  for (const tool of opts.tools ?? []) if (!hasTool(tool)) return { ok: false, why: `${tool} is not installed` };
  if (opts.mount) return canMountTmpfs();
  return { ok: true };
}

/** `describe` when the capability is there; otherwise a skipped describe and a console line saying why. */
export function describeWhen(cap: Capability, title: string, body: () => void): void {
  if (cap.ok) {
    describe(title, body);
    return;
  }
  const line = `SKIPPED: "${title}" — ${cap.why}. These fault tests need root and real mounts (CI runs them as root).`;
  // Jest shows no console output for a file whose tests are all skipped: say it on stderr as well.
  process.stderr.write(`${line}\n`);
  console.warn(line);
  describe.skip(title, body);
}

/** Mounts made by a test file, all released (lazily) in afterAll even when a test failed half-way. */
export class Mounts {
  private readonly points: string[] = [];

  tmpfs(dir: string, size: string): void {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0777`, 'tmpfs', dir]);
    this.points.push(dir);
  }

  bind(source: string, target: string): void {
    execFileSync('mount', ['--bind', source, target]);
    this.points.push(target);
  }

  remount(dir: string, options: string): void {
    execFileSync('mount', ['-o', `remount,${options}`, dir]);
  }

  /** `umount -l`: what a yanked drive looks like to open handles (they keep working, paths stop resolving). */
  detach(dir: string): void {
    execFileSync('umount', ['-l', dir]);
    const i = this.points.lastIndexOf(dir);
    if (i >= 0) this.points.splice(i, 1);
  }

  releaseAll(): void {
    for (const dir of this.points.reverse()) spawnSync('umount', ['-l', dir]);
    this.points.length = 0;
  }
}

/** True when `dir` is the root of a mount (its device differs from its parent's). */
export function isMountPoint(dir: string): boolean {
  return statSync(dir).dev !== statSync(dirname(dir)).dev;
}

/**
 * A scratch folder in memory when one can be had (a tmpfs mounted for the test as root, else /dev/shm when it has
 * room), else on the disk. For tests whose subject is process death (kill -9 leaves the page cache intact on any
 * filesystem), where disk writeback would only add minutes and timing noise.
 */
export function memoryScratch(label: string, bytesNeeded: number): { dir: string; where: string; cleanup: () => void } {
  const make = (parent: string): string => mkdtempSync(join(parent, `soundroll-${label}-`));
  const keep = Boolean(process.env.SOUNDROLL_KEEP_TMP);
  if (canMountTmpfs().ok) {
    const dir = make(tmpdir());
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${Math.ceil(bytesNeeded / 1048576)}m`, 'tmpfs', dir]);
    return {
      dir,
      where: `a ${Math.ceil(bytesNeeded / 1048576)} MiB tmpfs mounted for the test`,
      cleanup: () => {
        if (keep) return;
        spawnSync('umount', ['-l', dir]);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  try {
    const st = statfsSync('/dev/shm');
    if (st.bavail * st.bsize >= bytesNeeded) {
      const dir = make('/dev/shm');
      return { dir, where: '/dev/shm', cleanup: () => keep || rmSync(dir, { recursive: true, force: true }) };
    }
  } catch {
    // no /dev/shm: the disk will do
  }
  const dir = make(tmpdir());
  return { dir, where: `${tmpdir()} (disk: no tmpfs could be had, runs are slower)`, cleanup: () => keep || rmSync(dir, { recursive: true, force: true }) };
}
