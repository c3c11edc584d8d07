import { describe, expect, it } from 'vitest';
import { DEFAULT_PREFERENCES, preferencesFrom, preferencesPatchSchema, userPreferencesSchema } from './preferences';
import { PRESET_NAMES } from '../window-level';

describe('user preferences', () => {
  it('takes values inside the bounds and refuses the rest', () => {
    expect(preferencesPatchSchema.safeParse({ brushSize: 1 }).success).toBe(true);
    expect(preferencesPatchSchema.safeParse({ brushSize: 96 }).success).toBe(true);
    for (const bad of [{ brushSize: 0 }, { brushSize: 97 }, { brushSize: 2.5 }, { overlayOpacity: -0.1 }, { overlayOpacity: 1.01 }]) {
      expect(preferencesPatchSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
    expect(preferencesPatchSchema.safeParse({ palette: 'rainbow' }).success).toBe(false);
    expect(preferencesPatchSchema.safeParse({ ctWindow: 'lung' }).success).toBe(false);
    expect(preferencesPatchSchema.safeParse({ fontSize: 12 }).success).toBe(false);
  });

  it('offers every CT window preset as the default window', () => {
    for (const name of PRESET_NAMES) expect(preferencesPatchSchema.safeParse({ ctWindow: name }).success, name).toBe(true);
  });

  it('has defaults that pass its own schema', () => {
    expect(userPreferencesSchema.parse(DEFAULT_PREFERENCES)).toEqual(DEFAULT_PREFERENCES);
  });

  it('keeps the good fields of a stored value and defaults the bad ones alone', () => {
    expect(preferencesFrom({ brushSize: 30, overlayOpacity: 7, palette: 'high-contrast', unknown: true })).toEqual({
      ...DEFAULT_PREFERENCES,
      brushSize: 30,
      palette: 'high-contrast',
    });
    expect(preferencesFrom(null)).toEqual(DEFAULT_PREFERENCES);
    expect(preferencesFrom('garbage')).toEqual(DEFAULT_PREFERENCES);
  });
});
