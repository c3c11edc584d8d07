// Magic wand (click-to-segment, offline): the region a click on a defect proposes. With a model's map, the
// 4-connected area around the click where the probability reaches a lower threshold bounds the search,
// widened by a few pixels (a square dilation) because a model's edges are soft and often drawn at a lower
// resolution; inside that bound the region grows from the click over pixels whose grey value is within a
// tolerance of the click's, and over the model's confident core whatever its grey values (a defect's texture
// would otherwise punch holes in it). Without a map the growth runs on the grey values alone and an area
// that spreads over more than a limit is refused, as Fill does. Column-major arrays (see ../mask.ts).
import { growRegion } from './connected';
import type { Region } from './region';

export interface WandInput {
  width: number;
  height: number;
  /** The strip's grey values, column-major, `width * height`. */
  intensity: ArrayLike<number>;
  /**
   * The model's map for the class, column-major on the 0..1 scale (a 0/1 mask counts as probabilities 0 and 1),
   * or null: intensity alone.
   */
  probability: ArrayLike<number> | null;
  /** The pixel clicked. */
  x: number;
  y: number;
  options: WandOptions;
}

export interface WandOptions {
  /** The lower threshold: the connected area at or above it around the click bounds the region. */
  low: number;
  /** Pixels at or above this are taken whatever their grey value (a value above 1 turns it off). */
  core: number;
  /** Pixels by which the probability area is widened (square dilation) before the growth is bounded by it. */
  margin: number;
  /** Grey levels either side of the click's (mean of its 3 × 3 neighbourhood) that the growth accepts. */
  tolerance: number;
  /** The most pixels one region may hold; more is refused as `open`. */
  maxPixels: number;
}

export type WandResult =
  | {
      kind: 'region';
      /** 1 where the region is, column-major, `width * height`. */
      mask: Uint8Array;
      pixels: number;
      /** Its bounding rectangle, inclusive. */
      region: Region;
      /** What bounded it: the model's map, or the grey values alone. */
      from: 'model' | 'intensity';
    }
  /** The click is off the strip, or (with a map) below the lower threshold: no region to propose. */
  | { kind: 'outside' }
  /** The region would hold more than `maxPixels` (an open background under intensity alone). */
  | { kind: 'open'; limit: number };

export function magicWand(input: WandInput): WandResult {
  const { width, height, intensity, probability, x, y, options } = input;
  if (!Number.isInteger(x) || !Number.isInteger(y) || x < 0 || y < 0 || x >= width || y >= height) return { kind: 'outside' };
  if (intensity.length !== width * height) throw new RangeError(`intensity holds ${intensity.length} values, not ${width}×${height}`);
  if (probability && probability.length !== width * height) throw new RangeError(`probability map holds ${probability.length} values, not ${width}×${height}`);
  const seed = x * height + y;
  let bound: Uint8Array | null = null;
  if (probability) {
    if (!(probability[seed] >= options.low)) return { kind: 'outside' };
    const area = connectedAtOrAbove(probability, width, height, seed, options.low);
    bound = dilateSquare(area.mask, width, height, area.region, Math.max(0, Math.floor(options.margin)));
  }
  const reference = meanAround(intensity, width, height, x, y);
  const accepts = (i: number) =>
    (bound === null || bound[i] === 1) &&
    ((probability !== null && probability[i] >= options.core) || Math.abs(intensity[i] - reference) <= options.tolerance);
  const grown = grow(width, height, seed, accepts, options.maxPixels);
  if (!grown) return { kind: 'open', limit: options.maxPixels };
  return { kind: 'region', ...grown, from: probability ? 'model' : 'intensity' };
}

/** Grey values of an RGBA image (row-major, as a canvas gives them) in column-major order: Rec. 601 luma, rounded. */
export function greyColumnMajor(rgba: ArrayLike<number>, width: number, height: number): Uint8Array {
  const grey = new Uint8Array(width * height);
  for (let yy = 0; yy < height; yy++) {
    for (let xx = 0; xx < width; xx++) {
      const k = (yy * width + xx) * 4;
      grey[xx * height + yy] = Math.round(0.299 * rgba[k] + 0.587 * rgba[k + 1] + 0.114 * rgba[k + 2]);
    }
  }
  return grey;
}

/** The 4-connected pixels from `seed` that `accepts` as a mask, or null once more than `maxPixels` are found. */
function grow(width: number, height: number, seed: number, accepts: (i: number) => boolean, maxPixels: number) {
  const mask = new Uint8Array(width * height);
  const { pixels, region, open } = growRegion(width, height, seed, accepts, mask, maxPixels);
  return open ? null : { mask, pixels: pixels.length, region };
}

function connectedAtOrAbove(values: ArrayLike<number>, width: number, height: number, seed: number, low: number) {
  return grow(width, height, seed, (i) => values[i] >= low, Infinity)!;
}

/** `mask` widened by `margin` pixels in every direction (a (2m+1)² square), within the strip; only around `box` is read. */
function dilateSquare(mask: Uint8Array, width: number, height: number, box: Region, margin: number): Uint8Array {
  if (margin === 0) return mask;
  const x0 = Math.max(0, box.x0 - margin);
  const x1 = Math.min(width - 1, box.x1 + margin);
  const y0 = Math.max(0, box.y0 - margin);
  const y1 = Math.min(height - 1, box.y1 + margin);
  // Along y within each column, then along x within each row, each by a running count of set pixels.
  const along = new Uint8Array(width * height);
  for (let xx = x0; xx <= x1; xx++) {
    const column = xx * height;
    let count = 0;
    for (let yy = y0; yy <= Math.min(y1, y0 + margin - 1); yy++) count += mask[column + yy];
    for (let yy = y0; yy <= y1; yy++) {
      if (yy + margin <= y1) count += mask[column + yy + margin];
      if (yy - margin - 1 >= y0) count -= mask[column + yy - margin - 1];
      along[column + yy] = count > 0 ? 1 : 0;
    }
  }
  const out = new Uint8Array(width * height);
  for (let yy = y0; yy <= y1; yy++) {
    let count = 0;
    for (let xx = x0; xx <= Math.min(x1, x0 + margin - 1); xx++) count += along[xx * height + yy];
    for (let xx = x0; xx <= x1; xx++) {
      if (xx + margin <= x1) count += along[(xx + margin) * height + yy];
      if (xx - margin - 1 >= x0) count -= along[(xx - margin - 1) * height + yy];
      out[xx * height + yy] = count > 0 ? 1 : 0;
    }
  }
  return out;
}

/** Mean grey value of the 3 × 3 pixels around (x, y) that lie on the strip: one noisy pixel does not set the tolerance's centre. */
function meanAround(intensity: ArrayLike<number>, width: number, height: number, x: number, y: number): number {
  let sum = 0;
  let n = 0;
  for (let xx = Math.max(0, x - 1); xx <= Math.min(width - 1, x + 1); xx++) {
    for (let yy = Math.max(0, y - 1); yy <= Math.min(height - 1, y + 1); yy++) {
      sum += intensity[xx * height + yy];
      n++;
    }
  }
  return sum / n;
}
