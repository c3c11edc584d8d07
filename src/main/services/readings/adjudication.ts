// Consensus over double readings: the agreement between readers by the Kaggle metric of the task (steel: Dice
// per class; CT: per-label agreement and Cohen's kappa), the readers' accuracy on honeypots, the queue of items
// they disagree on, and the reviewer's decision, saved as a normal human revision signed by the reviewer.
import type { Db } from '../../db/database';
import type { Clock } from '../clock';
import type { DatasetService } from '../datasets/datasets';
import type { LabelService } from '../labels/labels';
import type { ReadingService } from './readings';
import type { AdjudicationItem, AdjudicationQueue, HoneypotAccuracy, ReadClass, ReaderLabels, ReadingAgreement } from '../../../shared/api/reading-types';
import { LoupeError, badInput } from '../../../shared/errors';
import { STEEL_CLASSES } from '../../../shared/domain';
import {
  DEFAULT_DICE_THRESHOLD,
  ctAgreement,
  disagreementsOf,
  honeypotScore,
  readingsDisagree,
  steelDicePerClass,
  type ReadLabels,
} from '../../../shared/reading-agreement';

const asMap = (classes: readonly ReadClass[]): ReadLabels => new Map(classes.map((c) => [c.classId, c.payload]));

interface ReadItem {
  itemId: number;
  key: string;
  seriesUid: string | null;
  done: ReaderLabels[];
  adjudicated: boolean;
}

