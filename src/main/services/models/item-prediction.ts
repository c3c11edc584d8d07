// One version's stored prediction for one item, for showing a second version beside the active one (an A/B
// layer on a strip, a second column in the CT label panel): steel RLE per class, CT six probabilities. Read
// from the store only; a version that has not predicted the item says so.
import type { DatasetService } from '../datasets/datasets';
import type { LabelService } from '../labels/labels';
import type { ModelService } from './models';
import type { ItemPredictionView } from '../../../shared/api/model-loop-types';
import { parseCtPrediction } from '../../../shared/ml/ct-prediction';
import { badInput } from '../../../shared/errors';
import { taskOf } from './predict';

export function itemPrediction(datasets: DatasetService, labels: LabelService, models: ModelService, itemId: number, version: string): ItemPredictionView {
  const item = datasets.item(itemId);
  const task = taskOf(datasets.get(item.datasetId));
  const model = models.get(version);
  if (model.task !== task) throw badInput(`model ${version} is a ${model.task} model; item ${item.key} is a ${task} item`);
  const source = `model:${version}` as const;
  const classes = labels.labelsOfItems([itemId], source).get(itemId);
  const none: ItemPredictionView = { itemId, version, source, predicted: false, steel: null, ct: null };
  if (!classes) return none;
  if (task === 'steel') {
    return { ...none, predicted: true, steel: [1, 2, 3, 4].map((classId) => ({ classId, rle: classes.get(classId) ?? '' })) };
  }
  const probabilities = parseCtPrediction(classes.get(0) ?? '');
  return probabilities ? { ...none, predicted: true, ct: probabilities } : none;
}
