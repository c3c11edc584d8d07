import { describe, expect, it } from 'vitest';
import { labelEfficiency, labelEfficiencyTable, labelsToReach, meanCurve } from './label-efficiency';

const curve = (...pairs: [number, number][]) => pairs.map(([labels, metric]) => ({ labels, metric }));
const random = curve([50, 0.5], [100, 0.6], [150, 0.66], [200, 0.7]);
const uncertainty = curve([50, 0.55], [100, 0.68], [150, 0.74], [200, 0.78]);

describe('labelsToReach', () => {
  it('interpolates between the rounds around the crossing', () => {
    // 0.70 lies between 0.68 (100 labels) and 0.74 (150): 100 + (0.02 / 0.06) · 50
    expect(labelsToReach(uncertainty, 0.7)).toBeCloseTo(100 + 50 / 3, 9);
    expect(labelsToReach(uncertainty, 0.5)).toBe(50);
    expect(labelsToReach(uncertainty, 0.9)).toBeNull();
    // Order of the points does not matter.
    expect(labelsToReach([...uncertainty].reverse(), 0.7)).toBeCloseTo(100 + 50 / 3, 9);
  });

  it('reads lower as better for a loss', () => {
    const loss = curve([10, 0.9], [20, 0.7], [30, 0.6]);
    expect(labelsToReach(loss, 0.8, false)).toBeCloseTo(15, 12);
    expect(labelsToReach(loss, 0.5, false)).toBeNull();
  });
});

describe('labelEfficiency', () => {
  it("gives the fraction of the reference's labels needed to reach its final score", () => {
    const e = labelEfficiency(uncertainty, random);
    expect(e.target).toBe(0.7);
    expect(e.referenceLabels).toBe(200);
    expect(e.fraction).toBeCloseTo((100 + 50 / 3) / 200, 9);
    expect(e.reached).toBe(true);
    const never = labelEfficiency(curve([50, 0.4], [200, 0.65]), random);
    expect(never).toEqual({ target: 0.7, referenceLabels: 200, labels: null, fraction: null, reached: false });
    expect(labelEfficiency(random, random).fraction).toBe(1);
  });

  it('tabulates every strategy against the reference', () => {
    const table = labelEfficiencyTable(
      [
        { strategy: 'random', points: random },
        { strategy: 'uncertainty', points: uncertainty },
      ],
      'random',
    );
    expect(table.map((r) => r.strategy)).toEqual(['uncertainty']);
    expect(table[0].fraction).toBeCloseTo(0.5833333, 6);
    expect(() => labelEfficiencyTable([], 'random')).toThrow(/no curve for the reference strategy "random"/);
  });
});

describe('meanCurve', () => {
  it('averages repeated runs point by point', () => {
    const mean = meanCurve([curve([0, 0.5], [10, 0.6], [20, 0.8]), curve([0, 0.5], [10, 0.7], [20, 0.6])]);
    expect(mean.map((p) => p.labels)).toEqual([0, 10, 20]);
    expect(mean[0].metric).toBeCloseTo(0.5, 12);
    expect(mean[1].metric).toBeCloseTo(0.65, 12);
    expect(mean[2].metric).toBeCloseTo(0.7, 12);
    expect(meanCurve([random])).toEqual(random);
  });

  it('refuses runs that reveal different numbers of labels', () => {
    expect(() => meanCurve([])).toThrow(/no runs/);
    expect(() => meanCurve([curve([0, 0.5], [10, 0.6]), curve([0, 0.5], [12, 0.6])])).toThrow(/same numbers of labels/);
    expect(() => meanCurve([curve([0, 0.5], [10, 0.6]), curve([0, 0.5])])).toThrow(/same numbers of labels/);
  });
});
