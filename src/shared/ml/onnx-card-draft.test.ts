import { describe, expect, it } from 'vitest';
import { checkOnnxCard, type OnnxModelIo } from './onnx-card-check';
import { draftOnnxCard } from './onnx-card-draft';

const tensor = (name: string, shape: (number | string)[]) => ({ name, isTensor: true, type: 'float32', shape });

describe('draftOnnxCard', () => {
  it('reads layout, channels and size from a fixed NCHW steel export and asks for the rest', () => {
    const io: OnnxModelIo = { inputs: [tensor('image', ['batch', 3, 256, 1600])], outputs: [tensor('logits', ['batch', 4, 256, 1600])] };
    const draft = draftOnnxCard(io, 'steel', 'unet');
    expect(draft.problems).toEqual([]);
    expect(draft.card).toMatchObject({ task: 'steel', name: 'unet', input: { name: 'image', layout: 'NCHW', channels: 3, size: { height: 256, width: 1600 } } });
    expect(draft.ask.join(' | ')).toMatch(/scaling.*kind.*classes/);
    expect(checkOnnxCard(draft.card!, io).problems).toEqual([]);
  });

  it('finds NHWC gray input, a five-channel map with background first and a presence output', () => {
    const io: OnnxModelIo = {
      inputs: [tensor('x', ['n', 'h', 'w', 1])],
      outputs: [tensor('seg', ['n', 'h', 'w', 5]), tensor('cls', ['n', 4])],
    };
    const draft = draftOnnxCard(io, 'steel');
    expect(draft.card).toMatchObject({
      input: { layout: 'NHWC', channels: 1, size: 'any' },
      outputs: { masks: { name: 'seg', classes: [null, 1, 2, 3, 4] }, presence: { name: 'cls' } },
    });
    expect(checkOnnxCard(draft.card!, io).problems).toEqual([]);
  });

  it('drafts a CT card with the composite windows and the label order by the output width', () => {
    const io: OnnxModelIo = { inputs: [tensor('image', ['batch', 3, 256, 256])], outputs: [tensor('out', ['batch', 5])] };
    const draft = draftOnnxCard(io, 'ct');
    expect(draft.card).toMatchObject({ task: 'ct', windows: [[40, 80], [80, 200], [40, 380]], outputs: { labels: { labels: ['epidural', 'intraparenchymal', 'intraventricular', 'subarachnoid', 'subdural'] } } });
    expect(checkOnnxCard(draft.card!, io).problems).toEqual([]);
  });

  it('says why a file cannot be drafted', () => {
    const io: OnnxModelIo = { inputs: [tensor('tokens', ['batch', 77])], outputs: [tensor('logits', ['batch', 6])] };
    expect(draftOnnxCard(io, 'ct')).toMatchObject({ card: null, problems: ['input "tokens" [batch, 77] is not [N, C, H, W] or [N, H, W, C]'] });
    const noMaps: OnnxModelIo = { inputs: [tensor('image', [1, 3, 8, 8])], outputs: [tensor('logits', [1, 6])] };
    expect(draftOnnxCard(noMaps, 'steel').problems[0]).toMatch(/no output has 4 axes/);
  });
});
