import { describe, expect, it } from 'vitest';
import { paintSegment, paintStroke } from './brush';
import { countIslands } from './islands';

const W = 40;
const H = 20;
const at = (m: Uint8Array, x: number, y: number) => m[x * H + y];

describe('brush and eraser', () => {
  it('a dot of radius r covers the pixels whose centres are within r', () => {
    const m = new Uint8Array(W * H);
    paintSegment(m, W, H, { x: 10, y: 10 }, { x: 10, y: 10 }, 2, 1);
    expect(at(m, 10, 10)).toBe(1);
    expect(at(m, 8, 10)).toBe(1); // centre (8.5, 10.5) is 1.58 away
    expect(at(m, 7, 10)).toBe(0); // centre (7.5, 10.5) is 2.55 away
    expect(m.reduce((a, b) => a + b, 0)).toBe(12);
  });

  it('a fast stroke with samples far apart leaves no gap', () => {
    const m = new Uint8Array(W * H);
    paintStroke(m, W, H, [{ x: 1, y: 2 }, { x: 35, y: 17 }], 1, 1);
    expect(countIslands(m, W, H)).toBe(1);
    expect(at(m, 1, 2)).toBe(1);
    expect(at(m, 35, 16)).toBe(1);
  });

  it('the eraser clears, and the touched region is clipped to the image', () => {
    const m = new Uint8Array(W * H).fill(1);
    const region = paintSegment(m, W, H, { x: 0, y: 0 }, { x: 0, y: 0 }, 3, 0);
    expect(region).toEqual({ x0: 0, y0: 0, x1: 3, y1: 3 });
    expect(at(m, 0, 0)).toBe(0);
    expect(at(m, 10, 10)).toBe(1);
  });

  it('a stroke entirely outside the image touches nothing', () => {
    const m = new Uint8Array(W * H);
    expect(paintSegment(m, W, H, { x: -20, y: -20 }, { x: -10, y: -20 }, 2, 1)).toBeNull();
    expect(m.every((v) => v === 0)).toBe(true);
  });
});
