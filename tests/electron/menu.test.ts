/**
 * The native menu's template (main/electron/menu.ts), per platform and build, without Electron: the roles each
 * menu holds, developer items only in development, and the Help item wired to its action.
 */
import type { MenuItemConstructorOptions } from 'electron';
import { menuTemplate } from '../../main/electron/menu';

const noop = { showShortcuts: () => undefined };

function roles(items: MenuItemConstructorOptions[] | undefined): string[] {
  return (items ?? []).map((i) => i.role ?? i.type ?? i.label ?? '?');
}

function submenu(template: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions[] {
  const top = template.find((m) => m.label === label);
  if (!top) throw new Error(`no ${label} menu`);
  return top.submenu as MenuItemConstructorOptions[];
}

describe('menuTemplate', () => {
  it('on macOS: the app menu first (about, services, hide, quit), File closes the window', () => {
    const t = menuTemplate('darwin', true, noop, 'soundroll');
    expect(t.map((m) => m.label)).toEqual(['soundroll', 'File', 'Edit', 'View', 'Window', 'Help']);
    expect(t[0]!.role).toBe('appMenu');
    expect(roles(submenu(t, 'soundroll'))).toEqual(['about', 'separator', 'services', 'separator', 'hide', 'hideOthers', 'unhide', 'separator', 'quit']);
    expect(roles(submenu(t, 'File'))).toEqual(['close']);
    expect(roles(submenu(t, 'Edit'))).toEqual(['undo', 'redo', 'separator', 'cut', 'copy', 'paste', 'pasteAndMatchStyle', 'delete', 'selectAll']);
    expect(roles(submenu(t, 'Window'))).toEqual(['minimize', 'zoom', 'separator', 'front']);
  });

  it.each(['linux', 'win32'] as const)('on %s: no app menu, File quits', (platform) => {
    const t = menuTemplate(platform, true, noop);
    expect(t.map((m) => m.label)).toEqual(['File', 'Edit', 'View', 'Window', 'Help']);
    expect(roles(submenu(t, 'File'))).toEqual(['quit']);
    expect(roles(submenu(t, 'Edit'))).toEqual(['undo', 'redo', 'separator', 'cut', 'copy', 'paste', 'selectAll']);
    expect(roles(submenu(t, 'Window'))).toEqual(['minimize', 'close']);
  });

  it('offers reload and DevTools only in development', () => {
    for (const platform of ['darwin', 'linux', 'win32'] as const) {
      const packaged = roles(submenu(menuTemplate(platform, true, noop), 'View'));
      expect(packaged).toEqual(['resetZoom', 'zoomIn', 'zoomOut', 'separator', 'togglefullscreen']);
      expect(packaged).not.toContain('toggleDevTools');
      const dev = roles(submenu(menuTemplate(platform, false, noop), 'View'));
      expect(dev).toEqual(['reload', 'forceReload', 'toggleDevTools', 'separator', 'resetZoom', 'zoomIn', 'zoomOut', 'separator', 'togglefullscreen']);
    }
  });

  it('Help ▸ Keyboard Shortcuts calls its action', () => {
    const showShortcuts = jest.fn();
    const t = menuTemplate('linux', true, { showShortcuts });
    expect(t.at(-1)!.role).toBe('help');
    const item = submenu(t, 'Help').find((i) => i.label === 'Keyboard Shortcuts')!;
    (item.click as () => void)();
    expect(showShortcuts).toHaveBeenCalledTimes(1);
  });

  it('every top-level item is a submenu (Electron requires it of an application menu)', () => {
    for (const platform of ['darwin', 'linux', 'win32'] as const) {
      for (const m of menuTemplate(platform, false, noop)) expect(Array.isArray(m.submenu)).toBe(true);
    }
  });
});
