// Test-time augmentation: the sets of views a prediction may average, what each view does to the model's
// input, and how a map output is brought back to the input's frame before the views are averaged.
//   none   identity
//   hflip  identity, left-right flip
//   flips  identity, left-right flip, up-down flip, both flips (a 180° turn)
//   x5     the four of `flips` and a fifth view: the transpose where the input is square (CT slices), else
//          (a 1600×256 steel strip has no fifth symmetry) a shift of width/64 columns to the right with the
//          first column repeated into the gap.
// Map outputs (steel) are flipped, transposed or shifted back; a shifted view has no prediction for the
// columns it pushed out on the right, so each pixel's mean is over the views that saw it. Per-image outputs
// (CT probabilities, steel presence) need no inverse and are averaged over every view.
// This is the definition, over NHWC float arrays; the TensorFlow.js path applies the same views as tensor ops
// (tta-views.ts), the ONNX path these functions plane by plane (tta-planar.ts).
export const TTA_SETS = ['none', 'hflip', 'flips', 'x5'] as const;
export type TtaSet = (typeof TTA_SETS)[number];

export interface TtaView {
  name: 'identity' | 'hflip' | 'vflip' | 'hvflip' | 'transpose' | 'shift';
  flipX: boolean;
  flipY: boolean;
  /** Rows and columns swapped (square inputs only). */
  transpose: boolean;
  /** Input columns the image is moved to the right by (0: none). */
  shiftX: number;
}

const view = (name: TtaView['name'], parts: Partial<Omit<TtaView, 'name'>> = {}): TtaView => ({
  name,
  flipX: false,
  flipY: false,
  transpose: false,
  shiftX: 0,
  ...parts,
});

/** Columns the fifth view of a non-square input shifts by: width/64, at least one. */
export const shiftColumnsOf = (width: number): number => Math.max(1, Math.round(width / 64));

/** The views of a set for a model input of this size, cheapest first (the identity always first). */
export function ttaViews(set: TtaSet, input: { width: number; height: number }): TtaView[] {
  const views = [view('identity')];
  if (set === 'none') return views;
  views.push(view('hflip', { flipX: true }));
  if (set === 'hflip') return views;
  views.push(view('vflip', { flipY: true }), view('hvflip', { flipX: true, flipY: true }));
  if (set === 'flips') return views;
  views.push(input.width === input.height ? view('transpose', { transpose: true }) : view('shift', { shiftX: shiftColumnsOf(input.width) }));
  return views;
}

/** How many model runs a set costs per batch. */
export const ttaViewCount = (set: TtaSet): number => ({ none: 1, hflip: 2, flips: 4, x5: 5 })[set];

/** A card's or an old caller's setting: true was the horizontal flip, false (or none given) no TTA. */
export function ttaSetOf(value: boolean | TtaSet | undefined | null): TtaSet {
  if (value === true) return 'hflip';
  if (value === false || value === undefined || value === null) return 'none';
  return value;
}

export function isTtaSet(value: unknown): value is TtaSet {
  return typeof value === 'string' && (TTA_SETS as readonly string[]).includes(value);
}

/** An NHWC array's shape. */
export interface Nhwc {
  batch: number;
  height: number;
  width: number;
  channels: number;
}

interface Remapped {
  values: Float32Array;
  shape: Nhwc;
  /** Per output pixel (row-major H × W): 1 where it has a source pixel that was itself covered. */
  covered: Uint8Array;
}

/**
 * Copies `values` into a new [B, outH, outW, C] array, each output pixel from the input pixel `source` names
 * (null: 0 and not covered); `coveredIn` carries an earlier step's coverage through.
 */
function remap(values: Float32Array, shape: Nhwc, outH: number, outW: number, source: (y: number, x: number) => [number, number] | null, coveredIn?: Uint8Array): Remapped {
  const { batch, height, width, channels } = shape;
  const out = new Float32Array(batch * outH * outW * channels);
  const covered = new Uint8Array(outH * outW);
  for (let y = 0; y < outH; y++) {
    for (let x = 0; x < outW; x++) {
      const from = source(y, x);
      if (!from) continue;
      covered[y * outW + x] = coveredIn ? coveredIn[from[0] * width + from[1]] : 1;
      for (let b = 0; b < batch; b++) {
        const to = ((b * outH + y) * outW + x) * channels;
        const at = ((b * height + from[0]) * width + from[1]) * channels;
        for (let c = 0; c < channels; c++) out[to + c] = values[at + c];
      }
    }
  }
  return { values: out, shape: { batch, height: outH, width: outW, channels }, covered };
}

