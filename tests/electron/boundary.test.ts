/**
 * The small rules at the edges: IPC replies never throw (reply.ts), which links may leave the app (external-url.ts),
 * which permissions a page gets (permissions.ts), and the layering inside main/electron (which files may touch
 * electron at runtime; shell.openExternal only behind safeOpenExternal).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { StationError } from '../../shared/contract';
import { externalUrlAllowed } from '../../main/electron/external-url';
import { permissionCheckAllowed, permissionRequestAllowed } from '../../main/electron/permissions';
import { replyFor } from '../../main/electron/reply';

const electronDir = join(__dirname, '..', '..', 'main', 'electron');
const mainDir = join(__dirname, '..', '..', 'main');

describe('replyFor', () => {
  it('wraps a response', async () => {
    await expect(replyFor(async () => [1, 2], 'jobs.list', {})).resolves.toEqual({ ok: true, response: [1, 2] });
  });

  it("turns a StationError into its code and message, anything else into 'failed', and never throws", async () => {
    await expect(
      replyFor(
        async () => {
          throw new StationError('invalid-request', 'offload.start: destinations: at least 1 item');
        },
        'offload.start',
        {},
      ),
    ).resolves.toEqual({ ok: false, error: { code: 'invalid-request', message: 'offload.start: destinations: at least 1 item' } });
    await expect(
      replyFor(
        async () => {
          throw new TypeError('x is undefined');
        },
        'jobs.list',
        {},
      ),
    ).resolves.toEqual({ ok: false, error: { code: 'failed', message: 'x is undefined' } });
    await expect(
      replyFor(
        () => {
          throw 'a string';
        },
        'jobs.list',
        {},
      ),
    ).resolves.toEqual({ ok: false, error: { code: 'failed', message: 'a string' } });
  });

  it('passes name and request through to dispatch unchanged', async () => {
    const dispatch = jest.fn(async () => null);
    await replyFor(dispatch, 'jobs.get', { jobId: 'x' });
    expect(dispatch).toHaveBeenCalledWith('jobs.get', { jobId: 'x' });
  });
});

describe('externalUrlAllowed', () => {
  it('lets https and mailto links out', () => {
    expect(externalUrlAllowed('https://soundroll.example/help')).toBe(true);
    expect(externalUrlAllowed('mailto:support@soundroll.invalid')).toBe(true);
  });

  it('keeps everything else in: http, file, smb, javascript, custom handlers, credentials, garbage', () => {
    for (const url of [
      'http://example.com',
      'file:///etc/passwd',
      'smb://server/share',
      'javascript:alert(1)',
      'ms-msdt:/id PCWDiagnostic',
      'app://soundroll/index.html',
      'https://user:pass@example.com/',
      'https://',
      'not a url',
      '',
      `https://example.com/${'a'.repeat(3000)}`,
      undefined,
    ]) {
      expect({ url, allowed: externalUrlAllowed(url) }).toEqual({ url, allowed: false });
    }
  });
});

describe('permissions', () => {
  it('refuses every permission request', () => {
    for (const p of ['media', 'geolocation', 'notifications', 'midiSysex', 'clipboard-read', 'clipboard-sanitized-write', 'fullscreen', 'openExternal', 'unknown']) {
      expect(permissionRequestAllowed(p)).toBe(false);
    }
  });

  it('passes only the clipboard-write check, and only for our own origin', () => {
    expect(permissionCheckAllowed('clipboard-sanitized-write', 'app://soundroll')).toBe(true);
    expect(permissionCheckAllowed('clipboard-sanitized-write', 'app://soundroll/')).toBe(true);
    expect(permissionCheckAllowed('clipboard-sanitized-write', 'https://evil.example')).toBe(false);
    expect(permissionCheckAllowed('clipboard-read', 'app://soundroll')).toBe(false);
    expect(permissionCheckAllowed('media', 'app://soundroll')).toBe(false);
  });
});

describe('main/electron layering', () => {
  const files = readdirSync(electronDir).filter((f) => f.endsWith('.ts'));
  const runtimeElectron = (src: string): boolean => /^import\s+(?!type\b)[^;]*from\s+'electron'/m.test(src);

  it('imports electron at runtime only in the thin adapter files; every other module runs in plain Node', () => {
    const importing = files.filter((f) => runtimeElectron(readFileSync(join(electronDir, f), 'utf8'))).sort();
    expect(importing).toEqual(['ipc.ts', 'main.ts', 'notify.ts', 'open-external.ts', 'preload.ts']);
  });

  it('calls shell.openExternal only inside safeOpenExternal', () => {
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name.endsWith('.ts') && /\bopenExternal\s*\(/.test(readFileSync(p, 'utf8')) && !p.endsWith(join('electron', 'open-external.ts'))) offenders.push(p);
      }
    };
    walk(mainDir);
    expect(offenders).toEqual([]);
  });
});
