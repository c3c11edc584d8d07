import { describe, expect, it } from 'vitest';
import { fillPolygon } from './polygon';

const W = 20;
const H = 10;

describe('polygon fill', () => {
  it('fills the pixels whose centres are inside a rectangle', () => {
    const m = new Uint8Array(W * H);
    const region = fillPolygon(m, W, H, [{ x: 2, y: 1 }, { x: 6, y: 1 }, { x: 6, y: 4 }, { x: 2, y: 4 }], 1);
    expect(m.reduce((a, b) => a + b, 0)).toBe(4 * 3);
    expect(region).toEqual({ x0: 2, y0: 1, x1: 5, y1: 3 });
    expect(m[2 * H + 1]).toBe(1);
    expect(m[6 * H + 1]).toBe(0);
  });

  it('a triangle fills about half its box, and polygon erase clears it again', () => {
    const m = new Uint8Array(W * H);
    fillPolygon(m, W, H, [{ x: 0, y: 0 }, { x: 10, y: 0 }, { x: 0, y: 10 }], 1);
    const filled = m.reduce((a, b) => a + b, 0);
    expect(filled).toBeGreaterThan(40);
    expect(filled).toBeLessThan(60);
    fillPolygon(m, W, H, [{ x: 0, y: 0 }, { x: 10, y: 0 }, { x: 0, y: 10 }], 0);
    expect(m.every((v) => v === 0)).toBe(true);
  });

  it('fewer than three points fill nothing', () => {
    const m = new Uint8Array(W * H);
    expect(fillPolygon(m, W, H, [{ x: 0, y: 0 }, { x: 5, y: 5 }], 1)).toBeNull();
  });
});
