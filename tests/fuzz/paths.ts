/**
 * "Never a path outside its root", checked the way the program uses a relative path: split on '/' and joined to a
 * root, on POSIX and on Windows (the station ships for both: a '\' is a separator there, so `a\..\..\x` climbs).
 */
import * as path from 'node:path';
import { check } from './knobs';

const POSIX_ROOT = '/fuzz/root';
const WIN32_ROOT = 'C:\\fuzz\\root';

/** A relative '/'-separated path with no empty, '.' or '..' component, that stays strictly inside any root it is joined to. */
export function checkRelativeInside(p: string, what: string): void {
  check(typeof p === 'string' && p !== '', () => `${what}: empty path`);
  check(!p.includes('\0'), () => `${what}: NUL in ${JSON.stringify(p)}`);
  check(!path.posix.isAbsolute(p) && !path.win32.isAbsolute(p), () => `${what}: absolute path ${JSON.stringify(p)}`);
  const segments = p.split('/');
  for (const s of segments) check(s !== '' && s !== '.' && s !== '..', () => `${what}: component ${JSON.stringify(s)} in ${JSON.stringify(p)}`);
  checkJoinInside(segments, what);
}

/** `segments` joined to a root (POSIX and Windows rules) lands strictly inside it. */
export function checkJoinInside(segments: string[], what: string): void {
  const posixJoined = path.posix.join(POSIX_ROOT, ...segments);
  const posixRel = path.posix.relative(POSIX_ROOT, posixJoined);
  check(
    posixRel !== '' && posixRel !== '..' && !posixRel.startsWith('../') && !path.posix.isAbsolute(posixRel),
    () => `${what}: ${JSON.stringify(segments.join('/'))} joined to ${POSIX_ROOT} is ${posixJoined}, not inside it`,
  );
  const winJoined = path.win32.join(WIN32_ROOT, ...segments);
  const winRel = path.win32.relative(WIN32_ROOT, winJoined);
  check(
    winRel !== '' && winRel !== '..' && !winRel.startsWith('..\\') && !path.win32.isAbsolute(winRel),
    () => `${what}: ${JSON.stringify(segments.join('/'))} joined to ${WIN32_ROOT} on Windows is ${winJoined}, not inside it`,
  );
}

/** `abs` lies strictly inside `root` (both absolute, this platform's rules). */
export function checkStrictlyInside(root: string, abs: string, what: string): void {
  const rel = path.relative(path.resolve(root), abs);
  check(
    rel !== '' && rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel),
    () => `${what}: ${abs} is not strictly inside ${root}`,
  );
}
