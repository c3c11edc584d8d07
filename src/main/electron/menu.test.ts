import { describe, expect, it } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { menuTemplate } from './menu';

const actions = { openDataset() {}, openDatabase() {}, openRecent() {}, recent: [], current: '' };
const roles = (template: MenuItemConstructorOptions[]) =>
  template.flatMap((entry) => [entry.role, ...((entry.submenu as MenuItemConstructorOptions[] | undefined) ?? []).map((item) => item.role)]).filter(Boolean);

describe('menuTemplate', () => {
  it('offers the developer tools in development only', () => {
    expect(roles(menuTemplate(actions, false, { devTools: true }))).toContain('toggleDevTools');
    expect(roles(menuTemplate(actions, false, { devTools: false }))).not.toContain('toggleDevTools');
    expect(roles(menuTemplate(actions, true, { devTools: false }))).not.toContain('toggleDevTools');
  });

  it('keeps the rest of the View menu either way', () => {
    const view = menuTemplate(actions, false, { devTools: false }).find((e) => e.label === '&View')!;
    expect((view.submenu as MenuItemConstructorOptions[]).map((i) => i.role ?? i.type)).toEqual(['reload', 'separator', 'resetZoom', 'zoomIn', 'zoomOut', 'separator', 'togglefullscreen']);
  });
});
