// Team accounts: a name (what revisions and reviews are signed with), an argon2id password hash and a role.
// Users are disabled, never deleted: their name stays in the history, and a disabled user cannot sign in
// (their sessions end at once).
import type { Db } from '../../db/database';
import type { Clock } from '../clock';
import { badInput, notFound, LoupeError } from '../../../shared/errors';
import { textProblem } from '../../../shared/api/text';
import { isRole, type Role } from '../../../shared/roles';
import type { SessionUser } from '../../../shared/api/team-types';
import { hashPassword, passwordProblem, verifyNobody, verifyPassword } from './passwords';

export interface UserView extends SessionUser {
  id: number;
  disabled: boolean;
  createdAt: string;
}

interface UserRow {
  id: number;
  name: string;
  role: Role;
  disabled: number;
  createdAt: string;
  passwordHash: string;
}

const COLUMNS = 'id, name, role, disabled, created_at AS "createdAt", password_hash AS "passwordHash"';
const MAX_NAME = 80;

export class UserService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async add(name: string, password: string, role: Role): Promise<UserView> {
    const trimmed = checkName(name);
    if (!isRole(role)) throw badInput(`the role must be annotator, reviewer or admin, not "${String(role)}"`);
    const problem = passwordProblem(password);
    if (problem) throw badInput(problem);
    if (this.row(trimmed)) throw new LoupeError('conflict', `there is already a user named "${trimmed}"`);
    const hash = await hashPassword(password);
    const now = this.clock.now();
    const id = Number(
      this.db
        .prepare('INSERT INTO users (name, password_hash, role, disabled, created_at, updated_at) VALUES (?, ?, ?, 0, ?, ?)')
        .run(trimmed, hash, role, now, now).lastInsertRowid,
    );
    return this.view(this.byId(id)!);
  }

  list(): UserView[] {
    return (this.db.prepare(`SELECT ${COLUMNS} FROM users ORDER BY name`).all() as UserRow[]).map((r) => this.view(r));
  }

  get(name: string): UserView {
    const row = this.row(name.trim());
    if (!row) throw notFound(`no user named "${name.trim()}"`);
    return this.view(row);
  }

  /** How many admins can sign in (team mode needs one). */
  activeAdmins(): number {
    return (this.db.prepare("SELECT COUNT(*) AS n FROM users WHERE role = 'admin' AND disabled = 0").get() as { n: number }).n;
  }

  setRole(name: string, role: Role): UserView {
    if (!isRole(role)) throw badInput(`the role must be annotator, reviewer or admin, not "${String(role)}"`);
    const user = this.get(name);
    if (user.role === 'admin' && role !== 'admin' && !user.disabled) this.keepAnAdmin(user.name);
    this.db.prepare('UPDATE users SET role = ?, updated_at = ? WHERE id = ?').run(role, this.clock.now(), user.id);
    return this.get(user.name);
  }

  /** Disables (or enables again) a user; disabling ends their sessions in the same transaction. */
  setDisabled(name: string, disabled: boolean): UserView {
    const user = this.get(name);
    if (disabled && user.role === 'admin' && !user.disabled) this.keepAnAdmin(user.name);
    this.db.transaction(() => {
      this.db.prepare('UPDATE users SET disabled = ?, updated_at = ? WHERE id = ?').run(disabled ? 1 : 0, this.clock.now(), user.id);
      if (disabled) this.db.prepare('DELETE FROM sessions WHERE user_id = ?').run(user.id);
    })();
    return this.get(user.name);
  }

  async setPassword(name: string, password: string): Promise<UserView> {
    const user = this.get(name);
    const problem = passwordProblem(password);
    if (problem) throw badInput(problem);
    const hash = await hashPassword(password);
    this.db.transaction(() => {
      this.db.prepare('UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?').run(hash, this.clock.now(), user.id);
      this.db.prepare('DELETE FROM sessions WHERE user_id = ?').run(user.id);
    })();
    return this.get(user.name);
  }

  /** The user when the name and password match an enabled account; null otherwise (the same wait either way). */
  async authenticate(name: string, password: string): Promise<UserView | null> {
    const row = typeof name === 'string' && name.length <= MAX_NAME ? this.row(name.trim()) : undefined;
    if (!row) return verifyNobody(password).then(() => null);
    const ok = await verifyPassword(password, row.passwordHash);
    return ok && !row.disabled ? this.view(row) : null;
  }

  byId(id: number): UserRow | undefined {
    return this.db.prepare(`SELECT ${COLUMNS} FROM users WHERE id = ?`).get(id) as UserRow | undefined;
  }

  private row(name: string): UserRow | undefined {
    return this.db.prepare(`SELECT ${COLUMNS} FROM users WHERE name = ?`).get(name) as UserRow | undefined;
  }

  private keepAnAdmin(name: string): void {
    if (this.activeAdmins() <= 1) throw badInput(`${name} is the only admin: make another user admin first`);
  }

  private view(row: UserRow): UserView {
    return { id: row.id, name: row.name, role: row.role, disabled: row.disabled === 1, createdAt: row.createdAt };
  }
}

function checkName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) throw badInput('a user name cannot be empty');
  if (trimmed.length > MAX_NAME) throw badInput(`a user name has at most ${MAX_NAME} characters`);
  const problem = textProblem(trimmed);
  if (problem) throw badInput(`a user name ${problem}`);
  return trimmed;
}
