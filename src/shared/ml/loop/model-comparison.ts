// The honest comparison behind activating a new model version. Parent, child and the baseline (steel: the
// all-empty prediction; CT: the base-rate prediction) are scored on the same fixed validation set; the child
// is activated only when it strictly beats both — a tie is not a win, and mean Dice rewards an empty
// prediction where defects are rare, so beating the parent alone proves nothing. Higher is better for mean
// Dice, lower for the weighted log loss. The decision comes with per-class deltas and its reason in words.
import type { EpochPoint } from '../../api/model-types';
import { formatCount, formatScore } from './reason-text';

export type MetricName = EpochPoint['metricName'];

/** A model's (or baseline's) score on a validation set: overall, per class ("1".."4" or CT label), and the set's size. */
export interface ValidationScore {
  value: number;
  perClass: Readonly<Record<string, number>>;
  /** Items in the validation set it was scored on. */
  count: number;
}

export interface ComparisonInput {
  metric: MetricName;
  child: ValidationScore;
  /** Null for a model trained from scratch (nothing to beat but the baseline). */
  parent: ValidationScore | null;
  baseline: ValidationScore;
  /** How the baseline reads in the reason; "the empty baseline" (Dice) or "the base-rate baseline" (log loss) by default. */
  baselineName?: string;
}

/** One class's figures; deltas are child − other (positive is better for Dice, negative for log loss). */
export interface ClassComparison {
  key: string;
  child: number;
  parent: number | null;
  baseline: number;
  deltaParent: number | null;
  deltaBaseline: number;
}

export interface ActivationDecision {
  activate: boolean;
  /** "activated: …" or "not activated: …". */
  reason: string;
  higherIsBetter: boolean;
  deltaParent: number | null;
  deltaBaseline: number;
  perClass: ClassComparison[];
  validationItems: number;
}

/** Scores this close count as equal: means over the same items can differ in the last bits by summation order alone. */
export const TIE_TOLERANCE = 1e-9;

/** Whether `score` strictly beats `than` under the metric (ties, within TIE_TOLERANCE, do not). */
export function beats(score: number, than: number, metric: MetricName): boolean {
  if (!Number.isFinite(score) || !Number.isFinite(than) || Math.abs(score - than) <= TIE_TOLERANCE) return false;
  return metric === 'mean Dice' ? score > than : score < than;
}

function against(child: number, other: number, name: string, metric: MetricName): string | null {
  if (beats(child, other, metric)) return null;
  const pair = `(${formatScore(child)} vs ${formatScore(other)})`;
  if (Math.abs(child - other) <= TIE_TOLERANCE) return `ties ${name} ${pair}`;
  return `${metric === 'mean Dice' ? 'scores below' : 'has a higher loss than'} ${name} ${pair}`;
}

/** Whether to activate the child, why, and the per-class deltas against parent and baseline. */
export function activationDecision(input: ComparisonInput): ActivationDecision {
  const { metric, child, parent, baseline } = input;
  const baselineName = input.baselineName ?? (metric === 'mean Dice' ? 'the empty baseline' : 'the base-rate baseline');
  const keys = [...new Set([...Object.keys(child.perClass), ...Object.keys(baseline.perClass), ...Object.keys(parent?.perClass ?? {})])];
  const perClass = keys.map((key) => {
    const c = child.perClass[key] ?? Number.NaN;
    const p = parent ? (parent.perClass[key] ?? Number.NaN) : null;
    const b = baseline.perClass[key] ?? Number.NaN;
    return { key, child: c, parent: p, baseline: b, deltaParent: p === null ? null : c - p, deltaBaseline: c - b };
  });
  const base = {
    higherIsBetter: metric === 'mean Dice',
    deltaParent: parent ? child.value - parent.value : null,
    deltaBaseline: child.value - baseline.value,
    perClass,
    validationItems: child.count,
  };
  const sizes = [child.count, baseline.count, ...(parent ? [parent.count] : [])];
  if (child.count === 0) return { ...base, activate: false, reason: 'not activated: the validation set is empty' };
  if (sizes.some((n) => n !== child.count)) {
    return { ...base, activate: false, reason: `not activated: scored on validation sets of different sizes (${sizes.map(formatCount).join(' vs ')} items)` };
  }
  if (!Number.isFinite(child.value)) return { ...base, activate: false, reason: `not activated: its ${metric} is not a number` };
  const problems = [against(child.value, baseline.value, baselineName, metric), parent ? against(child.value, parent.value, 'its parent', metric) : null].filter(
    (p): p is string => p !== null,
  );
  const on = `on ${formatCount(child.count)} validation item${child.count === 1 ? '' : 's'}`;
  if (problems.length) return { ...base, activate: false, reason: `not activated: ${problems.join(' and ')} ${on}` };
  const beaten = [...(parent ? [`its parent (${formatScore(parent.value)})`] : []), `${baselineName} (${formatScore(baseline.value)})`];
  return { ...base, activate: true, reason: `activated: ${formatScore(child.value)} beats ${beaten.join(' and ')} ${on}` };
}
