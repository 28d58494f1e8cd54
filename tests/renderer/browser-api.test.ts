import { SERVE_PATHS as CONTRACT_SERVE_PATHS, type StationApi } from '../../shared/contract';
import { loadRenderer } from './load';

type ConnectionState = 'connecting' | 'open' | 'lost';
interface StationClient extends StationApi {
  readonly connection: ConnectionState;
  onConnection(listener: (s: ConnectionState) => void): () => void;
  close(): void;
}
interface FakeSocket {
  url: string;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  close(): void;
}
const { browserApi, SERVE_PATHS } = loadRenderer<{
  browserApi(token: string | null, location: { protocol: string; host: string }, deps: Record<string, unknown>): StationClient;
  SERVE_PATHS: typeof CONTRACT_SERVE_PATHS;
}>('api/browser');
const { reconnectDelay } = loadRenderer<{ reconnectDelay(attempt: number): number }>('api/backoff');
const { plainIpcMessage, electronApi } = loadRenderer<{ plainIpcMessage(m: string): string; electronApi(bridge: StationApi): StationClient }>('api/preload-bridge');

function harness(replies: ((init: RequestInit) => { status: number; body: string }) | Error) {
  const sockets: FakeSocket[] = [];
  const timers: { fn: () => void; ms: number }[] = [];
  const calls: { url: string; init: RequestInit }[] = [];
  class Socket implements FakeSocket {
    onopen: FakeSocket['onopen'] = null;
    onclose: FakeSocket['onclose'] = null;
    onerror: FakeSocket['onerror'] = null;
    onmessage: FakeSocket['onmessage'] = null;
    constructor(readonly url: string) {
      sockets.push(this);
    }
    close(): void {
      this.onclose?.({});
    }
  }
  const fetch = async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    if (replies instanceof Error) throw replies;
    const r = replies(init);
    return { status: r.status, text: async () => r.body } as Response;
  };
  const api = browserApi('tok-123', { protocol: 'http:', host: '127.0.0.1:4000' }, {
    fetch,
    WebSocket: Socket,
    setTimeout: (fn: () => void, ms: number) => timers.push({ fn, ms }),
    clearTimeout: () => {},
  });
  return { api, sockets, timers, calls };
}

describe('the browser bridge', () => {
  it('restates the contract’s paths exactly (it must not import zod into the page)', () => {
    expect(SERVE_PATHS).toEqual(CONTRACT_SERVE_PATHS);
  });

  it('POSTs { name, request } with the token as a Bearer header and returns the response', async () => {
    const h = harness(() => ({ status: 200, body: JSON.stringify({ ok: true, response: [] }) }));
    await expect(h.api.call('jobs.list', {})).resolves.toEqual([]);
    expect(h.calls[0]!.url).toBe('/api/call');
    expect(h.calls[0]!.init).toMatchObject({
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer tok-123' },
      body: JSON.stringify({ name: 'jobs.list', request: {} }),
    });
  });

  it('throws the bridge’s plain message on ok: false, and plain words when the station is down', async () => {
    const h = harness(() => ({ status: 400, body: JSON.stringify({ ok: false, error: { code: 'invalid-request', message: '"x" is not an absolute path' } }) }));
    await expect(h.api.call('sources.inspect', { path: 'x' })).rejects.toThrow('"x" is not an absolute path');
    const down = harness(new TypeError('Failed to fetch'));
    await expect(down.api.call('jobs.list', {})).rejects.toThrow(/not reachable/);
    const refused = harness(() => ({ status: 401, body: 'Unauthorized.\n' }));
    await expect(refused.api.call('jobs.list', {})).rejects.toThrow(/token/);
  });

  it('opens the event socket with the token and fans events out by name', () => {
    const h = harness(() => ({ status: 200, body: '{}' }));
    expect(h.sockets[0]!.url).toBe('ws://127.0.0.1:4000/api/events?token=tok-123');
    const seen: unknown[] = [];
    const off = h.api.on('catalog.changed', (p) => seen.push(p));
    h.sockets[0]!.onopen!({});
    h.sockets[0]!.onmessage!({ data: JSON.stringify({ event: 'catalog.changed', payload: { scope: 'rolls' } }) });
    h.sockets[0]!.onmessage!({ data: JSON.stringify({ event: 'drives.changed', payload: {} }) });
    h.sockets[0]!.onmessage!({ data: 'not json' });
    off();
    h.sockets[0]!.onmessage!({ data: JSON.stringify({ event: 'catalog.changed', payload: { scope: 'qc' } }) });
    expect(seen).toEqual([{ scope: 'rolls' }]);
  });

  it('reconnects with backoff after a loss and says so, so the app can list jobs again', () => {
    const h = harness(() => ({ status: 200, body: '{}' }));
    const states: ConnectionState[] = [];
    h.api.onConnection((s) => states.push(s));
    expect(h.api.connection).toBe('connecting');
    h.sockets[0]!.onopen!({});
    h.sockets[0]!.onclose!({});
    expect(h.timers.map((t) => t.ms)).toEqual([500]);
    h.timers[0]!.fn();
    expect(h.sockets).toHaveLength(2);
    h.sockets[1]!.onclose!({}); // still down
    expect(h.timers.map((t) => t.ms)).toEqual([500, 1000]);
    h.timers[1]!.fn();
    h.sockets[2]!.onopen!({});
    expect(states).toEqual(['open', 'lost', 'open']);
    h.api.close();
    expect(h.timers).toHaveLength(2);
  });

  it('backs off up to 10 s', () => {
    expect([0, 1, 2, 3, 4, 5, 10].map(reconnectDelay)).toEqual([500, 1000, 2000, 4000, 8000, 10000, 10000]);
  });
});

describe('the Electron bridge', () => {
  it('keeps only the sentence of an error that crossed IPC', async () => {
    expect(plainIpcMessage("Error invoking remote method 'station:call': Error: no such folder")).toBe('no such folder');
    const api = electronApi({
      call: async () => {
        throw new Error("Error invoking remote method 'station:call': StationError: the same destination is listed twice");
      },
      on: () => () => {},
    } as unknown as StationApi);
    await expect(api.call('jobs.list', {})).rejects.toThrow(/^the same destination is listed twice$/);
    expect(api.connection).toBe('open');
  });
});
