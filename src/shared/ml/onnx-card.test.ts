import { describe, expect, it } from 'vitest';
import steelFixtureCard from '../../../resources/model-cards/steel-unet.card.json';
import ctFixtureCard from '../../../resources/model-cards/ct-cnn.card.json';
import { channelMeanStd, ONNX_CARD_FORMAT, parseOnnxCard, type SteelOnnxCard } from './onnx-card';
import { checkOnnxCard, type OnnxModelIo } from './onnx-card-check';

const steelIo: OnnxModelIo = {
  inputs: [{ name: 'image', isTensor: true, type: 'float32', shape: ['batch', 3, 256, 1600] }],
  outputs: [{ name: 'logits', isTensor: true, type: 'float32', shape: ['batch', 4, 256, 1600] }],
};
const ctIo: OnnxModelIo = {
  inputs: [{ name: 'image', isTensor: true, type: 'float32', shape: ['batch', 3, 256, 256] }],
  outputs: [{ name: 'logits', isTensor: true, type: 'float32', shape: ['batch', 6] }],
};

const steelCard = () => parseOnnxCard(structuredClone(steelFixtureCard)) as SteelOnnxCard;
const withInput = (over: object) => parseOnnxCard({ ...steelFixtureCard, input: { ...steelFixtureCard.input, ...over } });

describe('parseOnnxCard', () => {
  it('accepts the fixtures’ cards and fills the steel defaults', () => {
    const card = parseOnnxCard({ ...steelFixtureCard, thresholds: undefined, minArea: undefined }) as SteelOnnxCard;
    expect(card.format).toBe(ONNX_CARD_FORMAT);
    expect(card.thresholds).toEqual([0.5, 0.5, 0.5, 0.5]);
    expect(card.minArea).toEqual([0, 0, 0, 0]);
    expect(parseOnnxCard(ctFixtureCard).task).toBe('ct');
  });

  it('names the file and every problem by its field', () => {
    const bad = { ...steelFixtureCard, input: { ...steelFixtureCard.input, layout: 'CHW' }, outputs: { masks: { name: 'logits', kind: 'logits', classes: [1, 2, 2, 4] } } };
    expect(() => parseOnnxCard(bad, 'my.card.json')).toThrow(/^my\.card\.json is not a valid Loupe ONNX model card: .*input\.layout.*outputs\.masks\.classes: must name each of the classes 1, 2, 3 and 4 exactly once/);
    expect(() => parseOnnxCard({ ...ctFixtureCard, task: 'mri' }, 'x.json')).toThrow(/task: must be "steel" or "ct"/);
  });

  it('allows ignored channels, any three windows, and a CT model without "any"', () => {
    const five = parseOnnxCard({ ...steelFixtureCard, outputs: { masks: { name: 'p', kind: 'probabilities', classes: [null, 4, 3, 2, 1] } } }) as SteelOnnxCard;
    expect(five.outputs.masks.classes).toEqual([null, 4, 3, 2, 1]);
    const ct = parseOnnxCard({
      ...ctFixtureCard,
      windows: [[600, 2800], [-600, 1500], [50, 350]],
      outputs: { labels: { name: 'p', kind: 'probabilities', labels: ['subdural', 'epidural', 'subarachnoid', 'intraventricular', 'intraparenchymal'] } },
    });
    expect(ct.task).toBe('ct');
  });

  it('refuses a CT card whose windows do not match its channels, or that misses a subtype', () => {
    expect(() => parseOnnxCard({ ...ctFixtureCard, windows: [[40, 80]] })).toThrow(/windows: give one window per input channel/);
    const labels = ['epidural', 'intraparenchymal', 'intraventricular', 'subarachnoid', 'any', 'any'];
    expect(() => parseOnnxCard({ ...ctFixtureCard, outputs: { labels: { name: 'l', kind: 'logits', labels } } })).toThrow(/exactly once/);
  });

  it('needs mean and std together, one value or one per channel; presence thresholds need a presence output', () => {
    expect(() => withInput({ scaling: { range: '0..1', mean: [0.5] } })).toThrow(/give both mean and std/);
    expect(() => withInput({ scaling: { range: '0..1', mean: [0.5, 0.5], std: [1, 1] } })).toThrow(/one value, or one per channel/);
    expect(channelMeanStd({ range: '0..1', mean: [0.5], std: [0.25] }, 2)).toEqual({ mean: 0.5, std: 0.25 });
    expect(() => parseOnnxCard({ ...steelFixtureCard, presenceThresholds: [0.5, 0.5, 0.5, 0.5] })).toThrow(/presenceThresholds need a presence output/);
  });
});

