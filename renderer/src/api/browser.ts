/**
 * The StationApi in a browser tab served by `soundroll serve`: commands are POSTed to SERVE_PATHS.call with the
 * token as a Bearer header, events arrive on a WebSocket at SERVE_PATHS.events?token=… that reconnects with backoff.
 * The server also accepts its cookie, so a missing token is tried anyway and refused by the server in plain words.
 */
import type {
  CallReply,
  CommandName,
  CommandRequest,
  CommandResponse,
  EventEnvelope,
  EventName,
  SERVE_PATHS as CONTRACT_SERVE_PATHS,
  StationEvents,
} from '../../../shared/contract';
import { reconnectDelay } from './backoff';
import type { ConnectionState, StationClient } from './types';

/** What the bridge needs from its surroundings; the real window's by default, doubles in tests. */
export interface BrowserDeps {
  fetch: typeof fetch;
  WebSocket: new (url: string) => WebSocketLike;
  setTimeout: (fn: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
}

export interface WebSocketLike {
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  close(): void;
}

type Listener = (payload: never) => void;

/**
 * The contract's SERVE_PATHS, restated: shared/contract builds its zod schemas when loaded, and importing one value
 * from it would put all of zod (~450 kB) into the page. The compiler checks the two stay equal (and so does
 * tests/renderer/browser-api.test.ts at run time).
 */
export const SERVE_PATHS = { call: '/api/call', events: '/api/events' } as const satisfies typeof CONTRACT_SERVE_PATHS;

const UNREACHABLE = 'The station is not reachable: is `soundroll serve` still running?';

export function browserApi(token: string | null, location: Pick<Location, 'protocol' | 'host'>, deps?: Partial<BrowserDeps>): StationClient {
  const d: BrowserDeps = {
    fetch: deps?.fetch ?? ((...args) => globalThis.fetch(...args)),
    WebSocket: deps?.WebSocket ?? (globalThis.WebSocket as unknown as BrowserDeps['WebSocket']),
    setTimeout: deps?.setTimeout ?? ((fn, ms) => globalThis.setTimeout(fn, ms)),
    clearTimeout: deps?.clearTimeout ?? ((h) => globalThis.clearTimeout(h as number)),
  };
  const listeners = new Map<EventName, Set<Listener>>();
  const connectionListeners = new Set<(s: ConnectionState) => void>();
  let state: ConnectionState = 'connecting';
  let socket: WebSocketLike | undefined;
  let attempt = 0;
  let timer: unknown;
  let closed = false;

  const setState = (next: ConnectionState): void => {
    if (next === state) return;
    state = next;
    for (const l of [...connectionListeners]) l(next);
  };

  const wsUrl = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${SERVE_PATHS.events}${token ? `?token=${encodeURIComponent(token)}` : ''}`;

  const open = (): void => {
    if (closed) return;
    let ws: WebSocketLike;
    try {
      ws = new d.WebSocket(wsUrl);
    } catch {
      schedule();
      return;
    }
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      setState('open');
    };
    ws.onmessage = (ev) => {
      if (typeof ev.data !== 'string') return;
      let envelope: EventEnvelope;
      try {
        envelope = JSON.parse(ev.data) as EventEnvelope;
      } catch {
        return;
      }
      if (!envelope || typeof envelope.event !== 'string') return;
      for (const l of [...(listeners.get(envelope.event) ?? [])]) {
        try {
          (l as (p: unknown) => void)(envelope.payload);
        } catch (err) {
          console.error(err);
        }
      }
    };
    ws.onerror = () => {
      /* onclose follows and schedules the retry */
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = undefined;
      if (closed) return;
      if (state === 'open') setState('lost');
      schedule();
    };
  };

  const schedule = (): void => {
    if (closed) return;
    const delay = reconnectDelay(attempt++);
    timer = d.setTimeout(() => {
      timer = undefined;
      open();
    }, delay);
  };

  open();

  async function call<K extends CommandName>(name: K, request: CommandRequest<K>): Promise<CommandResponse<K>> {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (token) headers.Authorization = `Bearer ${token}`;
    let res: Response;
    try {
      res = await d.fetch(SERVE_PATHS.call, { method: 'POST', headers, body: JSON.stringify({ name, request }) });
    } catch {
      throw new Error(UNREACHABLE);
    }
    const text = await res.text().catch(() => '');
    let reply: CallReply | undefined;
    try {
      reply = JSON.parse(text) as CallReply;
    } catch {
      reply = undefined;
    }
    if (reply && typeof reply === 'object' && reply.ok === true) return reply.response as CommandResponse<K>;
    if (reply && typeof reply === 'object' && reply.ok === false && typeof reply.error?.message === 'string') throw new Error(reply.error.message);
    if (res.status === 401) throw new Error('The station refused this page: open the address `soundroll serve` printed (it ends with ?token=…).');
    const plain = text.trim().split('\n')[0]?.slice(0, 300);
    throw new Error(plain ? plain : `The station answered ${res.status} without a reply.`);
  }

  return {
    call,
    on<E extends EventName>(name: E, listener: (payload: StationEvents[E]) => void): () => void {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      set.add(listener as Listener);
      return () => {
        set.delete(listener as Listener);
      };
    },
    get connection() {
      return state;
    },
    onConnection(listener) {
      connectionListeners.add(listener);
      return () => {
        connectionListeners.delete(listener);
      };
    },
    close() {
      closed = true;
      if (timer !== undefined) d.clearTimeout(timer);
      socket?.close();
      socket = undefined;
    },
  };
}
