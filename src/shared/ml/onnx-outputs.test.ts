import { describe, expect, it } from 'vitest';
import steelFixtureCard from '../../../resources/model-cards/steel-unet.card.json';
import ctFixtureCard from '../../../resources/model-cards/ct-cnn.card.json';
import { parseOnnxCard, type CtOnnxCard, type SteelOnnxCard } from './onnx-card';
import { ctProbabilities, sigmoid, steelProbabilities, steelProbabilityMaps } from './onnx-outputs';

const steel = (outputs: object, extra: object = {}) => parseOnnxCard({ ...steelFixtureCard, outputs, ...extra }) as SteelOnnxCard;
const logit = (p: number) => Math.log(p / (1 - p));

describe('steelProbabilities', () => {
  // One 1×2 item, 4 channels: value = channel + pixel / 10 (as probabilities).
  const nchw = Float32Array.from([0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35]);

  it('reads NCHW probabilities in the card’s class order', () => {
    const card = steel({ masks: { name: 'p', kind: 'probabilities', classes: [3, 1, 4, 2] } });
    const [item] = steelProbabilities(card, { name: 'p', data: nchw, dims: [1, 4, 1, 2] }, null, 1);
    expect([item.width, item.height, item.presence]).toEqual([2, 1, null]);
    // class 1 is channel 1, class 2 channel 3, class 3 channel 0, class 4 channel 2
    expect(item.classes.map((c) => Array.from(c).map((v) => +v.toFixed(4)))).toEqual([
      [0.1, 0.15],
      [0.3, 0.35],
      [0, 0.05],
      [0.2, 0.25],
    ]);
  });

  it('gives the same maps from NHWC logits as from NCHW probabilities', () => {
    const nhwcLogits = new Float32Array(8);
    for (let c = 0; c < 4; c++) for (let x = 0; x < 2; x++) nhwcLogits[x * 4 + c] = logit(nchw[c * 2 + x] + 0.01);
    const plain = steel({ masks: { name: 'p', kind: 'probabilities', classes: [1, 2, 3, 4] } });
    const other = steel({ masks: { name: 'l', kind: 'logits', layout: 'NHWC', classes: [1, 2, 3, 4] } });
    const a = steelProbabilities(plain, { name: 'p', data: nchw.map((v) => v + 0.01), dims: [1, 4, 1, 2] }, null, 1)[0];
    const b = steelProbabilities(other, { name: 'l', data: nhwcLogits, dims: [1, 1, 2, 4] }, null, 1)[0];
    a.classes.forEach((plane, c) => plane.forEach((v, i) => expect(b.classes[c][i]).toBeCloseTo(v, 6)));
    expect(steelProbabilityMaps(b)[3].data).toEqual(Uint8Array.from([Math.round(0.31 * 255), Math.round(0.36 * 255)]));
  });

  it('skips ignored channels, maps the presence output, and reads only the real items of a padded batch', () => {
    const card = steel(
      { masks: { name: 'p', kind: 'probabilities', classes: [null, 1, 2, 3, 4] }, presence: { name: 'c', kind: 'logits', classes: [4, 3, 2, 1] } },
      { presenceThresholds: [0.5, 0.5, 0.5, 0.5] },
    );
    const masks = Float32Array.from({ length: 2 * 5 }, (_, i) => i / 10); // 2 items × 5 channels × 1 pixel
    const presence = Float32Array.from([logit(0.1), logit(0.2), logit(0.3), logit(0.4), 0, 0, 0, 0]);
    const items = steelProbabilities(card, { name: 'p', data: masks, dims: [2, 5, 1, 1] }, { name: 'c', data: presence, dims: [2, 4] }, 1);
    expect(items).toHaveLength(1);
    expect(items[0].classes.map((c) => +c[0].toFixed(4))).toEqual([0.1, 0.2, 0.3, 0.4]);
    expect(items[0].presence!.map((p) => +p.toFixed(4))).toEqual([0.4, 0.3, 0.2, 0.1]);
  });

  it('refuses an output that came back in another shape than the card says', () => {
    const card = steel({ masks: { name: 'p', kind: 'probabilities', classes: [1, 2, 3, 4] } });
    expect(() => steelProbabilities(card, { name: 'p', data: new Float32Array(6), dims: [1, 3, 1, 2] }, null, 1)).toThrow(
      'output "p" came back [1, 3, 1, 2]; the card expects 4 channels on axis 1',
    );
  });
});

describe('ctProbabilities', () => {
  it('applies the sigmoid to logits and keeps CT_LABELS order', () => {
    const card = parseOnnxCard(ctFixtureCard) as CtOnnxCard;
    const data = Float32Array.from([-2, -1, 0, 1, 2, 3]);
    const [p] = ctProbabilities(card, { name: 'logits', data, dims: [1, 6] }, 1);
    p.forEach((v, i) => expect(v).toBeCloseTo(sigmoid(data[i]), 7));
  });

  it('reorders another class order and derives "any" when the model has none', () => {
    const card = parseOnnxCard({
      ...ctFixtureCard,
      outputs: { labels: { name: 'p', kind: 'probabilities', labels: ['subdural', null, 'epidural', 'subarachnoid', 'intraventricular', 'intraparenchymal'] } },
    }) as CtOnnxCard;
    const [p] = ctProbabilities(card, { name: 'p', data: Float32Array.from([0.5, 0.9, 0.1, 0.4, 0.3, 0.2]), dims: [1, 6] }, 1);
    expect(p.map((v) => +v.toFixed(4))).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.5]);
  });
});
