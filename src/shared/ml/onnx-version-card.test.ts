import { describe, expect, it } from 'vitest';
import { parseModelCard } from './model-card';
import { parseOnnxCard } from './onnx-card';
import { modelCardFromOnnx, onnxCardOfVersion } from './onnx-version-card';

const steel = parseOnnxCard({
  format: 'loupe-onnx-card/1',
  task: 'steel',
  name: 'unet',
  architecture: 'U-Net',
  input: { name: 'image', layout: 'NHWC', channels: 3, size: 'any', scaling: { range: '0..255', mean: [120], std: [50] } },
  outputs: { masks: { name: 'm', kind: 'probabilities', classes: [4, 3, 2, 1] }, presence: { name: 'p', kind: 'logits' } },
  thresholds: [0.4, 0.5, 0.6, 0.7],
  minArea: [10, 20, 30, 40],
  presenceThresholds: [0.1, 0.2, 0.3, 0.4],
});

const ct = parseOnnxCard({
  format: 'loupe-onnx-card/1',
  task: 'ct',
  input: { name: 'x', layout: 'NCHW', channels: 1, size: { height: 224, width: 224 }, scaling: { range: '0..1' } },
  windows: [[40, 80]],
  outputs: { labels: { name: 'y', kind: 'logits', labels: ['any', 'subdural', 'subarachnoid', 'intraventricular', 'intraparenchymal', 'epidural'] } },
});

describe('ONNX versions’ model cards', () => {
  it('steel: a valid model card with the ONNX card inside, its thresholds the version’s, scaling in the model card’s words', () => {
    const card = modelCardFromOnnx(steel);
    expect(parseModelCard(JSON.parse(JSON.stringify(card)))).toEqual(card);
    expect(card).toMatchObject({
      modelFormat: 'onnx',
      architecture: 'ONNX U-Net',
      input: { width: 1600, height: 256, channels: 3 },
      normalization: { scale: 1, mean: [120], std: [50] },
      outputs: { masks: 'm', presence: 'p' },
      thresholds: [0.4, 0.5, 0.6, 0.7],
      minArea: [10, 20, 30, 40],
      presenceThresholds: [0.1, 0.2, 0.3, 0.4],
    });
    expect(card.onnx).toEqual(steel);
  });

  it('steel: the ONNX card of a version carries the thresholds it has now', () => {
    const card = modelCardFromOnnx(steel);
    if (card.task !== 'steel') throw new Error('steel expected');
    const tuned = { ...card, thresholds: [0.9, 0.9, 0.9, 0.9], minArea: [1, 2, 3, 4] };
    expect(onnxCardOfVersion(tuned)).toMatchObject({ thresholds: [0.9, 0.9, 0.9, 0.9], minArea: [1, 2, 3, 4], outputs: steel.outputs, input: steel.input });
  });

  it('ct: one window as one channel is a valid ONNX model card, but not a TensorFlow.js one', () => {
    const card = modelCardFromOnnx(ct);
    expect(parseModelCard(JSON.parse(JSON.stringify(card)))).toEqual(card);
    expect(card).toMatchObject({ input: { width: 224, height: 224, channels: 1 }, windows: [{ center: 40, width: 80 }], outputs: { probabilities: 'y' } });
    expect(onnxCardOfVersion(card)).toEqual(ct);
    const { onnx: _onnx, ...tfjs } = card;
    expect(() => parseModelCard({ ...tfjs, modelFormat: 'layers' })).toThrow(/three windows/);
    expect(() => parseModelCard({ ...card, onnx: undefined })).toThrow(/onnx: an ONNX model/);
  });

  it('the card’s optional `tta` is the version’s default set (none when absent), checked, and exported back', () => {
    expect(modelCardFromOnnx(steel).tta).toBe('none');
    expect(onnxCardOfVersion(modelCardFromOnnx(steel)).tta).toBeUndefined(); // written back as it came
    const withTta = parseOnnxCard({ ...ct, tta: 'x5' });
    const card = modelCardFromOnnx(withTta);
    expect(card.tta).toBe('x5');
    expect(parseModelCard(JSON.parse(JSON.stringify(card)))).toEqual(card);
    expect(onnxCardOfVersion(card)).toEqual(withTta);
    // A version whose set changed exports that set.
    expect(onnxCardOfVersion({ ...modelCardFromOnnx(steel), tta: 'flips' }).tta).toBe('flips');
    expect(() => parseOnnxCard({ ...ct, tta: 'x8' })).toThrow(/tta: Invalid option: expected one of "none"\|"hflip"\|"flips"\|"x5"/);
    expect(() => parseOnnxCard({ ...ct, tta: true })).toThrow(/is not a valid Loupe ONNX model card: tta:/);
  });
});