describe('checkOnnxCard', () => {
  it('passes the fixtures against their declared inputs and outputs', () => {
    expect(checkOnnxCard(steelCard(), steelIo)).toEqual({ problems: [], plan: { fixedBatch: null, outputNames: ['logits'] } });
    expect(checkOnnxCard(parseOnnxCard(ctFixtureCard), ctIo).problems).toEqual([]);
  });

  it('refuses a wrong input name, a wrong layout or size, and names what the model has', () => {
    expect(checkOnnxCard(withInput({ name: 'input.1' }), steelIo).problems).toEqual(['the model has no input "input.1" (its inputs: "image")']);
    const nhwc = checkOnnxCard(withInput({ layout: 'NHWC' }), steelIo).problems;
    expect(nhwc[0]).toMatch(/input "image" \[batch, 3, 256, 1600\] has 1600 channels on axis 3 \(NHWC\), the card says 3/);
    expect(checkOnnxCard(withInput({ size: { height: 128, width: 800 } }), steelIo).problems).toEqual([
      'input "image" [batch, 3, 256, 1600] takes 256×1600 (height×width), the card says 128×800',
    ]);
    expect(checkOnnxCard(withInput({ size: 'any' }), steelIo).problems[0]).toMatch(/fixed 256×1600 .*instead of "any"/);
  });

  it('suggests the other layout when the channels sit on its axis', () => {
    const io: OnnxModelIo = { ...steelIo, inputs: [{ name: 'image', isTensor: true, type: 'float32', shape: [1, 256, 1600, 3] }] };
    expect(checkOnnxCard(steelCard(), io).problems[0]).toMatch(/is the layout NHWC\?/);
  });

  it('refuses a float16 input, extra inputs, a missing or misshapen output; reports a fixed batch', () => {
    const io: OnnxModelIo = {
      inputs: [
        { name: 'image', isTensor: true, type: 'float16', shape: [2, 3, 'h', 'w'] },
        { name: 'mask', isTensor: true, type: 'float32', shape: [2, 1, 'h', 'w'] },
      ],
      outputs: [{ name: 'logits', isTensor: true, type: 'float32', shape: [2, 5, 'h', 'w'] }],
    };
    const { problems, plan } = checkOnnxCard(steelCard(), io);
    expect(problems).toEqual([
      'the model has 2 inputs ("image", "mask"); Loupe feeds one image tensor',
      'input "image" is float16; Loupe feeds float32 (export the model with a float32 input)',
      'output "logits" [2, 5, h, w] has 5 channels on axis 1, the card maps 4',
    ]);
    expect(plan.fixedBatch).toBe(2);
    const card = parseOnnxCard({ ...steelFixtureCard, outputs: { ...steelFixtureCard.outputs, presence: { name: 'cls', kind: 'logits' } } });
    expect(checkOnnxCard(card, steelIo).problems).toEqual(['the model has no output "cls" (its outputs: "logits")']);
    const ctWrong: OnnxModelIo = { ...ctIo, outputs: [{ name: 'logits', isTensor: true, type: 'float32', shape: ['batch', 6, 1, 1] }] };
    expect(checkOnnxCard(parseOnnxCard(ctFixtureCard), ctWrong).problems).toEqual(['output "logits" [batch, 6, 1, 1] has 4 axes; a per-slice [N, K] output has 2']);
  });
});
