// Steel strips through the queue's pure scorers, a batch at a time: the model's masks (its RLE revisions)
// against the current label for `disagreement`, its stored probability maps for `uncertainty`, two versions'
// masks for `ensemble`. Masks are decoded into buffers reused from strip to strip, so memory stays that of
// a few strips whatever the dataset's size.
import type { LabelService } from '../labels/labels';
import type { PredictionMapStore } from '../models/predict-maps';
import { decodeRle } from '../../../shared/rle';
import { STEEL_CLASSES } from '../../../shared/domain';
import type { QueueScore } from '../../../shared/ml/loop/review-queue';
import { steelDisagreement, steelEnsembleDisagreement, type SteelMasks } from '../../../shared/ml/loop/steel-queue-scores';
import { steelUncertainty } from '../../../shared/ml/loop/expected-dice';
import type { QueueItem } from './queue-items';
import type { ResolvedOrder } from './queue-sources';

/** Decodes the four class masks of a strip into its own reused buffers. */
export class SteelMaskDecoder {
  private buffers: Uint8Array[] = [];
  private size = 0;

  /** The strip's masks (index 0 = class 1; null = empty class), or null when it has no revision at all. */
  masks(classes: Map<number, string> | undefined, width: number, height: number): SteelMasks | null {
    if (!classes) return null;
    if (this.size !== width * height) {
      this.size = width * height;
      this.buffers = STEEL_CLASSES.map(() => new Uint8Array(this.size));
    }
    return STEEL_CLASSES.map((classId, c) => {
      const rle = classes.get(classId) ?? '';
      return rle.trim() === '' ? null : decodeRle(rle, width, height, this.buffers[c]);
    });
  }
}

export interface SteelPassDeps {
  labels: LabelService;
  maps: PredictionMapStore;
}

/** Scores a batch of strips by the resolved order (disagreement, uncertainty or ensemble). */
export function scoreSteelItems(deps: SteelPassDeps, resolved: ResolvedOrder, items: readonly QueueItem[]): QueueScore[] {
  const ids = items.map((i) => i.id);
  const model = resolved.model!;
  const by = resolved.order.by;
  if (by === 'uncertainty') {
    return items.map((item) => {
      const maps = deps.maps.mapsOf(item.id, model.source);
      if (maps.length === 0) return { score: null, reason: `no probability maps from ${model.version}` };
      const presence = maps.every((m) => m.presence !== null) ? maps.map((m) => m.presence as number) : null;
      return steelUncertainty(maps, presence, resolved.post, item.width, item.height);
    });
  }
  const first = new SteelMaskDecoder();
  const second = new SteelMaskDecoder();
  const predicted = deps.labels.labelsOfItems(ids, model.source);
  if (by === 'ensemble') {
    const against = resolved.against!;
    const other = deps.labels.labelsOfItems(ids, against.source);
    return items.map((item) =>
      steelEnsembleDisagreement(
        first.masks(predicted.get(item.id), item.width, item.height),
        second.masks(other.get(item.id), item.width, item.height),
        [model.version, against.version],
      ),
    );
  }
  const current = deps.labels.labelsOfItems(ids, 'current');
  return items.map((item) => {
    const result = steelDisagreement(first.masks(predicted.get(item.id), item.width, item.height), second.masks(current.get(item.id), item.width, item.height));
    return { score: result.score, reason: result.reason };
  });
}
