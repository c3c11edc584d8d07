// The mean of several models' steel predictions for one strip: each class's map resized bilinearly (pixel
// centres aligned, as post-processing resizes) to the first model's resolution, averaged in byte units and
// rounded; presence averaged where every model has it. Models of different kinds and output sizes (an ONNX
// model at full resolution beside a built-in one at half) can then be averaged. With weights (an ensemble
// version's), each model counts by its weight; the weights are normalised to sum to one.
import { normalisedWeights } from './ensemble';
import { resizeProbabilityMap, type ProbabilityMap } from './steel-postprocess';

export interface SteelMapsPrediction {
  /** Four maps, classes 1–4. */
  maps: ProbabilityMap[];
  presence: number[] | null;
}

/** Row-major values of a map at width × height (resizeProbabilityMap gives them column-major). */
function rowMajorAt(map: ProbabilityMap, width: number, height: number): ArrayLike<number> {
  if (map.width === width && map.height === height) return map.data;
  const columns = resizeProbabilityMap(map, width, height);
  const rows = new Float64Array(width * height);
  for (let x = 0; x < width; x++) for (let y = 0; y < height; y++) rows[y * width + x] = columns[x * height + y];
  return rows;
}

export function averageSteelMaps(predictions: readonly SteelMapsPrediction[], weights?: readonly number[]): SteelMapsPrediction {
  if (predictions.length === 0) throw new RangeError('nothing to average');
  if (predictions.length === 1) return predictions[0];
  const w = normalisedWeights(weights ?? predictions.map(() => 1), predictions.length);
  const { width, height } = predictions[0].maps[0];
  const maps = predictions[0].maps.map((_, c) => {
    const sum = new Float64Array(width * height);
    predictions.forEach((p, m) => {
      const values = rowMajorAt(p.maps[c], width, height);
      for (let i = 0; i < sum.length; i++) sum[i] += w[m] * values[i];
    });
    const data = new Uint8Array(sum.length);
    for (let i = 0; i < sum.length; i++) data[i] = Math.min(255, Math.max(0, Math.round(sum[i])));
    return { data, width, height };
  });
  const withPresence = predictions.every((p) => p.presence !== null);
  const presence = withPresence ? predictions[0].presence!.map((_, c) => predictions.reduce((s, p, m) => s + w[m] * p.presence![c], 0)) : null;
  return { maps, presence };
}
