// Model folders: a saved model loads back with the same outputs (float16 too), and a corrupt folder or
// card is refused with a message that names the file and the problem.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { selectBackend } from './backend/backend-chain';
import { buildArchitecture, ctCard, steelCard } from './architectures/builtin';
import { saveLayersModel } from './model-folder';
import { checkModelFolder } from './model-check';
import { RunnableModel } from './inference/runnable-model';
import { tempDir } from '../../../tests/helpers/fs';

const temp: (() => void)[] = [];
afterEach(() => temp.splice(0).forEach((cleanup) => cleanup()));

async function savedSteel(float16 = false): Promise<string> {
  const { dir, cleanup } = tempDir('loupe-model-');
  temp.push(cleanup);
  const card = steelCard({ widths: [4, 8] });
  const model = buildArchitecture(card, 7)!;
  await saveLayersModel(model, join(dir, 'm'), card, { float16 });
  model.dispose();
  return join(dir, 'm');
}

describe('model folders', () => {
  beforeAll(async () => {
    await selectBackend({ startAt: 'cpu' });
  });

  it('save and load round-trip with the same outputs, and float16 halves the weights within 1e-2', async () => {
    const full = await savedSteel();
    const half = await savedSteel(true);
    expect(readFileSync(join(half, 'weights.bin')).length * 2).toBe(readFileSync(join(full, 'weights.bin')).length);
    const x = tf.randomUniform([1, 16, 32, 1], 0, 1, 'float32', 3) as tf.Tensor4D;
    const a = await RunnableModel.open(full);
    const b = await RunnableModel.open(half);
    const [ma] = a.run(x);
    const [mb] = b.run(x);
    expect(tf.max(tf.abs(tf.sub(ma, mb))).dataSync()[0]).toBeLessThan(1e-2);
    expect(a.card.task).toBe('steel');
    tf.dispose([x, ma, mb]);
    a.dispose();
    b.dispose();
  });

  it('accepts a valid folder and reports its format', async () => {
    const dir = await savedSteel();
    expect(checkModelFolder(dir)).toMatchObject({ format: 'layers', weightFiles: ['weights.bin'] });
  });

  const corruptions: [string, (dir: string) => void, RegExp][] = [
    ['a truncated weight file', (d) => truncateSync(join(d, 'weights.bin'), 100), /truncated or corrupt/],
    ['a missing weight file', (d) => rmSync(join(d, 'weights.bin')), /weights\.bin: weight file named in model\.json is missing/],
    ['model.json that is not JSON', (d) => writeFileSync(join(d, 'model.json'), '{"modelTopology": '), /model\.json: model\.json is not valid JSON/],
    ['no card', (d) => rmSync(join(d, 'card.json')), /card\.json: no card\.json in the model folder/],
    ['a card with bad fields', (d) => {
      const card = JSON.parse(readFileSync(join(d, 'card.json'), 'utf8'));
      writeFileSync(join(d, 'card.json'), JSON.stringify({ ...card, thresholds: [0.5, 7], task: 'steel' }));
    }, /card\.json is not a valid Loupe model card: thresholds/],
    ['a card naming an output the model lacks', (d) => {
      const card = JSON.parse(readFileSync(join(d, 'card.json'), 'utf8'));
      writeFileSync(join(d, 'card.json'), JSON.stringify({ ...card, outputs: { masks: 'logits' } }));
    }, /output "logits" is not an output of the model/],
    ['a card for the other task', (d) => writeFileSync(join(d, 'card.json'), JSON.stringify({ ...ctCard(), modelFormat: 'graph' })), /modelFormat "graph"/],
  ];

  it.each(corruptions)('refuses %s with a clear message', async (_what, corrupt, message) => {
    const dir = await savedSteel();
    corrupt(dir);
    expect(() => checkModelFolder(dir)).toThrow(message);
  });
});
