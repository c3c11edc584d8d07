// The settings page's requests on a real SQLite file: preferences are per user (the name in the settings),
// bounded (a value out of range is refused and changes nothing), announced, kept across a restart, and the CT
// window among them is where a person's CT view starts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openWorkstation, type Workstation } from '../../src/main/api/workstation';
import { call } from '../helpers/workspace';
import { tempDir } from '../helpers/fs';
import { DEFAULT_PREFERENCES, type UserPreferences } from '../../src/shared/api/preferences';
import type { CtViewPreferences } from '../../src/shared/api/ct-types';

let dir: { dir: string; cleanup: () => void };
let workstation: Workstation;
const open = () => openWorkstation({ database: join(dir.dir, 'loupe.db'), shell: 'browser' });

beforeEach(() => {
  dir = tempDir('loupe-preferences-');
  workstation = open();
});
afterEach(async () => {
  await workstation.close();
  dir.cleanup();
});

describe('settings.preferences', () => {
  it('starts from the defaults and keeps what a person sets, for that person only, across a restart', async () => {
    await call(workstation, 'settings.setUserName', { name: 'Ada' });
    expect(await call<UserPreferences>(workstation, 'settings.preferences')).toEqual(DEFAULT_PREFERENCES);
    const saved = await call<UserPreferences>(workstation, 'settings.setPreferences', { brushSize: 30, palette: 'high-contrast' });
    expect(saved).toEqual({ ...DEFAULT_PREFERENCES, brushSize: 30, palette: 'high-contrast' });
    await call(workstation, 'settings.setPreferences', { overlayOpacity: 0.8 });

    await call(workstation, 'settings.setUserName', { name: 'Grace' });
    expect(await call<UserPreferences>(workstation, 'settings.preferences')).toEqual(DEFAULT_PREFERENCES);

    await call(workstation, 'settings.setUserName', { name: 'Ada' });
    await workstation.close();
    workstation = open();
    expect(await call<UserPreferences>(workstation, 'settings.preferences')).toEqual({
      ...DEFAULT_PREFERENCES,
      brushSize: 30,
      palette: 'high-contrast',
      overlayOpacity: 0.8,
    });
  });

  it('refuses values out of bounds and unknown fields, and changes nothing then', async () => {
    await call(workstation, 'settings.setPreferences', { brushSize: 20 });
    for (const bad of [{ brushSize: 0 }, { brushSize: 500 }, { brushSize: 3.5 }, { overlayOpacity: 2 }, { palette: 'neon' }, { ctWindow: 'lung' }, { theme: 'dark' }]) {
      const reply = await workstation.dispatch('settings.setPreferences', bad);
      expect(reply.ok, JSON.stringify(bad)).toBe(false);
      if (!reply.ok) expect(reply.error.code).toBe('bad_input');
    }
    expect((await call<UserPreferences>(workstation, 'settings.preferences')).brushSize).toBe(20);
  });

  it('announces each change with the person it belongs to', async () => {
    await call(workstation, 'settings.setUserName', { name: 'Ada' });
    const heard: unknown[] = [];
    const stop = workstation.events.subscribe((event, payload) => event === 'preferences.changed' && heard.push(payload));
    await call(workstation, 'settings.setPreferences', { firstStartHintDismissed: true });
    stop();
    expect(heard).toEqual([{ user: 'Ada', preferences: { ...DEFAULT_PREFERENCES, firstStartHintDismissed: true } }]);
  });

  it("is where a person's CT view starts, and a new CT window replaces their last one", async () => {
    await call(workstation, 'settings.setUserName', { name: 'Ada' });
    await call(workstation, 'settings.setPreferences', { ctWindow: 'subdural' });
    expect(await call<CtViewPreferences>(workstation, 'ct.viewPreferences')).toEqual({ mode: 'single', preset: 'subdural', center: 80, width: 200 });

    // The person works on: their last view is kept, and another preference leaves it alone.
    await call(workstation, 'ct.setViewPreferences', { mode: 'grid', preset: 'custom', center: 50, width: 120 });
    await call(workstation, 'settings.setPreferences', { brushSize: 5 });
    expect((await call<CtViewPreferences>(workstation, 'ct.viewPreferences')).mode).toBe('grid');

    await call(workstation, 'settings.setPreferences', { ctWindow: 'bone' });
    expect(await call<CtViewPreferences>(workstation, 'ct.viewPreferences')).toEqual({ mode: 'single', preset: 'bone', center: 600, width: 2800 });

    await call(workstation, 'settings.setUserName', { name: 'Grace' });
    expect((await call<CtViewPreferences>(workstation, 'ct.viewPreferences')).preset).toBe('brain');
  });
});
