// The overlays' pixels: row-major RGBA (what a canvas takes) painted from column-major masks, within a
// region only, so that a brush stroke repaints a few hundred pixels and not the whole strip. Pure: plain
// typed arrays in and out, no DOM.
import type { Region } from '../../../../../shared/mask-edit/region';
import type { Rgb } from '../palette';

/** The region grown by `by` pixels on every side, clipped to the image. */
export function grow(r: Region, by: number, width: number, height: number): Region {
  return { x0: Math.max(0, r.x0 - by), y0: Math.max(0, r.y0 - by), x1: Math.min(width - 1, r.x1 + by), y1: Math.min(height - 1, r.y1 + by) };
}

export const wholeImage = (width: number, height: number): Region => ({ x0: 0, y0: 0, x1: width - 1, y1: height - 1 });

const isWhole = (r: Region, width: number, height: number) => r.x0 <= 0 && r.y0 <= 0 && r.x1 >= width - 1 && r.y1 >= height - 1;

/** The bounding box of a mask's set pixels, or null when it has none (columns scanned natively). */
export function maskBounds(mask: Uint8Array, width: number, height: number): Region | null {
  const first = mask.indexOf(1);
  if (first < 0) return null;
  const last = mask.lastIndexOf(1);
  const x0 = Math.floor(first / height);
  const x1 = Math.floor(last / height);
  let y0 = height;
  let y1 = -1;
  for (let x = x0; x <= x1; x++) {
    const column = mask.subarray(x * height, (x + 1) * height);
    const top = column.indexOf(1);
    if (top < 0) continue;
    if (top < y0) y0 = top;
    const bottom = column.lastIndexOf(1);
    if (bottom > y1) y1 = bottom;
  }
  return { x0, y0, x1, y1 };
}

/** The union of several masks' bounding boxes, or null when all are empty. */
export function boundsOf(masks: readonly Uint8Array[], width: number, height: number): Region | null {
  let union: Region | null = null;
  for (const mask of masks) {
    const b = maskBounds(mask, width, height);
    if (b) union = union ? { x0: Math.min(union.x0, b.x0), y0: Math.min(union.y0, b.y0), x1: Math.max(union.x1, b.x1), y1: Math.max(union.y1, b.y1) } : b;
  }
  return union;
}

/**
 * For a repaint of the whole image: clears every pixel and returns the part that can hold anything (the
 * masks' bounding box grown by one), or null when there is nothing to paint. A partial region is kept.
 */
function focus(rgba: Uint8ClampedArray, masks: readonly Uint8Array[], width: number, height: number, region: Region): Region | null {
  if (!isWhole(region, width, height)) return region;
  rgba.fill(0);
  const bounds = boundsOf(masks, width, height);
  return bounds && grow(bounds, 1, width, height);
}

/** True when pixel i (column x, row y) of a set mask touches an unset 4-neighbour or the image border. */
function isEdge(mask: Uint8Array, i: number, x: number, y: number, width: number, height: number): boolean {
  return y === 0 || y === height - 1 || x === 0 || x === width - 1 || !mask[i - 1] || !mask[i + 1] || !mask[i - height] || !mask[i + height];
}

/**
 * One class of the current label: its defect pixels in `colour`, the interior at `fillAlpha` and the
 * outline at `edgeAlpha` (outline-only mode: fillAlpha 0). Pixels of the region outside the mask are cleared.
 * Repaints the region grown by one pixel, because an edit changes its neighbours' outline too; a repaint
 * of the whole image clears it and paints the mask's bounding box only. Returns the rectangle to copy out.
 */
export function paintClass(rgba: Uint8ClampedArray, mask: Uint8Array, width: number, height: number, region: Region, colour: Rgb, fillAlpha: number, edgeAlpha: number): Region {
  const focused = focus(rgba, [mask], width, height, region);
  if (!focused) return region;
  const r = grow(focused, 1, width, height);
  const [red, green, blue] = colour;
  for (let x = r.x0; x <= r.x1; x++) {
    const column = x * height;
    for (let y = r.y0; y <= r.y1; y++) {
      const o = (y * width + x) << 2;
      const i = column + y;
      if (!mask[i]) {
        rgba[o + 3] = 0;
        continue;
      }
      rgba[o] = red;
      rgba[o + 1] = green;
      rgba[o + 2] = blue;
      rgba[o + 3] = isEdge(mask, i, x, y, width, height) ? edgeAlpha : fillAlpha;
    }
  }
  return focused === region ? r : region; // a whole repaint cleared everything: copy all of it
}

export interface OutlineSource {
  mask: Uint8Array;
  colour: Rgb;
}

/**
 * Outlines only (the truth and prediction layers): the first source whose outline passes through a pixel
 * gives its colour. `dash` > 0 draws every other run of `dash` pixels along the diagonals (a dashed line
 * that reads as "reference", not "editable").
 */
export function paintOutlines(rgba: Uint8ClampedArray, sources: readonly OutlineSource[], width: number, height: number, region: Region, alpha: number, dash = 0): Region {
  const focused = focus(rgba, sources.map((s) => s.mask), width, height, region);
  if (!focused) return region;
  const r = grow(focused, 1, width, height);
  for (let x = r.x0; x <= r.x1; x++) {
    const column = x * height;
    for (let y = r.y0; y <= r.y1; y++) {
      const o = (y * width + x) << 2;
      const i = column + y;
      rgba[o + 3] = 0;
      if (dash > 0 && Math.floor((x + y) / dash) % 2 === 1) continue;
      for (const { mask, colour } of sources) {
        if (!mask[i] || !isEdge(mask, i, x, y, width, height)) continue;
        rgba[o] = colour[0];
        rgba[o + 1] = colour[1];
        rgba[o + 2] = colour[2];
        rgba[o + 3] = alpha;
        break;
      }
    }
  }
  return focused === region ? r : region;
}

export interface DiffPair {
  current: Uint8Array;
  prediction: Uint8Array;
}

/**
 * Where the prediction and the current label disagree, over the given classes: pixels only the prediction
 * marks in `predictionOnly`, pixels only the current label marks in `currentOnly`. Returns how many
 * disagreeing pixels the region holds.
 */
export function paintDiff(
  rgba: Uint8ClampedArray,
  pairs: readonly DiffPair[],
  width: number,
  height: number,
  region: Region,
  colours: { predictionOnly: Rgb; currentOnly: Rgb },
  alpha: number,
): number {
  let count = 0;
  const r = focus(rgba, pairs.flatMap((p) => [p.current, p.prediction]), width, height, region);
  if (!r) return 0;
  for (let x = r.x0; x <= r.x1; x++) {
    const column = x * height;
    for (let y = r.y0; y <= r.y1; y++) {
      const o = (y * width + x) << 2;
      const i = column + y;
      let colour: Rgb | null = null;
      for (const { current, prediction } of pairs) {
        if (current[i] === prediction[i]) continue;
        colour = prediction[i] ? colours.predictionOnly : colours.currentOnly;
        break;
      }
      if (!colour) {
        rgba[o + 3] = 0;
        continue;
      }
      count++;
      rgba[o] = colour[0];
      rgba[o + 1] = colour[1];
      rgba[o + 2] = colour[2];
      rgba[o + 3] = alpha;
    }
  }
  return count;
}
