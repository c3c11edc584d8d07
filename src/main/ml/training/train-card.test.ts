// What a new version's card keeps of its parent's: the architecture and inputs, never what was fitted to the
// parent's outputs (steel post-processing, a CT calibration).
import { describe, expect, it } from 'vitest';
import { forNewWeights } from './train-job';
import { ctCard, steelCard } from '../architectures/builtin';
import type { CtModelCard, SteelModelCard } from '../../../shared/ml/model-card';

describe('the card of new weights', () => {
  it("gives a steel child a fresh model's thresholds, min-areas and presence gates, not a parent's that paint nothing", () => {
    const off: SteelModelCard = { ...steelCard(), thresholds: [0.3, 0.8, 0.7, 0.8], minArea: [409601, 409601, 409601, 409601], presenceThresholds: [0.7, 0.95, 0.6, 0.95] };
    const child = forNewWeights(off) as SteelModelCard;
    expect([child.thresholds, child.minArea, child.presenceThresholds]).toEqual([steelCard().thresholds, steelCard().minArea, [0.5, 0.5, 0.5, 0.5]]);
    expect([child.architecture, child.input, child.normalization]).toEqual([off.architecture, off.input, off.normalization]);
  });

  it('drops a CT calibration and keeps a card without one as it is', () => {
    const plain = ctCard();
    expect(forNewWeights(plain)).toBe(plain);
    const calibrated: CtModelCard = { ...plain, calibration: { temperature: [1, 2, 2, 2, 2, 2], bias: [0, 0, 0, 0, 0, 0] } };
    expect(forNewWeights(calibrated)).not.toHaveProperty('calibration');
  });
});
