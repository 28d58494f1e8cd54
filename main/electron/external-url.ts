/**
 * Which links may leave the app for the system's browser or mail client (open-external.ts). shell.openExternal hands a
 * URL to the operating system, which will happily run `file:`, `smb:` or a custom handler: only `https:` (with a host
 * and no embedded credentials) and `mailto:` go through.
 */
import { parseUrl } from './origin';

export function externalUrlAllowed(url: unknown): boolean {
  if (typeof url !== 'string' || url.length > 2048) return false;
  const u = parseUrl(url);
  if (!u) return false;
  if (u.protocol === 'mailto:') return u.pathname.length > 0;
  return u.protocol === 'https:' && u.hostname.length > 0 && u.username === '' && u.password === '';
}
