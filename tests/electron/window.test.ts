/**
 * The station window's security settings (main/electron/window-options.ts), and static checks on main.ts that the
 * window is built from exactly those options and that the hardening hooks are in place.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WINDOW_BACKGROUND, windowOptions } from '../../main/electron/window-options';

const mainSource = readFileSync(join(__dirname, '..', '..', 'main', 'electron', 'main.ts'), 'utf8');

describe('windowOptions', () => {
  const options = windowOptions('/app/dist/main/electron/preload.js');
  const web = options.webPreferences!;

  it('isolates and sandboxes the renderer, without Node', () => {
    expect(web.contextIsolation).toBe(true);
    expect(web.sandbox).toBe(true);
    expect(web.nodeIntegration).toBe(false);
    expect(web.nodeIntegrationInWorker).toBe(false);
    expect(web.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keeps web security on and the risky features off', () => {
    expect(web.webSecurity).toBe(true);
    expect(web.allowRunningInsecureContent).toBe(false);
    expect(web.webviewTag).toBe(false);
    expect(web.experimentalFeatures).toBe(false);
    expect(web.navigateOnDragDrop).toBe(false);
    expect(web).not.toHaveProperty('enableBlinkFeatures');
    expect(web).not.toHaveProperty('partition');
  });

  it('loads the compiled preload, stays hidden until ready, paints dark', () => {
    expect(web.preload).toBe('/app/dist/main/electron/preload.js');
    expect(options.show).toBe(false);
    expect(options.backgroundColor).toBe(WINDOW_BACKGROUND);
    expect(WINDOW_BACKGROUND).toMatch(/^#[0-9a-f]{6}$/i);
  });

  it('gives DevTools only when asked (development) and applies the placed bounds', () => {
    expect(web.devTools).toBe(false);
    const dev = windowOptions('/p.js', { devTools: true, bounds: { x: 1, y: 2, width: 1000, height: 700 } });
    expect(dev.webPreferences!.devTools).toBe(true);
    expect(dev).toMatchObject({ x: 1, y: 2, width: 1000, height: 700 });
  });

  it('cannot be loosened by the bounds argument', () => {
    const sneaky = windowOptions('/p.js', { bounds: { webPreferences: { nodeIntegration: true } } as never });
    expect(sneaky.webPreferences!.nodeIntegration).toBe(false);
  });
});

describe('main.ts', () => {
  it('builds its one BrowserWindow from windowOptions and the compiled preload', () => {
    expect(mainSource.match(/new BrowserWindow\(/g)).toHaveLength(1);
    expect(mainSource).toMatch(/new BrowserWindow\(windowOptions\(PRELOAD,/);
    expect(mainSource).toMatch(/const PRELOAD = join\(__dirname, 'preload\.js'\)/);
    // No webPreferences of its own that could override the pure function's.
    expect(mainSource).not.toMatch(/webPreferences|nodeIntegration|contextIsolation|sandbox:/);
  });

  it('installs the hardening: single instance, privileged scheme, protocol, permissions, navigation, new windows, webview', () => {
    for (const needle of [
      'app.requestSingleInstanceLock()',
      "app.on('second-instance'",
      'protocol.registerSchemesAsPrivileged(',
      'standard: true, secure: true, supportFetchAPI: true',
      'protocol.handle(APP_SCHEME',
      'setPermissionRequestHandler(',
      'setPermissionCheckHandler(',
      "'will-navigate'",
      "'will-attach-webview'",
      'setWindowOpenHandler(',
      "return { action: 'deny' }",
      'app.enableSandbox()',
      "app.on('web-contents-created'",
      'loadURL(APP_ENTRY_URL)',
    ]) {
      expect({ needle, found: mainSource.includes(needle) }).toEqual({ needle, found: true });
    }
  });
});
