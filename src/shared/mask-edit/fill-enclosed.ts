// Fill of a closed region: the 4-connected area of equal pixels around a click takes a value, but only
// when that area is enclosed (smaller than a limit). Clicking the open background of a strip would
// otherwise paint the whole strip; here that is refused and nothing changes. Column-major masks (../mask.ts).
import type { Region } from './region';

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
  const start = x * height + y;
  const target = mask[start];
  if (target === value) return { kind: 'nothing' };
  const seen = new Uint8Array(mask.length);
  const pixels: number[] = [start];
  seen[start] = 1;
  const region: Region = { x0: x, y0: y, x1: x, y1: y };
  for (let k = 0; k < pixels.length; k++) {
    if (pixels.length > maxPixels) return { kind: 'open', limit: maxPixels };
    const i = pixels[k];
    const px = Math.floor(i / height);
    const py = i - px * height;
    if (px < region.x0) region.x0 = px;
    if (px > region.x1) region.x1 = px;
    if (py < region.y0) region.y0 = py;
    if (py > region.y1) region.y1 = py;
    if (py > 0 && !seen[i - 1] && mask[i - 1] === target) { seen[i - 1] = 1; pixels.push(i - 1); }
    if (py < height - 1 && !seen[i + 1] && mask[i + 1] === target) { seen[i + 1] = 1; pixels.push(i + 1); }
    if (px > 0 && !seen[i - height] && mask[i - height] === target) { seen[i - height] = 1; pixels.push(i - height); }
    if (px < width - 1 && !seen[i + height] && mask[i + height] === target) { seen[i + height] = 1; pixels.push(i + height); }
  }
  if (pixels.length > maxPixels) return { kind: 'open', limit: maxPixels };
  for (const i of pixels) mask[i] = value;
  return { kind: 'filled', pixels: pixels.length, region };
}
