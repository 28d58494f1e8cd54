/**
 * A system notification when an offload (or a verify) ends, so the DIT hears about it with the window buried:
 * "Card A001 is safe to format" / "Card A001 is NOT safe to format". Clicking it brings the window forward. The text
 * comes from notify-text.ts.
 */
import { Notification, type BrowserWindow } from 'electron';
import type { Station } from '../station';
import { notificationFor } from './notify-text';

/** Subscribes to the station's `job.finished`; returns the unsubscribe. */
export function notifyFinishedJobs(station: Station, getWindow: () => BrowserWindow | null): () => void {
  // Held until dismissed or clicked: a notification object that is garbage-collected loses its click handler.
  const shown = new Set<Notification>();
  return station.on('job.finished', (job) => {
    const text = notificationFor(job);
    if (!text || !Notification.isSupported()) return;
    const n = new Notification({ title: text.title, body: text.body });
    shown.add(n);
    const forget = (): void => void shown.delete(n);
    n.on('click', () => {
      forget();
      const win = getWindow();
      if (!win || win.isDestroyed()) return;
      if (win.isMinimized()) win.restore();
      win.show();
      win.focus();
    });
    n.on('close', forget);
    n.on('failed', forget);
    n.show();
  });
}
