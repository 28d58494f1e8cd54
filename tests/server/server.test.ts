/**
 * `soundroll serve`'s transport against a real station and catalog: a real server on a random port, a browser's
 * view of it (fetch, a `ws` client) and a hostile one (no token, wrong Host, foreign Origin, path traversal).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import WebSocket from 'ws';
import { SERVE_PATHS, type CallReply, type EventEnvelope, type JobView, type StationInfo } from '../../shared/contract';
import { createServices, type Services } from '../../main/services';
import { startServer, type RunningServer } from '../../main/server';
import { createStation, type Station } from '../../main/station';
import { makeCard } from '../support/card';
import { CLI, soundroll } from '../support/cli';
import { makeTempDir } from '../support/tmp';

const tmp = makeTempDir('server');
const appDir = join(tmp.dir, 'app');
const SECRET = 'outside the app folder';
let services: Services;
let station: Station;
let server: RunningServer;
let base: string;

beforeAll(async () => {
  mkdirSync(join(appDir, 'assets'), { recursive: true });
  writeFileSync(join(appDir, 'index.html'), '<!doctype html><title>soundroll</title><script type="module" src="/assets/app.js"></script>');
  writeFileSync(join(appDir, 'assets', 'app.js'), 'console.log("soundroll");\n');
  writeFileSync(join(appDir, '.env'), 'SECRET=1\n');
  writeFileSync(join(tmp.dir, 'package.json'), JSON.stringify({ secret: SECRET }));
  writeFileSync(join(tmp.dir, 'secret.txt'), SECRET);
  symlinkSync(join(tmp.dir, 'secret.txt'), join(appDir, 'leak.txt'));
  symlinkSync(tmp.dir, join(appDir, 'up'));
  services = createServices({ catalogPath: join(tmp.dir, 'catalog.sqlite'), analyseAfterOffload: false });
  station = createStation({ services, host: 'browser' });
  server = await startServer({ station, appDir });
  base = `http://127.0.0.1:${server.port}`;
});

afterAll(async () => {
  await server?.close();
  await station?.close();
  await services?.close();
  tmp.cleanup();
});

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request exactly as written: no URL normalisation, any Host/Origin header, no connection kept open. */
function raw(path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method: opts.method ?? 'GET', headers: opts.headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

const auth = (): Record<string, string> => ({ Authorization: `Bearer ${server.token}` });

async function call(name: string, request: unknown, headers: Record<string, string> = auth()): Promise<{ status: number; reply: CallReply }> {
  const res = await fetch(base + SERVE_PATHS.call, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify({ name, request }) });
  return { status: res.status, reply: (await res.json()) as CallReply };
}

/** The status a WebSocket handshake is refused with (ws reports it as "Unexpected server response: 401"). */
function refusedUpgrade(url: string, headers: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => {
      ws.terminate();
      resolve('opened');
    });
    ws.on('error', (err) => resolve(err.message));
  });
}

