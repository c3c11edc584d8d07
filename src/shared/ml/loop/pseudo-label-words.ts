// How a training run's pseudo-labelling reads in the CLI's report and the Models panel.
import { formatCount, formatProbability } from './reason-text';

export interface PseudoLabelFigures {
  candidates: number;
  taken: number;
  threshold: number;
  minConfidence: number | null;
  meanConfidence: number | null;
}

/** "took 12 of 40 candidates at confidence ≥ 0.90 (least 0.91, mean 0.96)". */
export function describePseudoLabels(p: PseudoLabelFigures): string {
  const at = `at confidence ≥ ${formatProbability(p.threshold)}`;
  if (p.candidates === 0) return `no candidates ${at}: every item outside the validation set has a label or a review`;
  const spread = p.taken && p.minConfidence !== null && p.meanConfidence !== null ? ` (least ${formatProbability(p.minConfidence)}, mean ${formatProbability(p.meanConfidence)})` : '';
  return `took ${formatCount(p.taken)} of ${formatCount(p.candidates)} candidate${p.candidates === 1 ? '' : 's'} ${at}${spread}`;
}
