// Flood fill and islands (connected components, 4-connected) on column-major masks (see ../mask.ts).
import { unionRegion, type Region } from './region';
import { growRegion } from './connected';

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
  return growRegion(width, height, start, (i) => mask[i] === target, seen, maxPixels);
}
