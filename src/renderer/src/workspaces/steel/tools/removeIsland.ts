// Remove island: a click on a defect blob (a 4-connected component) deletes all of it. The active class
// first; where it has nothing under the pointer, the topmost shown class that does.
import { removeIsland } from '../../../../../shared/mask-edit/islands';
import type { Tool } from './tool';

export function removeIslandTool(): Tool {
  return {
    id: 'remove-island',
    pointer: 'crosshair',
    down(ctx, p) {
      const { doc } = ctx;
      const order = [ctx.activeClass, ...ctx.visibleClasses.filter((c) => c !== ctx.activeClass)];
      for (const classId of order) {
        if (!doc.mask(classId)[p.px * doc.height + p.py]) continue;
        let removed = 0;
        doc.edit(classId, (mask) => {
          const result = removeIsland(mask, doc.width, doc.height, p.px, p.py);
          removed = result?.removed ?? 0;
          return result?.region ?? null;
        });
        return ctx.tell(`Removed a class ${classId} defect of ${removed.toLocaleString('en')} px`);
      }
      ctx.tell('No defect under the pointer');
    },
    move() {},
    up() {},
    cancel() {},
  };
}
