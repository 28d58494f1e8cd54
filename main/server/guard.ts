/**
 * The checks every request and WebSocket passes before anything else: the Host header names this server (a DNS
 * rebinding page has its own host name there), the token is presented, and a browser's Origin, when sent, is ours.
 * Before all of them: the peer is this machine.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIPv4 } from 'node:net';

export const TOKEN_COOKIE = 'soundroll_token';

/** URL- and cookie-safe, long enough not to be guessed. */
const TOKEN_SHAPE = /^[A-Za-z0-9._~-]{16,512}$/;

export function isValidToken(token: string): boolean {
  return TOKEN_SHAPE.test(token);
}

/** 32 random bytes, base64url (43 characters). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/**
 * A constant-time check against one token. Both sides are compared as SHA-256 digests, so the comparison takes the
 * same time whatever the candidate's length (timingSafeEqual itself throws on buffers of different lengths).
 */
export function tokenMatcher(token: string): (candidate: string) => boolean {
  const expected = digest(token);
  return (candidate) => candidate.length <= 1024 && timingSafeEqual(digest(candidate), expected);
}

/** Every token the request presents: `Authorization: Bearer`, the cookie, `?token=`. */
export function presentedTokens(req: IncomingMessage, url: URL): string[] {
  const found: string[] = [];
  const auth = req.headers.authorization;
  if (auth) {
    const m = /^Bearer[ ]+(\S+)\s*$/i.exec(auth);
    if (m) found.push(m[1]!);
  }
  const cookie = req.headers.cookie;
  if (cookie) {
    for (const part of cookie.split(';')) {
      const eq = part.indexOf('=');
      if (eq > 0 && part.slice(0, eq).trim() === TOKEN_COOKIE) found.push(part.slice(eq + 1).trim());
    }
  }
  found.push(...url.searchParams.getAll('token'));
  return found;
}

/** `127.0.0.1:PORT` and `localhost:PORT`: the only Host headers (and, with http://, Origins) this server answers. */
export function ownHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

export function hostAllowed(host: string | undefined, port: number): boolean {
  return host !== undefined && ownHosts(port).includes(host.toLowerCase());
}

/** No Origin (a script, curl, a same-origin GET) is fine; one that is sent must be ours (`null` is not). */
export function originAllowed(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true;
  const o = origin.toLowerCase();
  return ownHosts(port).some((h) => o === `http://${h}`);
}

/**
 * True for a peer on this machine: 127.0.0.0/8, `::1`, or an IPv4-mapped loopback (`::ffff:127.x.y.z`). The server
 * listens on 127.0.0.1 only, so another address means the socket reached it some other way (a port forward, a
 * future change of the listen address): defence in depth, refused whatever token it carries. Fails closed: an
 * address that is missing (socket already gone) or in any other spelling is not loopback.
 */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  const a = address.toLowerCase();
  if (a === '::1') return true;
  const v4 = a.startsWith('::ffff:') ? a.slice('::ffff:'.length) : a;
  return isIPv4(v4) && v4.startsWith('127.');
}
