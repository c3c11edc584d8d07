// Magic wand: a click on a defect adds the region it proposes (shared/mask-edit/magic-wand.ts) to the class
// being edited, as one undoable edit; Shift+click adds too, Alt+click takes the region away. The model's
// prediction of that class bounds the region when the click lands on it; elsewhere (a defect the model
// missed, or no model) the region grows on the strip's grey values alone, and an open area is refused as
// Fill refuses one. Only the 0/1 prediction masks reach the renderer, so they stand in for the model's map.
import { magicWand, type WandOptions, type WandResult } from '../../../../../shared/mask-edit/magic-wand';
import type { Region } from '../../../../../shared/mask-edit/region';
import { MAX_FILL_SHARE } from './fill';
import type { Tool, ToolContext, ToolPointer } from './tool';

/** How the wand proposes a region; the same for every strip (grey values are 0–255). */
export const WAND_OPTIONS: Omit<WandOptions, 'maxPixels'> = {
  // A probability map would be cut lower than the model's own threshold; a 0/1 mask is cut at any value.
  low: 0.3,
  core: 0.5,
  // A model's mask follows its own, often coarser, grid: let the region reach a few pixels past it.
  margin: 6,
  tolerance: 24,
};

export function magicWandTool(): Tool {
  return {
    id: 'magic-wand',
    pointer: 'crosshair',
    down(ctx, p) {
      const { doc } = ctx;
      const intensity = ctx.intensity();
      if (!intensity) return ctx.tell("The strip's pixels cannot be read: the magic wand needs them");
      const classId = ctx.activeClass;
      const result = propose(ctx, intensity, p);
      if (result.kind === 'outside') return ctx.tell('Click on the strip');
      if (result.kind === 'open') return ctx.tell('That area spreads over much of the strip: the magic wand takes defects, not the background');
      const value = p.alt ? 0 : 1;
      let changed = 0;
      doc.edit(classId, (mask) => {
        changed = write(mask, result.mask, doc.height, result.region, value);
        return changed ? result.region : null;
      });
      const where = result.from === 'model' ? "within the model's prediction" : 'by grey value';
      if (!changed) return ctx.tell(value ? `The region (${where}) is class ${classId} already` : `No class ${classId} in that region to take away`);
      ctx.tell(`${value ? 'Added' : 'Took away'} ${changed.toLocaleString('en')} px ${value ? 'to' : 'from'} class ${classId}, ${where}`);
    },
    move() {},
    up() {},
    cancel() {},
  };
}

/** The region the click proposes: bounded by the model's prediction when the click is on it, else by grey value alone. */
function propose(ctx: ToolContext, intensity: Uint8Array, p: ToolPointer): WandResult {
  const { width, height } = ctx.doc;
  const base = { width, height, intensity, x: p.px, y: p.py };
  const prediction = ctx.prediction(ctx.activeClass);
  if (prediction && prediction.length === width * height) {
    const result = magicWand({ ...base, probability: prediction, options: { ...WAND_OPTIONS, maxPixels: Infinity } });
    if (result.kind === 'region') return result;
  }
  return magicWand({ ...base, probability: null, options: { ...WAND_OPTIONS, maxPixels: Math.round(width * height * MAX_FILL_SHARE) } });
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
