/**
 * Where the app's own pages live: `app://soundroll/…`, a privileged standard scheme served by protocol.ts from the
 * built renderer folder. Plain Node (no electron import), so the checks below are unit-tested.
 *
 * Node's WHATWG URL gives every non-special scheme (anything but http(s), ws(s), ftp, file) the origin `"null"`, so
 * `new URL(u).origin === 'app://soundroll'` would never match here: compare the parsed protocol and host instead.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'soundroll';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** Parses a URL without throwing; null for anything that is not one. */
export function parseUrl(url: unknown): URL | null {
  if (typeof url !== 'string' || url.length === 0 || url.length > 8192) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True when `url` is one of our pages: scheme `app:`, host `soundroll`, no port, no credentials. */
export function isAppUrl(url: unknown): boolean {
  const u = parseUrl(url);
  return u !== null && u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '';
}
