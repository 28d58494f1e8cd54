/**
 * The built renderer as static files. Only regular files inside the app folder are served: the request path is
 * decoded, any `.`/`..`/dot-file segment, backslash or NUL is a 404, the resolved path and then its realpath (a
 * symlink pointing out of the folder) must stay inside the folder's realpath, and the file is opened without
 * following a link and checked to be a regular file on the open handle (a folder is a 404: no listing).
 */
import { constants } from 'node:fs';
import { open, realpath, type FileHandle } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { sendText } from './headers';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

export function contentType(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

const NOT_BUILT = "The soundroll UI is not built: run 'npm run build' (it writes the app folder), then reload this page.";

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

/** The path's segments under the app folder, or undefined for anything that is not a plain file path. */
function segmentsOf(pathname: string): string[] | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (decoded === '/' || decoded === '') return ['index.html'];
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.length === 0 || segments.some((s) => s.startsWith('.') || s.includes(':'))) return undefined;
  return segments;
}

export interface StaticOptions {
  appDir: string;
  /** Called before the headers of index.html are written (the token cookie). */
  onIndex?: (res: ServerResponse) => void;
}

export async function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string, opts: StaticOptions): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'Method not allowed.', { Allow: 'GET, HEAD' });
  const notFound = (): void => sendText(res, 404, 'Not found.');
  const segments = segmentsOf(pathname);
  if (!segments) return notFound();
  const isIndex = segments.length === 1 && segments[0] === 'index.html';
  const missing = (): void => (isIndex ? sendText(res, 503, NOT_BUILT) : notFound());

  let root: string;
  try {
    root = await realpath(opts.appDir);
  } catch {
    return missing();
  }
  const candidate = resolve(root, ...segments);
  if (!inside(root, candidate)) return notFound();
  let real: string;
  try {
    real = await realpath(candidate);
  } catch {
    return missing();
  }
  if (!inside(root, real)) return notFound();

  let handle: FileHandle;
  try {
    handle = await open(real, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  } catch {
    return missing();
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) {
      await handle.close();
      return notFound();
    }
    if (isIndex) opts.onIndex?.(res);
    res.writeHead(200, {
      'Content-Type': contentType(real),
      'Content-Length': st.size,
      'Cache-Control': isIndex ? 'no-store' : 'no-cache',
    });
    if (req.method === 'HEAD') {
      await handle.close();
      res.end();
      return;
    }
    const stream = handle.createReadStream();
    stream.on('error', () => res.destroy());
    res.on('close', () => stream.destroy());
    stream.pipe(res);
  } catch {
    await handle.close().catch(() => undefined);
    if (!res.headersSent) notFound();
    else res.destroy();
  }
}
