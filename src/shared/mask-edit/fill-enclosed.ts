// Fill of a closed region: the 4-connected area of equal pixels around a click takes a value, but only
// when that area is enclosed (smaller than a limit). Clicking the open background of a strip would
// otherwise paint the whole strip; here that is refused and nothing changes. Column-major masks (../mask.ts).
import type { Region } from './region';
import { componentAt } from './islands';

export type FillResult =
  | { kind: 'filled'; pixels: number; region: Region }
  /** The area around the click is not enclosed: it holds more than the limit. The mask is unchanged. */
  | { kind: 'open'; limit: number }
  /** Outside the image, or the pixel already has the value. */
  | { kind: 'nothing' };

/**
 * Gives the 4-connected area of pixels equal to the one at (x, y) the value `value`, when it has at most
 * `maxPixels` pixels. The scan stops as soon as the limit is passed, so an open area costs at most the limit.
 */
export function fillEnclosed(mask: Uint8Array, width: number, height: number, x: number, y: number, value: 0 | 1, maxPixels: number): FillResult {
  if (!Number.isInteger(x) || !Number.isInteger(y) || x < 0 || y < 0 || x >= width || y >= height) return { kind: 'nothing' };
  if (mask[x * height + y] === value) return { kind: 'nothing' };
  const component = componentAt(mask, width, height, x, y, undefined, maxPixels)!;
  if (component.open) return { kind: 'open', limit: maxPixels };
  for (const i of component.pixels) mask[i] = value;
  return { kind: 'filled', pixels: component.pixels.length, region: component.region };
}
