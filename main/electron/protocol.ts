/**
 * The `app://soundroll/…` protocol: serves the built renderer (`dist/app`: index.html, app.js, app.css and whatever
 * they reference) and nothing else. main.ts registers the scheme as privileged before `ready` and hands every request
 * to `handleAppRequest` through `protocol.handle`. Plain Node (node:fs and the global Request/Response), so it is
 * unit-tested without Electron.
 *
 * A request is served only when: the method is GET or HEAD; the URL is `app://soundroll/<path>`; the percent-decoded
 * path, resolved against the app folder, stays inside it (`..`, encoded slashes and backslashes, NUL and absolute
 * paths are refused); and it names a regular file (not a folder, not a symlink). Everything else is a 404 (405 for
 * other methods). Every response carries the CSP and `nosniff`.
 */
import { lstat, readFile } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY } from './csp';
import { APP_HOST, APP_SCHEME, parseUrl } from './origin';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export function securityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Referrer-Policy': 'no-referrer',
  };
}

/**
 * The file a URL names inside `appRoot` (an absolute folder), or null when the URL is not ours or its path would
 * leave the folder. Does not touch the disk.
 */
export function resolveAppPath(appRoot: string, url: string): string | null {
  const u = parseUrl(url);
  if (!u || u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST || u.username !== '' || u.password !== '') return null;
  let path: string;
  try {
    path = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  if (path.includes('\0')) return null;
  if (path === '' || path.endsWith('/')) path += 'index.html';
  const root = resolve(appRoot);
  const file = resolve(root, `.${path.startsWith('/') ? '' : '/'}${path}`);
  const rel = relative(root, file);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return null;
  return file;
}

export async function handleAppRequest(appRoot: string, request: Request): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return new Response('method not allowed', { status: 405, headers: { ...securityHeaders(), Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' } });
  }
  const file = resolveAppPath(appRoot, request.url);
  if (file) {
    const info = await lstat(file).catch(() => null);
    if (info?.isFile()) {
      const body = request.method === 'HEAD' ? null : await readFile(file).catch(() => null);
      if (request.method === 'HEAD' || body) {
        return new Response(body, {
          status: 200,
          headers: {
            ...securityHeaders(),
            'Content-Type': MIME[extname(file).toLowerCase()] ?? 'application/octet-stream',
            'Cache-Control': 'no-cache',
          },
        });
      }
    }
  }
  return new Response('not found', { status: 404, headers: { ...securityHeaders(), 'Content-Type': 'text/plain; charset=utf-8' } });
}
