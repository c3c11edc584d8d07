// CT QA, counted on human-reviewed slices only (the count is part of the result): for one model version,
// RSNA's weighted log loss per label and overall beside two base-rate baselines on the same slices — the
// constant prediction of each label's prevalence in this reviewed set (the best constant there), and RSNA's
// published training base rates — the image-level presence confusion per label (p ≥ threshold), and the
// worst slices with their reasons.
import { bitsToLabels, type SubtypeBits } from '../../ct-labels';
import { CT_LABELS, type CtLabel } from '../../domain';
import { weightedLogLoss, type LogLossRow } from '../../metrics';
import { ctSliceLoss } from './ct-queue-scores';
import { countPresence, emptyConfusion, type PresenceConfusion } from './presence-confusion';
import { rankQueue, type QueueRow } from './review-queue';

/**
 * The share of each label among RSNA ICH's training slices, CT_LABELS order (epidural 0.4%, intraparenchymal
 * 4.8%, intraventricular 3.5%, subarachnoid 4.8%, subdural 6.3%, any 14.4%).
 */
export const RSNA_TRAINING_BASE_RATES: readonly number[] = [0.004, 0.048, 0.035, 0.048, 0.063, 0.144];

/** One reviewed slice: its current (human) label bits and the model's six probabilities, CT_LABELS order. */
export interface CtItemQa {
  itemId: number;
  labelBits: SubtypeBits;
  probabilities: ArrayLike<number>;
}

export interface CtQaLabel {
  label: CtLabel;
  /** The model's mean log loss on the label (unweighted, as RSNA's per-label figure). */
  logLoss: number;
  /** Share of reviewed slices with the label: the constant the base-rate baseline predicts. */
  prevalence: number;
  baseRateLogLoss: number;
  rsnaBaseRateLogLoss: number;
  confusion: PresenceConfusion;
}

export interface CtQa {
  /** Reviewed slices counted (every figure is over these; NaN when 0). */
  reviewed: number;
  /** The model's weighted log loss. */
  logLoss: number;
  /** The weighted log loss of predicting each label's prevalence in this reviewed set. */
  baseRateLogLoss: number;
  /** The weighted log loss of predicting RSNA's training base rates. */
  rsnaBaseRateLogLoss: number;
  perLabel: CtQaLabel[];
  /** The slices the model gets most wrong, worst first, ties in input order. */
  worst: QueueRow[];
}

/**
 * Aggregates reviewed slices (in dataset order) for one model version. `thresholds` (per label, CT_LABELS order,
 * 0.5 by default) decide the model's yes for the confusion counts; `worst` slices are listed (20 by default).
 */
export function ctQa(items: readonly CtItemQa[], options: { thresholds?: readonly number[]; worst?: number } = {}): CtQa {
  const truths = items.map((i) => bitsToLabels(i.labelBits));
  const n = items.length;
  const prevalence = CT_LABELS.map((_, j) => (n ? truths.reduce((s, t) => s + t[j], 0) / n : Number.NaN));
  const rows = (pred: (i: number) => ArrayLike<number>): LogLossRow[] => truths.map((truth, i) => ({ truth, pred: pred(i) }));
  const model = weightedLogLoss(rows((i) => items[i].probabilities));
  const baseRate = weightedLogLoss(rows(() => prevalence));
  const rsna = weightedLogLoss(rows(() => RSNA_TRAINING_BASE_RATES));
  const perLabel = CT_LABELS.map((label, j) => {
    const confusion = emptyConfusion();
    const t = options.thresholds?.[j] ?? 0.5;
    items.forEach((item, i) => countPresence(confusion, item.probabilities[j] >= t, truths[i][j] === 1));
    return {
      label,
      logLoss: model.perLabel[label],
      prevalence: prevalence[j],
      baseRateLogLoss: baseRate.perLabel[label],
      rsnaBaseRateLogLoss: rsna.perLabel[label],
      confusion,
    };
  });
  const worst = rankQueue(
    items.map((item, order) => ({ itemId: item.itemId, order, ...ctSliceLoss(item.probabilities, item.labelBits) })),
    options.worst ?? 20,
  );
  return { reviewed: n, logLoss: model.value, baseRateLogLoss: baseRate.value, rsnaBaseRateLogLoss: rsna.value, perLabel, worst };
}
