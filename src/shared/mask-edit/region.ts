// A rectangle of pixels touched by an edit, inclusive bounds, in image coordinates.
export interface Region {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** The part of a rectangle inside a width × height image, or null when nothing is inside. */
export function clipRegion(r: Region, width: number, height: number): Region | null {
  const x0 = Math.max(0, Math.floor(r.x0));
  const y0 = Math.max(0, Math.floor(r.y0));
  const x1 = Math.min(width - 1, Math.ceil(r.x1));
  const y1 = Math.min(height - 1, Math.ceil(r.y1));
  return x0 > x1 || y0 > y1 ? null : { x0, y0, x1, y1 };
}

export function unionRegion(a: Region | null, b: Region | null): Region | null {
  if (!a) return b;
  if (!b) return a;
  return { x0: Math.min(a.x0, b.x0), y0: Math.min(a.y0, b.y0), x1: Math.max(a.x1, b.x1), y1: Math.max(a.y1, b.y1) };
}
