/**
 * The desktop station's entry (package.json "main": dist/main/electron/main.js). Wiring only: one instance, the
 * `app://` protocol over the built renderer, one hardened window, the menu, the station (services + drive watcher)
 * behind the IPC bridge, notifications, and an orderly shutdown. What can be decided without Electron lives in the
 * pure modules beside it (origin, csp, protocol, sender, reply, window-state, window-options, menu, notify-text,
 * permissions, external-url), each unit-tested in tests/electron.
 */
import { join } from 'node:path';
import { app, BrowserWindow, dialog, Menu, protocol, screen, session, type WebContents } from 'electron';
import { watchDrives, type DriveWatcher } from '../drives';
import { createServices, type Services } from '../services';
import { createStation, type Station } from '../station';
import { registerStationIpc } from './ipc';
import { menuTemplate } from './menu';
import { notifyFinishedJobs } from './notify';
import { safeOpenExternal } from './open-external';
import { APP_ENTRY_URL, APP_SCHEME, isAppUrl } from './origin';
import { permissionCheckAllowed, permissionRequestAllowed } from './permissions';
import { handleAppRequest } from './protocol';
import { windowOptions } from './window-options';
import { placeWindow, readWindowState, writeWindowState, type Rect } from './window-state';

/** dist/main/electron → dist/app: the built renderer, the same folder `soundroll serve` serves. */
const APP_ROOT = join(__dirname, '..', '..', 'app');
const PRELOAD = join(__dirname, 'preload.js');
/** How long quitting waits for running jobs to stop at a safe point before it gives up and quits anyway. */
const SHUTDOWN_TIMEOUT_MS = 15_000;

let mainWindow: BrowserWindow | null = null;
const getWindow = (): BrowserWindow | null => (mainWindow && !mainWindow.isDestroyed() ? mainWindow : null);

if (!app.requestSingleInstanceLock()) {
  // Another station is running: it gets our 'second-instance' and comes forward; this one leaves at once.
  app.quit();
} else {
  start();
}

function start(): void {
  // Before 'ready': the scheme must be standard + secure for the origin, storage and fetch to behave like https.
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
  app.enableSandbox();
  if (process.platform === 'win32') app.setAppUserModelId('tv.soundroll.station');

  app.on('second-instance', () => focusWindow());
  app.on('web-contents-created', (_event, contents) => hardenContents(contents));

  let core: { services: Services; drives: DriveWatcher; station: Station; detach: () => void } | null = null;

  app
    .whenReady()
    .then(() => {
      protocol.handle(APP_SCHEME, (request) => handleAppRequest(APP_ROOT, request));
      session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) => callback(permissionRequestAllowed(permission)));
      session.defaultSession.setPermissionCheckHandler((_contents, permission, requestingOrigin) => permissionCheckAllowed(permission, requestingOrigin));

      let services: Services;
      try {
        services = createServices();
      } catch (err) {
        dialog.showErrorBox('soundroll cannot open its catalog', err instanceof Error ? err.message : String(err));
        app.exit(1);
        return;
      }
      const drives = watchDrives();
      const station = createStation({ services, host: 'electron', drives });
      const stopIpc = registerStationIpc(station, getWindow);
      const stopNotify = notifyFinishedJobs(station, getWindow);
      core = { services, drives, station, detach: () => (stopIpc(), stopNotify()) };

      Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(process.platform, app.isPackaged, { showShortcuts }, app.name)));
      createWindow();
      app.on('activate', () => {
        if (!getWindow()) createWindow();
      });
    })
    .catch((err: unknown) => {
      dialog.showErrorBox('soundroll could not start', err instanceof Error ? err.message : String(err));
      app.exit(1);
    });

  app.on('window-all-closed', () => {
    // macOS keeps the app (and any running offload) alive with no window, as Mac apps do.
    if (process.platform !== 'darwin') app.quit();
  });

  // Quitting waits for the station: running jobs stop at a safe point, the drive watcher stops, the catalog closes.
  let shutdown: 'no' | 'running' | 'done' = 'no';
  app.on('before-quit', (event) => {
    if (shutdown === 'done' || !core) return;
    event.preventDefault();
    if (shutdown === 'running') return;
    shutdown = 'running';
    const { services, drives, station, detach } = core;
    const closing = (async () => {
      detach();
      await station.close();
      await drives.close();
      await services.close();
    })();
    void withTimeout(closing, SHUTDOWN_TIMEOUT_MS)
      .catch((err: unknown) => console.error(`soundroll: shutdown: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => {
        shutdown = 'done';
        app.quit();
      });
  });
}

function createWindow(): void {
  const stateFile = join(app.getPath('userData'), 'window-state.json');
  const workAreas: Rect[] = [screen.getPrimaryDisplay(), ...screen.getAllDisplays().filter((d) => d.id !== screen.getPrimaryDisplay().id)].map(
    (d) => d.workArea,
  );
  const placed = placeWindow(readWindowState(stateFile), workAreas);
  const win = new BrowserWindow(windowOptions(PRELOAD, { bounds: placed.bounds, devTools: !app.isPackaged }));
  mainWindow = win;

  win.once('ready-to-show', () => {
    if (placed.maximized) win.maximize();
    win.show();
  });
  win.on('close', () => {
    try {
      writeWindowState(stateFile, { bounds: win.getNormalBounds(), maximized: win.isMaximized() });
    } catch (err) {
      console.warn(`soundroll: could not save the window state: ${err instanceof Error ? err.message : String(err)}`);
    }
  });
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });

  void win.loadURL(APP_ENTRY_URL).catch((err: unknown) => {
    console.error(`soundroll: could not load ${APP_ENTRY_URL} (is dist/app built?): ${err instanceof Error ? err.message : String(err)}`);
  });
}

/** Every webContents (the window, DevTools, anything else): no navigation away, no new windows, no <webview>. */
function hardenContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    // A plain link the user clicked: the system browser may have it, if it is one safeOpenExternal allows.
    safeOpenExternal(url);
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    setImmediate(() => safeOpenExternal(url));
    return { action: 'deny' };
  });
}

function focusWindow(): void {
  const win = getWindow();
  if (!win) {
    if (app.isReady()) createWindow();
    return;
  }
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}

/** Help ▸ Keyboard Shortcuts: the same '?' key press the UI answers with its shortcut list. */
function showShortcuts(): void {
  const win = getWindow();
  if (!win) return;
  win.webContents.sendInputEvent({ type: 'keyDown', keyCode: '?' });
  win.webContents.sendInputEvent({ type: 'keyUp', keyCode: '?' });
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gave up waiting after ${ms / 1000} s`)), ms);
    promise.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e: unknown) => (clearTimeout(timer), reject(e)),
    );
  });
}
