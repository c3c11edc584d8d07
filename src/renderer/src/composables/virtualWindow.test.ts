// The item list's arithmetic: exact scrolling for short lists, a bounded spacer for 750k rows, and every
// row reachable with its neighbours placed one row apart.
import { describe, expect, it } from 'vitest';
import { MAX_SPACER_PX, rowTop, scrollTopFor, virtualWindow } from './virtualWindow';

const ROW = 60;
const VIEW = 700;

describe('virtualWindow', () => {
  it('scrolls short lists one pixel per pixel and renders only the rows in view', () => {
    const w = virtualWindow(600, VIEW, 100, ROW, 2);
    expect([w.spacerHeight, w.ratio, w.offset]).toEqual([6000, 1, 600]);
    expect([w.first, w.last]).toEqual([8, 24]);
    expect(rowTop(10, 600, ROW, w)).toBe(600);
  });

  it('keeps the spacer of 752,000 rows below the browser limit, and reaches the first and the last row', () => {
    const total = 752_000;
    const top = virtualWindow(0, VIEW, total, ROW, 0);
    expect(top.spacerHeight).toBe(MAX_SPACER_PX);
    expect(top.first).toBe(0);
    const bottom = virtualWindow(MAX_SPACER_PX - VIEW, VIEW, total, ROW, 0);
    expect(bottom.last).toBe(total - 1);
    // The last row's bottom edge sits at the viewport's bottom edge.
    expect(rowTop(total - 1, MAX_SPACER_PX - VIEW, ROW, bottom) + ROW).toBeCloseTo(MAX_SPACER_PX, 6);
  });

  it('places consecutive rows one row height apart at any scroll position', () => {
    const w = virtualWindow(3_333_333, VIEW, 752_000, ROW);
    for (let i = w.first; i < w.last; i++) expect(rowTop(i + 1, 3_333_333, ROW, w) - rowTop(i, 3_333_333, ROW, w)).toBeCloseTo(ROW, 6);
    const rows = w.last - w.first + 1;
    expect(rows).toBeLessThan(40);
  });

  it('finds the scroll position that shows a row (for keyboard moves), and none when it is in view', () => {
    const total = 752_000;
    const w = virtualWindow(0, VIEW, total, ROW);
    expect(scrollTopFor(3, VIEW, ROW, w)).toBeNull();
    const target = scrollTopFor(500_000, VIEW, ROW, w)!;
    const after = virtualWindow(target, VIEW, total, ROW, 0);
    expect(after.first <= 500_000 && 500_000 <= after.last).toBe(true);
    expect(scrollTopFor(500_000, VIEW, ROW, after)).toBeNull();
  });
});
