// A first card for an ONNX file from what the file declares, for an import dialog to show and the user to confirm:
// names, layout, channels and size come from the declared shapes where they are fixed; what a file cannot say
// (scaling, logits or probabilities, class order, CT windows) gets the common default and is listed in `ask`.
import { CT_LABELS, CT_SUBTYPES } from '../domain';
import { ONNX_CARD_FORMAT, parseOnnxCard, type OnnxCard, type OnnxLayout } from './onnx-card';
import { formatShape, layoutAxes, type OnnxModelIo, type OnnxValueInfo } from './onnx-card-check';

export interface OnnxCardDraft {
  /** A valid card (null when the file cannot be described, see problems). */
  card: OnnxCard | null;
  /** What was read from the file, in words. */
  read: string[];
  /** The card's fields that the file cannot say and the user must confirm. */
  ask: string[];
  /** Why no card could be drafted. */
  problems: string[];
}

const fixedDim = (d: number | string | undefined): number | null => (typeof d === 'number' && d > 0 ? d : null);

function guessLayout(shape: readonly (number | string)[]): { layout: OnnxLayout; channels: 1 | 3 } | null {
  const [c1, c3] = [fixedDim(shape[1]), fixedDim(shape[3])];
  if (c1 === 1 || c1 === 3) return { layout: 'NCHW', channels: c1 };
  if (c3 === 1 || c3 === 3) return { layout: 'NHWC', channels: c3 };
  return null;
}

function channelCount(info: OnnxValueInfo, axis: number): number | null {
  return fixedDim(info.shape?.[axis]);
}

/** Drafts a card for `task` from the model's declared inputs and outputs. */
export function draftOnnxCard(io: OnnxModelIo, task: 'steel' | 'ct', name?: string): OnnxCardDraft {
  const read: string[] = [];
  const problems: string[] = [];
  const ask = ['input.scaling (0..1, 0..255, mean/std)', 'the outputs’ kind (logits or probabilities)'];
  if (io.inputs.length !== 1) problems.push(`the model has ${io.inputs.length} inputs; Loupe feeds one image tensor`);
  const input = io.inputs[0];
  const shape = input?.shape;
  if (!input || !shape || shape.length !== 4) {
    if (input) problems.push(`input "${input.name}" ${formatShape(shape)} is not [N, C, H, W] or [N, H, W, C]`);
    return { card: null, read, ask, problems };
  }
  const guessed = guessLayout(shape);
  const { layout, channels } = guessed ?? { layout: 'NCHW' as const, channels: 3 as const };
  if (!guessed) ask.push('input.layout and input.channels (no axis of 1 or 3 channels)');
  const axes = layoutAxes(layout);
  const [h, w] = [fixedDim(shape[axes.h]), fixedDim(shape[axes.w])];
  const size = h && w ? { height: h, width: w } : ('any' as const);
  read.push(`input "${input.name}" ${formatShape(shape)}: ${layout}, ${channels} channel${channels === 1 ? '' : 's'}, ${size === 'any' ? 'any size' : `${h}×${w}`}`);
  if (size === 'any') ask.push('input.size (the model takes any size; the item’s own size is used)');

  const maps = io.outputs.filter((o) => o.shape?.length === 4);
  const vectors = io.outputs.filter((o) => o.shape?.length === 2);
  let outputs: unknown;
  let extra: Record<string, unknown> = {};
  if (task === 'steel') {
    const masks = maps[0];
    if (!masks) {
      problems.push(`no output has 4 axes for the defect maps (outputs: ${io.outputs.map((o) => `"${o.name}" ${formatShape(o.shape)}`).join(', ')})`);
      return { card: null, read, ask, problems };
    }
    const k = channelCount(masks, layoutAxes(layout).c);
    // Five channels are usually background + classes 1–4 (softmax-style exports).
    const classes = k === 5 ? [null, 1, 2, 3, 4] : [1, 2, 3, 4];
    read.push(`output "${masks.name}" ${formatShape(masks.shape)}: the defect maps`);
    ask.push('outputs.masks.classes (the class of each output channel)');
    const presence = vectors.find((v) => channelCount(v, 1) === 4);
    if (presence) read.push(`output "${presence.name}" ${formatShape(presence.shape)}: an image-level presence output`);
    outputs = { masks: { name: masks.name, kind: 'logits', classes }, ...(presence ? { presence: { name: presence.name, kind: 'logits', classes: [1, 2, 3, 4] } } : {}) };
  } else {
    const labels = vectors[0];
    if (!labels) {
      problems.push(`no output has 2 axes [N, K] for the labels (outputs: ${io.outputs.map((o) => `"${o.name}" ${formatShape(o.shape)}`).join(', ')})`);
      return { card: null, read, ask, problems };
    }
    const k = channelCount(labels, 1);
    const order = k === CT_SUBTYPES.length ? [...CT_SUBTYPES] : [...CT_LABELS];
    read.push(`output "${labels.name}" ${formatShape(labels.shape)}: the per-slice labels`);
    ask.push('outputs.labels.labels (the label of each output channel)', 'windows (one [centre, width] per channel)');
    outputs = { labels: { name: labels.name, kind: 'logits', labels: order } };
    extra = { windows: channels === 3 ? [[40, 80], [80, 200], [40, 380]] : [[40, 80]] };
  }
  const draft = { format: ONNX_CARD_FORMAT, task, ...(name ? { name } : {}), input: { name: input.name, layout, channels, size, scaling: { range: '0..1' } }, outputs, ...extra };
  try {
    return { card: parseOnnxCard(draft), read, ask, problems };
  } catch (error) {
    return { card: null, read, ask, problems: [...problems, (error as Error).message] };
  }
}
