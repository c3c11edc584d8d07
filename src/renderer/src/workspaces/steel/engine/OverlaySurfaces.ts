// The overlay surfaces of a strip: one offscreen canvas per class of the current label, and one each for
// the truth outlines, the prediction outlines and the disagreement view. Each keeps its ImageData and
// copies only the rectangle an edit touched back into its canvas. The buffers are made once and reused
// for every strip of the same size, so visiting hundreds of strips allocates nothing new.
import type { Region } from '../../../../../shared/mask-edit/region';
import { decodeRle } from '../../../../../shared/rle';
import type { ProbabilityMap } from '../../../../../shared/ml/steel-postprocess';
import { CLASS_COLOURS, DIFF_COLOURS, TRUTH_COLOUR } from '../palette';
import { boundsOf, paintClass, paintDiff, paintOutlines, type DiffPair, type OutlineSource } from './overlayPixels';

export interface LayerSwitches {
  /** The current label (the one being edited). */
  current: boolean;
  /** The imported ground truth, as white outlines. */
  truth: boolean;
  /** The model's prediction, as dashed outlines in the class colours. */
  prediction: boolean;
  /** Where the prediction and the current label disagree. */
  diff: boolean;
}

export interface DisplaySettings {
  /** Classes shown (1–4). */
  visibleClasses: readonly number[];
  /** Fill opacity of the current label, 0–1. */
  opacity: number;
  /** Outlines only, no fill. */
  outlineOnly: boolean;
  layers: LayerSwitches;
}

/** Masks decoded on first use (the truth is only needed while its layer is shown). */
export interface LazyMasks {
  get(): ReadonlyMap<number, Uint8Array>;
}

export function decodeMasks(classes: readonly { classId: number; rle: string }[], width: number, height: number): Map<number, Uint8Array> {
  return new Map(classes.map((c) => [c.classId, decodeRle(c.rle, width, height)]));
}

export function lazyMasks(classes: readonly { classId: number; rle: string }[], width: number, height: number): LazyMasks {
  let masks: Map<number, Uint8Array> | null = null;
  return { get: () => (masks ??= decodeMasks(classes, width, height)) };
}

/** A class's stored probability map (row-major bytes p × 255 at the model's resolution), fetched on first use. */
export type ProbabilityMaps = (classId: number) => Promise<ProbabilityMap | null>;

export interface ReferenceMasks {
  truth: LazyMasks;
  prediction: ReadonlyMap<number, Uint8Array> | null;
  /** The prediction's probability maps, when it has a version (absent: none). */
  probability?: ProbabilityMaps | null;
}

const DIFF_ALPHA = 210;
const TRUTH_ALPHA = 230;
const PREDICTION_ALPHA = 255;
const PREDICTION_DASH = 3;

/** A canvas and its pixels; `put` copies a rectangle of the pixels into the canvas. */
export class Surface {
  readonly canvas: HTMLCanvasElement;
  readonly image: ImageData;
  private readonly context: CanvasRenderingContext2D;

  constructor(readonly width: number, readonly height: number) {
    this.canvas = document.createElement('canvas');
    this.canvas.width = width;
    this.canvas.height = height;
    this.context = this.canvas.getContext('2d')!;
    this.image = this.context.createImageData(width, height);
  }

  get rgba(): Uint8ClampedArray {
    return this.image.data;
  }

  put(r: Region): void {
    this.context.putImageData(this.image, 0, 0, r.x0, r.y0, r.x1 - r.x0 + 1, r.y1 - r.y0 + 1);
  }

  clear(): void {
    this.image.data.fill(0);
    this.context.clearRect(0, 0, this.width, this.height);
  }
}

/** Alpha of the fill and of the outline for an opacity setting. */
export function overlayAlphas(opacity: number, outlineOnly: boolean): { fill: number; edge: number } {
  const o = Math.min(1, Math.max(0, opacity));
  if (o === 0) return { fill: 0, edge: 0 };
  return { fill: outlineOnly ? 0 : Math.round(o * 255), edge: Math.round(Math.min(1, 0.4 + o) * 255) };
}

export class OverlaySurfaces {
  readonly current = new Map<number, Surface>();
  readonly truth: Surface;
  readonly prediction: Surface;
  readonly diff: Surface;

  constructor(readonly width: number, readonly height: number) {
    for (const classId of Object.keys(CLASS_COLOURS).map(Number)) this.current.set(classId, new Surface(width, height));
    this.truth = new Surface(width, height);
    this.prediction = new Surface(width, height);
    this.diff = new Surface(width, height);
  }

  /** Repaints one class of the current label, in `region` or all of it. */
  paintCurrent(classId: number, mask: Uint8Array, display: DisplaySettings, region: Region | null = null): void {
    const surface = this.current.get(classId);
    if (!surface) return;
    const r = region ?? this.restart(surface, [mask]);
    if (!r) return;
    const { fill, edge } = overlayAlphas(display.opacity, display.outlineOnly);
    surface.put(paintClass(surface.rgba, mask, this.width, this.height, r, CLASS_COLOURS[classId], fill, edge));
  }

  /** Repaints the truth outlines of the shown classes. */
  paintTruth(refs: ReferenceMasks, display: DisplaySettings): void {
    const truth = refs.truth.get();
    const sources = shownFirst(display).flatMap((c) => (truth.get(c) ? [{ mask: truth.get(c)!, colour: TRUTH_COLOUR }] : []));
    this.paintOutlineSurface(this.truth, sources, TRUTH_ALPHA, 0);
  }

  /** Repaints the prediction's dashed outlines of the shown classes. */
  paintPrediction(refs: ReferenceMasks, display: DisplaySettings): void {
    const prediction = refs.prediction;
    const sources = prediction ? shownFirst(display).flatMap((c) => (prediction.get(c) ? [{ mask: prediction.get(c)!, colour: CLASS_COLOURS[c] }] : [])) : [];
    this.paintOutlineSurface(this.prediction, sources, PREDICTION_ALPHA, PREDICTION_DASH);
  }

  private paintOutlineSurface(surface: Surface, sources: OutlineSource[], alpha: number, dash: number): void {
    const r = this.restart(surface, sources.map((s) => s.mask));
    if (r) surface.put(paintOutlines(surface.rgba, sources, this.width, this.height, r, alpha, dash));
  }

  /**
   * Before a whole repaint: clears the surface and returns the only part that can hold anything — the
   * masks' bounding box — or null when they are all empty. Painting and copying that part alone is what
   * makes opening a strip cheap.
   */
  private restart(surface: Surface, masks: readonly Uint8Array[]): Region | null {
    surface.clear();
    return boundsOf(masks, this.width, this.height);
  }

  /** Repaints the disagreement of the shown classes, in `region` or everywhere. */
  paintDiff(current: (classId: number) => Uint8Array, refs: ReferenceMasks, display: DisplaySettings, region: Region | null = null): void {
    if (!refs.prediction) return this.diff.clear();
    const pairs: DiffPair[] = display.visibleClasses.flatMap((c) => {
      const prediction = refs.prediction!.get(c);
      return prediction ? [{ current: current(c), prediction }] : [];
    });
    const r = region ?? this.restart(this.diff, pairs.flatMap((p) => [p.current, p.prediction]));
    if (!r) return;
    paintDiff(this.diff.rgba, pairs, this.width, this.height, r, DIFF_COLOURS, DIFF_ALPHA);
    this.diff.put(r);
  }
}

/** The shown classes, the highest first (it is drawn on top where outlines meet). */
const shownFirst = (display: DisplaySettings) => [...display.visibleClasses].sort((a, b) => b - a);
