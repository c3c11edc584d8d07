// Where a slice sits in a pane of the viewport: canvas = slice × scale + (x, y), in canvas pixels. The
// drawing and the pointer readout both go through these functions, so the pixel named under the pointer is
// the pixel drawn there. Pure arithmetic.
import { fitScale, type Size } from '../../../canvas/zoom';
import type { SlicePoint } from '../../../../../shared/slice-geometry';

/** A pane's box on the canvas (canvas pixels). */
export interface Cell {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface PaneTransform {
  scale: number;
  x: number;
  y: number;
}

/** The slice fitted into the cell (less a margin), times the zoom, centred and moved by the pan. */
export function paneTransform(cell: Cell, slice: Size, zoom: number, panX: number, panY: number, margin: number): PaneTransform {
  const scale = fitScale(slice, { width: cell.w, height: cell.h }, margin) * zoom;
  return { scale, x: cell.x + cell.w / 2 + panX - (slice.width * scale) / 2, y: cell.y + cell.h / 2 + panY - (slice.height * scale) / 2 };
}

/** The slice point under a canvas point (continuous: pixel (i, j) spans [i, i+1) × [j, j+1)). */
export function toSlice(t: PaneTransform, cx: number, cy: number): SlicePoint {
  return { x: (cx - t.x) / t.scale, y: (cy - t.y) / t.scale };
}

export function toCanvas(t: PaneTransform, p: SlicePoint): { x: number; y: number } {
  return { x: p.x * t.scale + t.x, y: p.y * t.scale + t.y };
}

/** The pixel (column, row) a slice point falls in, or null outside the slice. */
export function pixelAt(p: SlicePoint, slice: Size): { column: number; row: number } | null {
  const column = Math.floor(p.x);
  const row = Math.floor(p.y);
  return column >= 0 && row >= 0 && column < slice.width && row < slice.height ? { column, row } : null;
}

/** The point kept inside the slice (a ruler's end dragged past the edge stays on it). */
export function clampToSlice(p: SlicePoint, slice: Size): SlicePoint {
  return { x: Math.min(slice.width, Math.max(0, p.x)), y: Math.min(slice.height, Math.max(0, p.y)) };
}
