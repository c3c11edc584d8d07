// Steel-like strips for the demo and for training the starter model: a surface with what real strips show
// (streaks, shading, stains, grain, dark margins; see steel-surface.ts) and defects of the four Severstal
// classes drawn onto it and recorded as masks (steel-defects.ts).
import { STEEL_HEIGHT as H, STEEL_WIDTH as W } from '../../shared/domain';
import { boxBlur } from './noise';
import { drawDefect } from './steel-defects';
import { steelSurface, SURFACE_DEFAULTS, type SurfaceOptions } from './steel-surface';
import type { Random } from './random';

export interface DemoStrip {
  /** Row-major 8-bit grey pixels, W × H. */
  gray: Uint8Array;
  /** Column-major masks (Kaggle order) for classes 1–4. */
  masks: Map<number, Uint8Array>;
}

/** One strip with defects of the given classes (an empty list gives a defect-free strip). */
export function makeStrip(random: Random, classes: number[], surface: SurfaceOptions = SURFACE_DEFAULTS): DemoStrip {
  const { image, steel } = steelSurface(random, classes.length ? 500 : 0, surface);
  const canvas = { image, steel, delta: new Float32Array(W * H) };
  const masks = new Map<number, Uint8Array>();
  for (const classId of classes) {
    const mask = masks.get(classId) ?? new Uint8Array(W * H);
    drawDefect(classId, canvas, mask, random);
    masks.set(classId, mask);
  }
  const delta = boxBlur(canvas.delta, W, H, 1); // marks with soft edges, as a lens and JPEG leave them
  const gray = new Uint8Array(W * H);
  for (let i = 0; i < gray.length; i++) gray[i] = Math.max(0, Math.min(255, Math.round(image[i] + delta[i])));
  return { gray, masks };
}
