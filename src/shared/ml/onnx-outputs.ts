// An ONNX model's outputs in Loupe's terms: a sigmoid where the card says logits, the model's channels put in
// Loupe's class order (steel classes 1–4, CT labels in CT_LABELS order), steel maps as row-major planes at the
// model's output resolution. The shapes that come back are checked: a symbolic axis can hide a mismatch.
import { CT_LABELS, CT_SUBTYPES } from '../domain';
import type { CtOnnxCard, OnnxLayout, OnnxOutputKind, SteelOnnxCard } from './onnx-card';
import { formatShape, layoutAxes } from './onnx-card-check';
import { quantiseProbabilities } from './quantise';
import type { ProbabilityMap } from './steel-postprocess';

/** One output tensor as ONNX Runtime hands it back. */
export interface OutputTensor {
  name: string;
  data: Float32Array;
  dims: readonly number[];
}

/** A steel item's four class maps (probabilities, classes 1–4) and its presence probabilities if the model has them. */
export interface SteelProbabilities {
  classes: Float32Array[];
  width: number;
  height: number;
  presence: number[] | null;
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

function probabilityOf(kind: OnnxOutputKind): (v: number) => number {
  return kind === 'logits' ? sigmoid : (v) => v;
}

/** n values from `offset` every `stride`, as probabilities (the per-pixel loop kept free of calls: maps are large). */
function readPlane(data: Float32Array, offset: number, stride: number, n: number, kind: OnnxOutputKind): Float32Array {
  const plane = new Float32Array(n);
  if (kind === 'logits') {
    for (let i = 0, o = offset; i < n; i++, o += stride) plane[i] = 1 / (1 + Math.exp(-data[o]));
  } else {
    for (let i = 0, o = offset; i < n; i++, o += stride) plane[i] = data[o];
  }
  return plane;
}

function expectDims(tensor: OutputTensor, rank: number, axis: number, count: number, batch: number): void {
  const d = tensor.dims;
  const wrong = d.length !== rank ? `${rank} axes` : d[axis] !== count ? `${count} channels on axis ${axis}` : d[0] < batch ? `a batch of ${batch}` : null;
  if (wrong) throw new Error(`output "${tensor.name}" came back ${formatShape(d)}; the card expects ${wrong}`);
}

/** The four class maps of every item of a steel batch (`items` ≤ the batch, the rest being padding). */
export function steelProbabilities(card: SteelOnnxCard, masks: OutputTensor, presence: OutputTensor | null, items: number): SteelProbabilities[] {
  const spec = card.outputs.masks;
  const layout: OnnxLayout = spec.layout ?? card.input.layout;
  const axes = layoutAxes(layout);
  const k = spec.classes.length;
  expectDims(masks, 4, axes.c, k, items);
  const [height, width] = [masks.dims[axes.h], masks.dims[axes.w]];
  const n = width * height;
  const presenceSpec = card.outputs.presence;
  const presenceClasses = presenceSpec?.classes ?? spec.classes;
  if (presence && presenceSpec) expectDims(presence, 2, 1, presenceClasses.length, items);
  const results: SteelProbabilities[] = [];
  for (let b = 0; b < items; b++) {
    const base = b * n * k;
    const classes: Float32Array[] = [];
    for (let cls = 1; cls <= 4; cls++) {
      const channel = spec.classes.indexOf(cls as 1 | 2 | 3 | 4);
      classes.push(readPlane(masks.data, layout === 'NCHW' ? base + channel * n : base + channel, layout === 'NCHW' ? 1 : k, n, spec.kind));
    }
    let itemPresence: number[] | null = null;
    if (presence && presenceSpec) {
      const toPresence = probabilityOf(presenceSpec.kind);
      const row = b * presenceClasses.length;
      itemPresence = [1, 2, 3, 4].map((cls) => toPresence(presence.data[row + presenceClasses.indexOf(cls as 1 | 2 | 3 | 4)]));
    }
    results.push({ classes, width, height, presence: itemPresence });
  }
  return results;
}

/** The maps as the rest of the pipeline keeps them: row-major bytes, p × 255 rounded. */
export function steelProbabilityMaps(p: SteelProbabilities): ProbabilityMap[] {
  return p.classes.map((plane) => ({ data: quantiseProbabilities(plane), width: p.width, height: p.height }));
}

/** Six probabilities per item in CT_LABELS order; `any` is the largest subtype when the model has no `any` output. */
export function ctProbabilities(card: CtOnnxCard, output: OutputTensor, items: number): number[][] {
  const spec = card.outputs.labels;
  const k = spec.labels.length;
  expectDims(output, 2, 1, k, items);
  const toP = probabilityOf(spec.kind);
  const results: number[][] = [];
  for (let b = 0; b < items; b++) {
    const row = b * k;
    const values = CT_LABELS.map((label) => {
      const channel = spec.labels.indexOf(label);
      return channel >= 0 ? toP(output.data[row + channel]) : Number.NaN;
    });
    const anyIndex = CT_LABELS.indexOf('any');
    if (Number.isNaN(values[anyIndex])) values[anyIndex] = Math.max(...values.slice(0, CT_SUBTYPES.length));
    results.push(values);
  }
  return results;
}
