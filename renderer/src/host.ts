/**
 * Where the renderer runs: inside the Electron window (the preload exposes the station API on `window.soundroll`) or
 * in a browser tab served by `soundroll serve` (the API comes over HTTP + WebSocket with the token from the URL).
 * The rest of the UI never asks; it receives one StationApi either way.
 */
export type Host = { kind: 'electron' } | { kind: 'browser'; token: string | null };

export function detectHost(win: Pick<Window, 'location'> & { soundroll?: unknown }): Host {
  if (win.soundroll !== undefined) return { kind: 'electron' };
  return { kind: 'browser', token: new URLSearchParams(win.location.search).get('token') };
}
