// The polygon behind Polygon (fill) and Polygon erase: click corner after corner, or drag a freehand
// outline; it closes with a click on the first corner, a double-click, Enter, or the end of a drag.
// Escape drops it, Backspace takes back the last corner. The inside takes the value in one undo step.
import { fillPolygon } from '../../../../../shared/mask-edit/polygon';
import type { Point } from '../../../../../shared/mask-edit/brush';
import type { Tool, ToolContext, ToolId } from './tool';

/** Screen pixels within which a click on the first corner closes the polygon. */
const CLOSE_DISTANCE = 8;
/** Screen pixels a drag moves before it adds a corner of a freehand outline. */
const DRAG_STEP = 4;

export function polygonTool(id: ToolId, value: 0 | 1): Tool {
  let points: Point[] = [];
  let dragged = 0;
  let hover: Point | null = null;

  const show = (ctx: ToolContext) => ctx.showPolygon(points.length ? points : null, hover);
  const reset = (ctx: ToolContext) => {
    points = [];
    dragged = 0;
    hover = null;
    ctx.showPolygon(null);
  };
  const close = (ctx: ToolContext) => {
    const corners = points;
    reset(ctx);
    if (corners.length < 3) return ctx.tell('A polygon needs three corners or more');
    const { doc } = ctx;
    const changed = doc.edit(ctx.activeClass, (mask) => fillPolygon(mask, doc.width, doc.height, corners, value));
    if (!changed) ctx.tell(value ? 'The polygon added nothing new' : 'The polygon held nothing to erase');
  };
  const screenDistance = (ctx: ToolContext, a: Point, b: Point) => Math.hypot(a.x - b.x, a.y - b.y) * ctx.scale;

  return {
    id,
    pointer: 'crosshair',
    down(ctx, p) {
      dragged = 0;
      if (points.length >= 3 && screenDistance(ctx, p, points[0]) <= CLOSE_DISTANCE) return close(ctx);
      points.push({ x: p.x, y: p.y });
      show(ctx);
    },
    move(ctx, samples) {
      const p = samples[samples.length - 1];
      hover = { x: p.x, y: p.y };
      if (p.pressed && points.length) {
        for (const s of samples) {
          if (screenDistance(ctx, s, points[points.length - 1]) < DRAG_STEP) continue;
          points.push({ x: s.x, y: s.y });
          dragged++;
        }
      }
      if (points.length) show(ctx);
    },
    up(ctx) {
      // A drag that drew an outline closes on release; single clicks keep adding corners.
      if (dragged >= 2 && points.length >= 3) close(ctx);
      dragged = 0;
    },
    doubleClick(ctx) {
      if (points.length >= 3) close(ctx);
    },
    key(ctx, key) {
      if (!points.length) return false;
      if (key === 'Enter') close(ctx);
      else if (key === 'Escape') reset(ctx);
      else if (key === 'Backspace') {
        points.pop();
        show(ctx);
      } else return false;
      return true;
    },
    cancel: reset,
  };
}
