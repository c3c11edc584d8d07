import { describe, expect, it } from 'vitest';
import { CT_DEFAULT_THRESHOLDS, MODEL_CARD_FORMAT, ctThresholdsOf, normalizationFor, parseModelCard, type CtModelCard } from './model-card';

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

const ctCard = {
  ...steel,
  task: 'ct',
  input: { width: 128, height: 128, channels: 3 },
  windows: [{ center: 40, width: 80 }, { center: 80, width: 200 }, { center: 40, width: 380 }],
  classNames: ['epidural', 'intraparenchymal', 'intraventricular', 'subarachnoid', 'subdural', 'any'],
  outputs: { probabilities: 'probabilities' },
  thresholds: undefined,
  minArea: undefined,
};

describe('parseModelCard', () => {
  it('accepts a complete steel card and a CT card', () => {
    expect(parseModelCard(steel).task).toBe('steel');
    expect(parseModelCard(ctCard).task).toBe('ct');
    const calibrated = { ...ctCard, calibration: { temperature: [1, 2, 2, 2, 2, 3], bias: [0, -1, 0, 0, 0, 0.5] } };
    expect(parseModelCard(calibrated)).toMatchObject({ calibration: calibrated.calibration });
    expect(() => parseModelCard({ ...ctCard, calibration: { temperature: [1, 0, 1, 1, 1, 1], bias: [0, 0, 0, 0, 0, 0] } })).toThrow(/calibration\.temperature\.1/);
    expect(() => parseModelCard({ ...ctCard, calibration: { temperature: [1, 1], bias: [0, 0, 0, 0, 0, 0] } })).toThrow(/calibration\.temperature/);
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

describe('the CT card thresholds', () => {
  it('keeps a card without thresholds valid and reads it as 0.5 for every label', () => {
    const card = parseModelCard(ctCard) as CtModelCard;
    expect(card.thresholds).toBeUndefined();
    expect(ctThresholdsOf(card)).toEqual([0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
    expect(CT_DEFAULT_THRESHOLDS).toHaveLength(6);
  });

  it('keeps six thresholds in CT_LABELS order, and refuses a wrong count or a value outside 0..1', () => {
    const thresholds = [0.3, 0.4, 0.5, 0.6, 0.7, 0.9];
    expect(ctThresholdsOf(parseModelCard({ ...ctCard, thresholds }) as CtModelCard)).toEqual(thresholds);
    expect(() => parseModelCard({ ...ctCard, thresholds: [0.5, 0.5, 0.5, 0.5, 0.5] })).toThrow(/thresholds/);
    expect(() => parseModelCard({ ...ctCard, thresholds: [0.5, 0.5, 0.5, 0.5, 0.5, 1.5] })).toThrow(/thresholds\.5/);
  });

  it('gives a copy, so a caller cannot change the defaults', () => {
    const read = ctThresholdsOf({});
    read[0] = 0.9;
    expect(ctThresholdsOf({})[0]).toBe(0.5);
  });
});
