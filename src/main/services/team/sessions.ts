// Sign-in sessions of team mode. The browser holds a random token in an HttpOnly cookie; the database keeps
// only its SHA-256, so neither a copy of the database nor its backups sign anyone in. A session ends at its
// expiry, at sign-out, or when its user is disabled or gets a new password.
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../db/database';
import type { Clock } from '../clock';
import type { SessionUser } from '../../../shared/api/team-types';
import type { Role } from '../../../shared/roles';

/** A working shift and then some: the person signs in again the next day. */
export const SESSION_HOURS = 12;

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

export class SessionService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly hours: number = SESSION_HOURS,
  ) {}

  /** A new session for a user; returns its token (shown to nobody but the browser's cookie). */
  start(userId: number): { token: string; expiresAt: string; maxAgeSeconds: number } {
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const expiresAt = new Date(Date.parse(now) + this.hours * 3600_000).toISOString();
    this.db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(now);
    this.db.prepare('INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)').run(hashOf(token), userId, now, expiresAt);
    return { token, expiresAt, maxAgeSeconds: this.hours * 3600 };
  }

  /** The user of a live session, or null (no such token, expired, or the user was disabled). */
  user(token: string | null | undefined): SessionUser | null {
    if (!token || token.length > 200) return null;
    const row = this.db
      .prepare(
        `SELECT u.name AS name, u.role AS role FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled = 0`,
      )
      .get(hashOf(token), this.clock.now()) as { name: string; role: Role } | undefined;
    return row ? { name: row.name, role: row.role } : null;
  }

  end(token: string | null | undefined): void {
    if (token) this.db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(hashOf(token));
  }
}
