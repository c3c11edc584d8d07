import { describe, expect, it } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { menuTemplate } from './menu';

const actions = { openDataset() {}, openDatabase() {}, connectTeamDatabase() {}, openRecent() {}, recent: [] as string[], current: '' };
const roles = (template: MenuItemConstructorOptions[]) =>
  template.flatMap((entry) => [entry.role, ...((entry.submenu as MenuItemConstructorOptions[] | undefined) ?? []).map((item) => item.role)]).filter(Boolean);

describe('menuTemplate', () => {
  it('offers the developer tools in development only', () => {
    expect(roles(menuTemplate(actions, false, { devTools: true }))).toContain('toggleDevTools');
    expect(roles(menuTemplate(actions, false, { devTools: false }))).not.toContain('toggleDevTools');
    expect(roles(menuTemplate(actions, true, { devTools: false }))).not.toContain('toggleDevTools');
  });

  it('offers "Connect to a Team Database…" in File, and lists team databases among the recent ones', () => {
    let asked = 0;
    const template = menuTemplate({ ...actions, connectTeamDatabase: () => asked++, recent: ['postgres://ada@db.lab/loupe', '/home/ada/loupe.db'], current: 'postgres://ada@db.lab/loupe' }, false, { devTools: false });
    const file = template.find((e) => e.label === '&File')!.submenu as MenuItemConstructorOptions[];
    expect(file.map((i) => i.label ?? i.role ?? i.type)).toEqual(['Open Dataset…', 'Open Database…', 'Connect to a Team Database…', 'Recent Databases', 'separator', 'Quit']);
    const connect = file.find((i) => i.label === 'Connect to a Team Database…')!;
    (connect.click as () => void)();
    expect(asked).toBe(1);
    const recent = file.find((i) => i.label === 'Recent Databases')!.submenu as MenuItemConstructorOptions[];
    expect(recent.map((i) => [i.label, i.checked])).toEqual([
      ['Team database — postgres://ada@db.lab/loupe', true],
      ['loupe.db — /home/ada/loupe.db', false],
    ]);
  });

  it('keeps the rest of the View menu either way', () => {
    const view = menuTemplate(actions, false, { devTools: false }).find((e) => e.label === '&View')!;
    expect((view.submenu as MenuItemConstructorOptions[]).map((i) => i.role ?? i.type)).toEqual(['reload', 'separator', 'resetZoom', 'zoomIn', 'zoomOut', 'separator', 'togglefullscreen']);
  });
});
