// Label efficiency of review strategies, from a benchmark's learning curves (labels used → held-out metric,
// one point per round): how many labels strategy A needs to reach the score strategy B ends with, as a
// fraction of the labels B used. A crosses the target between two rounds; the labels at the crossing are
// interpolated linearly between those rounds. "Not reached" when A never gets there. Higher is better for
// mean Dice; pass higherIsBetter = false for a log loss.

export interface CurvePoint {
  labels: number;
  metric: number;
}

export interface StrategyCurve {
  strategy: string;
  points: CurvePoint[];
}

const byLabels = (points: readonly CurvePoint[]) => [...points].sort((a, b) => a.labels - b.labels);

/** The labels at which a curve first reaches `target` (interpolated), or null when it never does. */
export function labelsToReach(points: readonly CurvePoint[], target: number, higherIsBetter = true): number | null {
  const sorted = byLabels(points);
  const reached = (m: number) => (higherIsBetter ? m >= target : m <= target);
  for (let i = 0; i < sorted.length; i++) {
    if (!reached(sorted[i].metric)) continue;
    if (i === 0) return sorted[0].labels;
    const a = sorted[i - 1];
    const b = sorted[i];
    return a.labels + ((target - a.metric) / (b.metric - a.metric)) * (b.labels - a.labels);
  }
  return null;
}

export interface LabelEfficiency {
  /** The reference's final score (its point with the most labels) and the labels it took. */
  target: number;
  referenceLabels: number;
  /** Labels the strategy needed to reach the target, and that as a fraction of referenceLabels; null: not reached. */
  labels: number | null;
  fraction: number | null;
  reached: boolean;
}

/** How many of the reference's labels `strategy` needs to reach the reference's final score. */
export function labelEfficiency(strategy: readonly CurvePoint[], reference: readonly CurvePoint[], higherIsBetter = true): LabelEfficiency {
  if (reference.length === 0) throw new RangeError('the reference curve has no points');
  const last = byLabels(reference)[reference.length - 1];
  if (!(last.labels > 0)) throw new RangeError('the reference curve must end with a positive number of labels');
  const labels = labelsToReach(strategy, last.metric, higherIsBetter);
  return { target: last.metric, referenceLabels: last.labels, labels, fraction: labels === null ? null : labels / last.labels, reached: labels !== null };
}

/** Every strategy against one reference (e.g. "random"), in the curves' order; the reference itself is left out. */
export function labelEfficiencyTable(curves: readonly StrategyCurve[], reference: string, higherIsBetter = true): Array<LabelEfficiency & { strategy: string }> {
  const ref = curves.find((c) => c.strategy === reference);
  if (!ref) throw new RangeError(`no curve for the reference strategy "${reference}" (have ${curves.map((c) => c.strategy).join(', ')})`);
  return curves.filter((c) => c !== ref).map((c) => ({ strategy: c.strategy, ...labelEfficiency(c.points, ref.points, higherIsBetter) }));
}

/**
 * The mean of repeated runs of one strategy (other seeds), point by point: the runs must reveal the same numbers
 * of labels in the same order. Averaging is what makes a small benchmark's curve say more than its noise.
 */
export function meanCurve(runs: readonly (readonly CurvePoint[])[]): CurvePoint[] {
  if (runs.length === 0) throw new RangeError('no runs to average');
  const first = runs[0];
  for (const run of runs) {
    if (run.length !== first.length || run.some((p, i) => p.labels !== first[i].labels)) {
      throw new RangeError('the runs to average must have the same numbers of labels, point by point');
    }
  }
  return first.map((p, i) => ({ labels: p.labels, metric: runs.reduce((s, run) => s + run[i].metric, 0) / runs.length }));
}
