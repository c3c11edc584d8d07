// The one 4-connected scan of the mask tools (Fill, islands, the magic wand) on column-major arrays (see
// ../mask.ts): an explicit stack, no recursion, bounded.
import type { Region } from './region';

export interface GrownRegion {
  /** The pixel indices reached, in the order they were taken from the stack. */
  pixels: number[];
  region: Region;
  /** True when the scan stopped because more than `maxPixels` were reached (the area is not closed). */
  open: boolean;
}

/**
 * The 4-connected pixels from `seed` that `accepts`, marking each in `visited` (a pixel already marked is not
 * taken again, so several scans can share one `visited`). Stops once more than `maxPixels` are marked.
 */
export function growRegion(width: number, height: number, seed: number, accepts: (i: number) => boolean, visited: Uint8Array, maxPixels = Infinity): GrownRegion {
  const pixels: number[] = [];
  const stack = [seed];
  visited[seed] = 1;
  let marked = 1;
  const sx = Math.floor(seed / height);
  const region: Region = { x0: sx, y0: seed - sx * height, x1: sx, y1: seed - sx * height };
  const visit = (i: number) => {
    if (visited[i] || !accepts(i)) return;
    visited[i] = 1;
    marked++;
    stack.push(i);
  };
  while (stack.length) {
    if (marked > maxPixels) return { pixels, region, open: true };
    const i = stack.pop()!;
    pixels.push(i);
    const px = Math.floor(i / height);
    const py = i - px * height;
    if (px < region.x0) region.x0 = px;
    if (px > region.x1) region.x1 = px;
    if (py < region.y0) region.y0 = py;
    if (py > region.y1) region.y1 = py;
    if (py > 0) visit(i - 1);
    if (py < height - 1) visit(i + 1);
    if (px > 0) visit(i - height);
    if (px < width - 1) visit(i + height);
  }
  return { pixels, region, open: false };
}
