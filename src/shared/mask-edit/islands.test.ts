import { describe, expect, it } from 'vitest';
import { countIslands, floodFill, removeIsland, removeIslandsSmallerThan } from './islands';

const W = 12;
const H = 8;
const set = (m: Uint8Array, x: number, y: number) => (m[x * H + y] = 1);
const sum = (m: Uint8Array) => m.reduce((a, b) => a + b, 0);

function ring(): Uint8Array {
  // A closed square outline from (1,1) to (5,5), a 3-pixel blob at x=9, and one stray pixel at (11,7).
  const m = new Uint8Array(W * H);
  for (let i = 1; i <= 5; i++) { set(m, i, 1); set(m, i, 5); set(m, 1, i); set(m, 5, i); }
  set(m, 9, 1); set(m, 9, 2); set(m, 9, 3);
  set(m, 11, 7);
  return m;
}

describe('flood fill and islands', () => {
  it('fills the inside of a closed outline and nothing outside it', () => {
    const m = ring();
    const before = sum(m);
    const region = floodFill(m, W, H, 3, 3, 1);
    expect(sum(m) - before).toBe(9);
    expect(region).toEqual({ x0: 2, y0: 2, x1: 4, y1: 4 });
    expect(m[0]).toBe(0);
  });

  it('filling where the value already is changes nothing', () => {
    const m = ring();
    expect(floodFill(m, W, H, 1, 1, 1)).toBeNull();
  });

  it('counts 4-connected blobs', () => {
    expect(countIslands(ring(), W, H)).toBe(3);
  });

  it('remove island deletes exactly the blob under the click', () => {
    const m = ring();
    expect(removeIsland(m, W, H, 9, 2)?.removed).toBe(3);
    expect(countIslands(m, W, H)).toBe(2);
    expect(removeIsland(m, W, H, 0, 0)).toBeNull(); // background: nothing to remove
  });

  it('remove islands smaller than N keeps the big ones', () => {
    const m = ring();
    const result = removeIslandsSmallerThan(m, W, H, 4);
    expect([result.blobs, result.pixels]).toEqual([2, 4]);
    expect(countIslands(m, W, H)).toBe(1);
  });
});
