// The round pen behind Brush and Eraser: a dot where the pointer goes down, then a capsule per pointer
// sample (shared/mask-edit/brush.ts), so fast strokes leave no gaps. One stroke is one undo step.
import { paintSegment, type Point } from '../../../../../shared/mask-edit/brush';
import { unionRegion, type Region } from '../../../../../shared/mask-edit/region';
import type { Tool, ToolContext, ToolId, ToolPointer } from './tool';

export function roundPen(id: ToolId, value: 0 | 1): Tool {
  let last: Point | null = null;
  let classId = 0;

  const paint = (ctx: ToolContext, from: Point, to: Point) => {
    const { doc } = ctx;
    return paintSegment(doc.mask(classId), doc.width, doc.height, from, to, ctx.brushRadius, value);
  };

  return {
    id,
    pointer: 'brush',
    down(ctx, p) {
      classId = ctx.activeClass;
      ctx.doc.beginStroke(classId);
      last = { x: p.x, y: p.y };
      ctx.doc.strokeTouched(paint(ctx, last, last));
    },
    move(ctx, points: readonly ToolPointer[]) {
      if (!last || !ctx.doc.stroking) return;
      // All the samples of one pointer event, then one repaint of the rectangle they touched.
      let touched: Region | null = null;
      for (const p of points) {
        touched = unionRegion(touched, paint(ctx, last, p));
        last = { x: p.x, y: p.y };
      }
      ctx.doc.strokeTouched(touched);
    },
    up(ctx) {
      if (!last) return;
      last = null;
      ctx.doc.endStroke();
    },
    cancel(ctx) {
      if (!last) return;
      last = null;
      ctx.doc.endStroke();
    },
  };
}
