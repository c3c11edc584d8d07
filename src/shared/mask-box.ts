// A rectangle added to a steel mask, as RLE in and out: the reading view's box tool marks a defect by dragging
// a box over the strip (readers mark where, the adjudicating reviewer keeps the better outline).
import { STEEL_HEIGHT, STEEL_WIDTH } from './domain';
import { maskIndex } from './mask';
import { decodeRle, encodeRle } from './rle';

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** The mask of `rle` with the pixels of `box` (corners in any order, inclusive, clipped to the strip) set. */
export function addBoxToRle(rle: string, box: Box, width = STEEL_WIDTH, height = STEEL_HEIGHT): string {
  const mask = decodeRle(rle, width, height);
  const clamp = (v: number, max: number) => Math.min(max - 1, Math.max(0, Math.round(v)));
  const [left, right] = [clamp(Math.min(box.x0, box.x1), width), clamp(Math.max(box.x0, box.x1), width)];
  const [top, bottom] = [clamp(Math.min(box.y0, box.y1), height), clamp(Math.max(box.y0, box.y1), height)];
  for (let x = left; x <= right; x++) mask.fill(1, maskIndex(x, top, height), maskIndex(x, bottom, height) + 1);
  return encodeRle(mask);
}
