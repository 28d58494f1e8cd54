/**
 * The station window's options, in one pure function so a test can prove the security settings without launching
 * Electron (main.ts passes exactly this to `new BrowserWindow`). Type-only import: nothing of electron at runtime.
 */
import type { BrowserWindowConstructorOptions } from 'electron';
import { MIN_SIZE, type Rect } from './window-state';

/** Dark, like the UI, so the window does not flash white before the first paint. */
export const WINDOW_BACKGROUND = '#111316';

export interface WindowOptionsExtras {
  bounds?: Partial<Rect>;
  /** DevTools only in development (`!app.isPackaged`). */
  devTools?: boolean;
}

export function windowOptions(preloadPath: string, extras: WindowOptionsExtras = {}): BrowserWindowConstructorOptions {
  return {
    ...extras.bounds,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    title: 'soundroll',
    backgroundColor: WINDOW_BACKGROUND,
    // Shown on 'ready-to-show', once the first frame is painted.
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: extras.devTools ?? false,
    },
  };
}
