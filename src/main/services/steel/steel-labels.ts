// The steel workspace's view of one strip's labels: the current (human, else truth), the imported truth and
// the model's prediction per class; saves that append one human revision per changed class in a single
// transaction; the revision history with pixel counts; reverts (a new revision); the next strip to review.
import type { Db } from '../../db/database';
import type { DatasetService, Item } from '../datasets/datasets';
import type { LabelRevision, LabelService } from '../labels/labels';
import { STEEL_CLASSES } from '../../../shared/domain';
import { badInput, notFound } from '../../../shared/errors';
import { decodeRle, encodeRle, parseRle } from '../../../shared/rle';
import { requireSteelClass } from '../../../shared/label-rules';
import type {
  NextToReview,
  SteelCurrentClass,
  SteelItemLabels,
  SteelPrediction,
  SteelRevertResult,
  SteelRevision,
  SteelSaveResult,
  SteelSavedClass,
} from '../../../shared/api/steel-types';
import { rleArea } from '../datasets/item-pages';
import { requireCurrentBases } from '../labels/base-check';

type ModelSource = `model:${string}`;

export class SteelLabelService {
  constructor(
    private readonly db: Db,
    private readonly datasets: DatasetService,
    private readonly labels: LabelService,
  ) {}

  /** Every layer of a strip, as Kaggle RLE per class ('' = empty). */
  labelsOf(itemId: number): SteelItemLabels {
    const item = this.steelItem(itemId);
    const history = this.labels.history(itemId);
    const current = currentRevisions(history);
    const reviewInfo = this.labels.reviewInfoOf(itemId);
    const truth = new Map<number, string>();
    for (const r of history) if (r.source === 'truth') truth.set(r.classId, r.payload);
    return {
      itemId,
      width: item.width,
      height: item.height,
      current: STEEL_CLASSES.map((classId): SteelCurrentClass => {
        const r = current.get(classId);
        return r
          ? { classId, rle: r.payload, source: r.source, author: r.author, createdAt: r.createdAt, revisionId: r.id, origin: r.origin }
          : { classId, rle: '', source: null, author: null, createdAt: null, revisionId: null, origin: null };
      }),
      truth: STEEL_CLASSES.map((classId) => ({ classId, rle: truth.get(classId) ?? '' })),
      prediction: this.predictionOf(history),
      review: reviewInfo.state,
      reviewInfo,
      unlabelled: current.size === 0,
    };
  }

  /**
   * Appends a human revision for each class whose mask differs from its current label, all in one
   * transaction; classes that are unchanged are skipped — except on a strip that has no label at all, where
   * every class sent is written, so that an empty mask the person saves says "no defect" instead of nothing.
   * What the save does to the review follows the label service's rule (a first label → "in progress", an edit
   * after approval → back to "in progress").
   */
  save(itemId: number, classes: SteelSavedClass[], author: string): SteelSaveResult {
    const item = this.steelItem(itemId);
    const seen = new Set<number>();
    const canonical = classes.map(({ classId, rle, base, origin }) => {
      requireSteelClass(classId);
      if (seen.has(classId)) throw badInput(`class ${classId} is given twice`);
      seen.add(classId);
      return { classId, rle: this.canonicalRle(rle, item, `class ${classId}`), base, origin: origin ?? null };
    });
    // IMMEDIATE: the base check and the write hold the write lock together (no save from another process between).
    return this.db.transaction((): SteelSaveResult => {
      requireCurrentBases(
        this.labels,
        canonical.map((c) => ({ itemId, classId: c.classId, base: c.base, same: (theirs) => this.canonicalRle(theirs, item, 'their mask', true) === c.rle })),
        `the masks of ${item.key} were saved by someone else since you opened them`,
      );
      const current = this.labels.currentOf(itemId);
      const firstLabel = current.size === 0;
      const changed = firstLabel
        ? canonical
        : canonical.filter((c) => c.rle !== this.canonicalRle(current.get(c.classId) ?? '', item, `the stored class ${c.classId}`, true));
      const ids = changed.length
        ? this.labels.append(changed.map((c) => ({ itemId, classId: c.classId, payload: c.rle, origin: c.origin })), 'human', author)
        : [];
      const after = ids.length ? this.labels.afterHumanEdit(itemId, author) : { review: this.labels.reviewInfoOf(itemId), approvalReset: false };
      return {
        itemId,
        saved: changed.map((c, k) => ({ classId: c.classId, revisionId: ids[k], pixels: rleArea(c.rle) })),
        unchanged: canonical.filter((c) => !changed.includes(c)).map((c) => c.classId),
        review: after.review.state,
        reviewInfo: after.review,
        approvalReset: after.approvalReset,
      };
    }).immediate();
  }

  /** Every revision of the strip, newest first, with its pixel count and whether it is the current label of its class. */
  history(itemId: number): SteelRevision[] {
    this.steelItem(itemId);
    const history = this.labels.history(itemId);
    const currentIds = new Set([...currentRevisions(history).values()].map((r) => r.id));
    return history
      .map((r) => ({ id: r.id, classId: r.classId, source: r.source, author: r.author, createdAt: r.createdAt, pixels: rleArea(r.payload), current: currentIds.has(r.id), origin: r.origin }))
      .reverse();
  }