function openSocket(query = `?token=${server.token}`): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}${SERVE_PATHS.events}${query}`);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

describe('the token', () => {
  it('is a 43-character base64url string by default, and the printed URL carries it', () => {
    expect(server.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
  });

  it('is required for the page, a call and the event socket (401, no detail)', async () => {
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(401);
    const text = await page.text();
    expect(text).not.toContain('soundroll</title>');
    expect(text.length).toBeLessThan(100);
    expect((await fetch(`${base}/assets/app.js`)).status).toBe(401);

    const noToken = await call('station.info', {}, {});
    expect(noToken.status).toBe(401);
    expect(noToken.reply).toEqual({ ok: false, error: { code: 'unauthorized', message: 'Unauthorized.' } });

    expect(await refusedUpgrade(`ws://127.0.0.1:${server.port}${SERVE_PATHS.events}`)).toMatch(/401/);
  });

  it('refuses a wrong token wherever it is presented', async () => {
    const wrong = 'x'.repeat(43);
    expect((await fetch(`${base}/?token=${wrong}`)).status).toBe(401);
    expect((await fetch(`${base}/?token=${server.token.slice(0, -1)}`)).status).toBe(401);
    expect((await call('station.info', {}, { Authorization: `Bearer ${wrong}` })).status).toBe(401);
    expect((await call('station.info', {}, { Authorization: `Bearer ${server.token}x` })).status).toBe(401);
    expect((await call('station.info', {}, { Cookie: `soundroll_token=${wrong}` })).status).toBe(401);
    expect((await call('station.info', {}, { Authorization: `Basic ${server.token}` })).status).toBe(401);
    expect(await refusedUpgrade(`ws://127.0.0.1:${server.port}${SERVE_PATHS.events}?token=${wrong}`)).toMatch(/401/);
  });

  it('is taken from the Bearer header, the cookie or ?token=', async () => {
    const bearer = await call('station.info', {});
    expect(bearer.status).toBe(200);
    expect(bearer.reply.ok && (bearer.reply.response as StationInfo).host).toBe('browser');
    expect((await call('station.info', {}, { Cookie: `other=1; soundroll_token=${server.token}` })).status).toBe(200);
    const query = await fetch(`${base}${SERVE_PATHS.call}?token=${server.token}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'station.info', request: {} }),
    });
    expect(query.status).toBe(200);
  });

  it('sets an HttpOnly SameSite=Strict cookie when the page is opened with ?token=, which then loads the assets', async () => {
    const page = await fetch(server.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(await page.text()).toContain('<title>soundroll</title>');
    const cookie = page.headers.get('set-cookie')!;
    expect(cookie).toBe(`soundroll_token=${server.token}; HttpOnly; SameSite=Strict; Path=/`);

    const asset = await fetch(`${base}/assets/app.js`, { headers: { Cookie: cookie.split(';')[0]! } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(asset.headers.get('set-cookie')).toBeNull();
    expect(await asset.text()).toBe('console.log("soundroll");\n');
  });
});

describe('calls', () => {
  it('answers 400 naming the field for an invalid payload', async () => {
    const r = await call('offload.start', { source: tmp.dir, destinations: [] });
    expect(r.status).toBe(400);
    expect(r.reply.ok).toBe(false);
    if (r.reply.ok) return;
    expect(r.reply.error.code).toBe('invalid-request');
    expect(r.reply.error.message).toContain('destinations');
  });

  it('answers 400 unknown-command for a command that does not exist', async () => {
    const r = await call('station.selfDestruct', {});
    expect(r.status).toBe(400);
    expect(r.reply).toMatchObject({ ok: false, error: { code: 'unknown-command' } });
  });

  it('answers 400 for malformed JSON or a body that is not an envelope, never with a stack', async () => {
    const headers = { ...auth(), 'Content-Type': 'application/json' };
    for (const body of ['{"name": "station.info"', '[1,2]', '{"request":{}}', 'null']) {
      const r = await raw(SERVE_PATHS.call, { method: 'POST', headers, body });
      expect(r.status).toBe(400);
      const reply = JSON.parse(r.body) as CallReply;
      expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
      expect(r.body).not.toMatch(/\bat \S+:\d+/);
    }
  });

  it('wants application/json, a POST, and at most 1 MiB', async () => {
    const text = await raw(SERVE_PATHS.call, { method: 'POST', headers: { ...auth(), 'Content-Type': 'text/plain' }, body: '{"name":"station.info"}' });
    expect(text.status).toBe(415);
    const get = await raw(SERVE_PATHS.call, { headers: auth() });
    expect(get.status).toBe(405);
    const declared = await raw(SERVE_PATHS.call, { method: 'POST', headers: { ...auth(), 'Content-Type': 'application/json', 'Content-Length': String(2 * 1024 * 1024) }, body: '{}' });
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.body)).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    const big = await raw(SERVE_PATHS.call, {
      method: 'POST',
      headers: { ...auth(), 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'station.info', request: { pad: 'x'.repeat(1024 * 1024) } }),
    }).catch((err: Error) => ({ status: -1, headers: {}, body: err.message }));
    // The answer is 413; a client still sending when the server closes may see the connection reset instead.
    expect([413, -1]).toContain(big.status);
  });
});

describe('what a hostile page or request gets', () => {
  it('is 421 for a Host header that is not 127.0.0.1:PORT or localhost:PORT (DNS rebinding)', async () => {
    for (const host of ['evil.example', `evil.example:${server.port}`, '127.0.0.1', `127.0.0.1:${server.port + 1}`, `0.0.0.0:${server.port}`]) {
      expect((await raw(`/?token=${server.token}`, { headers: { Host: host } })).status).toBe(421);
      expect((await raw(SERVE_PATHS.call, { method: 'POST', headers: { ...auth(), Host: host, 'Content-Type': 'application/json' }, body: '{"name":"station.info"}' })).status).toBe(421);
    }
    expect((await raw(`/?token=${server.token}`, { headers: { Host: `localhost:${server.port}` } })).status).toBe(200);
    expect(await refusedUpgrade(`ws://127.0.0.1:${server.port}${SERVE_PATHS.events}?token=${server.token}`, { Host: `evil.example:${server.port}` })).toMatch(/421/);
  });

  it('is 403 for a POST or a WebSocket from a foreign Origin, even with the token', async () => {
    const body = JSON.stringify({ name: 'station.info', request: {} });
    const headers = { ...auth(), 'Content-Type': 'application/json' };
    for (const origin of ['http://evil.example', 'null', `http://127.0.0.1:${server.port + 1}`, `https://127.0.0.1:${server.port}`]) {
      expect((await raw(SERVE_PATHS.call, { method: 'POST', headers: { ...headers, Origin: origin }, body })).status).toBe(403);
    }
    expect((await raw(SERVE_PATHS.call, { method: 'POST', headers: { ...headers, Origin: `http://localhost:${server.port}` }, body })).status).toBe(200);
    expect(await refusedUpgrade(`ws://127.0.0.1:${server.port}${SERVE_PATHS.events}?token=${server.token}`, { Origin: 'http://evil.example' })).toMatch(/403/);
  });

  it.each([
    '/../package.json',
    '/%2e%2e/package.json',
    '/%2e%2e%2fpackage.json',
    '/assets/..%2f..%2fpackage.json',
    '/assets/%2e%2e/%2e%2e/package.json',
    '/..%5c..%5cpackage.json',
    '/leak.txt',
    '/up/secret.txt',
    '/up/package.json',
    '/.env',
    '/%00index.html',
    '/index.html%00.js',
    `/${encodeURIComponent(join(tmp.dir, 'secret.txt'))}`,
    // double encoding: decoded once, "%2e%2e" is a literal name inside the folder, never a climb
    '/%252e%252e/package.json',
    '/%252e%252e%252fpackage.json',
    '/assets/%252e%252e%252f%252e%252e%252fpackage.json',
    // backslashes, raw and encoded
    '/..\\package.json',
    '/assets\\..\\..\\package.json',
    '/assets/%2e%2e%5c%2e%2e%5cpackage.json',
    // encoded slash into a symlinked folder, overlong UTF-8 dots, a dot-segment spelled as "%2E"
    '/up%2fsecret.txt',
    '/%c0%ae%c0%ae/package.json',
    '/%2E%2E/%2E%2E/package.json',
  ])('never serves a file outside the app folder: %s → 404', async (path) => {
    const r = await raw(path + (path.includes('?') ? '&' : '?') + `token=${server.token}`);
    expect(r.status).toBe(404);
    expect(r.body).not.toContain(SECRET);
    expect(r.body).not.toContain('SECRET=');
  });

  it('lists no folder and answers 404 for a missing file', async () => {
    expect((await raw(`/assets/?token=${server.token}`)).status).toBe(404);
    expect((await raw(`/assets?token=${server.token}`)).status).toBe(404);
    expect((await raw(`/nope.js?token=${server.token}`)).status).toBe(404);
    expect((await raw(`/api/nope`, { headers: auth() })).status).toBe(404);
  });

  it('sends the security headers on every response, refusals included', async () => {
    const csp =
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
      `connect-src 'self' ws://127.0.0.1:${server.port} ws://localhost:${server.port}; media-src 'self' blob:; ` +
      "object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
    for (const r of [await raw(`/?token=${server.token}`), await raw('/'), await raw('/x', { headers: { Host: 'evil.example' } }), await raw(`/nope?token=${server.token}`)]) {
      expect(r.headers['content-security-policy']).toBe(csp);
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['referrer-policy']).toBe('no-referrer');
      expect(r.headers['x-frame-options']).toBe('DENY');
    }
  });
});

