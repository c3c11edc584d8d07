import { describe, expect, it } from 'vitest';
import { growRegion } from './connected';

// A 4×3 column-major grid: index = x * 3 + y. Ones form an L (x0 column and the bottom row) and a lone pixel.
//   y0: 1 0 0 1
//   y1: 1 0 0 0
//   y2: 1 1 1 0
const W = 4;
const H = 3;
const grid = Uint8Array.from([1, 1, 1, 0, 0, 1, 0, 0, 1, 1, 0, 0]);

describe('growRegion', () => {
  it('takes the 4-connected pixels that pass, with their bounding box, and not the diagonal neighbour', () => {
    const visited = new Uint8Array(W * H);
    const grown = growRegion(W, H, 0, (i) => grid[i] === 1, visited);
    expect(grown.open).toBe(false);
    expect([...grown.pixels].sort((a, b) => a - b)).toEqual([0, 1, 2, 5, 8]);
    expect(grown.region).toEqual({ x0: 0, y0: 0, x1: 2, y1: 2 });
    expect(visited[9]).toBe(0); // the lone pixel at (3, 0) is not connected
  });

  it('stops once more than maxPixels are marked and says the area is open', () => {
    const grown = growRegion(W, H, 0, (i) => grid[i] === 1, new Uint8Array(W * H), 3);
    expect(grown.open).toBe(true);
  });

  it('does not take again what an earlier scan sharing `visited` took', () => {
    const visited = new Uint8Array(W * H);
    growRegion(W, H, 0, (i) => grid[i] === 1, visited);
    const again = growRegion(W, H, 9, () => true, visited);
    expect([...again.pixels].sort((a, b) => a - b)).toEqual([3, 4, 6, 7, 9, 10, 11]);
  });
});
