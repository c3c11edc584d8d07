// The TTA views of tta.ts for models run outside TensorFlow.js (ONNX), on planar images: each image as a
// view shows it, each steel map brought back to the image's frame, and the mean over the set's views — per
// pixel over the views that cover it, per-image values (CT probabilities, steel presence) the plain mean.
// The view code is tta.ts's own, applied to one plane at a time, so both kinds of model see the same views.
import type { PlanarImage } from './preprocess';
import type { SteelProbabilities } from './onnx-outputs';
import { restoreOutput, ttaViews, viewInput, type TtaSet, type TtaView } from './tta';

const planeShape = (width: number, height: number) => ({ batch: 1, height, width, channels: 1 });

/** The image as the view shows it to the model (a transposed view swaps width and height). */
export function viewPlanarImage(image: PlanarImage, v: TtaView): PlanarImage {
  if (!v.flipX && !v.flipY && !v.transpose && !v.shiftX) return image;
  let size = { width: image.width, height: image.height };
  const planes = image.planes.map((plane) => {
    const seen = viewInput(plane, planeShape(image.width, image.height), v);
    size = { width: seen.shape.width, height: seen.shape.height };
    return seen.values;
  });
  return { planes, ...size };
}

/**
 * One item's steel outputs over the views (outputs[k] from views[k]), averaged in the input's frame: every map
 * restored first, each pixel the mean over the views that saw it; presence the plain mean. `inputWidth`: the
 * model input's width, to scale a shift to maps at another resolution.
 */
export function meanSteelOverViews(outputs: readonly SteelProbabilities[], views: readonly TtaView[], inputWidth: number): SteelProbabilities {
  if (outputs.length !== views.length) throw new RangeError(`${outputs.length} outputs for ${views.length} views`);
  let width = 0;
  let height = 0;
  const classes = [0, 1, 2, 3].map((c) => {
    let sum = new Float64Array(0);
    let weight = new Float64Array(0);
    for (let k = 0; k < outputs.length; k++) {
      const out = outputs[k];
      const back = restoreOutput(out.classes[c], planeShape(out.width, out.height), views[k], inputWidth);
      if (k === 0) {
        [width, height] = [back.shape.width, back.shape.height];
        sum = new Float64Array(back.values.length);
        weight = new Float64Array(back.values.length);
      } else if (back.values.length !== sum.length) {
        throw new RangeError(`view ${views[k].name} gave a ${out.width}×${out.height} map, the identity a ${width}×${height} one`);
      }
      for (let i = 0; i < sum.length; i++) {
        sum[i] += back.values[i];
        weight[i] += back.covered[i];
      }
    }
    // The identity view covers every pixel, so no weight is 0.
    return Float32Array.from(sum, (s, i) => s / Math.max(1, weight[i]));
  });
  const presence = outputs.every((o) => o.presence) ? meanRows(outputs.map((o) => o.presence!)) : null;
  return { classes, width, height, presence };
}

/** The element-wise mean of equal-length rows (per-image outputs: no inverse needed). */
export function meanRows(rows: readonly (readonly number[])[]): number[] {
  return rows[0].map((_, k) => rows.reduce((s, row) => s + row[k], 0) / rows.length);
}

/**
 * `run` over every view of the set, once per view for the whole batch (the model's batching is the caller's),
 * and `mean` of each item's outputs over its views. Images of several sizes are fine: each has its own views.
 */
export async function predictPlanarWithTta<T>(
  images: readonly PlanarImage[],
  set: TtaSet,
  run: (images: PlanarImage[]) => Promise<T[]>,
  mean: (outputs: T[], views: TtaView[], image: PlanarImage) => T,
): Promise<T[]> {
  if (set === 'none' || images.length === 0) return run([...images]);
  const views = images.map((image) => ttaViews(set, image));
  const perView: T[][] = [];
  for (let k = 0; k < views[0].length; k++) perView.push(await run(images.map((image, i) => viewPlanarImage(image, views[i][k]))));
  return images.map((image, i) => mean(perView.map((outputs) => outputs[i]), views[i], image));
}

/** Steel: four maps and presence per strip, averaged over the set's views. */
export function predictSteelWithTta(images: readonly PlanarImage[], set: TtaSet, run: (images: PlanarImage[]) => Promise<SteelProbabilities[]>): Promise<SteelProbabilities[]> {
  return predictPlanarWithTta(images, set, run, (outputs, views, image) => meanSteelOverViews(outputs, views, image.width));
}

/** CT: per-slice probabilities, averaged over the set's views. */
export function predictRowsWithTta(images: readonly PlanarImage[], set: TtaSet, run: (images: PlanarImage[]) => Promise<number[][]>): Promise<number[][]> {
  return predictPlanarWithTta(images, set, run, (outputs) => meanRows(outputs));
}
