/**
 * IPC sender validation (main/electron/sender.ts): only the main frame of our window, on an app://soundroll page,
 * may call the station. A subframe, a foreign origin, a file:// page, a missing or detached frame and a frame of
 * another window are refused.
 */
import { checkSender, type FrameLike } from '../../main/electron/sender';

function frame(url: string, over: Partial<FrameLike> = {}): FrameLike {
  return { url, parent: null, processId: 7, frameToken: 'main-token', ...over };
}

describe('checkSender', () => {
  const main = frame('app://soundroll/index.html');

  it('accepts the main frame of our window on an app page', () => {
    expect(checkSender(main, main)).toEqual({ ok: true });
  });

  it('accepts a distinct WebFrameMain object for the same frame (same process and frame token)', () => {
    expect(checkSender(frame('app://soundroll/index.html#/takes'), main)).toEqual({ ok: true });
  });

  it('refuses a missing frame (navigated away or destroyed)', () => {
    expect(checkSender(null, main)).toMatchObject({ ok: false, reason: expect.stringContaining('gone') });
    expect(checkSender(undefined, main).ok).toBe(false);
  });

  it('refuses a detached frame', () => {
    expect(checkSender(frame('app://soundroll/index.html', { detached: true }), main).ok).toBe(false);
  });

  it('refuses a subframe, even one on an app page', () => {
    const sub = frame('app://soundroll/index.html', { parent: main, frameToken: 'sub-token' });
    expect(checkSender(sub, main)).toMatchObject({ ok: false, reason: expect.stringContaining('subframe') });
  });

  it('refuses a foreign origin', () => {
    for (const url of ['https://evil.example/index.html', 'app://evil/index.html', 'app://soundroll.evil.example/x', 'http://soundroll/index.html']) {
      expect(checkSender(frame(url), main)).toMatchObject({ ok: false, reason: expect.stringContaining('outside the app') });
    }
  });

  it('refuses lookalikes: credentials, a port', () => {
    expect(checkSender(frame('app://user@soundroll/index.html'), main).ok).toBe(false);
    expect(checkSender(frame('app://soundroll:8080/index.html'), main).ok).toBe(false);
  });

  it('refuses a file:// page', () => {
    expect(checkSender(frame('file:///home/me/dist/app/index.html'), main)).toMatchObject({ ok: false, reason: expect.stringContaining('file:') });
  });

  it('refuses about:blank, an empty URL and garbage', () => {
    for (const url of ['about:blank', '', 'not a url']) expect(checkSender(frame(url), main).ok).toBe(false);
  });

  it('refuses the main frame of another window (or when there is no window)', () => {
    const other = frame('app://soundroll/index.html', { processId: 9, frameToken: 'other-token' });
    expect(checkSender(other, main)).toMatchObject({ ok: false, reason: expect.stringContaining('not the station window') });
    expect(checkSender(frame('app://soundroll/index.html', { frameToken: 'other-token' }), main).ok).toBe(false);
    expect(checkSender(main, null)).toMatchObject({ ok: false, reason: expect.stringContaining('no station window') });
  });
});
