// One version's stored prediction for one item, for showing a second version beside the active one (an A/B
// layer on a strip, a second column in the CT label panel): steel RLE per class, CT six probabilities with the
// card's thresholds; and which versions have predicted an item. Read from the store only; a version that has
// not predicted the item says so. A strip's masks for drawing travel over the binary route (binaryPaths.predictionMasks).
import type { DatasetService } from '../datasets/datasets';
import type { LabelService } from '../labels/labels';
import type { ModelService } from './models';
import type { ItemPredictionView, ItemVersionsView } from '../../../shared/api/model-loop-types';
import { parseCtPrediction } from '../../../shared/ml/ct-prediction';
import { ctThresholdsOf } from '../../../shared/ml/model-card';
import { badInput } from '../../../shared/errors';
import { taskOf } from './predict';

export function itemPrediction(datasets: DatasetService, labels: LabelService, models: ModelService, itemId: number, version: string): ItemPredictionView {
  const item = datasets.item(itemId);
  const task = taskOf(datasets.get(item.datasetId));
  const model = models.get(version);
  if (model.task !== task) throw badInput(`model ${version} is a ${model.task} model; item ${item.key} is a ${task} item`);
  const source = `model:${version}` as const;
  const classes = labels.labelsOfItems([itemId], source).get(itemId);
  const none: ItemPredictionView = { itemId, version, source, predicted: false, steel: null, ct: null, thresholds: null };
  if (!classes) return none;
  if (task === 'steel') {
    return { ...none, predicted: true, steel: [1, 2, 3, 4].map((classId) => ({ classId, rle: classes.get(classId) ?? '' })) };
  }
  const probabilities = parseCtPrediction(classes.get(0) ?? '');
  const thresholds = model.card.task === 'ct' ? ctThresholdsOf(model.card) : null;
  return probabilities ? { ...none, predicted: true, ct: probabilities, thresholds } : none;
}

/** The registered versions of the item's task with a stored prediction of the item, newest first. */
export function versionsPredicting(datasets: DatasetService, labels: LabelService, models: ModelService, itemId: number): ItemVersionsView {
  const item = datasets.item(itemId);
  const task = taskOf(datasets.get(item.datasetId));
  const predicted = new Set(labels.modelSourcesOf(itemId).map((source) => source.slice('model:'.length)));
  const versions = models
    .list(task)
    .filter((v) => predicted.has(v.version))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.version.localeCompare(a.version))
    .map((v) => v.version);
  return { itemId, versions };
}
