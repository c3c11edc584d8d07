// What a magic-wand click proposes, from what the strip has: the model's probability map of the class (stored with
// the prediction, at the model's resolution) bounds the region where the click is on it; where there is no map (a
// prediction stored before maps were kept) the prediction's 0/1 mask stands in for it; elsewhere — off the model's
// area, or no model at all — the region grows on the strip's grey values alone and an open area is refused.
import { resizeProbabilityMap, type ProbabilityMap } from '../ml/steel-postprocess';
import { magicWand, type WandOptions, type WandResult } from './magic-wand';

/** What bounded a proposed region. */
export type WandSource = 'probability map' | 'prediction' | 'intensity';

export interface WandProposalInput {
  width: number;
  height: number;
  /** The strip's grey values, column-major. */
  intensity: ArrayLike<number>;
  /** The model's probability map of the class, column-major 0..1 at the strip's size (wandProbability), or null. */
  probability: ArrayLike<number> | null;
  /** The model's thresholded mask of the class, column-major 0/1 at the strip's size, or null. */
  prediction: ArrayLike<number> | null;
  x: number;
  y: number;
  /** The most pixels a region grown on grey values alone may hold (the open background is refused beyond it). */
  openLimit: number;
}

export type WandProposal = WandResult & { source: WandSource };

/** A stored map (row-major bytes p × 255 at the model's resolution) as probabilities at the strip's size, column-major: resized bilinearly, as its masks are. */
export function wandProbability(map: ProbabilityMap, width: number, height: number): Float32Array {
  const bytes = resizeProbabilityMap(map, width, height);
  return Float32Array.from(bytes, (v) => v / 255);
}

export function proposeWandRegion(input: WandProposalInput, options: Omit<WandOptions, 'maxPixels'>): WandProposal {
  const { width, height, intensity, x, y } = input;
  const base = { width, height, intensity, x, y };
  const n = width * height;
  const bounds: [WandSource, ArrayLike<number> | null][] = [
    ['probability map', input.probability && input.probability.length === n ? input.probability : null],
    // The mask stands in only where there is no map: with a map, a click below its lower threshold is off the model.
    ['prediction', !input.probability && input.prediction && input.prediction.length === n ? input.prediction : null],
  ];
  for (const [source, probability] of bounds) {
    if (!probability) continue;
    const result = magicWand({ ...base, probability, options: { ...options, maxPixels: Infinity } });
    if (result.kind === 'region') return { ...result, source };
  }
  return { ...magicWand({ ...base, probability: null, options: { ...options, maxPixels: input.openLimit } }), source: 'intensity' };
}
