/**
 * The app:// protocol (main/electron/protocol.ts) and its CSP (main/electron/csp.ts): files only from the app
 * folder, with the CSP on every response; traversal in every spelling, other hosts, folders and symlinks are 404s.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../../main/electron/csp';
import { APP_ENTRY_URL, APP_ORIGIN, isAppUrl } from '../../main/electron/origin';
import { handleAppRequest, resolveAppPath } from '../../main/electron/protocol';
import { makeTempDir } from '../support/tmp';

describe('CONTENT_SECURITY_POLICY', () => {
  const directives = new Map(CONTENT_SECURITY_POLICY.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));

  it("allows scripts only from the app itself: script-src 'self', no eval, no inline script", () => {
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    expect(directives.get('script-src')).not.toContain("'unsafe-inline'");
    expect(directives.get('default-src')).toEqual(["'self'"]);
  });

  it('shuts plugins, base-URI tricks and framing out', () => {
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('is exactly the policy agreed for the station', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; media-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    );
  });
});

describe('isAppUrl', () => {
  it('matches our origin by parsed scheme and host (Node gives custom schemes the origin "null")', () => {
    expect(new URL(APP_ENTRY_URL).origin).toBe('null');
    expect(APP_ORIGIN).toBe('app://soundroll');
    expect(isAppUrl(APP_ENTRY_URL)).toBe(true);
    expect(isAppUrl('app://soundroll/')).toBe(true);
    for (const u of ['app://other/index.html', 'https://soundroll/index.html', 'file:///index.html', 'app://soundroll:1/x', 'app://a@soundroll/', '', null, 42]) {
      expect(isAppUrl(u)).toBe(false);
    }
  });
});

describe('app:// protocol handler', () => {
  let root: string;
  let outside: string;
  let cleanup: () => void;

  beforeAll(() => {
    const tmp = makeTempDir('app-protocol');
    cleanup = tmp.cleanup;
    root = join(tmp.dir, 'dist', 'app');
    outside = join(tmp.dir, 'secret.txt');
    mkdirSync(join(root, 'assets'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<!doctype html><script src="app.js"></script>');
    writeFileSync(join(root, 'app.js'), 'console.log(1)');
    writeFileSync(join(root, 'app.css'), 'body{}');
    writeFileSync(join(root, 'assets', 'logo.svg'), '<svg/>');
    writeFileSync(outside, 'do not serve');
    symlinkSync(outside, join(root, 'link.txt'));
  });
  afterAll(() => cleanup());

  const get = (url: string, method = 'GET'): Promise<Response> => handleAppRequest(root, new Request(url, { method }));

  it('serves index.html, app.js and app.css with their types, the CSP and nosniff', async () => {
    for (const [url, type] of [
      ['app://soundroll/index.html', 'text/html'],
      ['app://soundroll/', 'text/html'],
      ['app://soundroll/app.js', 'text/javascript'],
      ['app://soundroll/app.css', 'text/css'],
      ['app://soundroll/assets/logo.svg', 'image/svg+xml'],
      ['app://soundroll/app.js?v=3#x', 'text/javascript'],
    ] as const) {
      const r = await get(url);
      expect({ url, status: r.status }).toEqual({ url, status: 200 });
      expect(r.headers.get('content-type')).toContain(type);
      expect(r.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    }
    expect(await (await get('app://soundroll/index.html')).text()).toContain('<script src="app.js">');
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await get('app://soundroll/app.js', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const post = await get('app://soundroll/app.js', 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('never leaves the app folder, however the path is spelled', async () => {
    const attempts = [
      'app://soundroll/../secret.txt',
      'app://soundroll/%2e%2e/secret.txt',
      'app://soundroll/..%2fsecret.txt',
      'app://soundroll/..%2F..%2F..%2F..%2Fetc%2Fpasswd',
      'app://soundroll/assets/..%2f..%2fsecret.txt',
      'app://soundroll/..%5csecret.txt',
      `app://soundroll/${encodeURIComponent(outside)}`,
      'app://soundroll/index.html%00.png',
      'app://soundroll/%E0%A4%A', // malformed percent-encoding
    ];
    for (const url of attempts) {
      const r = await get(url);
      expect({ url, status: r.status }).toEqual({ url, status: 404 });
      expect(await r.text()).not.toContain('do not serve');
    }
  });

  it('serves nothing for other hosts, folders, missing files or symlinks', async () => {
    for (const url of ['app://other/index.html', 'app://soundroll/assets', 'app://soundroll/assets/', 'app://soundroll/missing.js', 'app://soundroll/link.txt']) {
      const r = await get(url);
      expect({ url, status: r.status }).toEqual({ url, status: 404 });
    }
  });

  it('resolveAppPath maps URLs into the folder and refuses the rest', () => {
    expect(resolveAppPath(root, 'app://soundroll/index.html')).toBe(join(root, 'index.html'));
    expect(resolveAppPath(root, 'app://soundroll/a%20b.js')).toBe(join(root, 'a b.js'));
    expect(resolveAppPath(root, 'app://soundroll/..%2f')).toBeNull();
    expect(resolveAppPath(root, 'https://soundroll/index.html')).toBeNull();
    expect(resolveAppPath(root, 'not a url')).toBeNull();
  });
});
