// Brush and eraser: a round pen of radius r swept along the pointer's path. Each segment between two
// pointer samples is filled as a capsule (every pixel centre within r of the segment), so a fast
// stroke leaves no gaps however far apart the samples are. Masks are column-major (see ../mask.ts).
import { clipRegion, unionRegion, type Region } from './region';

export interface Point {
  x: number;
  y: number;
}

/**
 * Sets every pixel whose centre lies within `radius` of segment a→b to `value` (1 paints, 0 erases).
 * Returns the region it touched (null when the capsule is outside the image).
 */
export function paintSegment(mask: Uint8Array, width: number, height: number, a: Point, b: Point, radius: number, value: 0 | 1): Region | null {
  const r = Math.max(0.5, radius);
  const region = clipRegion(
    { x0: Math.min(a.x, b.x) - r - 0.5, y0: Math.min(a.y, b.y) - r - 0.5, x1: Math.max(a.x, b.x) + r, y1: Math.max(a.y, b.y) + r },
    width,
    height,
  );
  if (!region) return null;
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const lengthSq = dx * dx + dy * dy;
  const rSq = r * r;
  for (let x = region.x0; x <= region.x1; x++) {
    const px = x + 0.5 - a.x;
    const column = x * height;
    for (let y = region.y0; y <= region.y1; y++) {
      const py = y + 0.5 - a.y;
      // Distance from the pixel centre to the closest point of the segment.
      const t = lengthSq === 0 ? 0 : Math.min(1, Math.max(0, (px * dx + py * dy) / lengthSq));
      const ex = px - t * dx;
      const ey = py - t * dy;
      if (ex * ex + ey * ey <= rSq) mask[column + y] = value;
    }
  }
  return region;
}

/** A whole stroke: a dot at the first point, then a capsule per segment. */
export function paintStroke(mask: Uint8Array, width: number, height: number, points: readonly Point[], radius: number, value: 0 | 1): Region | null {
  let touched: Region | null = null;
  for (let i = 0; i < points.length; i++) {
    const region = paintSegment(mask, width, height, points[Math.max(0, i - 1)], points[i], radius, value);
    touched = unionRegion(touched, region);
  }
  return touched;
}
