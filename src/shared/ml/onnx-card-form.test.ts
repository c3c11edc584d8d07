import { describe, expect, it } from 'vitest';
import steelUnet from '../../../resources/model-cards/steel-unet.card.json';
import ctCnn from '../../../resources/model-cards/ct-cnn.card.json';
import { parseOnnxCard } from './onnx-card';
import { cardFromForm, formFromCard } from './onnx-card-form';

const fixtureCard = (name: 'steel-unet' | 'ct-cnn') => parseOnnxCard(name === 'steel-unet' ? steelUnet : ctCnn);

describe('the ONNX import dialog’s fields', () => {
  it('give back the card they were filled from (both fixtures)', () => {
    for (const name of ['steel-unet', 'ct-cnn'] as const) {
      const card = fixtureCard(name);
      const made = cardFromForm(formFromCard(card), card.task);
      expect('card' in made ? made.card : made.problem).toEqual({ ...card, description: undefined, architecture: undefined });
    }
  });

  it('make a card from what a person changed: NHWC, 0..255, another class order, a presence output, one window', () => {
    const steel = formFromCard(fixtureCard('steel-unet'));
    const made = cardFromForm({ ...steel, layout: 'NHWC', range: '0..255', mean: '120', std: '50', classes: '-, 4, 3, 2, 1', kind: 'probabilities', presenceName: 'cls', height: '', width: '' }, 'steel');
    expect(made).toMatchObject({ card: { input: { layout: 'NHWC', size: 'any', scaling: { range: '0..255', mean: [120], std: [50] } }, outputs: { masks: { kind: 'probabilities', classes: [null, 4, 3, 2, 1] }, presence: { name: 'cls' } } } });
    const ct = formFromCard(fixtureCard('ct-cnn'));
    expect(cardFromForm({ ...ct, channels: 1, windows: '40/80' }, 'ct')).toMatchObject({ card: { windows: [[40, 80]], input: { channels: 1 } } });
    // The default TTA set: none is left out of the card (its default), another set written in.
    expect(ct.tta).toBe('none');
    expect('tta' in (cardFromForm(ct, 'ct') as { card: object }).card).toBe(false);
    expect(cardFromForm({ ...ct, tta: 'x5' }, 'ct')).toMatchObject({ card: { tta: 'x5' } });
    expect(formFromCard({ ...fixtureCard('ct-cnn'), tta: 'flips' }).tta).toBe('flips');
  });

  it('name the field that is wrong', () => {
    const steel = formFromCard(fixtureCard('steel-unet'));
    expect(cardFromForm({ ...steel, height: '256', width: '' }, 'steel')).toEqual({ problem: expect.stringMatching(/^Input size: /) });
    expect(cardFromForm({ ...steel, mean: '0.4, x' }, 'steel')).toEqual({ problem: expect.stringMatching(/^Mean: /) });
    expect(cardFromForm({ ...steel, classes: '1, 2, 3, 5' }, 'steel')).toEqual({ problem: expect.stringMatching(/^Class of each output channel/) });
    expect(cardFromForm({ ...steel, classes: '1, 2, 3, 3' }, 'steel')).toEqual({ problem: expect.stringMatching(/classes 1, 2, 3 and 4 exactly once/) });
    const ct = formFromCard(fixtureCard('ct-cnn'));
    expect(cardFromForm({ ...ct, windows: '40/80, 80' }, 'ct')).toEqual({ problem: expect.stringMatching(/^Windows: /) });
    expect(cardFromForm({ ...ct, classes: 'any, bleed' }, 'ct')).toEqual({ problem: expect.stringMatching(/"bleed" is not one of/) });
  });
});
