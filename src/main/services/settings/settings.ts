// Workstation settings kept in the database: for now the person's name, the author of every revision
// (in team mode the signed-in person's name instead).
import type { Db } from '../../db/database';
import type { Clock } from '../clock';
import type { Settings } from '../../../shared/api/types';
import { badInput } from '../../../shared/errors';
import { textProblem } from '../../../shared/api/text';

const USER_NAME = 'user.name';

export class SettingsService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    /** The operating-system user: the name until the person gives theirs. */
    private readonly defaultUserName: string,
    /** In team mode, the signed-in person of the request: they sign, whatever name the workstation was given. */
    private readonly actingName: () => string | undefined = () => undefined,
    /**
     * The person this workstation runs for, when it was started for one (`loupe serve --user`): several
     * workstations on one shared database each save under their own person, whatever the shared setting says.
     */
    private readonly fixedUserName?: string,
  ) {}

  get(): Settings {
    const acting = this.actingName();
    if (acting !== undefined) return { userName: acting, userNameConfirmed: true, defaultUserName: this.defaultUserName };
    if (this.fixedUserName) return { userName: this.fixedUserName, userNameConfirmed: true, defaultUserName: this.defaultUserName };
    const stored = this.read<string>(USER_NAME);
    return {
      userName: stored ?? this.defaultUserName,
      userNameConfirmed: stored !== undefined,
      defaultUserName: this.defaultUserName,
    };
  }

  /** The author to record on revisions and reviews. */
  author(): string {
    return this.get().userName;
  }

  setUserName(name: string): Settings {
    if (this.fixedUserName) throw badInput(`this workstation was started for ${this.fixedUserName}; its name cannot be changed here`);
    const trimmed = name.trim();
    if (!trimmed) throw badInput('a name cannot be empty');
    const problem = textProblem(trimmed);
    if (problem) throw badInput(`a name ${problem}`);
    this.write(USER_NAME, trimmed);
    return this.get();
  }

  private read<T>(key: string): T | undefined {
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  private write(key: string, value: unknown): void {
    this.db
      .prepare(
        `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      )
      .run(key, JSON.stringify(value), this.clock.now());
  }
}
