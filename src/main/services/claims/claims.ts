// Claims: who is editing an item. Opening an item for editing claims it for the person (or keeps their claim
// alive); the claim lapses after a stretch without activity and is deleted when they leave. Someone else opening a
// claimed item gets the holder's claim back — they may still look, and their saves are checked against the
// revision they were based on like every save, so a claim informs and never locks anyone out.
import type { Db } from '../../db/database';
import type { Clock } from '../clock';
import type { ClaimResult, ItemClaim } from '../../../shared/api/collaboration-types';
import { badInput } from '../../../shared/errors';

/** Ten minutes without activity, unless the workstation is told otherwise. */
export const DEFAULT_CLAIM_MINUTES = 10;

const COLUMNS = 'item_id AS itemId, user_name AS user, claimed_at AS since, active_at AS activeAt, expires_at AS expiresAt';

export class ClaimService {
  private readonly expiryMs: number;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    expiryMinutes = DEFAULT_CLAIM_MINUTES,
  ) {
    if (!(expiryMinutes > 0)) throw badInput(`a claim's expiry must be more than 0 minutes, not ${expiryMinutes}`);
    this.expiryMs = expiryMinutes * 60_000;
  }

  /** Claims the item for `user`, or renews their claim; someone else's live claim is returned as it is. */
  open(itemId: number, user: string): ClaimResult {
    // IMMEDIATE: two people opening the same item at once (from two processes) cannot both take it.
    return this.db
      .transaction((): ClaimResult => {
        const now = this.clock.now();
        const held = this.liveClaim(itemId, now);
        if (held && held.user !== user) return { claim: held, mine: false };
        const since = held ? held.since : now;
        const expiresAt = this.expiryFrom(now);
        this.db
          .prepare(
            `INSERT INTO claims (item_id, user_name, claimed_at, active_at, expires_at) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (item_id) DO UPDATE SET user_name = excluded.user_name, claimed_at = excluded.claimed_at,
               active_at = excluded.active_at, expires_at = excluded.expires_at`,
          )
          .run(itemId, user, since, now, expiresAt);
        return { claim: { itemId, user, since, activeAt: now, expiresAt }, mine: true };
      })
      .immediate();
  }

  /** A save or other activity of `user` on the item keeps their claim alive; nothing happens to anyone else's. */
  touch(itemId: number, user: string): void {
    const now = this.clock.now();
    this.db
      .prepare('UPDATE claims SET active_at = ?, expires_at = ? WHERE item_id = ? AND user_name = ? AND expires_at > ?')
      .run(now, this.expiryFrom(now), itemId, user, now);
  }

  /** Lets go of `user`'s claim on the item; true when they held one. */
  release(itemId: number, user: string): boolean {
    return this.db.prepare('DELETE FROM claims WHERE item_id = ? AND user_name = ?').run(itemId, user).changes > 0;
  }

  /** The live claim on an item, or null (a lapsed claim is nobody's). */
  of(itemId: number): ItemClaim | null {
    return this.liveClaim(itemId, this.clock.now());
  }

  /** The live claims among these items, by item. */
  ofItems(itemIds: readonly number[]): Map<number, ItemClaim> {
    if (itemIds.length === 0) return new Map();
    const rows = this.db
      .prepare(`SELECT ${COLUMNS} FROM claims WHERE item_id IN (SELECT value FROM json_each(?)) AND expires_at > ?`)
      .all(JSON.stringify(itemIds), this.clock.now()) as ItemClaim[];
    return new Map(rows.map((r) => [r.itemId, r]));
  }

  /** Every live claim on a dataset's items, oldest first. */
  ofDataset(datasetId: number): (ItemClaim & { key: string })[] {
    return this.db
      .prepare(
        `SELECT c.item_id AS itemId, c.user_name AS user, c.claimed_at AS since, c.active_at AS activeAt, c.expires_at AS expiresAt, i.key
         FROM claims c JOIN items i ON i.id = c.item_id WHERE i.dataset_id = ? AND c.expires_at > ? ORDER BY c.claimed_at, c.item_id`,
      )
      .all(datasetId, this.clock.now()) as (ItemClaim & { key: string })[];
  }

  private liveClaim(itemId: number, now: string): ItemClaim | null {
    const row = this.db.prepare(`SELECT ${COLUMNS} FROM claims WHERE item_id = ? AND expires_at > ?`).get(itemId, now) as ItemClaim | undefined;
    return row ?? null;
  }

  private expiryFrom(now: string): string {
    return new Date(Date.parse(now) + this.expiryMs).toISOString();
  }
}
