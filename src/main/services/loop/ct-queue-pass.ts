// CT slices through the queue's pure scorers, a batch at a time: the model's six probabilities (its class-0
// revisions) against the current label bits for `disagreement`, the probabilities alone — with the series
// neighbour rule, so the batch holds whole series — for `uncertainty`, two versions' probabilities for `ensemble`.
import type { LabelService } from '../labels/labels';
import { parseCtPrediction } from '../../../shared/ml/ct-prediction';
import type { QueueScore } from '../../../shared/ml/loop/review-queue';
import { ctDisagreement, ctEnsembleDisagreement } from '../../../shared/ml/loop/ct-queue-scores';
import { ctSeriesUncertainty } from '../../../shared/ml/loop/ct-series-neighbours';
import { seriesRuns, type QueueItem } from './queue-items';
import type { ResolvedOrder } from './queue-sources';

/** The six probabilities of each slice from one source (absent: no prediction). */
export function ctProbabilitiesOf(labels: LabelService, ids: readonly number[], source: `model:${string}`): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (const [itemId, classes] of labels.labelsOfItems(ids, source)) {
    const p = parseCtPrediction(classes.get(0) ?? '');
    if (p) out.set(itemId, p);
  }
  return out;
}

/** The current label bits of each slice that has a label (absent: unlabelled). */
export function ctLabelBitsOf(labels: LabelService, ids: readonly number[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const [itemId, classes] of labels.labelsOfItems(ids, 'current')) {
    const payload = classes.get(0);
    if (payload !== undefined && /^\d+$/.test(payload)) out.set(itemId, Number(payload));
  }
  return out;
}

/** Scores a batch of slices (whole series for `uncertainty`) by the resolved order. */
export function scoreCtItems(labels: LabelService, resolved: ResolvedOrder, items: readonly QueueItem[]): QueueScore[] {
  const ids = items.map((i) => i.id);
  const model = resolved.model!;
  const probabilities = ctProbabilitiesOf(labels, ids, model.source);
  const by = resolved.order.by;
  if (by === 'uncertainty') {
    const scores = new Map<number, QueueScore>();
    for (const run of seriesRuns(items)) {
      for (const s of ctSeriesUncertainty(run.map((item) => ({ itemId: item.id, probabilities: probabilities.get(item.id) ?? null })))) {
        scores.set(s.itemId, { score: s.score, reason: s.reason });
      }
    }
    return items.map((item) => scores.get(item.id)!);
  }
  if (by === 'ensemble') {
    const against = resolved.against!;
    const other = ctProbabilitiesOf(labels, ids, against.source);
    return items.map((item) => {
      const s = ctEnsembleDisagreement(probabilities.get(item.id) ?? null, other.get(item.id) ?? null, [model.version, against.version]);
      return { score: s.score, reason: s.reason };
    });
  }
  const bits = ctLabelBitsOf(labels, ids);
  return items.map((item) => {
    const s = ctDisagreement(probabilities.get(item.id) ?? null, bits.get(item.id) ?? null);
    return { score: s.score, reason: s.reason };
  });
}
