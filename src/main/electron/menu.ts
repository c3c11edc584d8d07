// The native menu: File (Open dataset…, Open database…, Connect to a team database…, Recent databases, Quit), Edit, View, Window. The
// developer tools are in View only in development (an unpackaged run); a packaged app has no way to open them.
import type { MenuItemConstructorOptions } from 'electron';
import { basename } from 'node:path';
import { isPostgresUrl } from '../db/store';

export interface MenuActions {
  openDataset(): void;
  openDatabase(): void;
  /** Asks for a postgres:// address and opens the services on it. */
  connectTeamDatabase(): void;
  openRecent(database: string): void;
  recent: string[];
  current: string;
}

export function menuTemplate(actions: MenuActions, isMac: boolean, options: { devTools: boolean }): MenuItemConstructorOptions[] {
  const recent: MenuItemConstructorOptions[] = actions.recent.length
    ? actions.recent.map((database) => ({
        label: isPostgresUrl(database) ? `Team database — ${database}` : `${basename(database)} — ${database}`,
        type: 'checkbox',
        checked: database === actions.current,
        click: () => actions.openRecent(database),
      }))
    : [{ label: 'No recent databases', enabled: false }];
  return [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: '&File',
      submenu: [
        { label: 'Open Dataset…', accelerator: 'CmdOrCtrl+O', click: () => actions.openDataset() },
        { label: 'Open Database…', accelerator: 'CmdOrCtrl+Shift+O', click: () => actions.openDatabase() },
        { label: 'Connect to a Team Database…', click: () => actions.connectTeamDatabase() },
        { label: 'Recent Databases', submenu: recent },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit', label: 'Quit', accelerator: 'CmdOrCtrl+Q' },
      ],
    },
    { role: 'editMenu' },
    {
      label: '&View',
      submenu: [
        { role: 'reload' },
        ...(options.devTools ? [{ role: 'toggleDevTools' as const }] : []),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
  ];
}
