// Flood fill and islands (connected components, 4-connected) on column-major masks (see ../mask.ts).
import { unionRegion, type Region } from './region';

/**
 * Gives the 4-connected region of pixels that share the value at (x, y) the value `value`
 * (Fill: click inside a closed outline to fill it). Returns the region touched, or null when
 * (x, y) is outside or already has that value.
 */
export function floodFill(mask: Uint8Array, width: number, height: number, x: number, y: number, value: 0 | 1): Region | null {
  const component = componentAt(mask, width, height, x, y);
  if (!component || mask[component.pixels[0]] === value) return null;
  for (const i of component.pixels) mask[i] = value;
  return component.region;
}

/** Remove island: clears the defect blob (4-connected set pixels) under (x, y). */
export function removeIsland(mask: Uint8Array, width: number, height: number, x: number, y: number): { removed: number; region: Region } | null {
  const component = componentAt(mask, width, height, x, y);
  if (!component || mask[component.pixels[0]] === 0) return null;
  for (const i of component.pixels) mask[i] = 0;
  return { removed: component.pixels.length, region: component.region };
}

/** Clears every blob smaller than `minPixels`; returns how many blobs and pixels went. */
export function removeIslandsSmallerThan(mask: Uint8Array, width: number, height: number, minPixels: number) {
  const seen = new Uint8Array(mask.length);
  let blobs = 0;
  let pixels = 0;
  let region: Region | null = null;
  for (let i = 0; i < mask.length; i++) {
    if (mask[i] === 0 || seen[i]) continue;
    const component = componentAt(mask, width, height, Math.floor(i / height), i % height, seen)!;
    if (component.pixels.length < minPixels) {
      for (const p of component.pixels) mask[p] = 0;
      blobs++;
      pixels += component.pixels.length;
      region = unionRegion(region, component.region);
    }
  }
  return { blobs, pixels, region };
}

/** Number of 4-connected blobs of set pixels. */
export function countIslands(mask: Uint8Array, width: number, height: number): number {
  const seen = new Uint8Array(mask.length);
  let count = 0;
  for (let i = 0; i < mask.length; i++) {
    if (mask[i] !== 0 && !seen[i]) {
      componentAt(mask, width, height, Math.floor(i / height), i % height, seen);
      count++;
    }
  }
  return count;
}

/**
 * The 4-connected pixels with the same value as (x, y), by an explicit-stack scan (no recursion). The scan
 * stops once more than `maxPixels` pixels are found, and then says the area is `open` (not enclosed).
 */
export function componentAt(mask: Uint8Array, width: number, height: number, x: number, y: number, seen = new Uint8Array(mask.length), maxPixels = Infinity) {
  if (!Number.isInteger(x) || !Number.isInteger(y) || x < 0 || y < 0 || x >= width || y >= height) return null;
  const start = x * height + y;
  const target = mask[start];
  const pixels: number[] = [];
  const stack = [start];
  seen[start] = 1;
  let found = 1;
  const region: Region = { x0: x, y0: y, x1: x, y1: y };
  const visit = (i: number) => {
    if (seen[i] || mask[i] !== target) return;
    seen[i] = 1;
    found++;
    stack.push(i);
  };
  while (stack.length) {
    if (found > maxPixels) return { pixels, region, open: true };
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