/** The model's input as the view shows it. */
export function viewInput(values: Float32Array, shape: Nhwc, v: TtaView): { values: Float32Array; shape: Nhwc } {
  const { height: h, width: w } = shape;
  let out: { values: Float32Array; shape: Nhwc } = { values, shape };
  if (v.flipX || v.flipY) out = remap(out.values, out.shape, h, w, (y, x) => [v.flipY ? h - 1 - y : y, v.flipX ? w - 1 - x : x]);
  if (v.transpose) out = remap(out.values, out.shape, w, h, (y, x) => [x, y]);
  if (v.shiftX) out = remap(out.values, out.shape, out.shape.height, out.shape.width, (y, x) => [y, Math.max(0, x - v.shiftX)]);
  return out;
}

/**
 * A map output of the view brought back to the input's frame, with the pixels the view has a prediction for.
 * `inputWidth`: the model input's width, to scale a shift to an output at another resolution.
 */
export function restoreOutput(values: Float32Array, shape: Nhwc, v: TtaView, inputWidth: number): Remapped {
  let out: Remapped = { values, shape, covered: new Uint8Array(shape.height * shape.width).fill(1) };
  if (v.shiftX) {
    const k = Math.round((v.shiftX * shape.width) / inputWidth);
    out = remap(out.values, out.shape, shape.height, shape.width, (y, x) => (x + k < shape.width ? [y, x + k] : null), out.covered);
  }
  if (v.transpose) out = remap(out.values, out.shape, out.shape.width, out.shape.height, (y, x) => [x, y], out.covered);
  const { height: h, width: w } = out.shape;
  if (v.flipX || v.flipY) out = remap(out.values, out.shape, h, w, (y, x) => [v.flipY ? h - 1 - y : y, v.flipX ? w - 1 - x : x], out.covered);
  return out;
}

/** One model output: a map [B, H, W, C] (rank 4) or per-image values [B, K] (rank 2). */
export interface ModelOutput {
  values: Float32Array;
  /** [B, H, W, C] or [B, K]. */
  dims: number[];
}

/**
 * The mean over the set's views of the model's outputs, each map output restored to the input's frame first:
 * `run` is the model on an NHWC batch. Maps are averaged per pixel over the views that cover it.
 */
export function predictWithTta(run: (values: Float32Array, shape: Nhwc) => ModelOutput[], values: Float32Array, shape: Nhwc, set: TtaSet): ModelOutput[] {
  const sums: { values: Float64Array; dims: number[]; weight: Float64Array | null }[] = [];
  for (const v of ttaViews(set, shape)) {
    const seen = viewInput(values, shape, v);
    run(seen.values, seen.shape).forEach((output, o) => {
      let restored = output.values;
      let covered: Uint8Array | null = null;
      let dims = output.dims;
      if (output.dims.length === 4) {
        const [batch, height, width, channels] = output.dims;
        const back = restoreOutput(output.values, { batch, height, width, channels }, v, shape.width);
        restored = back.values;
        covered = back.covered;
        dims = [back.shape.batch, back.shape.height, back.shape.width, back.shape.channels];
      }
      const sum = (sums[o] ??= { values: new Float64Array(restored.length), dims, weight: covered ? new Float64Array(covered.length) : null });
      restored.forEach((value, i) => (sum.values[i] += value));
      if (covered && sum.weight) covered.forEach((c, p) => (sum.weight![p] += c));
    });
  }
  const count = ttaViews(set, shape).length;
  return sums.map(({ values: sum, dims, weight }) => {
    const mean = new Float32Array(sum.length);
    if (weight) {
      const channels = dims[3];
      const plane = dims[1] * dims[2];
      for (let i = 0; i < sum.length; i++) mean[i] = sum[i] / Math.max(1, weight[Math.floor(i / channels) % plane]);
    } else {
      for (let i = 0; i < sum.length; i++) mean[i] = sum[i] / count;
    }
    return { values: mean, dims };
  });
}
