// Stored probability maps of steel predictions (see migration 003): written with the model revisions,
// read back to re-threshold without the model, and by the UI to draw a class's probability.
import { inflateSync } from 'node:zlib';
import type { Db } from '../../db/database';
import type { Clock } from '../clock';
import type { StoredMap } from '../../ml/worker/protocol';

/** A map ready to draw: row-major bytes (p × 255) at the model's resolution. */
export interface ProbabilityMapView {
  classId: number;
  width: number;
  height: number;
  /** The image-level probability of the class, when the model has that head. */
  presence: number | null;
  data: Uint8Array;
}

interface MapRow {
  itemId: number;
  classId: number;
  width: number;
  height: number;
  presence: number | null;
  data: Buffer;
}

export class PredictionMapStore {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Stores (or replaces) the maps of one source for some items. */
  put(source: string, items: { itemId: number; maps: StoredMap[] }[]): void {
    const insert = this.db.prepare(
      `INSERT INTO prediction_maps (item_id, source, class_id, width, height, presence, data, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (source, item_id, class_id) DO UPDATE SET width = excluded.width, height = excluded.height, presence = excluded.presence,
         data = excluded.data, created_at = excluded.created_at`,
    );
    const now = this.clock.now();
    this.db.transaction(() => {
      for (const item of items) {
        for (const m of item.maps) insert.run(item.itemId, source, m.classId, m.width, m.height, m.presence, Buffer.from(m.deflated), now);
      }
    })();
  }

  /** One item's maps from one source, inflated, classes in order. */
  mapsOf(itemId: number, source: string): ProbabilityMapView[] {
    const rows = this.db
      .prepare(`SELECT item_id AS itemId, class_id AS classId, width, height, presence, data FROM prediction_maps
                WHERE item_id = ? AND source = ? ORDER BY class_id`)
      .all(itemId, source) as MapRow[];
    return rows.map((r) => ({ classId: r.classId, width: r.width, height: r.height, presence: r.presence, data: new Uint8Array(inflateSync(r.data)) }));
  }

  /** Every map of a dataset from one source, still deflated: itemId → maps. */
  forDataset(datasetId: number, source: string): Map<number, StoredMap[]> {
    const rows = this.db
      .prepare(`SELECT m.item_id AS itemId, m.class_id AS classId, m.width, m.height, m.presence, m.data FROM prediction_maps m
                JOIN items i ON i.id = m.item_id WHERE i.dataset_id = ? AND m.source = ? ORDER BY m.item_id, m.class_id`)
      .all(datasetId, source) as MapRow[];
    const byItem = new Map<number, StoredMap[]>();
    for (const r of rows) {
      let maps = byItem.get(r.itemId);
      if (!maps) byItem.set(r.itemId, (maps = []));
      maps.push({ classId: r.classId, width: r.width, height: r.height, presence: r.presence, deflated: new Uint8Array(r.data) });
    }
    return byItem;
  }

  /** The sources with stored maps for a dataset, e.g. ['model:steel-2']. */
  sources(datasetId: number): string[] {
    return (
      this.db
        .prepare('SELECT DISTINCT m.source FROM prediction_maps m JOIN items i ON i.id = m.item_id WHERE i.dataset_id = ? ORDER BY m.source')
        .all(datasetId) as { source: string }[]
    ).map((r) => r.source);
  }
}
