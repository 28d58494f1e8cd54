/**
 * Web permissions (camera, microphone, geolocation, notifications, MIDI, …): the station needs none, so every request
 * is refused. Chromium also asks a synchronous "check" before some APIs; those are refused too except writing text to
 * the clipboard from our own page (the UI's "copy path" buttons use navigator.clipboard.writeText).
 */
import { isAppUrl } from './origin';

export function permissionRequestAllowed(_permission: string): boolean {
  return false;
}

export function permissionCheckAllowed(permission: string, requestingOrigin: string): boolean {
  // Chromium passes the origin as a URL (`app://soundroll` or `app://soundroll/`): parse it, do not compare strings.
  return permission === 'clipboard-sanitized-write' && isAppUrl(requestingOrigin);
}