describe('events over the WebSocket', () => {
  it('pushes job.updated and job.finished of an offload started through /api/call, and jobs.list shows it done', async () => {
    const card = join(tmp.dir, 'card', 'A001');
    const dest = join(tmp.dir, 'dest');
    makeCard(card, { 'DAY1/S01T01.WAV': 20_000, 'DAY1/S01T02.WAV': 8_000, 'NOTES.TXT': 300 });
    mkdirSync(dest);

    const ws = await openSocket();
    const events: EventEnvelope[] = [];
    ws.on('message', (data) => events.push(JSON.parse(String(data)) as EventEnvelope));
    const start = await call('offload.start', { source: card, destinations: [dest], project: 'Serve Test', date: '2026-11-23' });
    expect(start.status).toBe(200);
    const job = (start.reply as { ok: true; response: JobView }).response;
    expect(job.kind).toBe('offload');

    const finished = await new Promise<JobView>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no job.finished; got ${events.map((e) => e.event).join(', ')}`)), 60_000);
      const check = (): void => {
        const f = events.find((e) => e.event === 'job.finished' && (e.payload as JobView).id === job.id);
        if (f) {
          clearTimeout(timer);
          ws.off('message', check);
          resolve(f.payload as JobView);
        }
      };
      ws.on('message', check);
      check();
    });
    expect(finished.state).toBe('done');
    const updates = events.filter((e) => e.event === 'job.updated' && (e.payload as JobView).id === job.id);
    expect(updates.length).toBeGreaterThan(0);
    expect(events.indexOf(updates[updates.length - 1]!)).toBeLessThan(events.findIndex((e) => e.event === 'job.finished'));

    const list = await call('jobs.list', {});
    expect(list.status).toBe(200);
    const jobs = (list.reply as { ok: true; response: JobView[] }).response;
    const done = jobs.find((j) => j.id === job.id)!;
    expect(done.state).toBe('done');
    expect(done.offload?.safeToFormat).toBe(true);
    ws.close();
  });

  it('keeps answering sockets open and drops one that stops answering pings', async () => {
    const extra = await startServer({ station, appDir, pingIntervalMs: 50 });
    const url = `ws://127.0.0.1:${extra.port}${SERVE_PATHS.events}?token=${extra.token}`;
    const connect = (opts: WebSocket.ClientOptions): Promise<WebSocket> =>
      new Promise((resolve, reject) => {
        const s = new WebSocket(url, opts);
        s.once('open', () => resolve(s));
        s.once('error', reject);
      });
    const live = await connect({});
    const deaf = await connect({ autoPong: false });
    const deafClosed = new Promise<number>((resolve) => deaf.once('close', (code) => resolve(code)));
    expect(await deafClosed).toBe(1006);
    expect(live.readyState).toBe(WebSocket.OPEN);
    const liveClosed = new Promise<number>((resolve) => live.once('close', (code) => resolve(code)));
    await extra.close();
    expect(await liveClosed).toBe(1001);
  });

  it('accepts the cookie on the socket and drops the sockets cleanly when the server closes', async () => {
    const extra = await startServer({ station, appDir });
    const ws = await new Promise<WebSocket>((resolve, reject) => {
      const s = new WebSocket(`ws://127.0.0.1:${extra.port}${SERVE_PATHS.events}`, { headers: { Cookie: `soundroll_token=${extra.token}` } });
      s.once('open', () => resolve(s));
      s.once('error', reject);
    });
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    await extra.close();
    expect(await closed).toBe(1001);
    await expect(fetch(extra.url)).rejects.toThrow();
  });
});

