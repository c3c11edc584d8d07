// Where the strip sits on screen: screen = image × scale + (x, y), in CSS pixels of the stage. Pure
// arithmetic for fitting, zooming around a point, panning and keeping part of the strip in view.
import type { Point } from '../../../../../shared/mask-edit/brush';
import type { Region } from '../../../../../shared/mask-edit/region';
import { fitScale, zoomOffset, zoomedScale, type Size } from '../../../canvas/zoom';

export type { Size };

export interface View {
  scale: number;
  x: number;
  y: number;
}

export interface ScreenRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Most screen pixels per image pixel: single pixels are big squares. */
export const MAX_SCALE = 48;
const FIT_MARGIN = 12;

/**
 * The whole strip in the box (less a margin), centred, as large as it goes: as wide as the box, or as high
 * when the box is too short for the width (a tall canvas, a narrow window).
 */
export function fitInView(image: Size, box: Size): View {
  const scale = fitScale(image, box, FIT_MARGIN);
  return { scale, x: (box.width - image.width * scale) / 2, y: (box.height - image.height * scale) / 2 };
}

/** The smallest zoom: half the fitted size. */
export function minScale(image: Size, box: Size): number {
  return fitInView(image, box).scale / 2;
}

/** Zooms by `factor` keeping the image point under (sx, sy) where it is. */
export function zoomAt(view: View, factor: number, sx: number, sy: number, min: number, max = MAX_SCALE): View {
  const scale = zoomedScale(view.scale, factor, min, max);
  const applied = scale / view.scale;
  return { scale, x: zoomOffset(view.x, sx, applied), y: zoomOffset(view.y, sy, applied) };
}

/** Keeps at least `keep` screen pixels of the strip (or all of a smaller one) inside the box. */
export function clampView(view: View, image: Size, box: Size, keep = 48): View {
  const w = image.width * view.scale;
  const h = image.height * view.scale;
  const clampAxis = (offset: number, size: number, room: number) => {
    const k = Math.min(keep, size, room);
    return Math.min(room - k, Math.max(k - size, offset));
  };
  return { scale: view.scale, x: clampAxis(view.x, w, box.width), y: clampAxis(view.y, h, box.height) };
}

export function toImage(view: View, sx: number, sy: number): Point {
  return { x: (sx - view.x) / view.scale, y: (sy - view.y) / view.scale };
}

export function toScreen(view: View, p: Point): Point {
  return { x: p.x * view.scale + view.x, y: p.y * view.scale + view.y };
}

/** The screen rectangle of an image region (inclusive pixel bounds), grown by `pad` screen pixels. */
export function regionOnScreen(view: View, r: Region, pad = 1): ScreenRect {
  const x0 = Math.floor(r.x0 * view.scale + view.x) - pad;
  const y0 = Math.floor(r.y0 * view.scale + view.y) - pad;
  const x1 = Math.ceil((r.x1 + 1) * view.scale + view.x) + pad;
  const y1 = Math.ceil((r.y1 + 1) * view.scale + view.y) + pad;
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/** The overlap of two rectangles, or null. */
export function intersect(a: ScreenRect, b: ScreenRect): ScreenRect | null {
  const x0 = Math.max(a.x, b.x);
  const y0 = Math.max(a.y, b.y);
  const x1 = Math.min(a.x + a.width, b.x + b.width);
  const y1 = Math.min(a.y + a.height, b.y + b.height);
  return x1 > x0 && y1 > y0 ? { x: x0, y: y0, width: x1 - x0, height: y1 - y0 } : null;
}

/** The part of the image in view, in image coordinates (for the minimap's frame). */
export function visibleImageRect(view: View, image: Size, box: Size): ScreenRect {
  const a = toImage(view, 0, 0);
  const b = toImage(view, box.width, box.height);
  const x0 = Math.max(0, a.x);
  const y0 = Math.max(0, a.y);
  return { x: x0, y: y0, width: Math.max(0, Math.min(image.width, b.x) - x0), height: Math.max(0, Math.min(image.height, b.y) - y0) };
}
