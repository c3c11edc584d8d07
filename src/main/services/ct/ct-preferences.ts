// How each person last looked at CT slices (view mode and window), kept in the settings table under
// `ct.view:<user>` — the table is key → JSON, so no schema change is needed. A person with no last view
// starts from the CT window of their preferences (the settings page).
import type { Db } from '../../db/database';
import type { Clock } from '../clock';
import type { CtViewPreferences } from '../../../shared/api/ct-types';
import { ctViewPreferencesSchema } from '../../../shared/api/ct-contract';
import { WINDOW_PRESETS, type WindowPreset } from '../../../shared/window-level';

export const DEFAULT_CT_VIEW: Readonly<CtViewPreferences> = Object.freeze({
  mode: 'single',
  preset: 'brain',
  center: WINDOW_PRESETS.brain.center,
  width: WINDOW_PRESETS.brain.width,
});

export class CtPreferenceService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    /** The window a person with no last view starts from. */
    private readonly defaultWindowOf: (user: string) => WindowPreset = () => DEFAULT_CT_VIEW.preset as WindowPreset,
  ) {}

  get(user: string): CtViewPreferences {
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(keyOf(user)) as { value: string } | undefined;
    if (row) {
      try {
        const parsed = ctViewPreferencesSchema.safeParse(JSON.parse(row.value));
        if (parsed.success) return parsed.data;
      } catch {
        // unreadable: start from the default window
      }
    }
    return startingView(this.defaultWindowOf(user));
  }

  set(user: string, preferences: CtViewPreferences): CtViewPreferences {
    this.db
      .prepare(
        `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      )
      .run(keyOf(user), JSON.stringify(preferences), this.clock.now());
    return preferences;
  }
}

const keyOf = (user: string) => `ct.view:${user}`;

/** One window, the preset named. */
export const startingView = (preset: WindowPreset): CtViewPreferences => ({ mode: 'single', preset, ...WINDOW_PRESETS[preset] });
