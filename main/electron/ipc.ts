/**
 * The station over IPC: one invoke channel for every command, one push channel for every event. Each call is checked
 * first (sender.ts: the main frame of our window, on an app:// page), then validated and run by the station's own
 * `dispatch` (zod on every payload), and answered as `{ ok, response } | { ok: false, error }` (reply.ts): nothing
 * is thrown across the bridge. No business logic lives here.
 */
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent, type WebFrameMain } from 'electron';
import { EVENT_NAMES, IPC_CHANNELS, type CallReply, type EventEnvelope } from '../../shared/contract';
import type { Station } from '../station';
import { isAppUrl } from './origin';
import { replyFor } from './reply';
import { checkSender } from './sender';

/** Registers the handler and the event forwarding; returns what undoes both. */
export function registerStationIpc(station: Station, getWindow: () => BrowserWindow | null): () => void {
  ipcMain.handle(IPC_CHANNELS.call, async (event: IpcMainInvokeEvent, name: unknown, request: unknown): Promise<CallReply> => {
    const win = getWindow();
    const mainFrame = win && !win.isDestroyed() ? win.webContents.mainFrame : null;
    const verdict = checkSender(senderFrameOf(event), mainFrame);
    if (!verdict.ok) {
      console.warn(`soundroll: refused an IPC call: ${verdict.reason}`);
      return { ok: false, error: { code: 'unauthorized', message: 'This page may not use the station.' } };
    }
    return replyFor((n, r) => station.dispatch(n, r), name, request);
  });

  const unsubscribers = EVENT_NAMES.map((name) =>
    station.on(name, (payload) => {
      const win = getWindow();
      if (!win || win.isDestroyed() || win.webContents.isDestroyed()) return;
      // Only ever to our own page: a window that somehow left the app origin hears nothing.
      if (!isAppUrl(win.webContents.getURL())) return;
      const envelope: EventEnvelope = { event: name, payload };
      win.webContents.send(IPC_CHANNELS.event, envelope);
    }),
  );

  return () => {
    ipcMain.removeHandler(IPC_CHANNELS.call);
    for (const u of unsubscribers) u();
  };
}

/** `senderFrame` is null once the frame navigated or was destroyed; older Electrons threw on access instead. */
function senderFrameOf(event: IpcMainInvokeEvent): WebFrameMain | null {
  try {
    return event.senderFrame;
  } catch {
    return null;
  }
}
