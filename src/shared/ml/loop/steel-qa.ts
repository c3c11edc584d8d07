// Steel QA, counted on human-reviewed strips only (the count is part of the result): for one model version,
// the Kaggle metric (mean Dice over image-class pairs, both empty = 1) per class and overall beside the
// all-empty prediction on the same strips — which scores the share of strips without that class, so a model
// that predicts nothing looks good where defects are rare unless this baseline stands beside it — the
// image-level presence confusion per class, and the worst strips with their reasons. Each strip is reduced to
// a few numbers first (steelItemQa), so a service can stream strips without keeping their masks.
import { rankQueue, type QueueRow } from './review-queue';
import { steelDisagreement, type SteelMaskComparison, type SteelMasks } from './steel-queue-scores';
import { countPresence, emptyConfusion, type PresenceConfusion } from './presence-confusion';

/** One reviewed strip against one model version, reduced to what QA needs. */
export interface SteelItemQa {
  itemId: number;
  /** Dice per class (index 0 = class 1). */
  dice: number[];
  labelPixels: number[];
  modelPixels: number[];
  /** 1 − mean Dice, and why, as the disagreement queue says it. */
  score: number;
  reason: string;
}

/** Reduces one reviewed strip: the model's thresholded masks against the current (human) label. */
export function steelItemQa(itemId: number, model: SteelMasks, label: SteelMasks, classes = 4): SteelItemQa {
  const c = steelDisagreement(model, label, classes) as SteelMaskComparison;
  return { itemId, dice: c.perClass, labelPixels: c.pixels.second, modelPixels: c.pixels.first, score: c.score, reason: c.reason };
}

export interface SteelQaClass {
  classId: number;
  /** The model's mean Dice on the class. */
  dice: number;
  /** The all-empty prediction's mean Dice on the class: the share of reviewed strips without it. */
  emptyBaseline: number;
  /** Strips whose label has the class. */
  labelled: number;
  confusion: PresenceConfusion;
}

export interface SteelQa {
  /** Reviewed strips counted; every mean below is over these (NaN when 0). */
  reviewed: number;
  /** Mean Dice over all reviewed image-class pairs, and the empty prediction's. */
  dice: number;
  emptyBaseline: number;
  perClass: SteelQaClass[];
  /** The strips the model gets most wrong (score > 0 only), worst first, ties in input order. */
  worst: QueueRow[];
}

/** Aggregates reviewed strips (in dataset order) for one model version; `worst` strips listed (20 by default). */
export function steelQa(items: readonly SteelItemQa[], options: { worst?: number; classes?: number } = {}): SteelQa {
  const classes = options.classes ?? 4;
  const n = items.length;
  const perClass: SteelQaClass[] = Array.from({ length: classes }, (_, c) => {
    let dice = 0;
    let empty = 0;
    let labelled = 0;
    const confusion = emptyConfusion();
    for (const item of items) {
      const hasLabel = item.labelPixels[c] > 0;
      dice += item.dice[c];
      if (hasLabel) labelled++;
      else empty++;
      countPresence(confusion, item.modelPixels[c] > 0, hasLabel);
    }
    return { classId: c + 1, dice: n ? dice / n : Number.NaN, emptyBaseline: n ? empty / n : Number.NaN, labelled, confusion };
  });
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const worst = rankQueue(
    items.filter((i) => i.score > 0).map((i, order) => ({ itemId: i.itemId, order, score: i.score, reason: i.reason })),
    options.worst ?? 20,
  );
  return {
    reviewed: n,
    dice: n ? mean(perClass.map((c) => c.dice)) : Number.NaN,
    emptyBaseline: n ? mean(perClass.map((c) => c.emptyBaseline)) : Number.NaN,
    perClass,
    worst,
  };
}