describe('soundroll serve', () => {
  it('prints one line with the URL, serves the page with a cookie, and exits 0 on SIGTERM', async () => {
    const catalog = join(tmp.dir, 'cli-catalog.sqlite');
    const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--catalog', catalog, '--no-drives', '--app-dir', appDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const lines: string[] = [];
    const rl = createInterface({ input: child.stdout });
    const first = await new Promise<string>((resolve, reject) => {
      rl.on('line', (line) => {
        lines.push(line);
        if (lines.length === 1) resolve(line);
      });
      void exited.then((code) => reject(new Error(`serve exited ${code} before printing: ${stderr}`)));
    });
    const m = /^soundroll serve: open (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]{43}))$/.exec(first);
    expect(m).not.toBeNull();
    const page = await fetch(m![1]!);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('set-cookie')).toContain(`soundroll_token=${m![3]}`);
    expect(await page.text()).toContain('<title>soundroll</title>');
    expect((await fetch(`http://127.0.0.1:${m![2]}/`)).status).toBe(401);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(lines).toEqual([first]);
  });

  it('uses SOUNDROLL_TOKEN, answers 503 when the UI is not built, and exits 2 for a bad --port', async () => {
    expect(soundroll(['serve', '--port', 'eighty']).status).toBe(2);
    expect(soundroll(['serve', '--port', '70000']).status).toBe(2);
    expect(soundroll(['serve', '--help']).stdout).toMatch(/^Usage: soundroll serve[\s\S]*SOUNDROLL_TOKEN/);
    expect(soundroll(['serve'], { SOUNDROLL_TOKEN: 'short' }).status).toBe(2);

    const token = 'scripted-token-0123456789';
    const child = spawn(process.execPath, [CLI, 'serve', '--catalog', join(tmp.dir, 'cli2.sqlite'), '--no-drives', '--app-dir', join(tmp.dir, 'no-app')], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, SOUNDROLL_TOKEN: token },
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const first = await new Promise<string>((resolve) => createInterface({ input: child.stdout }).once('line', resolve));
    expect(first).toMatch(new RegExp(`^soundroll serve: open http://127\\.0\\.0\\.1:\\d+/\\?token=${token}$`));
    const page = await fetch(first.replace('soundroll serve: open ', ''));
    expect(page.status).toBe(503);
    expect(await page.text()).toContain('npm run build');
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});
