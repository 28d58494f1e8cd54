/** Small hooks over the StationClient: the connection state, event subscriptions, reloads after a reconnect. */
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { EventName, StationEvents } from '../../../shared/contract';
import type { ConnectionState, StationClient } from '../api';

export function useConnection(api: StationClient): ConnectionState {
  return useSyncExternalStore(
    (notify) => api.onConnection(notify),
    () => api.connection,
  );
}

/** Subscribes for the component's life; the latest `listener` is always the one called. */
export function useEvent<E extends EventName>(api: StationClient, name: E, listener: (payload: StationEvents[E]) => void): void {
  const ref = useRef(listener);
  useEffect(() => {
    ref.current = listener;
  });
  useEffect(() => api.on(name, (p) => ref.current(p)), [api, name]);
}

/** Runs `load` now and again each time the connection (re)opens, so missed events never leave a stale view. */
export function useLoadOnConnect(api: StationClient, load: () => void): void {
  const ref = useRef(load);
  useEffect(() => {
    ref.current = load;
  });
  useEffect(() => {
    ref.current();
    return api.onConnection((s) => {
      if (s === 'open') ref.current();
    });
  }, [api]);
}

export function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return debounced;
}

/** A clock that ticks every `ms` (relative times such as "5 min ago" stay true). */
export function useNow(ms: number): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const t = setInterval(() => setNow(new Date()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}
