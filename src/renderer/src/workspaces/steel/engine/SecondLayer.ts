// The A/B layer on the canvas: a second model version's masks as dotted outlines in the class colours
// (the prediction layer's are dashed), the shown classes only, on a surface the strip's size that the
// engine draws above the prediction.
import { CLASS_COLOURS } from '../palette';
import { Surface } from './OverlaySurfaces';
import { paintOutlines, wholeImage } from './overlayPixels';

const ALPHA = 255;
/** Every other pixel along the diagonals: dotted, where the prediction layer's runs of three read as dashed. */
const DOT = 1;

export interface SecondLayerMasks {
  width: number;
  height: number;
  masks: ReadonlyMap<number, Uint8Array>;
}

export class SecondLayer {
  private surface: Surface | null = null;

  constructor(private readonly layer: { set(canvas: HTMLCanvasElement | null): void }) {}

  /** Shows the masks (the shown classes, the highest on top), or hides the layer with null. */
  show(second: SecondLayerMasks | null, visibleClasses: readonly number[]): void {
    if (!second) return this.layer.set(null);
    const { width, height, masks } = second;
    if (!this.surface || this.surface.width !== width || this.surface.height !== height) this.surface = new Surface(width, height);
    const surface = this.surface;
    surface.clear();
    const sources = [...visibleClasses]
      .sort((a, b) => b - a)
      .flatMap((c) => (masks.get(c) ? [{ mask: masks.get(c)!, colour: CLASS_COLOURS[c] }] : []));
    surface.put(paintOutlines(surface.rgba, sources, width, height, wholeImage(width, height), ALPHA, DOT));
    this.layer.set(surface.canvas);
  }
}
