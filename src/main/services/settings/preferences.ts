// Each person's preferences (settings page), kept in the settings table under `preferences:<user>` as JSON —
// the table is key → JSON, so no schema change is needed. Reading never fails: what is missing or no longer
// valid takes its default (preferencesFrom).
import type { Db } from '../../db/database';
import type { Clock } from '../clock';
import { preferencesFrom, userPreferencesSchema, type PreferencesPatch, type UserPreferences } from '../../../shared/api/preferences';

export class UserPreferenceService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  get(user: string): UserPreferences {
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(keyOf(user)) as { value: string } | undefined;
    if (!row) return preferencesFrom(null);
    try {
      return preferencesFrom(JSON.parse(row.value));
    } catch {
      return preferencesFrom(null);
    }
  }

  /** Changes the fields `patch` names (checked against the bounds again: callers other than the contract exist). */
  set(user: string, patch: PreferencesPatch): UserPreferences {
    const next = userPreferencesSchema.parse({ ...this.get(user), ...patch });
    this.db
      .prepare(
        `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      )
      .run(keyOf(user), JSON.stringify(next), this.clock.now());
    return next;
  }
}

const keyOf = (user: string) => `preferences:${user}`;
