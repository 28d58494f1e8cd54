/**
 * The StationApi inside the Electron window: the preload's `window.soundroll` already speaks the contract (it
 * unwraps the IPC reply and throws the plain message). IPC has no connection to lose, so it is always 'open'.
 */
import type { CommandName, CommandRequest, CommandResponse, EventName, StationApi, StationEvents } from '../../../shared/contract';
import { errorMessage, type StationClient } from './types';

/** Electron wraps errors thrown across invoke as "Error invoking remote method 'x': Error: sentence": keep the sentence. */
export function plainIpcMessage(message: string): string {
  return message.replace(/^Error invoking remote method '[^']*':\s*/, '').replace(/^(?:[A-Za-z]*Error:\s*)+/, '');
}

export function electronApi(bridge: StationApi): StationClient {
  return {
    async call<K extends CommandName>(name: K, request: CommandRequest<K>): Promise<CommandResponse<K>> {
      try {
        return await bridge.call(name, request);
      } catch (err) {
        throw new Error(plainIpcMessage(errorMessage(err)));
      }
    },
    on<E extends EventName>(name: E, listener: (payload: StationEvents[E]) => void): () => void {
      return bridge.on(name, listener);
    },
    connection: 'open',
    onConnection() {
      return () => {};
    },
    close() {},
  };
}
