/**
 * The native menu: the usual roles per platform, developer items only in development. A pure function of
 * (platform, isPackaged) so its shape is unit-tested; main.ts turns it into a Menu. Type-only electron import.
 */
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  /** Help ▸ Keyboard Shortcuts: asks the UI to show its shortcut list. */
  showShortcuts(): void;
}

export function menuTemplate(platform: NodeJS.Platform, isPackaged: boolean, actions: MenuActions, appName = 'soundroll'): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const sep: MenuItemConstructorOptions = { type: 'separator' };
  const template: MenuItemConstructorOptions[] = [];
  if (mac) {
    template.push({
      label: appName,
      role: 'appMenu',
      submenu: [{ role: 'about' }, sep, { role: 'services' }, sep, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, sep, { role: 'quit' }],
    });
  }
  template.push(
    { label: 'File', role: 'fileMenu', submenu: [mac ? { role: 'close' } : { role: 'quit' }] },
    {
      label: 'Edit',
      role: 'editMenu',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        sep,
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        ...(mac ? [{ role: 'pasteAndMatchStyle' } as const, { role: 'delete' } as const] : []),
        { role: 'selectAll' },
      ],
    },
    {
      label: 'View',
      role: 'viewMenu',
      submenu: [
        ...(isPackaged ? [] : [{ role: 'reload' } as const, { role: 'forceReload' } as const, { role: 'toggleDevTools' } as const, sep]),
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        sep,
        { role: 'togglefullscreen' },
      ],
    },
    {
      label: 'Window',
      role: 'windowMenu',
      submenu: mac ? [{ role: 'minimize' }, { role: 'zoom' }, sep, { role: 'front' }] : [{ role: 'minimize' }, { role: 'close' }],
    },
    { label: 'Help', role: 'help', submenu: [{ label: 'Keyboard Shortcuts', click: () => actions.showShortcuts() }] },
  );
  return template;
}
