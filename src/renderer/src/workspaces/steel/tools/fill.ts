// Fill: a click inside a closed outline of the active class fills it. An area that is not closed (it
// would spread over much of the strip) is refused, so a stray click never paints the background.
import { fillEnclosed } from '../../../../../shared/mask-edit/fill-enclosed';
import type { Tool } from './tool';

/** The largest area one fill takes: a fifth of the strip. */
export const MAX_FILL_SHARE = 0.2;

export function fillTool(): Tool {
  return {
    id: 'fill',
    pointer: 'crosshair',
    down(ctx, p) {
      const { doc } = ctx;
      const limit = Math.round(doc.width * doc.height * MAX_FILL_SHARE);
      let result: ReturnType<typeof fillEnclosed> = { kind: 'nothing' };
      doc.edit(ctx.activeClass, (mask) => {
        result = fillEnclosed(mask, doc.width, doc.height, p.px, p.py, 1, limit);
        return result.kind === 'filled' ? result.region : null;
      });
      const done = result as ReturnType<typeof fillEnclosed>;
      if (done.kind === 'filled') ctx.tell(`Filled ${done.pixels.toLocaleString('en')} px with class ${ctx.activeClass}`);
      else if (done.kind === 'open') ctx.tell('That area is not closed: draw its outline first (Fill only fills closed areas)');
      else ctx.tell(`Already class ${ctx.activeClass} there`);
    },
    move() {},
    up() {},
    cancel() {},
  };
}
