/**
 * The compiled preload (dist/main/electron/preload.js, built by `tsc -b` before jest, as in `npm test`): a sandboxed
 * preload can require only 'electron', so it must require nothing else; and run the way Electron's sandbox runs it
 * (a function of require/process/exports/module, where require knows only 'electron'), it exposes exactly one
 * StationApi-shaped object, unwraps replies, and fans events out by name.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IPC_CHANNELS, type StationApi } from '../../shared/contract';

const compiled = join(__dirname, '..', '..', 'dist', 'main', 'electron', 'preload.js');
const source = readFileSync(compiled, 'utf8');

interface Harness {
  exposed: Map<string, unknown>;
  api: StationApi;
  invoke: jest.Mock;
  emit(channel: string, envelope: unknown): void;
  onCalls: string[];
  ipcRenderer: unknown;
}

function runPreload(): Harness {
  const exposed = new Map<string, unknown>();
  const handlers = new Map<string, ((event: unknown, ...args: unknown[]) => void)[]>();
  const onCalls: string[] = [];
  const invoke = jest.fn();
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) },
    ipcRenderer: {
      invoke,
      on: (channel: string, handler: (event: unknown, ...args: unknown[]) => void) => {
        onCalls.push(channel);
        handlers.set(channel, [...(handlers.get(channel) ?? []), handler]);
      },
    },
  };
  const sandboxRequire = (name: string): unknown => {
    if (name === 'electron') return electron;
    throw new Error(`module not found: ${name}`);
  };
  const exports = {};
  new Function('require', 'process', 'exports', 'module', source)(sandboxRequire, {}, exports, { exports });
  return {
    exposed,
    api: exposed.get('soundroll') as StationApi,
    invoke,
    onCalls,
    ipcRenderer: electron.ipcRenderer,
    emit: (channel, envelope) => (handlers.get(channel) ?? []).forEach((h) => h({}, envelope)),
  };
}

describe('compiled preload', () => {
  it("requires only 'electron'", () => {
    const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    const requires = [...code.matchAll(/\brequire\s*\(\s*([^)]*)\)/g)].map((m) => m[1]!.trim());
    expect(requires).toEqual(['"electron"']);
    expect(code).not.toMatch(/\bimport\s*\(/);
  });

  it('exposes exactly one global, soundroll, with only call, on and pathForFile (never ipcRenderer)', () => {
    const h = runPreload();
    expect([...h.exposed.keys()]).toEqual(['soundroll']);
    expect(Object.keys(h.api).sort()).toEqual(['call', 'on', 'pathForFile']);
    expect(typeof h.api.call).toBe('function');
    expect(Object.values(h.api)).not.toContain(h.ipcRenderer);
  });

  it("uses the contract's channel names", async () => {
    const h = runPreload();
    h.invoke.mockResolvedValue({ ok: true, response: [] });
    await h.api.call('jobs.list', {});
    expect(h.invoke).toHaveBeenCalledWith(IPC_CHANNELS.call, 'jobs.list', {});
    h.api.on('job.updated', () => undefined);
    expect(h.onCalls).toEqual([IPC_CHANNELS.event]);
  });

  it('call resolves with the response, or rejects with the plain message of the error', async () => {
    const h = runPreload();
    h.invoke.mockResolvedValueOnce({ ok: true, response: { tool: 'soundroll' } });
    await expect(h.api.call('station.info', {})).resolves.toEqual({ tool: 'soundroll' });
    h.invoke.mockResolvedValueOnce({ ok: false, error: { code: 'invalid-request', message: 'offload.start: destinations: at least 1 item' } });
    await expect(h.api.call('jobs.list', {})).rejects.toThrow(new Error('offload.start: destinations: at least 1 item'));
    h.invoke.mockResolvedValueOnce(undefined);
    await expect(h.api.call('jobs.list', {})).rejects.toThrow('The station did not answer.');
  });

  it('on delivers only its own event, to every listener, until unsubscribed; one IPC listener in all', () => {
    const h = runPreload();
    const a = jest.fn();
    const b = jest.fn();
    const other = jest.fn();
    const offA = h.api.on('job.updated', a);
    h.api.on('job.updated', b);
    h.api.on('drives.changed', other);
    expect(h.onCalls).toHaveLength(1);
    h.emit(IPC_CHANNELS.event, { event: 'job.updated', payload: { id: 'j1' } });
    expect(a).toHaveBeenCalledWith({ id: 'j1' });
    expect(b).toHaveBeenCalledTimes(1);
    expect(other).not.toHaveBeenCalled();
    offA();
    h.emit(IPC_CHANNELS.event, { event: 'job.updated', payload: { id: 'j2' } });
    expect(a).toHaveBeenCalledTimes(1);
    expect(b).toHaveBeenCalledTimes(2);
    h.emit(IPC_CHANNELS.event, null);
    h.emit(IPC_CHANNELS.event, { nope: true });
    expect(b).toHaveBeenCalledTimes(2);
  });

  it('a listener that throws does not stop the others', () => {
    const h = runPreload();
    const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const after = jest.fn();
    h.api.on('catalog.changed', () => {
      throw new Error('boom');
    });
    h.api.on('catalog.changed', after);
    h.emit(IPC_CHANNELS.event, { event: 'catalog.changed', payload: { scope: 'rolls' } });
    expect(after).toHaveBeenCalledWith({ scope: 'rolls' });
    spy.mockRestore();
  });
});
