/**
 * Turns one station call into the reply that crosses IPC: `{ ok: true, response }` or `{ ok: false, error }` with a
 * code and a plain sentence. Nothing is ever thrown across the bridge: Electron would log the main process's stack
 * trace and hand the renderer a message wrapped in "Error invoking remote method …".
 */
import { StationError, type CallReply } from '../../shared/contract';

export type Dispatch = (name: unknown, request: unknown) => Promise<unknown>;

export async function replyFor(dispatch: Dispatch, name: unknown, request: unknown): Promise<CallReply> {
  try {
    return { ok: true, response: await dispatch(name, request) };
  } catch (err) {
    if (err instanceof StationError) return { ok: false, error: err.toBody() };
    return { ok: false, error: { code: 'failed', message: err instanceof Error ? err.message : String(err) } };
  }
}