  /** Makes an earlier revision (of any source) the current label of its class again, as a new human revision. */
  revert(itemId: number, revisionId: number, author: string): SteelRevertResult {
    const item = this.steelItem(itemId);
    const target = this.labels.history(itemId).find((r) => r.id === revisionId);
    if (!target) throw notFound(`revision ${revisionId} does not belong to item ${itemId}`);
    const rle = this.canonicalRle(target.payload, item, `revision ${revisionId}`, true);
    // Going back to a model's prediction is taking that model's draft for the class.
    const origin = target.source.startsWith('model:') ? target.source : undefined;
    // A revert is made on the class as it stands now (the history shows the current revisions), so its base is the current one.
    const base = this.labels.currentRevisionsOf(itemId).get(target.classId)?.id ?? 'none';
    const result = this.save(itemId, [{ classId: target.classId, rle, base, origin }], author);
    const saved = result.saved[0];
    return { classId: target.classId, rle, revisionId: saved?.revisionId ?? null, review: result.review, approvalReset: result.approvalReset };
  }

  /**
   * The next (or previous) strip in display order that is neither approved nor flagged, coming round from the
   * start (or the end) of the list when none is left past this one; null when no other strip needs review.
   */
  nextUnreviewed(itemId: number, direction: 'next' | 'previous'): NextToReview {
    const item = this.datasets.item(itemId);
    const forward = direction === 'next';
    const find = (comparison: '>' | '<') =>
      this.db
        .prepare(
          `SELECT i.id FROM items i
           WHERE i.dataset_id = ? AND i.sort_index ${comparison} ?
             AND COALESCE((SELECT r.state FROM reviews r WHERE r.item_id = i.id ORDER BY r.id DESC LIMIT 1), 'unreviewed') IN ('unreviewed', 'in_progress')
           ORDER BY i.sort_index ${forward ? 'ASC' : 'DESC'} LIMIT 1`,
        )
        .pluck()
        .get(item.datasetId, item.sortIndex) as number | undefined;
    const ahead = find(forward ? '>' : '<');
    if (ahead !== undefined) return { itemId: ahead, wrapped: false };
    const round = find(forward ? '<' : '>');
    return round === undefined ? { itemId: null, wrapped: false } : { itemId: round, wrapped: true };
  }

  /** The prediction shown for a strip: the active steel model's, else the newest model revision the strip has. */
  private predictionOf(history: LabelRevision[]): SteelPrediction | null {
    const bySource = new Map<ModelSource, Map<number, LabelRevision>>();
    let newest: ModelSource | null = null;
    for (const r of history) {
      if (!r.source.startsWith('model:')) continue;
      const source = r.source as ModelSource;
      let classes = bySource.get(source);
      if (!classes) bySource.set(source, (classes = new Map()));
      classes.set(r.classId, r);
      newest = source;
    }
    if (!newest) return null;
    const active = this.activeSteelSource();
    const source = active && bySource.has(active) ? active : newest;
    const classes = bySource.get(source)!;
    return {
      source,
      version: source.slice('model:'.length),
      active: source === active,
      classes: STEEL_CLASSES.map((classId) => ({ classId, rle: classes.get(classId)?.payload ?? '' })),
    };
  }

  /** The active steel model's revisions' source (the models table keeps at most one active per task). */
  private activeSteelSource(): ModelSource | null {
    const row = this.db.prepare("SELECT version FROM models WHERE task = 'steel' AND active = 1").get() as { version: string } | undefined;
    return row ? `model:${row.version}` : null;
  }

  private steelItem(itemId: number): Item {
    const item = this.datasets.item(itemId);
    if (this.datasets.get(item.datasetId).kind !== 'severstal') throw badInput(`item ${itemId} is a CT slice, not a steel strip`);
    return item;
  }

  /** A valid RLE in Kaggle's canonical form (maximal runs, single spaces); stored payloads that cannot be read count as empty when `lenient`. */
  private canonicalRle(rle: string, item: Item, what: string, lenient = false): string {
    if (rle.trim() === '') return '';
    const parsed = parseRle(rle, item.width, item.height);
    if (!parsed.ok) {
      if (lenient) return '';
      throw badInput(`${what}: ${parsed.reason}`);
    }
    return encodeRle(decodeRle(rle, item.width, item.height));
  }
}

/** Per class, the revision that is its current label: the newest human one, else the newest truth. */
function currentRevisions(history: LabelRevision[]): Map<number, LabelRevision> {
  const current = new Map<number, LabelRevision>();
  for (const r of history) {
    if (r.source !== 'truth' && r.source !== 'human') continue;
    const held = current.get(r.classId);
    if (held && held.source === 'human' && r.source === 'truth') continue;
    current.set(r.classId, r);
  }
  return current;
}
