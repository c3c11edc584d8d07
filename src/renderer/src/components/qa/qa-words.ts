// How the QA page writes its numbers and names: metrics with four decimals, signed differences, shares as
// percentages, and which direction is better for each metric.
import { formatDelta, formatProbability, formatScore } from '../../../../shared/ml/loop/reason-text';
import { formatCount } from '../../vocabulary';

export { formatCount, formatDelta, formatProbability, formatScore };

/** "62%" of a share in [0, 1]. */
export const formatShare = (share: number) => `${Math.round(100 * share)}%`;

/** Mean Dice: higher is better; log loss: lower is better. Positive = the model beats the baseline. */
export function margin(metric: 'mean Dice' | 'weighted log loss', model: number, baseline: number): number {
  return metric === 'mean Dice' ? model - baseline : baseline - model;
}

/** The words under a model's figure: beats / ties / falls short of the baseline. */
export function verdict(metric: 'mean Dice' | 'weighted log loss', model: number, baseline: number): { text: string; tone: 'ok' | 'warn' | 'danger' } {
  const m = margin(metric, model, baseline);
  if (Math.abs(m) < 5e-5) return { text: 'ties the baseline', tone: 'warn' };
  return m > 0 ? { text: 'beats the baseline', tone: 'ok' } : { text: 'worse than the baseline', tone: 'danger' };
}
