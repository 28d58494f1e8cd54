import type { StationApi } from '../../../shared/contract';

/** 'open' when events flow; 'connecting' before the first connection and while reconnecting after a loss. */
export type ConnectionState = 'connecting' | 'open' | 'lost';

/**
 * The StationApi the UI holds, plus the transport's state: after a reconnect the app lists jobs, drives and rolls
 * again, so a dropped WebSocket (or a reloaded page) reattaches to whatever is running.
 */
export interface StationClient extends StationApi {
  readonly connection: ConnectionState;
  onConnection(listener: (state: ConnectionState) => void): () => void;
  close(): void;
}

/** An error's sentence for the user: the message only, never a stack. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message || 'Something went wrong.';
  if (typeof err === 'string') return err;
  return 'Something went wrong.';
}
