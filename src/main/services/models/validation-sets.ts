// Each dataset's fixed validation set (see migration 010 and shared/ml/loop/validation-set.ts): reviewed items
// held out by whole groups — a CT patient, a steel image — drawn once with a seed, stored, never trained on,
// and grown (never shrunk) as more items are reviewed. Every model comparison is scored on it, so the figures
// of parent, child and baselines are always of the same items.
//
// "Reviewed" here means an item whose current label a person made: a human revision, or truth imported from a
// label CSV (someone made that file). An item whose newest review is "flagged" does not join (its label is in
// question); one already in the set stays. Items with only a model's draft never join.
import { createHash } from 'node:crypto';
import type { Db } from '../../db/database';
import type { Clock } from '../clock';
import type { DatasetService } from '../datasets/datasets';
import type { LabelService } from '../labels/labels';
import { growValidationSet, type ReviewedItem } from '../../../shared/ml/loop/validation-set';
import { itemInput } from './predict';

export const DEFAULT_VALIDATION_SEED = 1;
export const DEFAULT_VALIDATION_SHARE = 0.2;

export interface ValidationSetInfo {
  datasetId: number;
  seed: number;
  share: number;
  createdAt: string;
  /** Every item of the set, in the order they joined. */
  itemIds: number[];
  /** The set's groups: patients (CT) or images (steel). */
  groupKeys: string[];
  groupedBy: 'patient' | 'image';
  /** A digest of the items and their labels: figures with another fingerprint were scored on other items or labels. */
  fingerprint: string;
}

export interface GrownValidationSet extends ValidationSetInfo {
  /** Items that joined in this call. */
  added: number;
  /** Reviewed items of the dataset (in or out of the set). */
  reviewed: number;
}

/** The fingerprint of scored items: the first 12 hex digits of a SHA-256 over each item with its newest label revision. */
export function validationFingerprint(items: readonly { itemId: number; labelRevision: number }[]): string {
  const text = [...items]
    .sort((a, b) => a.itemId - b.itemId)
    .map((i) => `${i.itemId}:${i.labelRevision}`)
    .join(',');
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}

export class ValidationSetService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly datasets: DatasetService,
    private readonly labels: LabelService,
  ) {}

  /** The stored set, or null when none has been drawn for the dataset yet. */
  get(datasetRef: string | number): ValidationSetInfo | null {
    const dataset = this.datasets.get(datasetRef);
    const head = this.db.prepare('SELECT seed, share, created_at AS createdAt FROM validation_sets WHERE dataset_id = ?').get(dataset.id) as
      | { seed: number; share: number; createdAt: string }
      | undefined;
    if (!head) return null;
    const rows = this.db
      .prepare('SELECT item_id AS itemId, group_key AS groupKey FROM validation_items WHERE dataset_id = ? ORDER BY added_at, item_id')
      .all(dataset.id) as { itemId: number; groupKey: string }[];
    return {
      datasetId: dataset.id,
      ...head,
      itemIds: rows.map((r) => r.itemId),
      groupKeys: [...new Set(rows.map((r) => r.groupKey))],
      groupedBy: dataset.kind === 'rsna' ? 'patient' : 'image',
      fingerprint: this.fingerprintOf(rows.map((r) => r.itemId)),
    };
  }

  /**
   * Draws the set (first call, with `seed` and `share`) or grows it with the items reviewed since; a set once
   * drawn keeps its seed and share. Never removes an item; never adds a group a training run has learnt from.
   */
  grow(datasetRef: string | number, options: { seed?: number; share?: number } = {}): GrownValidationSet {
    const dataset = this.datasets.get(datasetRef);
    return this.db.transaction(() => {
      const now = this.clock.now();
      let head = this.db.prepare('SELECT seed, share FROM validation_sets WHERE dataset_id = ?').get(dataset.id) as { seed: number; share: number } | undefined;
      if (!head) {
        head = { seed: options.seed ?? DEFAULT_VALIDATION_SEED, share: options.share ?? DEFAULT_VALIDATION_SHARE };
        this.db.prepare('INSERT INTO validation_sets (dataset_id, seed, share, created_at) VALUES (?, ?, ?, ?)').run(dataset.id, head.seed, head.share, now);
      }
      const stored = this.db.prepare('SELECT item_id AS itemId, group_key AS "group" FROM validation_items WHERE dataset_id = ? ORDER BY added_at, item_id').all(dataset.id) as ReviewedItem[];
      const reviewed = this.reviewedItems(dataset.id);
      const known = new Set(stored.map((s) => s.itemId));
      const grown = growValidationSet([...stored, ...reviewed.filter((r) => !known.has(r.itemId))], stored.map((s) => s.itemId), {
        seed: head.seed,
        share: head.share,
        trainedGroups: this.trainedGroups(dataset.id),
      });
      const groupOf = new Map(reviewed.map((r) => [r.itemId, r.group]));
      const insert = this.db.prepare('INSERT INTO validation_items (dataset_id, item_id, group_key, added_at) VALUES (?, ?, ?, ?)');
      for (const itemId of grown.added) insert.run(dataset.id, itemId, groupOf.get(itemId)!, now);
      return { ...this.get(dataset.id)!, added: grown.added.length, reviewed: reviewed.length };
    })();
  }

  /** Records the groups a training run learnt from (its training items and pseudo-labelled items). */
  recordTrained(datasetId: number, groups: Iterable<string>, version: string): void {
    const insert = this.db.prepare('INSERT INTO trained_groups (dataset_id, group_key, version) VALUES (?, ?, ?) ON CONFLICT (dataset_id, group_key) DO NOTHING');
    this.db.transaction(() => {
      for (const group of new Set(groups)) insert.run(datasetId, group, version);
    })();
  }

  trainedGroups(datasetId: number): Set<string> {
    return new Set(this.db.prepare('SELECT group_key FROM trained_groups WHERE dataset_id = ?').pluck().all(datasetId) as string[]);
  }

  /** The fingerprint of some items of a store as their labels stand now. */
  fingerprintOf(itemIds: readonly number[]): string {
    const rows = this.db
      .prepare(`SELECT item_id AS itemId, MAX(id) AS labelRevision FROM label_revisions
                WHERE item_id IN (SELECT value FROM json_each(?)) AND source IN ('truth', 'human') GROUP BY item_id`)
      .all(JSON.stringify(itemIds)) as { itemId: number; labelRevision: number }[];
    const revisions = new Map(rows.map((r) => [r.itemId, r.labelRevision]));
    return validationFingerprint(itemIds.map((itemId) => ({ itemId, labelRevision: revisions.get(itemId) ?? 0 })));
  }

  /** Items a person's label covers (human or imported truth), not flagged, with their group, in dataset order. */
  reviewedItems(datasetId: number): ReviewedItem[] {
    const dataset = this.datasets.get(datasetId);
    const current = this.labels.labelsOf(datasetId, 'current');
    const reviews = this.datasets.reviewStates(datasetId);
    const out: ReviewedItem[] = [];
    for (const item of this.datasets.items(datasetId)) {
      const classes = current.get(item.id);
      if (!classes) continue;
      if (dataset.kind === 'rsna' && !/^\d+$/.test(classes.get(0) ?? '')) continue;
      if (reviews.get(item.id) === 'flagged') continue;
      out.push({ itemId: item.id, group: itemInput(dataset, item).group });
    }
    return out;
  }
}
