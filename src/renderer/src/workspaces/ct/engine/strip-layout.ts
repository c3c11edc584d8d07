// Where things are on the series strip, as plain functions (no canvas, so they are tested in Node): the label
// gutter, the ruler with slice numbers and review marks, one row per label (compact, or tall to read the model's
// curves), the band of model-draft marks at the foot, and which slice and row a pointer is over.
import { CT_LABELS } from '../../../../../shared/domain';

export interface StripLayout {
  /** Width of the label names on the left (CSS pixels). */
  gutter: number;
  /** Height of the ruler above the rows. */
  ruler: number;
  /** Height of one label row. */
  row: number;
  /** Height of the band under the rows (model-draft marks). */
  bottom: number;
  /** Space kept free on the right. */
  right: number;
}

export const COMPACT_ROW = 19;
export const TALL_ROW = 40;

export function stripLayout(tall: boolean): StripLayout {
  return { gutter: 64, ruler: 20, row: tall ? TALL_ROW : COMPACT_ROW, bottom: 7, right: 6 };
}

export function stripHeight(layout: StripLayout): number {
  return layout.ruler + CT_LABELS.length * layout.row + layout.bottom;
}

/** Width of one slice's column on a strip `width` CSS pixels wide. */
export function columnWidth(layout: StripLayout, width: number, count: number): number {
  return (width - layout.gutter - layout.right) / Math.max(1, count);
}

/** Top of a label row (0 = epidural … 5 = any). */
export function rowTop(layout: StripLayout, row: number): number {
  return layout.ruler + row * layout.row;
}

/** Height of a probability in its row: 1 at the head, 0 at the foot (3 pixels of margin each side). */
export function probabilityY(layout: StripLayout, row: number, p: number): number {
  const foot = rowTop(layout, row + 1) - 3;
  return foot - Math.min(1, Math.max(0, p)) * (layout.row - 6);
}

export interface StripHit {
  /** The slice under the pointer (clamped to the series, so a drag past either end stays on its last slice). */
  index: number;
  /** The label row under it (0–5), -1 on the ruler, CT_LABELS.length on the band below the rows. */
  row: number;
  /** False over the label names on the left (no slice is there). */
  inside: boolean;
}

/** The slice and row at (x, y) on a strip `width` wide showing `count` slices; null with no slices. */
export function hitTest(layout: StripLayout, width: number, count: number, x: number, y: number): StripHit | null {
  if (count === 0) return null;
  const index = Math.min(count - 1, Math.max(0, Math.floor((x - layout.gutter) / columnWidth(layout, width, count))));
  const rows = CT_LABELS.length;
  const row = y < layout.ruler ? -1 : Math.min(rows, Math.floor((y - layout.ruler) / layout.row));
  return { index, row, inside: x >= layout.gutter };
}
