/**
 * The Electron entry (main/electron/main.ts) run for real against a stand-in `electron` module (the binary cannot be
 * launched here): what it actually passes to `new BrowserWindow`, what its app:// handler answers, and how the hooks
 * it installs behave when a page tries to leave — navigation and new windows blocked, <webview> refused, links out
 * only through the allow-list — and who may call the station over IPC. window.test.ts checks the options function and
 * the source; this checks the wiring does what the source says.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IPC_CHANNELS } from '../../shared/contract';
import { CONTENT_SECURITY_POLICY } from '../../main/electron/csp';

type Handler = (...args: unknown[]) => unknown;

interface FakeFrame {
  url: string;
  parent: FakeFrame | null;
  processId: number;
  frameToken: string;
}

interface FakeElectron {
  handlers: Map<string, Handler[]>;
  windows: { options: Record<string, unknown>; loadURL: jest.Mock; webContents: { mainFrame: FakeFrame; getURL: jest.Mock; send: jest.Mock } }[];
  privileged: unknown[];
  protocolHandlers: Map<string, (request: Request) => Promise<Response>>;
  ipcHandlers: Map<string, Handler>;
  permissionRequest?: (contents: unknown, permission: string, callback: (ok: boolean) => void) => void;
  permissionCheck?: (contents: unknown, permission: string, origin: string) => boolean;
  app: { enableSandbox: jest.Mock };
  shell: { openExternal: jest.Mock };
}

const userData = mkdtempSync(join(tmpdir(), 'soundroll-electron-hardening-'));

jest.mock('electron', () => {
  const fake = {
    handlers: new Map<string, Handler[]>(),
    windows: [] as unknown[],
    privileged: [] as unknown[],
    protocolHandlers: new Map<string, Handler>(),
    ipcHandlers: new Map<string, Handler>(),
  } as unknown as FakeElectron & Record<string, unknown>;
  const mainFrame: FakeFrame = { url: 'app://soundroll/index.html', parent: null, processId: 4, frameToken: 'main-frame' };
  class BrowserWindow {
    options: Record<string, unknown>;
    loadURL = jest.fn(async () => undefined);
    webContents = { mainFrame, getURL: jest.fn(() => 'app://soundroll/index.html'), send: jest.fn(), isDestroyed: () => false };
    constructor(options: Record<string, unknown>) {
      this.options = options;
      (fake.windows as unknown[]).push(this);
    }
    once(): void {}
    on(): void {}
    isDestroyed(): boolean {
      return false;
    }
  }
  const display = { id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1080 } };
  const app = {
    name: 'soundroll',
    isPackaged: true,
    requestSingleInstanceLock: () => true,
    enableSandbox: jest.fn(),
    setAppUserModelId: jest.fn(),
    whenReady: () => Promise.resolve(),
    getPath: () => process.env.SOUNDROLL_TEST_USERDATA,
    on: (event: string, handler: Handler) => fake.handlers.set(event, [...(fake.handlers.get(event) ?? []), handler]),
    quit: jest.fn(),
    exit: jest.fn(),
    isReady: () => true,
  };
  Object.assign(fake, {
    app,
    BrowserWindow,
    dialog: { showErrorBox: jest.fn() },
    Menu: { setApplicationMenu: jest.fn(), buildFromTemplate: (t: unknown) => t },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => fake.privileged.push(...schemes),
      handle: (scheme: string, handler: (request: Request) => Promise<Response>) => fake.protocolHandlers.set(scheme, handler),
    },
    screen: { getPrimaryDisplay: () => display, getAllDisplays: () => [display] },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: FakeElectron['permissionRequest']) => (fake.permissionRequest = h),
        setPermissionCheckHandler: (h: FakeElectron['permissionCheck']) => (fake.permissionCheck = h),
      },
    },
    ipcMain: { handle: (channel: string, h: Handler) => fake.ipcHandlers.set(channel, h), removeHandler: jest.fn() },
    shell: { openExternal: jest.fn(async () => undefined) },
    Notification: Object.assign(jest.fn(), { isSupported: () => false }),
  });
  return fake;
});

// The core behind the window is not under test here: a station that records what reaches it.
const mockDispatch = jest.fn(async () => ({ ok: true }));
const mockStationListeners = new Map<string, (payload: unknown) => void>();
jest.mock('../../main/services', () => ({ createServices: () => ({ close: async () => undefined }) }));
jest.mock('../../main/drives', () => ({ watchDrives: () => ({ close: async () => undefined }) }));
jest.mock('../../main/station', () => ({
  createStation: () => ({
    dispatch: mockDispatch,
    on: (event: string, listener: (payload: unknown) => void) => {
      mockStationListeners.set(event, listener);
      return () => undefined;
    },
    close: async () => undefined,
  }),
}));

let electron: FakeElectron;
let warn: jest.SpyInstance;

beforeAll(async () => {
  process.env.SOUNDROLL_TEST_USERDATA = userData;
  warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  electron = jest.requireMock<FakeElectron>('electron');
  require('../../main/electron/main'); // after the mocks: main.ts runs its start-up against them
  await new Promise((resolve) => setImmediate(resolve)); // app.whenReady().then(…)
});
afterAll(() => {
  warn.mockRestore();
  rmSync(userData, { recursive: true, force: true });
});

describe('the window main.ts opens', () => {
  it('is one window, isolated and sandboxed, without Node in the page, its workers or its frames', () => {
    expect(electron.windows).toHaveLength(1);
    const web = electron.windows[0]!.options.webPreferences as Record<string, unknown>;
    expect(web).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: false, // a packaged app
    });
    expect(String(web.preload)).toMatch(/[\\/]preload\.js$/);
    expect(electron.app.enableSandbox).toHaveBeenCalled();
  });

  it('loads only the app:// entry, a privileged secure scheme', () => {
    expect(electron.windows[0]!.loadURL).toHaveBeenCalledWith('app://soundroll/index.html');
    expect(electron.privileged).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
  });

  it('serves every app:// response, a refusal included, with the CSP and nosniff', async () => {
    const handler = electron.protocolHandlers.get('app')!;
    for (const url of ['app://soundroll/index.html', 'app://soundroll/..%2f..%2fpackage.json', 'app://evil/index.html']) {
      const res = await handler(new Request(url));
      expect({ url, csp: res.headers.get('content-security-policy'), nosniff: res.headers.get('x-content-type-options') }).toEqual({
        url,
        csp: CONTENT_SECURITY_POLICY,
        nosniff: 'nosniff',
      });
    }
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
  });

  it('refuses every permission request, and every permission check but clipboard-write from the app', () => {
    const answers: boolean[] = [];
    for (const p of ['media', 'geolocation', 'notifications', 'openExternal']) electron.permissionRequest!({}, p, (ok) => answers.push(ok));
    expect(answers).toEqual([false, false, false, false]);
    expect(electron.permissionCheck!({}, 'media', 'app://soundroll')).toBe(false);
    expect(electron.permissionCheck!({}, 'clipboard-sanitized-write', 'https://evil.example')).toBe(false);
  });
});

describe('every webContents (the window, DevTools, anything created later)', () => {
  interface Contents {
    on(event: string, handler: Handler): void;
    setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void;
  }
  const listeners = new Map<string, Handler>();
  let openHandler: (details: { url: string }) => { action: string };

  beforeAll(() => {
    const created = electron.handlers.get('web-contents-created') ?? [];
    expect(created).toHaveLength(1);
    const contents: Contents = {
      on: (event, handler) => listeners.set(event, handler),
      setWindowOpenHandler: (handler) => (openHandler = handler),
    };
    created[0]!({}, contents);
  });
  beforeEach(() => electron.shell.openExternal.mockClear());

  const navigate = (url: string): boolean => {
    const event = { preventDefault: jest.fn() };
    listeners.get('will-navigate')!(event, url);
    return event.preventDefault.mock.calls.length > 0;
  };

  it('may navigate within the app only: any other URL is blocked in the window', () => {
    expect(navigate('app://soundroll/index.html#/takes')).toBe(false);
    for (const url of ['https://evil.example/', 'http://127.0.0.1:8080/', 'file:///etc/passwd', 'app://soundroll.evil.example/', 'app://evil/index.html', 'javascript:alert(1)', 'about:blank']) {
      expect({ url, blocked: navigate(url) }).toEqual({ url, blocked: true });
    }
  });

  it('a blocked https link goes to the system browser; file:, http:, javascript: and custom schemes go nowhere', () => {
    navigate('https://soundroll.example/help');
    navigate('file:///etc/passwd');
    navigate('http://example.com/');
    navigate('javascript:alert(1)');
    navigate('ms-msdt:/id PCWDiagnostic');
    expect(electron.shell.openExternal.mock.calls).toEqual([['https://soundroll.example/help']]);
  });

  it('opens no window, not even for an app URL; an allowed link is handed to the system browser instead', async () => {
    for (const url of ['https://soundroll.example/help', 'app://soundroll/index.html', 'file:///etc/passwd', 'javascript:alert(1)', '']) {
      expect({ url, answer: openHandler({ url }) }).toEqual({ url, answer: { action: 'deny' } });
    }
    await new Promise((resolve) => setImmediate(resolve));
    expect(electron.shell.openExternal.mock.calls).toEqual([['https://soundroll.example/help']]);
  });

  it('cannot attach a <webview>', () => {
    const event = { preventDefault: jest.fn() };
    listeners.get('will-attach-webview')!(event, {}, {});
    expect(event.preventDefault).toHaveBeenCalled();
  });
});

describe('IPC: only the main frame of the station window, on an app page, reaches the station', () => {
  const call = (senderFrame: unknown): Promise<unknown> => {
    const event = Object.defineProperty({}, 'senderFrame', typeof senderFrame === 'function' ? { get: senderFrame as () => unknown } : { value: senderFrame });
    return electron.ipcHandlers.get(IPC_CHANNELS.call)!(event, 'station.info', {}) as Promise<unknown>;
  };
  const refused = { ok: false, error: { code: 'unauthorized', message: 'This page may not use the station.' } };
  beforeEach(() => mockDispatch.mockClear());

  it('answers the window itself (the same frame, or another object for it)', async () => {
    const main = electron.windows[0]!.webContents.mainFrame;
    expect(await call(main)).toEqual({ ok: true, response: { ok: true } });
    expect(await call({ ...main })).toEqual({ ok: true, response: { ok: true } });
    expect(mockDispatch).toHaveBeenCalledTimes(2);
  });

  it('refuses a subframe, a foreign page, a file: page, another window, a frame that is gone, and never dispatches', async () => {
    const main = electron.windows[0]!.webContents.mainFrame;
    for (const [what, frame] of [
      ['subframe', { ...main, parent: main, frameToken: 'child' }],
      ['foreign page in the window', { ...main, url: 'https://evil.example/' }],
      ['file page', { ...main, url: 'file:///tmp/x.html' }],
      ['another window', { ...main, processId: 9, frameToken: 'other' }],
      ['gone', null],
      ['throws on access', () => {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed');
      }],
    ] as const) {
      expect({ what, reply: await call(frame) }).toEqual({ what, reply: refused });
    }
    expect(mockDispatch).not.toHaveBeenCalled();
  });

  it('pushes station events to the window only while it shows an app page', () => {
    const win = electron.windows[0]!;
    const listener = mockStationListeners.get('job.updated')!;
    listener({ id: 'j1' });
    expect(win.webContents.send).toHaveBeenLastCalledWith(IPC_CHANNELS.event, { event: 'job.updated', payload: { id: 'j1' } });
    win.webContents.send.mockClear();
    win.webContents.getURL.mockReturnValueOnce('https://evil.example/');
    listener({ id: 'j2' });
    expect(win.webContents.send).not.toHaveBeenCalled();
  });
});