export class AdjudicationService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly datasets: DatasetService,
    private readonly labels: LabelService,
    private readonly readings: ReadingService,
  ) {}

  agreement(datasetId: number, diceThreshold = DEFAULT_DICE_THRESHOLD): ReadingAgreement {
    const kind = this.datasets.get(datasetId).kind;
    const items = this.readItems(datasetId, false);
    const byTwo = items.filter((i) => i.done.length >= 2);
    const disagreeing = byTwo.filter((i) => readingsDisagree(kind, i.done.map((r) => asMap(r.classes)), diceThreshold));
    const pairs: [ReadLabels, ReadLabels][] = [];
    for (const item of byTwo) {
      const maps = item.done.map((r) => asMap(r.classes));
      for (let a = 0; a < maps.length; a++) for (let b = a + 1; b < maps.length; b++) pairs.push([maps[a], maps[b]]);
    }
    const dicePerClass =
      kind === 'severstal'
        ? STEEL_CLASSES.map((classId) => {
            const values = pairs.map(([a, b]) => steelDicePerClass(a, b)[classId]);
            return { classId, dice: values.length ? values.reduce((s, v) => s + v, 0) / values.length : 1, pairs: values.length };
          })
        : [];
    return {
      datasetId,
      kind,
      diceThreshold,
      assigned: items.length,
      readByTwo: byTwo.length,
      disagreements: disagreeing.length,
      waiting: disagreeing.filter((i) => !i.adjudicated).length,
      adjudicated: items.filter((i) => i.adjudicated).length,
      dicePerClass,
      ctLabels: kind === 'rsna' ? ctAgreement(pairs) : [],
      honeypots: this.honeypotAccuracy(datasetId),
    };
  }

  /** Items read by at least two readers who disagree, not yet adjudicated, in the dataset's order. */
  queue(datasetId: number, diceThreshold = DEFAULT_DICE_THRESHOLD): AdjudicationQueue {
    const kind = this.datasets.get(datasetId).kind;
    const items: AdjudicationItem[] = [];
    for (const item of this.readItems(datasetId, false)) {
      if (item.adjudicated || item.done.length < 2) continue;
      const maps = item.done.map((r) => asMap(r.classes));
      if (!readingsDisagree(kind, maps, diceThreshold)) continue;
      const disagreeOn = new Set<string>();
      for (let a = 0; a < maps.length; a++) for (let b = a + 1; b < maps.length; b++) for (const c of disagreementsOf(kind, maps[a], maps[b], diceThreshold)) disagreeOn.add(c);
      items.push({
        itemId: item.itemId,
        key: item.key,
        seriesUid: item.seriesUid,
        readers: item.done,
        disagreeOn: [...disagreeOn],
        dice: kind === 'severstal' ? steelDicePerClass(maps[0], maps[1]) : null,
      });
    }
    return { datasetId, kind, diceThreshold, items };
  }

  /**
   * The reviewer's decision on an item the readers have read: its label as new human revisions signed by the
   * reviewer (steel: every class sent, e.g. one reader's mask per class; CT: class 0), and the item marked adjudicated.
   */
  adjudicate(itemId: number, classes: readonly ReadClass[], reviewer: string): { revisionIds: number[]; datasetId: number } {
    const item = this.datasets.item(itemId);
    const done = this.readings.readersOf(itemId).filter((r) => r.doneAt !== null);
    if (done.length < 2) throw new LoupeError('conflict', `${item.key} has not been read by two readers yet`);
    if (new Set(classes.map((c) => c.classId)).size !== classes.length) throw badInput('each class may be decided once');
    return this.db
      .transaction(() => {
        const already = this.db.prepare('SELECT adjudicated_by AS by FROM adjudications WHERE item_id = ?').get(itemId) as { by: string } | undefined;
        if (already) throw new LoupeError('conflict', `${item.key} was already adjudicated by ${already.by}`);
        const { revisionIds, datasetId } = this.labels.saveHuman(itemId, classes, reviewer);
        this.db
          .prepare('INSERT INTO adjudications (item_id, adjudicated_by, adjudicated_at, revision_ids) VALUES (?, ?, ?, ?)')
          .run(itemId, reviewer, this.clock.now(), JSON.stringify(revisionIds));
        return { revisionIds, datasetId };
      })
      .immediate();
  }

  /** Per reader: their honeypots read, and their accuracy against the known label (the current one). */
  private honeypotAccuracy(datasetId: number): HoneypotAccuracy[] {
    const kind = this.datasets.get(datasetId).kind;
    const scores = new Map<string, number[]>();
    for (const item of this.readItems(datasetId, true)) {
      const truth = this.labels.currentOf(item.itemId);
      for (const r of item.done) {
        if (!scores.has(r.reader)) scores.set(r.reader, []);
        scores.get(r.reader)!.push(honeypotScore(kind, asMap(r.classes), truth));
      }
    }
    const readers = this.db
      .prepare(
        `SELECT DISTINCT t.reader FROM reading_tasks t JOIN items i ON i.id = t.item_id
         WHERE i.dataset_id = ? AND t.honeypot = 1 ORDER BY t.reader`,
      )
      .pluck()
      .all(datasetId) as string[];
    return readers.map((reader) => {
      const s = scores.get(reader) ?? [];
      return { reader, read: s.length, accuracy: s.length ? s.reduce((a, b) => a + b, 0) / s.length : null };
    });
  }

  /** The dataset's items under double reading (honeypot tasks or not), with the readings that are done. */
  private readItems(datasetId: number, honeypots: boolean): ReadItem[] {
    const rows = this.db
      .prepare(
        `SELECT t.item_id AS itemId, i.key AS key, i.series_uid AS seriesUid,
                CASE WHEN a.item_id IS NULL THEN 0 ELSE 1 END AS adjudicated
         FROM reading_tasks t JOIN items i ON i.id = t.item_id LEFT JOIN adjudications a ON a.item_id = t.item_id
         WHERE i.dataset_id = ? AND t.honeypot = ?
         GROUP BY t.item_id, i.key, i.series_uid, a.item_id, i.sort_index ORDER BY i.sort_index`,
      )
      .all(datasetId, honeypots ? 1 : 0) as { itemId: number; key: string; seriesUid: string | null; adjudicated: number }[];
    return rows.map((r) => ({
      itemId: r.itemId,
      key: r.key,
      seriesUid: r.seriesUid,
      adjudicated: r.adjudicated === 1,
      done: this.readings
        .readersOf(r.itemId)
        .filter((x) => x.doneAt !== null)
        .filter((x) => this.isHoneypotTask(r.itemId, x.reader) === honeypots),
    }));
  }

  private isHoneypotTask(itemId: number, reader: string): boolean {
    return this.db.prepare('SELECT honeypot FROM reading_tasks WHERE item_id = ? AND reader = ?').pluck().get(itemId, reader) === 1;
  }
}
