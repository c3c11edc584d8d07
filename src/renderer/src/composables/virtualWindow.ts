// The arithmetic of the virtualised list, as plain functions. Browsers stop growing an element past a few
// million pixels, so a long list (750k rows × 60 px = 45M px) gets a spacer of at most MAX_SPACER_PX and the
// scrollbar maps proportionally onto the rows; short lists scroll one pixel per pixel.

export const MAX_SPACER_PX = 8_000_000;

export interface VirtualWindow {
  /** Height of the scrolled element. */
  spacerHeight: number;
  /** Content pixels per scrollbar pixel (1 for ordinary lists). */
  ratio: number;
  /** Content offset at the top of the viewport. */
  offset: number;
  /** First and last row to render (overscan included); last < first when there is none. */
  first: number;
  last: number;
}

export function virtualWindow(scrollTop: number, viewport: number, total: number, rowHeight: number, overscan = 6): VirtualWindow {
  const content = total * rowHeight;
  const spacerHeight = Math.min(content, MAX_SPACER_PX);
  const scrollable = spacerHeight - viewport;
  const ratio = content - viewport > 0 && scrollable > 0 ? (content - viewport) / scrollable : 1;
  const offset = scrollTop * ratio;
  return {
    spacerHeight,
    ratio,
    offset,
    first: Math.max(0, Math.floor(offset / rowHeight) - overscan),
    last: Math.min(total - 1, Math.ceil((offset + viewport) / rowHeight) + overscan),
  };
}

/** Where row `index` sits inside the spacer, given the scroll position. */
export const rowTop = (index: number, scrollTop: number, rowHeight: number, window: VirtualWindow) => scrollTop + index * rowHeight - window.offset;

/** The scrollTop that just shows row `index`, or null when it is in view already. */
export function scrollTopFor(index: number, viewport: number, rowHeight: number, window: VirtualWindow): number | null {
  const top = index * rowHeight;
  if (top < window.offset) return top / window.ratio;
  if (top + rowHeight > window.offset + viewport) return (top + rowHeight - viewport) / window.ratio;
  return null;
}
