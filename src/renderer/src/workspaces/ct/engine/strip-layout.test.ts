import { describe, expect, it } from 'vitest';
import { COMPACT_ROW, TALL_ROW, columnWidth, hitTest, probabilityY, rowTop, stripHeight, stripLayout } from './strip-layout';

describe('the series strip layout', () => {
  const compact = stripLayout(false);
  const tall = stripLayout(true);

  it('has taller rows when expanded, to read the model curves', () => {
    expect(compact.row).toBe(COMPACT_ROW);
    expect(tall.row).toBe(TALL_ROW);
    expect(stripHeight(tall) - stripHeight(compact)).toBe(6 * (TALL_ROW - COMPACT_ROW));
    expect(stripHeight(compact)).toBe(compact.ruler + 6 * COMPACT_ROW + compact.bottom);
  });

  it('puts a probability of 1 near the head of its row and 0 near the foot', () => {
    expect(probabilityY(tall, 4, 1)).toBe(rowTop(tall, 4) + 3);
    expect(probabilityY(tall, 4, 0)).toBe(rowTop(tall, 5) - 3);
    expect(probabilityY(tall, 4, 0.5)).toBe(rowTop(tall, 4) + tall.row / 2);
    expect(probabilityY(tall, 0, 7)).toBe(probabilityY(tall, 0, 1));
  });
});

describe('hitTest', () => {
  const layout = stripLayout(true);
  const width = layout.gutter + layout.right + 30 * 10; // 30 slices of 10 px

  it('finds the slice and the label row under the pointer', () => {
    expect(columnWidth(layout, width, 30)).toBe(10);
    const y = rowTop(layout, 4) + layout.row / 2; // subdural
    expect(hitTest(layout, width, 30, layout.gutter + 13 * 10 + 5, y)).toEqual({ index: 13, row: 4, inside: true });
    expect(hitTest(layout, width, 30, layout.gutter + 0.5, rowTop(layout, 0) + 1)).toEqual({ index: 0, row: 0, inside: true });
  });

  it('tells the ruler (-1) and the band below the rows (6) from the label rows', () => {
    expect(hitTest(layout, width, 30, layout.gutter + 55, 4)!.row).toBe(-1);
    expect(hitTest(layout, width, 30, layout.gutter + 55, rowTop(layout, 6) + 2)!.row).toBe(6);
    expect(hitTest(layout, width, 30, layout.gutter + 55, 10_000)!.row).toBe(6);
  });

  it('clamps to the series past either end, and says when the pointer is over the label names', () => {
    expect(hitTest(layout, width, 30, width + 50, 30)).toMatchObject({ index: 29 });
    expect(hitTest(layout, width, 30, 10, 30)).toMatchObject({ index: 0, inside: false });
    expect(hitTest(layout, width, 0, 100, 30)).toBeNull();
  });
});
