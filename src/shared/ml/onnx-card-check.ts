// A card against the model it describes: the inputs and outputs an ONNX session declares (names, element
// types, shapes with fixed or symbolic axes) must be the ones the card says, or the model is refused with
// every reason at once. What a declared shape leaves open (a symbolic axis) is checked again on the first run.
import type { OnnxCard, OnnxLayout } from './onnx-card';

/** One declared input or output, as ONNX Runtime reports it (`session.inputMetadata` / `outputMetadata`). */
export interface OnnxValueInfo {
  name: string;
  isTensor: boolean;
  /** 'float32', 'float16', 'int64', … (absent for non-tensors). */
  type?: string;
  /** Fixed axes as numbers, symbolic ones ("batch", "height") as strings. */
  shape?: readonly (number | string)[];
}

export interface OnnxModelIo {
  inputs: readonly OnnxValueInfo[];
  outputs: readonly OnnxValueInfo[];
}

/** What the check settles for running: the batch size the model fixes, if it does. */
export interface OnnxRunPlan {
  /** The model's batch axis when it is fixed (batches are then padded to it), else null. */
  fixedBatch: number | null;
  /** The output names to fetch, masks (or labels) first, then the presence output if any. */
  outputNames: string[];
}

export function formatShape(shape: readonly (number | string)[] | undefined): string {
  return shape ? `[${shape.map((d) => (typeof d === 'number' ? String(d) : d || '?')).join(', ')}]` : '[unknown]';
}

const fixed = (d: number | string | undefined): d is number => typeof d === 'number' && d >= 0;

/** Axis indices of channels, height and width for a rank-4 layout (batch first). */
export function layoutAxes(layout: OnnxLayout): { c: number; h: number; w: number } {
  return layout === 'NCHW' ? { c: 1, h: 2, w: 3 } : { c: 3, h: 1, w: 2 };
}

function names(values: readonly OnnxValueInfo[]): string {
  return values.map((v) => `"${v.name}"`).join(', ') || 'none';
}

function checkInput(card: OnnxCard, io: OnnxModelIo, problems: string[]): number | null {
  const spec = card.input;
  if (io.inputs.length > 1) problems.push(`the model has ${io.inputs.length} inputs (${names(io.inputs)}); Loupe feeds one image tensor`);
  const info = io.inputs.find((i) => i.name === spec.name);
  if (!info) {
    problems.push(`the model has no input "${spec.name}" (its inputs: ${names(io.inputs)})`);
    return null;
  }
  if (!info.isTensor || info.type !== 'float32') {
    problems.push(`input "${spec.name}" is ${info.isTensor ? info.type : 'not a tensor'}; Loupe feeds float32 (export the model with a float32 input)`);
  }
  const shape = info.shape;
  if (!shape) return null;
  const where = `input "${spec.name}" ${formatShape(shape)}`;
  if (shape.length !== 4) {
    problems.push(`${where} has ${shape.length} axes; Loupe feeds 4 (${spec.layout === 'NCHW' ? '[N, C, H, W]' : '[N, H, W, C]'})`);
    return null;
  }
  const axes = layoutAxes(spec.layout);
  const channels = shape[axes.c];
  if (fixed(channels) && channels !== spec.channels) {
    const other = layoutAxes(spec.layout === 'NCHW' ? 'NHWC' : 'NCHW');
    const hint = shape[other.c] === spec.channels ? `; is the layout ${spec.layout === 'NCHW' ? 'NHWC' : 'NCHW'}?` : '';
    problems.push(`${where} has ${channels} channels on axis ${axes.c} (${spec.layout}), the card says ${spec.channels}${hint}`);
  }
  const [h, w] = [shape[axes.h], shape[axes.w]];
  if (spec.size === 'any') {
    if (fixed(h) || fixed(w)) {
      problems.push(`${where} has a fixed ${fixed(h) ? h : '?'}×${fixed(w) ? w : '?'} (height×width); the card's input size must say it instead of "any"`);
    }
  } else if ((fixed(h) && h !== spec.size.height) || (fixed(w) && w !== spec.size.width)) {
    problems.push(`${where} takes ${fixed(h) ? h : 'any'}×${fixed(w) ? w : 'any'} (height×width), the card says ${spec.size.height}×${spec.size.width}`);
  }
  return fixed(shape[0]) && shape[0] > 0 ? shape[0] : null;
}

/** One output: present, float32, of the expected rank, with `count` values on its class axis when that is fixed. */
function checkOutput(io: OnnxModelIo, name: string, rank: number, classAxis: number, count: number, what: string, problems: string[]): void {
  const info = io.outputs.find((o) => o.name === name);
  if (!info) {
    problems.push(`the model has no output "${name}" (its outputs: ${names(io.outputs)})`);
    return;
  }
  if (!info.isTensor || info.type !== 'float32') problems.push(`output "${name}" is ${info.isTensor ? info.type : 'not a tensor'}; Loupe reads float32`);
  const shape = info.shape;
  if (!shape) return;
  if (shape.length !== rank) {
    problems.push(`output "${name}" ${formatShape(shape)} has ${shape.length} axes; ${what} has ${rank}`);
    return;
  }
  const k = shape[classAxis];
  if (fixed(k) && k !== count) problems.push(`output "${name}" ${formatShape(shape)} has ${k} channels on axis ${classAxis}, the card maps ${count}`);
}

/** Every way the card does not fit the model (empty: it fits) and, when it fits, how to run it. */
export function checkOnnxCard(card: OnnxCard, io: OnnxModelIo): { problems: string[]; plan: OnnxRunPlan } {
  const problems: string[] = [];
  const fixedBatch = checkInput(card, io, problems);
  let outputNames: string[];
  if (card.task === 'steel') {
    const masks = card.outputs.masks;
    const layout = masks.layout ?? card.input.layout;
    checkOutput(io, masks.name, 4, layoutAxes(layout).c, masks.classes.length, `a ${layout} map`, problems);
    outputNames = [masks.name];
    const presence = card.outputs.presence;
    if (presence) {
      checkOutput(io, presence.name, 2, 1, (presence.classes ?? masks.classes).length, 'an image-level [N, K] output', problems);
      outputNames.push(presence.name);
    }
  } else {
    const labels = card.outputs.labels;
    checkOutput(io, labels.name, 2, 1, labels.labels.length, 'a per-slice [N, K] output', problems);
    outputNames = [labels.name];
  }
  return { problems, plan: { fixedBatch, outputNames } };
}
