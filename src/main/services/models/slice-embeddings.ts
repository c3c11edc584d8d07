// Stored slice embeddings (see migration 009): written with a CT CNN's predictions, read back to train a
// sequence model on that CNN's embeddings without running it again.
import type { Db } from '../../db/database';
import type { Clock } from '../clock';
import type { SliceEmbedding } from '../../ml/worker/protocol';

export class SliceEmbeddingStore {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Stores (or replaces) one version's embeddings of some slices. */
  put(version: string, embeddings: readonly SliceEmbedding[]): void {
    const insert = this.db.prepare(`INSERT INTO slice_embeddings (item_id, version, size, data, created_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (version, item_id) DO UPDATE SET size = excluded.size, data = excluded.data, created_at = excluded.created_at`);
    const now = this.clock.now();
    this.db.transaction(() => {
      for (const e of embeddings) insert.run(e.itemId, version, e.values.length, Buffer.from(e.values.buffer, e.values.byteOffset, e.values.byteLength), now);
    })();
  }

  /** One version's embeddings of those of `itemIds` it has embedded. */
  forItems(version: string, itemIds: readonly number[]): SliceEmbedding[] {
    const rows = this.db
      .prepare('SELECT item_id AS itemId, data FROM slice_embeddings WHERE version = ? AND item_id IN (SELECT value FROM json_each(?)) ORDER BY item_id')
      .all(version, JSON.stringify(itemIds)) as { itemId: number; data: Buffer }[];
    // A copy into a fresh (aligned) buffer: SQLite's blob may sit at any offset.
    return rows.map((r) => ({ itemId: r.itemId, values: new Float32Array(new Uint8Array(r.data).buffer) }));
  }

  /** How many slices a version has embeddings of. */
  count(version: string): number {
    return this.db.prepare('SELECT COUNT(*) FROM slice_embeddings WHERE version = ?').pluck().get(version) as number;
  }
}
