/** One StationClient for the whole UI, whichever host the page runs in (host.ts decides). */
import type { StationApi } from '../../../shared/contract';
import { detectHost } from '../host';
import { browserApi } from './browser';
import { electronApi } from './preload-bridge';
import type { StationClient } from './types';

export { browserApi } from './browser';
export { electronApi } from './preload-bridge';
export { errorMessage, type ConnectionState, type StationClient } from './types';

export function connect(win: Window & { soundroll?: unknown } = window): StationClient {
  const host = detectHost(win);
  if (host.kind === 'electron') return electronApi(win.soundroll as StationApi);
  return browserApi(host.token, win.location);
}
