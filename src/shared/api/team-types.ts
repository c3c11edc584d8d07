// What team mode shows: the signed-in person with their role, and the audit view's rows.
import type { Role } from '../roles';

export interface SessionUser {
  name: string;
  role: Role;
}

/** Who is at this workstation: in team mode the signed-in person; on a desktop or a plain `loupe serve`, nobody (one person, no roles). */
export interface CurrentSession {
  team: boolean;
  user: SessionUser | null;
}

export type AuditKind = 'label' | 'review' | 'model' | 'import';

/** One thing someone did, newest first in the audit view. */
export interface AuditEntry {
  kind: AuditKind;
  /** ISO time. */
  at: string;
  who: string;
  /** One line: "saved class 3 of 0002cc93b.jpg", "approved ID_k2", "activated steel-v2", "imported …". */
  what: string;
  datasetId: number | null;
  itemId: number | null;
}

export interface AuditPage {
  entries: AuditEntry[];
  /** Pass as `before` for the next (older) page; null when this was the last one. */
  next: string | null;
}
