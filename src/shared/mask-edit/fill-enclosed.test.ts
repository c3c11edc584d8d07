import { describe, expect, it } from 'vitest';
import { fillEnclosed } from './fill-enclosed';

const W = 12;
const H = 8;
const set = (m: Uint8Array, x: number, y: number) => (m[x * H + y] = 1);
const sum = (m: Uint8Array) => m.reduce((a, b) => a + b, 0);

/** A closed square outline from (1,1) to (5,5). */
function ring(): Uint8Array {
  const m = new Uint8Array(W * H);
  for (let i = 1; i <= 5; i++) {
    set(m, i, 1);
    set(m, i, 5);
    set(m, 1, i);
    set(m, 5, i);
  }
  return m;
}

describe('fill of a closed region', () => {
  it('fills the inside of a closed outline and reports its size and box', () => {
    const m = ring();
    const result = fillEnclosed(m, W, H, 3, 3, 1, 100);
    expect(result).toEqual({ kind: 'filled', pixels: 9, region: { x0: 2, y0: 2, x1: 4, y1: 4 } });
    expect(sum(m)).toBe(16 + 9);
  });

  it('refuses an open area larger than the limit and leaves the mask as it was', () => {
    const m = ring();
    const before = m.slice();
    expect(fillEnclosed(m, W, H, 8, 6, 1, 20)).toEqual({ kind: 'open', limit: 20 });
    expect(m).toEqual(before);
  });

  it('a gap in the outline makes the inside open', () => {
    const m = ring();
    m[5 * H + 3] = 0; // break the right side
    expect(fillEnclosed(m, W, H, 3, 3, 1, 12).kind).toBe('open');
  });

  it('with value 0 it erases a whole blob, like a bucket of background', () => {
    const m = ring();
    const result = fillEnclosed(m, W, H, 1, 1, 0, 100);
    expect(result.kind === 'filled' && result.pixels).toBe(16);
    expect(sum(m)).toBe(0);
  });

  it('does nothing outside the image or where the value already is', () => {
    const m = ring();
    expect(fillEnclosed(m, W, H, -1, 2, 1, 100).kind).toBe('nothing');
    expect(fillEnclosed(m, W, H, 1, 1, 1, 100).kind).toBe('nothing');
  });
});
