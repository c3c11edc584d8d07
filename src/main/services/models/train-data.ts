// What a retraining run learns from: every labelled item with its current label (newest human revision,
// else truth), the items the parent may pseudo-label (neither truth nor a person's label, never reviewed:
// isPseudoLabelCandidate; the validation set's groups are taken out by the caller), and a snapshot that names
// the exact label revisions used (they are append-only, so the newest id and a digest pin them down).
import { createHash } from 'node:crypto';
import type { Db } from '../../db/database';
import type { Dataset, DatasetService } from '../datasets/datasets';
import type { LabelService } from '../labels/labels';
import type { TrainingSnapshot } from './models';
import type { ItemInput } from '../../ml/inputs';
import type { LabelledItem } from '../../ml/worker/protocol';
import { isPseudoLabelCandidate, type HeldOut } from '../../../shared/ml/loop/pseudo-label-candidates';
import { itemInput } from './predict';

export interface TrainingData {
  labelled: LabelledItem[];
  /** Items with neither truth nor a person's label, never reviewed: pseudoLabelCandidates narrows them further. */
  unlabelled: ItemInput[];
  revisions: NonNullable<TrainingSnapshot['labelRevisions']>;
}

export function trainingData(db: Db, datasets: DatasetService, labels: LabelService, dataset: Dataset): TrainingData {
  const items = datasets.items(dataset.id);
  const current = labels.labelsOf(dataset.id, 'current');
  const reviews = datasets.reviewStates(dataset.id);
  const labelled: LabelledItem[] = [];
  const unlabelled: ItemInput[] = [];
  for (const item of items) {
    const input = itemInput(dataset, item);
    const classes = current.get(item.id);
    if (dataset.kind === 'severstal') {
      // A strip is labelled when a CSV or a person said what it holds (an empty truth or human revision says
      // "no defect"); without either it is unlabelled, whatever file the dataset was imported with.
      if (classes !== undefined) labelled.push({ ...input, rles: [1, 2, 3, 4].map((c) => classes?.get(c) ?? '') });
    } else {
      const payload = classes?.get(0);
      if (payload !== undefined && /^\d+$/.test(payload)) labelled.push({ ...input, bits: Number(payload) });
    }
    const candidate = { itemId: item.id, group: input.group, hasTruth: classes !== undefined, hasHumanLabel: classes !== undefined, review: reviews.get(item.id) };
    if (isPseudoLabelCandidate(candidate)) unlabelled.push(input);
  }
  const ids = db
    .prepare(`SELECT l.id FROM label_revisions l JOIN items i ON i.id = l.item_id
              WHERE i.dataset_id = ? AND l.source IN ('truth', 'human') ORDER BY l.id`)
    .pluck()
    .all(dataset.id) as number[];
  const digest = createHash('sha256').update(ids.join(',')).digest('hex');
  return { labelled, unlabelled, revisions: { count: ids.length, upToId: ids.length ? ids[ids.length - 1] : 0, sha256: digest } };
}

/** The unlabelled items a run may pseudo-label: none of the validation set's items or groups. */
export function pseudoLabelCandidates(data: TrainingData, heldOut: HeldOut): ItemInput[] {
  return data.unlabelled.filter((input) => !heldOut.itemIds?.has(input.itemId) && !heldOut.groups?.has(input.group));
}
