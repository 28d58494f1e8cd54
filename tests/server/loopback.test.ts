/**
 * `soundroll serve` is reachable from this machine only: it listens on 127.0.0.1 (checked in the kernel's own socket
 * table, so no connection to another address can reach it; the tests send nothing to any address but loopback), and,
 * as defence in depth, a request or WebSocket
 * whose peer address is not loopback gets 403 with no detail even with the token and a correct Host. The last is real,
 * not mocked: a client socket bound to the machine's non-loopback address as its source connects to 127.0.0.1, so
 * the server's socket reports that address as its peer.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { SERVE_PATHS } from '../../shared/contract';
import { isLoopbackAddress } from '../../main/server/guard';
import { startServer, type RunningServer, type ServerStation } from '../../main/server';
import { makeTempDir } from '../support/tmp';

const tmp = makeTempDir('serve-loopback');
const dispatched: string[] = [];
const station: ServerStation = {
  dispatch: (async (name: string) => {
    dispatched.push(name);
    return { name: 'soundroll' };
  }) as unknown as ServerStation['dispatch'],
  on: () => () => undefined,
};
let server: RunningServer;

/** The machine's first non-loopback IPv4 address, if it has one. */
const external = Object.values(networkInterfaces())
  .flat()
  .find((a) => a !== undefined && a.family === 'IPv4' && !a.internal)?.address;
const withExternal = external ? it : it.skip;
const NO_EXTERNAL = external ? '' : ' [skipped: this machine has no non-loopback IPv4 address]';

beforeAll(async () => {
  const appDir = join(tmp.dir, 'app');
  mkdirSync(appDir);
  writeFileSync(join(appDir, 'index.html'), '<!doctype html><title>soundroll</title>');
  server = await startServer({ station, appDir });
});
afterAll(async () => {
  await server?.close();
  tmp.cleanup();
});

interface Answer {
  status: number;
  body: string;
}

/** A request to 127.0.0.1 with the token and a correct Host, from `localAddress` when given. */
function ask(opts: { localAddress?: string; method?: string; path?: string; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        localAddress: opts.localAddress,
        method: opts.method ?? 'GET',
        path: opts.path ?? '/',
        agent: false,
        headers: { Host: `127.0.0.1:${server.port}`, Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

describe('isLoopbackAddress', () => {
  it('accepts 127.0.0.0/8, ::1 and IPv4-mapped loopback', () => {
    for (const a of ['127.0.0.1', '127.1.2.3', '127.255.255.254', '::1', '::ffff:127.0.0.1', '::FFFF:127.0.0.9']) {
      expect({ a, loopback: isLoopbackAddress(a) }).toEqual({ a, loopback: true });
    }
  });

  it('refuses everything else, and fails closed on a missing or odd spelling', () => {
    for (const a of [
      undefined,
      '',
      '0.0.0.0',
      '10.0.0.1',
      '192.168.1.20',
      '128.0.0.1',
      '::',
      '::ffff:10.0.0.1',
      '::ffff:7f00:1',
      'fe80::1',
      '127.0.0.1.evil.example',
      '127.0.0.256',
      'localhost',
    ]) {
      expect({ a, loopback: isLoopbackAddress(a) }).toEqual({ a, loopback: false });
    }
  });
});

describe('where the server can be reached from', () => {
  it('listens on 127.0.0.1 only (the kernel socket table has no other listener on its port)', () => {
    const tables = ['/proc/net/tcp', '/proc/net/tcp6'].filter((t) => existsSync(t));
    if (tables.length === 0) {
      console.warn('listen address not checked in the socket table: no /proc/net/tcp on this system');
      expect(server.url.startsWith(`http://127.0.0.1:${server.port}/`)).toBe(true);
      return;
    }
    const portHex = server.port.toString(16).toUpperCase().padStart(4, '0');
    const listeners = tables.flatMap((t) =>
      readFileSync(t, 'utf8')
        .split('\n')
        .slice(1)
        .map((line) => line.trim().split(/\s+/))
        // local_address is HEXIP:PORT, state 0A is LISTEN
        .filter((cols) => cols.length > 3 && cols[1]!.endsWith(`:${portHex}`) && cols[3] === '0A')
        .map((cols) => `${t.endsWith('6') ? 'tcp6' : 'tcp'} ${cols[1]}`),
    );
    // 0100007F is 127.0.0.1 in the kernel's little-endian hex.
    expect(listeners).toEqual([`tcp 0100007F:${portHex}`]);
  });

  it('refuses ::1 too: the server is not listening on IPv6 at all', async () => {
    const outcome = await new Promise<string>((resolve) => {
      const socket = connect({ host: '::1', port: server.port });
      socket.once('connect', () => {
        socket.destroy();
        resolve('connected');
      });
      socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
    });
    expect(outcome).not.toBe('connected');
  });
});

describe('a request whose peer is not loopback', () => {
  withExternal(`gets 403 with no detail, even with the token and the right Host; the same request from 127.0.0.1 is served${NO_EXTERNAL}`, async () => {
    const page = await ask({ localAddress: external });
    expect(page).toEqual({ status: 403, body: 'Forbidden.\n' });
    expect(await ask()).toMatchObject({ status: 200 });

    const before = dispatched.length;
    const call = await ask({ localAddress: external, method: 'POST', path: SERVE_PATHS.call, body: JSON.stringify({ name: 'station.info', request: {} }) });
    expect(call).toEqual({ status: 403, body: 'Forbidden.\n' });
    expect(dispatched.length).toBe(before); // the station never saw it
    const fromHere = await ask({ method: 'POST', path: SERVE_PATHS.call, body: JSON.stringify({ name: 'station.info', request: {} }) });
    expect(fromHere.status).toBe(200);
    expect(dispatched.length).toBe(before + 1);
  });

  withExternal(`cannot open the event WebSocket (403), while the same upgrade from 127.0.0.1 opens${NO_EXTERNAL}`, async () => {
    const open = (localAddress?: string): Promise<string> =>
      new Promise((resolve) => {
        const ws = new WebSocket(`ws://127.0.0.1:${server.port}${SERVE_PATHS.events}?token=${server.token}`, { localAddress });
        ws.on('open', () => {
          ws.terminate();
          resolve('opened');
        });
        ws.on('error', (err) => resolve(err.message));
      });
    expect(await open(external)).toMatch(/403/);
    expect(await open()).toBe('opened');
  });
});
