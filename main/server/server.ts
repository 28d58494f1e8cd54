/**
 * `startServer`: the station on http://127.0.0.1:PORT for a browser tab. Every request passes, in this order: the
 * peer address is loopback (403), the Host check (421), the token (401), for a POST or a WebSocket the Origin check
 * (403); then `/api/call`, the `/api/events` WebSocket, or a static file of the built renderer. See README.md.
 */
import { createServer, STATUS_CODES, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { resolve } from 'node:path';
import { WebSocket, WebSocketServer } from 'ws';
import { EVENT_NAMES, SERVE_PATHS, type EventEnvelope, type EventName } from '../../shared/contract';
import type { Station } from '../station';
import { handleCall, sendError } from './call';
import { hostAllowed, isLoopbackAddress, isValidToken, newToken, originAllowed, presentedTokens, tokenMatcher, TOKEN_COOKIE } from './guard';
import { contentSecurityPolicy, sendText, setSecurityHeaders } from './headers';
import { serveStatic } from './static-files';

const HOST = '127.0.0.1';
const MAX_BODY_BYTES = 1024 * 1024;
const PING_INTERVAL_MS = 30_000;
/** A socket that has this much unsent is not reading: it is dropped rather than buffered without end. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;
/** How long close() waits for browsers to answer the WebSocket close before cutting them off. */
const CLOSE_GRACE_MS = 1000;

/** What the server needs of the station (a test may give a double). */
export type ServerStation = Pick<Station, 'dispatch' | 'on'>;

export interface ServerOptions {
  station: ServerStation;
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Default: 32 random bytes, base64url. 16–512 characters of `A-Z a-z 0-9 - _ . ~`. */
  token?: string;
  /** The built renderer: index.html and its assets. */
  appDir: string;
  /** Where failures the client is not told about are reported (default: nowhere). Never stdout in the CLI. */
  log?: (line: string) => void;
  /** WebSocket keepalive: a ping this often; a socket that did not answer the previous one is dropped. */
  pingIntervalMs?: number;
  maxBodyBytes?: number;
}

export interface RunningServer {
  /** `http://127.0.0.1:PORT/?token=TOKEN`: the one address to open. */
  url: string;
  port: number;
  token: string;
  /** Closes the WebSockets (1001), then the HTTP server and its connections. */
  close(): Promise<void>;
}

type Refusal = { status: number; text: string; json: boolean; headers?: Record<string, string> };

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const { station } = opts;
  const token = opts.token ?? newToken();
  if (!isValidToken(token)) throw new Error('a token is 16 to 512 characters of A-Z a-z 0-9 - _ . ~');
  const requestedPort = opts.port ?? 0;
  if (!Number.isInteger(requestedPort) || requestedPort < 0 || requestedPort > 65535) throw new Error(`not a port: ${requestedPort}`);
  const appDir = resolve(opts.appDir);
  const maxBodyBytes = opts.maxBodyBytes ?? MAX_BODY_BYTES;
  const matches = tokenMatcher(token);
  let port = 0;
  let closing = false;

  const parseUrl = (req: IncomingMessage): URL | undefined => {
    try {
      return new URL(req.url ?? '/', `http://${HOST}`);
    } catch {
      return undefined;
    }
  };

  /** Host, token, Origin: undefined when the request may go on. */
  const refusal = (req: IncomingMessage, url: URL | undefined, checkOrigin: boolean): Refusal | undefined => {
    const api = url?.pathname.startsWith('/api/') ?? false;
    if (!hostAllowed(req.headers.host, port)) return { status: 421, text: 'This server answers only to 127.0.0.1 and localhost.', json: api };
    if (!url) return { status: 400, text: 'Bad request.', json: false };
    if (!presentedTokens(req, url).some(matches)) {
      return { status: 401, text: 'Unauthorized.', json: api, headers: { 'WWW-Authenticate': 'Bearer realm="soundroll"' } };
    }
    if (checkOrigin && !originAllowed(req.headers.origin, port)) return { status: 403, text: 'Forbidden: cross-origin request.', json: api };
    if (closing) return { status: 503, text: 'soundroll serve is stopping.', json: api };
    return undefined;
  };

  const server = createServer((req, res) => {
    setSecurityHeaders(res, port);
    if (!isLoopbackAddress(req.socket.remoteAddress)) {
      // Not from this machine: no detail, no body read, the connection closed after the answer.
      req.resume();
      return sendText(res, 403, 'Forbidden.', { Connection: 'close' });
    }
    const url = parseUrl(req);
    const refused = refusal(req, url, req.method !== 'GET' && req.method !== 'HEAD');
    if (refused || !url) {
      const r = refused ?? { status: 400, text: 'Bad request.', json: false };
      // A refused request's body is not read: the connection is closed after the answer instead.
      if (req.method !== 'GET' && req.method !== 'HEAD') r.headers = { ...r.headers, Connection: 'close' };
      req.resume();
      const code = r.status === 401 || r.status === 403 ? 'unauthorized' : r.status === 503 ? 'unavailable' : 'invalid-request';
      if (r.json) return sendError(res, r.status, code, r.text, r.headers);
      return sendText(res, r.status, r.text, r.headers);
    }
    const fail = (err: unknown): void => {
      opts.log?.(`${req.method} ${url.pathname}: ${err instanceof Error ? err.message : String(err)}`);
      if (!res.headersSent) sendText(res, 500, 'Internal error.');
      else res.destroy();
    };
    if (url.pathname === SERVE_PATHS.call) return void handleCall(req, res, station, { maxBodyBytes, log: opts.log }).catch(fail);
    if (url.pathname === SERVE_PATHS.events) return sendError(res, 426, 'invalid-request', 'events come over a WebSocket', { Upgrade: 'websocket' });
    if (url.pathname === '/api' || url.pathname.startsWith('/api/')) return sendError(res, 404, 'not-found', 'no such API path');
    const fromQuery = url.searchParams.getAll('token').some(matches);
    serveStatic(req, res, url.pathname, {
      appDir,
      onIndex: (r) => {
        if (fromQuery) r.setHeader('Set-Cookie', `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`);
      },
    }).catch(fail);
  });

  // ---- events over WebSocket ------------------------------------------------------------------------------------
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096, perMessageDeflate: false });
  const alive = new WeakMap<WebSocket, boolean>();
  wss.on('connection', (ws) => {
    alive.set(ws, true);
    ws.on('pong', () => alive.set(ws, true));
    ws.on('message', () => undefined); // the socket only pushes; what a tab sends is ignored
    ws.on('error', () => ws.terminate());
  });
  const pinger = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.get(ws)) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, opts.pingIntervalMs ?? PING_INTERVAL_MS);
  pinger.unref();

  const broadcast = (event: EventName, payload: unknown): void => {
    if (wss.clients.size === 0) return;
    let text: string;
    try {
      text = JSON.stringify({ event, payload } satisfies EventEnvelope);
    } catch (err) {
      opts.log?.(`${event}: not sent: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    for (const ws of wss.clients) {
      if (ws.readyState !== WebSocket.OPEN) continue;
      if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
        ws.terminate();
        continue;
      }
      ws.send(text, () => undefined);
    }
  };
  const unsubscribers = EVENT_NAMES.map((event) => station.on(event, (payload) => broadcast(event, payload)));

  const refuseUpgrade = (socket: Duplex, status: number, text: string): void => {
    const body = `${text}\n`;
    socket.once('finish', () => socket.destroy());
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nContent-Security-Policy: ${contentSecurityPolicy(port)}\r\nX-Content-Type-Options: nosniff\r\n\r\n${body}`,
    );
  };
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    if (!isLoopbackAddress(req.socket.remoteAddress)) return refuseUpgrade(socket, 403, 'Forbidden.');
    const url = parseUrl(req);
    const refused = refusal(req, url, true);
    if (refused) return refuseUpgrade(socket, refused.status, refused.text);
    if (!url || url.pathname !== SERVE_PATHS.events || req.method !== 'GET') return refuseUpgrade(socket, 404, 'Not found.');
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  // ---- listen and close -----------------------------------------------------------------------------------------
  try {
    await new Promise<void>((resolveListen, reject) => {
      server.once('error', reject);
      server.listen(requestedPort, HOST, () => {
        server.off('error', reject);
        resolveListen();
      });
    });
  } catch (err) {
    for (const u of unsubscribers) u();
    clearInterval(pinger);
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'EADDRINUSE' ? 'the port is in use' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
    throw new Error(`cannot listen on ${HOST}:${requestedPort}: ${why}`);
  }
  port = (server.address() as AddressInfo).port;
  server.on('error', (err) => opts.log?.(`server: ${err.message}`));

  let closed: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closed ??= (async () => {
      closing = true;
      for (const u of unsubscribers) u();
      clearInterval(pinger);
      const sockets = [...wss.clients];
      const gone = Promise.all(sockets.map((ws) => (ws.readyState === WebSocket.CLOSED ? undefined : new Promise<void>((r) => ws.once('close', () => r())))));
      for (const ws of sockets) ws.close(1001, 'soundroll serve is stopping');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([gone, new Promise<void>((r) => (timer = setTimeout(r, CLOSE_GRACE_MS)))]);
      clearTimeout(timer);
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
      await new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      });
    })());

  return { url: `http://${HOST}:${port}/?token=${token}`, port, token, close };
}
