/**
 * The one place the app calls shell.openExternal. Everything else (the window-open handler, blocked navigations) goes
 * through `safeOpenExternal`, which refuses any URL external-url.ts does not allow.
 */
import { shell } from 'electron';
import { externalUrlAllowed } from './external-url';

/** Opens an allowed link outside the app; returns whether it was handed to the system. */
export function safeOpenExternal(url: string): boolean {
  if (!externalUrlAllowed(url)) return false;
  shell.openExternal(url).catch((err: unknown) => {
    console.warn(`soundroll: could not open ${url}: ${err instanceof Error ? err.message : String(err)}`);
  });
  return true;
}
