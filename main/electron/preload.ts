/**
 * The preload of the station window: exposes exactly one object, `window.soundroll`, shaped like the contract's
 * StationApi (`call`, `on`), and nothing else: never ipcRenderer itself, no other globals.
 *
 * The window is sandboxed, so this script's `require` knows only 'electron' (and a few polyfills) and cannot load
 * other files: it imports nothing at runtime but electron. Everything from shared/ is a type-only import (shared/
 * contract pulls zod at runtime), and the two channel names are restated here, checked against IPC_CHANNELS by the
 * compiler (`satisfies`) and by tests/electron. tests/electron also checks the compiled preload requires only electron.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { CallReply, EventEnvelope, EventName, IPC_CHANNELS, StationApi } from '../../shared/contract';

const CHANNELS = { call: 'station:call', event: 'station:event' } as const satisfies typeof IPC_CHANNELS;

type Listener = (payload: unknown) => void;
const listeners = new Map<string, Set<Listener>>();
let subscribed = false;

/** One ipcRenderer listener for all events (not one per `on`), fanned out by event name. */
function onEnvelope(_event: IpcRendererEvent, envelope: EventEnvelope): void {
  if (typeof envelope !== 'object' || envelope === null || typeof envelope.event !== 'string') return;
  for (const listener of [...(listeners.get(envelope.event) ?? [])]) {
    try {
      listener(envelope.payload);
    } catch (err) {
      console.error(err);
    }
  }
}

async function call(name: string, request: unknown): Promise<unknown> {
  const reply = (await ipcRenderer.invoke(CHANNELS.call, name, request)) as CallReply | undefined;
  if (reply && reply.ok === true) return reply.response;
  const message = reply && reply.ok === false && typeof reply.error?.message === 'string' ? reply.error.message : 'The station did not answer.';
  throw new Error(message);
}

function on(name: EventName, listener: Listener): () => void {
  if (typeof listener !== 'function') throw new TypeError('soundroll.on needs a listener function');
  let set = listeners.get(name);
  if (!set) listeners.set(name, (set = new Set()));
  set.add(listener);
  if (!subscribed) {
    ipcRenderer.on(CHANNELS.event, onEnvelope);
    subscribed = true;
  }
  return () => {
    set.delete(listener);
  };
}

/**
 * The path of a folder dropped on the window (Electron 32+ no longer puts it on File.path). Only a path the user
 * dropped is revealed, and the core still validates whatever the renderer then sends.
 */
function pathForFile(file: File): string {
  return webUtils.getPathForFile(file);
}

const api = { call, on, pathForFile } as StationApi & { pathForFile: typeof pathForFile };
contextBridge.exposeInMainWorld('soundroll', api);
