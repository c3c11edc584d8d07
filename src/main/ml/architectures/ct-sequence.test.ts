import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { buildCtSequence } from './ct-sequence';
import { labelsTensor, predictSeries, seriesTensor, sequenceLoss } from '../training/sequence-steps';
import { seededRandom } from '../../../shared/ml/random';
import { selectBackend } from '../backend/backend-chain';

/** Two series of 12 slices: a bleed (subtype 0 and `any`) over slices 4–7 of the first; embeddings are noise plus a weak, noisy hint. */
function fixedBatch(size: number) {
  const random = seededRandom(5);
  const bleed = (s: number, t: number) => s === 0 && t >= 4 && t <= 7;
  const embeddings = [0, 1].map((s) =>
    Array.from({ length: 12 }, (_, t) => Float32Array.from({ length: size }, (_, k) => random() + (k === 0 && bleed(s, t) ? 0.8 * random() : 0))),
  );
  const labels = [0, 1].map((s) => Array.from({ length: 12 }, (_, t) => (bleed(s, t) ? [1, 0, 0, 0, 0, 1] : [0, 0, 0, 0, 0, 0])));
  return { embeddings, labels };
}

describe('the CT sequence model', () => {
  // The backend the model worker runs (its recurrent steps are many small ops: far quicker than cpu's).
  beforeAll(() => selectBackend({ startAt: 'wasm' }));
  afterAll(() => tf.setBackend('cpu'));

  it('labels every slice of a series of any length, six probabilities each', () => {
    const model = buildCtSequence({ embeddingSize: 8 });
    for (const length of [1, 5, 17]) {
      const out = predictSeries(model, Array.from({ length }, () => new Float32Array(8).fill(0.5)));
      expect(out).toHaveLength(length);
      for (const p of out) {
        expect(p).toHaveLength(6);
        for (const v of p) {
          expect(v).toBeGreaterThan(0);
          expect(v).toBeLessThan(1);
        }
      }
    }
    model.dispose();
  });

  it('its loss falls on a fixed batch', () => {
    const before = tf.memory().numTensors;
    const model = buildCtSequence({ embeddingSize: 8, units: 8, dropout: 0 });
    const { embeddings, labels } = fixedBatch(8);
    const x = seriesTensor(embeddings);
    const y = labelsTensor(labels);
    const optimizer = tf.train.adam(0.03);
    const losses: number[] = [];
    for (let step = 0; step < 25; step++) {
      const loss = optimizer.minimize(() => sequenceLoss(model, x, y), true)!;
      losses.push(loss.dataSync()[0]);
      loss.dispose();
    }
    expect(losses.at(-1)!).toBeLessThan(losses[0] * 0.5);
    const p = predictSeries(model, embeddings[0]);
    expect(p[5][0]).toBeGreaterThan(p[0][0]); // inside the bleed above outside it
    optimizer.dispose();
    tf.dispose([x, y]);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  }, 60_000); // a guard for a busy machine, not a speed check
});
