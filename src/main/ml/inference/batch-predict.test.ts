// CT predictions go through each card's calibration before models are averaged and `any` is made consistent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../backend/backend-chain';
import { ctCard } from '../architectures/builtin';
import { buildCtCnn } from '../architectures/ct-cnn';
import { RSNA_BASE_RATES, calibrateCt, consistentAny, priorShiftCalibration } from '../../../shared/ml/ct-prediction';
import type { CtModelCard } from '../../../shared/ml/model-card';
import type { ModelInput } from '../inputs';
import { RunnableModel } from './runnable-model';
import { predictCtBatch } from './batch-predict';

const input = (seed: number): ModelInput => ({
  bytes: Uint8Array.from({ length: 16 * 16 * 3 }, (_, i) => (i * 37 + seed * 101) % 256),
  width: 16,
  height: 16,
  channels: 3,
});

describe('predictCtBatch', () => {
  let layers: tf.LayersModel;
  const card = ctCard({ widths: [4, 8], inputSize: 16, outputBias: [0.5, -0.5, 1, -1, 0.2, 0.8] });
  beforeAll(async () => {
    await selectBackend({ startAt: 'cpu' });
    layers = buildCtCnn({ widths: [4, 8], seed: 3, outputBias: [0.5, -0.5, 1, -1, 0.2, 0.8] });
  });
  afterAll(() => layers.dispose());

  it('applies the card calibration per label, then keeps any consistent', async () => {
    const plain = await predictCtBatch([RunnableModel.ofLayers(layers, card)], [[input(1), input(2)]], 'none');
    const calibration = priorShiftCalibration([0.6, 0.4, 0.7, 0.3, 0.55, 0.7], RSNA_BASE_RATES, [3, 3, 3, 3, 3, 3]);
    const calibrated: CtModelCard = { ...card, calibration };
    const out = await predictCtBatch([RunnableModel.ofLayers(layers, calibrated)], [[input(1), input(2)]], 'none');
    const raw = tf.tidy(() => Array.from((layers.predict(tf.tensor4d(Float32Array.from(input(2).bytes, (v) => v / 255), [1, 16, 16, 3])) as tf.Tensor).dataSync()));
    expect(out[1]).toEqual(consistentAny(calibrateCt(raw, calibration)).map((p) => expect.closeTo(p, 6)));
    expect(plain[1]).toEqual(consistentAny(raw).map((p) => expect.closeTo(p, 6)));
    expect(out[1][5]).toBeLessThan(plain[1][5]); // shrunk towards RSNA's 14 % for any
  });

  it('averages calibrated models: an uncalibrated and a flat one (huge temperature) meet halfway', async () => {
    const flat: CtModelCard = { ...card, calibration: priorShiftCalibration([0.5, 0.5, 0.5, 0.5, 0.5, 0.5], RSNA_BASE_RATES, [1e6, 1e6, 1e6, 1e6, 1e6, 1e6]) };
    const alone = (await predictCtBatch([RunnableModel.ofLayers(layers, card)], [[input(3)]], 'none'))[0];
    const both = (await predictCtBatch([RunnableModel.ofLayers(layers, card), RunnableModel.ofLayers(layers, flat)], [[input(3)], [input(3)]], 'none'))[0];
    const rawSubtypes = alone.slice(0, 5);
    rawSubtypes.forEach((p, i) => expect(both[i]).toBeCloseTo((p + RSNA_BASE_RATES[i]) / 2, 5));
  });
});
