import { describe, expect, it } from 'vitest';
import { mirrorImage, mirrorRows } from './mirror';

describe('mirroring planes', () => {
  it('reverses each row and keeps the type; twice is the identity', () => {
    const plane = Float32Array.from([1, 2, 3, 4, 5, 6]);
    const mirrored = mirrorRows(plane, 3, 2);
    expect(mirrored).toBeInstanceOf(Float32Array);
    expect(Array.from(mirrored)).toEqual([3, 2, 1, 6, 5, 4]);
    expect(Array.from(mirrorRows(mirrored, 3, 2))).toEqual(Array.from(plane));
    expect(Array.from(mirrorRows(Uint8Array.from([1, 2]), 2, 1))).toEqual([2, 1]);
  });

  it('mirrors every plane of an image and refuses a plane of the wrong size', () => {
    const image = { width: 2, height: 1, planes: [Float32Array.from([1, 2]), Float32Array.from([3, 4])] };
    expect(mirrorImage(image).planes.map((p) => Array.from(p))).toEqual([[2, 1], [4, 3]]);
    expect(() => mirrorRows(new Float32Array(3), 2, 2)).toThrow(/expected 2x2/);
  });
});
