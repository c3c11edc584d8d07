import { describe, expect, it } from 'vitest';
import { MODEL_CARD_FORMAT, normalizationFor, parseModelCard } from './model-card';

const steel = {
  format: MODEL_CARD_FORMAT,
  task: 'steel',
  architecture: 'steel-unet',
  modelFormat: 'layers',
  input: { width: 400, height: 64, channels: 1 },
  normalization: normalizationFor(1, 0.5, 0.25),
  classNames: ['1', '2', '3', '4'],
  outputs: { masks: 'masks', presence: 'presence' },
  thresholds: [0.5, 0.5, 0.5, 0.5],
  minArea: [0, 100, 200, 300],
  tta: false,
};

describe('parseModelCard', () => {
  it('accepts a complete steel card and a CT card', () => {
    expect(parseModelCard(steel).task).toBe('steel');
    const ct = {
      ...steel,
      task: 'ct',
      input: { width: 128, height: 128, channels: 3 },
      windows: [{ center: 40, width: 80 }, { center: 80, width: 200 }, { center: 40, width: 380 }],
      classNames: ['epidural', 'intraparenchymal', 'intraventricular', 'subarachnoid', 'subdural', 'any'],
      outputs: { probabilities: 'probabilities' },
    };
    expect(parseModelCard(ct).task).toBe('ct');
    const calibrated = { ...ct, calibration: { temperature: [1, 2, 2, 2, 2, 3], bias: [0, -1, 0, 0, 0, 0.5] } };
    expect(parseModelCard(calibrated)).toMatchObject({ calibration: calibrated.calibration });
    expect(() => parseModelCard({ ...ct, calibration: { temperature: [1, 0, 1, 1, 1, 1], bias: [0, 0, 0, 0, 0, 0] } })).toThrow(/calibration\.temperature\.1/);
    expect(() => parseModelCard({ ...ct, calibration: { temperature: [1, 1], bias: [0, 0, 0, 0, 0, 0] } })).toThrow(/calibration\.temperature/);
  });

  it('names every field that is wrong', () => {
    const bad = { ...steel, thresholds: [0.5, 2, 0.5], input: { width: 0, height: 64, channels: 2 } };
    expect(() => parseModelCard(bad, 'x/card.json')).toThrow(/x\/card\.json is not a valid Loupe model card: .*input\.width.*thresholds/);
  });

  it('rejects an unknown task and a missing format marker', () => {
    expect(() => parseModelCard({ ...steel, task: 'lungs' })).toThrow(/task/);
    expect(() => parseModelCard({ ...steel, format: undefined })).toThrow(/format/);
  });
});
