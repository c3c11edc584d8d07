// What a tool is: a small object the canvas engine hands the pointer to, in image coordinates. Each tool
// lives in its own file; this one says what they all take and what they may do.
import type { Point } from '../../../../../shared/mask-edit/brush';
import type { SteelDocument } from '../engine/SteelDocument';
import type { ProbabilityMap } from '../../../../../shared/ml/steel-postprocess';

export type ToolId = 'brush' | 'eraser' | 'polygon' | 'polygon-erase' | 'fill' | 'remove-island' | 'magic-wand';

/** What a tool may read and do while it works. */
export interface ToolContext {
  readonly doc: SteelDocument;
  /** The class being edited (1–4). */
  readonly activeClass: number;
  /** Brush and eraser radius in image pixels. */
  readonly brushRadius: number;
  /** Classes shown on the canvas, topmost first. */
  readonly visibleClasses: readonly number[];
  /** Screen pixels per image pixel (tools that snap to a point use it to size their tolerance). */
  readonly scale: number;
  /** The strip's grey values (column-major, `doc.width * doc.height`), or null while its pixels cannot be read. */
  intensity(): Uint8Array | null;
  /** The model's prediction of a class on this strip (a column-major 0/1 mask), or null when no model predicted it. */
  prediction(classId: number): Uint8Array | null;
  /**
   * The model's stored probability map of a class on this strip (row-major bytes p × 255 at the model's
   * resolution), fetched on first use; null when the prediction has none (or there is no prediction).
   */
  probability(classId: number): Promise<ProbabilityMap | null>;
  /** Shows a polygon being drawn (image coordinates) with a line to `next`; null hides it. */
  showPolygon(points: readonly Point[] | null, next?: Point | null): void;
  /** Tells the person what happened, or why nothing did (one line in the status bar). */
  tell(message: string): void;
}

/** A pointer sample on the strip: continuous image coordinates (pixel (i, j) covers [i, i+1) × [j, j+1)). */
export interface ToolPointer extends Point {
  /** The pixel under the pointer. */
  readonly px: number;
  readonly py: number;
  /** Whether a button is held (a drag). */
  readonly pressed: boolean;
  /** Modifier keys held at that moment (the magic wand: Shift adds, Alt takes away). */
  readonly shift: boolean;
  readonly alt: boolean;
}

export interface Tool {
  readonly id: ToolId;
  /** The pointer over the strip: a brush-sized circle, or a crosshair. */
  readonly pointer: 'brush' | 'crosshair';
  down(ctx: ToolContext, p: ToolPointer): void;
  /** Every pointer sample (coalesced ones included) while the pointer is over the strip. */
  move(ctx: ToolContext, points: readonly ToolPointer[]): void;
  up(ctx: ToolContext, p: ToolPointer): void;
  doubleClick?(ctx: ToolContext, p: ToolPointer): void;
  /** A key while the tool is active (Enter, Escape, Backspace); true when the tool used it. */
  key?(ctx: ToolContext, key: string): boolean;
  /** Drops whatever is half done (tool switched, item left). */
  cancel(ctx: ToolContext): void;
}
