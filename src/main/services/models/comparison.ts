// The activation rule as the services apply it: a version is activated only when it beats both the version
// it is compared with (its parent after training; the active one from the UI) and the baseline, on the same
// validation items (shared/ml/loop/model-comparison.ts), with the reason in words.
import { activationDecision, type ActivationDecision, type MetricName, type ValidationScore } from '../../../shared/ml/loop/model-comparison';

/** How the baseline reads in reasons and tables. */
export const baselineNameOf = (metric: MetricName): string => (metric === 'mean Dice' ? 'the empty baseline' : 'the base-rate baseline');

/**
 * The activation decision; an empty validation set says what it takes to have one. `otherName` is how the
 * compared version reads ("its parent", "the active version").
 */
export function decideActivation(
  metric: MetricName,
  child: ValidationScore,
  other: ValidationScore | null,
  baseline: ValidationScore,
  groupedBy: 'patient' | 'image',
  otherName = 'its parent',
): ActivationDecision {
  const decision = activationDecision({ metric, child, parent: other, baseline, baselineName: baselineNameOf(metric) });
  if (child.count === 0) {
    const groups = groupedBy === 'patient' ? 'patients' : 'images';
    return { ...decision, reason: `not activated: no validation set yet (it needs reviewed items of at least two ${groups})` };
  }
  return otherName === 'its parent' ? decision : { ...decision, reason: decision.reason.replaceAll('its parent', otherName) };
}
