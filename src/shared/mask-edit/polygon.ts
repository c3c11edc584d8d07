// Polygon fill and polygon erase: every pixel whose centre is inside the polygon (even-odd rule,
// scanline by scanline) takes the value. Masks are column-major (see ../mask.ts).
import type { Point } from './brush';
import { clipRegion, unionRegion, type Region } from './region';

export function fillPolygon(mask: Uint8Array, width: number, height: number, polygon: readonly Point[], value: 0 | 1): Region | null {
  if (polygon.length < 3) return null;
  const xs = polygon.map((p) => p.x);
  const ys = polygon.map((p) => p.y);
  const region = clipRegion({ x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) }, width, height);
  if (!region) return null;
  let touched: Region | null = null;
  const crossings: number[] = [];
  for (let y = region.y0; y <= region.y1; y++) {
    const cy = y + 0.5;
    crossings.length = 0;
    for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
      const a = polygon[i];
      const b = polygon[j];
      if (a.y <= cy !== b.y <= cy) crossings.push(a.x + ((cy - a.y) / (b.y - a.y)) * (b.x - a.x));
    }
    crossings.sort((p, q) => p - q);
    for (let k = 0; k + 1 < crossings.length; k += 2) {
      // Pixel x is inside when its centre x + 0.5 lies in [left, right).
      const from = Math.max(region.x0, Math.ceil(crossings[k] - 0.5));
      const to = Math.min(region.x1, Math.ceil(crossings[k + 1] - 0.5) - 1);
      for (let x = from; x <= to; x++) mask[x * height + y] = value;
      if (from <= to) touched = unionRegion(touched, { x0: from, y0: y, x1: to, y1: y });
    }
  }
  return touched;
}
