/**
 * Where removable drives appear, per platform. Pure: nothing is checked on disk (listDrives skips roots that do
 * not exist), so tests can ask for any platform.
 */
import type { MountRoot } from './types';

/** A user name usable as one path component (an env value with `/` or `..` is not followed anywhere). */
function userName(env: NodeJS.ProcessEnv): string | undefined {
  const u = (env.USER ?? env.LOGNAME ?? '').trim();
  return u !== '' && u !== '.' && u !== '..' && !/[/\\\0]/.test(u) ? u : undefined;
}

/**
 * - macOS: `/Volumes` (the system volume is there too, as a symlink to `/`: listDrives skips it).
 * - Windows: the drive letters `D:\` … `Z:\` (A/B are floppies, C the usual system drive; `%SystemDrive%` is left
 *   out wherever it is). Each is a drive itself, not a folder of drives.
 * - Linux and other Unix: udisks' `/media/$USER` (Debian, Ubuntu), `/media` (distros and setups that mount there
 *   directly), `/run/media/$USER` (Fedora, Arch), `/mnt` (manual mounts, WSL). `/media/$USER` is a child of
 *   `/media`: listDrives never reports a root as a volume of another.
 */
export function mountRoots(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): MountRoot[] {
  return [...platformRoots(platform, env), ...extraRoots(platform, env)];
}

/**
 * `SOUNDROLL_MOUNT_ROOTS`: more folders whose subfolders count as mounted volumes, separated like PATH (`:`, or `;`
 * on Windows). For a card reader mounted somewhere unusual, the demo (its card folder shows as a recognised card)
 * and the end-to-end tests (a volume appears by creating a folder). Only absolute paths are taken.
 */
function extraRoots(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): MountRoot[] {
  const sep = platform === 'win32' ? ';' : ':';
  const absolute = platform === 'win32' ? /^[A-Za-z]:[\\/]|^\\\\/ : /^\//;
  return (env.SOUNDROLL_MOUNT_ROOTS ?? '')
    .split(sep)
    .map((p) => p.trim())
    .filter((p) => p !== '' && absolute.test(p) && !p.includes('\0'))
    .map((path) => ({ kind: 'parent' as const, path }));
}

function platformRoots(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): MountRoot[] {
  if (platform === 'darwin') return [{ kind: 'parent', path: '/Volumes' }];
  if (platform === 'win32') {
    const system = /^([A-Za-z]):?/.exec(env.SystemDrive ?? env.SYSTEMDRIVE ?? 'C:')?.[1]?.toUpperCase();
    const roots: MountRoot[] = [];
    for (let c = 'D'.charCodeAt(0); c <= 'Z'.charCodeAt(0); c++) {
      const letter = String.fromCharCode(c);
      if (letter !== system) roots.push({ kind: 'drive', path: `${letter}:\\` });
    }
    return roots;
  }
  const user = userName(env);
  const paths = [user ? `/media/${user}` : undefined, '/media', user ? `/run/media/${user}` : undefined, '/mnt'];
  return paths.filter((p): p is string => p !== undefined).map((path) => ({ kind: 'parent', path }));
}
