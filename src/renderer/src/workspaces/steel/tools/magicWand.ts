// Magic wand: a click on a defect adds the region it proposes (shared/mask-edit/wand-proposal.ts) to the class
// being edited, as one undoable edit; Shift+click adds too, Alt+click takes the region away. The model's stored
// probability map of that class, fetched on the first click, bounds the region where the click is on its area above
// the lower threshold, refined by region growing on the strip's grey values; a prediction with no stored map bounds
// it by its mask; elsewhere (a defect the model missed, or no model) the region grows on the grey values alone,
// and an open area is refused as Fill refuses one.
import type { WandOptions } from '../../../../../shared/mask-edit/magic-wand';
import { proposeWandRegion, wandProbability, type WandProposal, type WandSource } from '../../../../../shared/mask-edit/wand-proposal';
import type { Region } from '../../../../../shared/mask-edit/region';
import type { ProbabilityMap } from '../../../../../shared/ml/steel-postprocess';
import { MAX_FILL_SHARE } from './fill';
import type { Tool, ToolContext, ToolPointer } from './tool';

/** How the wand proposes a region; the same for every strip (grey values are 0–255). */
export const WAND_OPTIONS: Omit<WandOptions, 'maxPixels'> = {
  // Below the model's own threshold (0.5 by default): the unsure rim of a defect is the wand's to grow into.
  low: 0.3,
  core: 0.5,
  // A model's map follows its own, often coarser, grid: let the region reach a few pixels past it.
  margin: 6,
  tolerance: 24,
};

const WHERE: Record<WandSource, string> = {
  'probability map': "within the model's probability map",
  prediction: "within the model's prediction",
  intensity: 'by grey value',
};

/** The strip-sized probabilities of a stored map, worked out once per map. */
const resized = new WeakMap<ProbabilityMap, Float32Array>();

export function magicWandTool(): Tool & { down(ctx: ToolContext, p: ToolPointer): Promise<void> } {
  return {
    id: 'magic-wand',
    pointer: 'crosshair',
    async down(ctx, p) {
      const { doc } = ctx;
      const intensity = ctx.intensity();
      if (!intensity) return ctx.tell("The strip's pixels cannot be read: the magic wand needs them");
      const classId = ctx.activeClass;
      const map = await ctx.probability(classId);
      // The person may have left the strip while its map was on its way: the click was about that one.
      if (ctx.doc !== doc) return;
      const result = propose(ctx, intensity, map, classId, p);
      if (result.kind === 'outside') return ctx.tell('Click on the strip');
      if (result.kind === 'open') return ctx.tell('That area spreads over much of the strip: the magic wand takes defects, not the background');
      const value = p.alt ? 0 : 1;
      let changed = 0;
      doc.edit(classId, (mask) => {
        changed = write(mask, result.mask, doc.height, result.region, value);
        return changed ? result.region : null;
      });
      const where = WHERE[result.source];
      if (!changed) return ctx.tell(value ? `The region (${where}) is class ${classId} already` : `No class ${classId} in that region to take away`);
      ctx.tell(`${value ? 'Added' : 'Took away'} ${changed.toLocaleString('en')} px ${value ? 'to' : 'from'} class ${classId}, ${where}`);
    },
    move() {},
    up() {},
    cancel() {},
  };
}

function propose(ctx: ToolContext, intensity: Uint8Array, map: ProbabilityMap | null, classId: number, p: ToolPointer): WandProposal {
  const { width, height } = ctx.doc;
  let probability: Float32Array | null = null;
  if (map) {
    probability = resized.get(map) ?? wandProbability(map, width, height);
    resized.set(map, probability);
  }
  const input = { width, height, intensity, probability, prediction: ctx.prediction(classId), x: p.px, y: p.py, openLimit: Math.round(width * height * MAX_FILL_SHARE) };
  return proposeWandRegion(input, WAND_OPTIONS);
}

/** Gives the region's pixels the value; returns how many changed. */
function write(mask: Uint8Array, region: Uint8Array, height: number, box: Region, value: 0 | 1): number {
  let changed = 0;
  for (let x = box.x0; x <= box.x1; x++) {
    for (let i = x * height + box.y0, end = x * height + box.y1; i <= end; i++) {
      if (region[i] && mask[i] !== value) {
        mask[i] = value;
        changed++;
      }
    }
  }
  return changed;
}
