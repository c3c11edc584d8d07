// The shared zoom arithmetic: fitting keeps the whole image in view at the largest scale, zoom steps stay
// in bounds, and the point under the pointer does not move.
import { describe, expect, it } from 'vitest';
import { fitScale, zoomOffset, zoomedScale } from './zoom';

describe('fitScale', () => {
  it('is limited by the tighter side, less the margin on both edges', () => {
    expect(fitScale({ width: 1600, height: 256 }, { width: 824, height: 400 }, 12)).toBeCloseTo(0.5, 10); // (824 - 24) / 1600
    expect(fitScale({ width: 512, height: 512 }, { width: 1000, height: 528 }, 8)).toBeCloseTo(1, 10); // (528 - 16) / 512
    expect(fitScale({ width: 100, height: 50 }, { width: 300, height: 300 })).toBe(3);
  });

  it('never reaches zero, even in a box smaller than its margins', () => {
    expect(fitScale({ width: 512, height: 512 }, { width: 10, height: 10 }, 8)).toBe(0.01);
  });
});

describe('zoomedScale', () => {
  it('multiplies within the bounds', () => {
    expect(zoomedScale(2, 1.25, 0.1, 40)).toBe(2.5);
    expect(zoomedScale(39, 2, 0.1, 40)).toBe(40);
    expect(zoomedScale(0.12, 0.5, 0.1, 40)).toBe(0.1);
  });
});

describe('zoomOffset', () => {
  it('keeps the image point under the pointer where it is', () => {
    const [scale, offset, at] = [0.5, 40, 300];
    const imagePoint = (at - offset) / scale;
    const next = zoomedScale(scale, 3, 0.1, 40);
    const moved = zoomOffset(offset, at, next / scale);
    expect(imagePoint * next + moved).toBeCloseTo(at, 10);
  });

  it('leaves the anchor alone when zooming around it, and when the scale does not change', () => {
    expect(zoomOffset(120, 120, 4)).toBe(120);
    expect(zoomOffset(35, 300, 1)).toBe(35);
  });
});
