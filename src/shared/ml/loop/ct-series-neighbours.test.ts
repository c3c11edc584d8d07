import { describe, expect, it } from 'vitest';
import { ctSeriesUncertainty, isolatedLabels, thresholdedLabels } from './ct-series-neighbours';
import { NEIGHBOUR_DISAGREEMENT_BOOST, weightedEntropy } from './ct-queue-scores';

const none = [0.01, 0.01, 0.01, 0.01, 0.01, 0.02];
const subdural = [0.01, 0.01, 0.01, 0.01, 0.8, 0.85];

describe('isolatedLabels', () => {
  it('flags a label present on a slice and on neither neighbour, and a gap in a run', () => {
    expect(isolatedLabels([none, subdural, none])).toEqual([[], [{ label: 'subdural', here: true }, { label: 'any', here: true }], []]);
    expect(isolatedLabels([subdural, none, subdural])[1]).toEqual([{ label: 'subdural', here: false }, { label: 'any', here: false }]);
    // Agreeing with one neighbour is not isolated.
    expect(isolatedLabels([none, subdural, subdural, none])).toEqual([[], [], [], []]);
  });

  it('never flags the ends, or a slice next to one without a prediction', () => {
    expect(isolatedLabels([subdural, none])).toEqual([[], []]);
    expect(isolatedLabels([none, subdural, null])).toEqual([[], [], []]);
  });

  it('uses per-label thresholds when given', () => {
    expect(thresholdedLabels(subdural, [0.5, 0.5, 0.5, 0.5, 0.9, 0.9])).toEqual([false, false, false, false, false, false]);
    expect(isolatedLabels([none, subdural, none], [0.5, 0.5, 0.5, 0.5, 0.9, 0.9])[1]).toEqual([]);
  });
});

describe('ctSeriesUncertainty', () => {
  it('boosts the isolated slice above its neighbours', () => {
    const rows = ctSeriesUncertainty([
      { itemId: 1, probabilities: none },
      { itemId: 2, probabilities: subdural },
      { itemId: 3, probabilities: none },
      { itemId: 4, probabilities: null },
    ]);
    expect(rows.map((r) => r.itemId)).toEqual([1, 2, 3, 4]);
    expect(rows[1].score).toBeCloseTo(weightedEntropy(subdural) + NEIGHBOUR_DISAGREEMENT_BOOST, 12);
    expect(rows[0].score).toBeCloseTo(weightedEntropy(none), 12);
    expect(rows[1].reason).toMatch(/^subdural and any on this slice but on neither neighbour; /);
    expect(rows[3].score).toBeNull();
  });
});
