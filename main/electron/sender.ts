/**
 * Who may call the station over IPC: only the main frame of our own window, showing one of our `app://soundroll`
 * pages. Every `ipcMain.handle` call checks `event.senderFrame` with `checkSender` (ipc.ts) before anything runs:
 * an iframe, a page the window was somehow navigated to, a `file://` page or a frame that is already gone gets an
 * `unauthorized` reply instead. Structural types, no electron import, so it is unit-tested in plain Node.
 */
import { isAppUrl } from './origin';

/** The parts of Electron's WebFrameMain the check reads. */
export interface FrameLike {
  readonly url: string;
  readonly parent: FrameLike | null;
  /** Chromium's internal id of the renderer process owning the frame. */
  readonly processId: number;
  /** Unique id of the frame within its renderer process. */
  readonly frameToken: string;
  /** A frame accessed while its page unloads may already be detached from the tree. */
  readonly detached?: boolean;
}

export type SenderVerdict = { ok: true } | { ok: false; reason: string };

/**
 * `frame`: the IPC event's senderFrame (null once the frame navigated or was destroyed). `mainFrame`: our window's
 * `webContents.mainFrame`, or null when there is no window.
 */
export function checkSender(frame: FrameLike | null | undefined, mainFrame: FrameLike | null | undefined): SenderVerdict {
  if (!frame) return { ok: false, reason: 'the sending frame is gone' };
  if (frame.detached) return { ok: false, reason: 'the sending frame is detached' };
  if (frame.parent !== null) return { ok: false, reason: 'sent from a subframe' };
  if (!isAppUrl(frame.url)) return { ok: false, reason: `sent from a page outside the app (${describeUrl(frame.url)})` };
  if (!mainFrame) return { ok: false, reason: 'there is no station window' };
  const same = frame === mainFrame || (frame.processId === mainFrame.processId && frame.frameToken === mainFrame.frameToken);
  if (!same) return { ok: false, reason: 'sent from a frame that is not the station window' };
  return { ok: true };
}

/** Scheme and host only: enough to tell what sent it without logging a whole URL. */
function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return u.host ? `${u.protocol}//${u.host}` : u.protocol;
  } catch {
    return url === '' ? 'no URL' : 'not a URL';
  }
}
