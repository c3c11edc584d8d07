import { describe, expect, it } from 'vitest';
import { clampToSlice, paneTransform, pixelAt, toCanvas, toSlice } from './paneView';

const slice = { width: 512, height: 512 };

describe('the pane view', () => {
  it('fits the slice into the cell, centred', () => {
    // 1000 × 800 cell with an 8 px margin: the slice fits the height, 784 px for 512 pixels.
    const t = paneTransform({ x: 0, y: 0, w: 1000, h: 800 }, slice, 1, 0, 0, 8);
    expect(t.scale).toBeCloseTo(784 / 512, 10);
    expect(t.x).toBeCloseTo(500 - 392, 10);
    expect(t.y).toBeCloseTo(8, 10);
  });

  it('maps a canvas point to the slice pixel drawn there, through zoom and pan, and back', () => {
    const t = paneTransform({ x: 500, y: 0, w: 500, h: 400 }, slice, 3, 40, -25, 8);
    const p = { x: 210.5, y: 305.5 };
    const c = toCanvas(t, p);
    const back = toSlice(t, c.x, c.y);
    expect(back.x).toBeCloseTo(210.5, 9);
    expect(back.y).toBeCloseTo(305.5, 9);
    expect(pixelAt(back, slice)).toEqual({ column: 210, row: 305 });
  });

  it('names no pixel outside the slice, and keeps a dragged point on it', () => {
    expect(pixelAt({ x: -0.1, y: 3 }, slice)).toBeNull();
    expect(pixelAt({ x: 512, y: 3 }, slice)).toBeNull();
    expect(pixelAt({ x: 511.9, y: 0 }, slice)).toEqual({ column: 511, row: 0 });
    expect(clampToSlice({ x: -5, y: 600 }, slice)).toEqual({ x: 0, y: 512 });
  });
});
