import { describe, expect, it } from 'vitest';
import { orderSlices, sliceNormal, type SliceGeometry } from './series-order';

const AXIAL = [1, 0, 0, 0, 1, 0];

function slice(key: string, instanceNumber: number | null, z: number | null, orientation: number[] | null = AXIAL, x = -72.199997, y = -143.0): SliceGeometry {
  return { key, instanceNumber, imagePosition: z === null ? null : [x, y, z], imageOrientation: orientation };
}

const keys = (slices: Array<{ key: string }>) => slices.map((s) => s.key);

describe('orderSlices on the series of INVENTORY.md', () => {
  it('cardiac CT5N: InstanceNumber goes up while z goes down, so the order is the reverse of InstanceNumber', () => {
    const series = [
      slice('2062', 6, 8.7625),
      slice('2392', 7, 6.2625),
      slice('2693', 8, 3.7625),
      slice('3023', 9, 1.2625),
      slice('3353', 10, -1.2375),
    ];
    const ordered = orderSlices(series);
    expect(keys(ordered)).toEqual(['3353', '3023', '2693', '2392', '2062']);
    expect(ordered.map((s) => s.position)).toEqual([-1.2375, 1.2625, 3.7625, 6.2625, 8.7625]);
  });

  it('head CT2: a 202.5 mm gap does not disturb the order', () => {
    const series = [
      slice('17166', 181, 104.269997, AXIAL, -125, -128.100006),
      slice('17106', 18, -99.480003, AXIAL, -125, -128.100006),
      slice('17196', 182, 105.519997, AXIAL, -125, -128.100006),
      slice('17136', 180, 103.019997, AXIAL, -125, -128.100006),
    ];
    const ordered = orderSlices(series);
    expect(keys(ordered)).toEqual(['17106', '17136', '17166', '17196']);
    expect(ordered[0].position).toBeCloseTo(-99.48, 5);
  });

  it('rt-utils phantom: UIDs as keys, z 60..80', () => {
    const uid = (tail: string) => `2.16.840.1.114362.1.11940992.23790159890.${tail}.dcm`;
    const series = [
      slice(uid('563423472.148.92'), 5, 80, AXIAL, -125, -125),
      slice(uid('563423471.995.90'), 3, 70, AXIAL, -125, -125),
      slice(uid('563423471.893.87'), 1, 60, AXIAL, -125, -125),
      slice(uid('563423472.1087.91'), 4, 75, AXIAL, -125, -125),
      slice(uid('563423471.985.89'), 2, 65, AXIAL, -125, -125),
    ];
    expect(keys(orderSlices(series))).toEqual([
      uid('563423471.893.87'),
      uid('563423471.985.89'),
      uid('563423471.995.90'),
      uid('563423472.1087.91'),
      uid('563423472.148.92'),
    ]);
  });
});

describe('orderSlices geometry', () => {
  it('projects on the normal of an oblique (gantry-tilted) orientation, not on z', () => {
    // Rows along x; columns tilted 30° between y and z. Normal = row × column = (0, -sin30, cos30).
    const tilt = Math.PI / 6;
    const oblique = [1, 0, 0, 0, Math.cos(tilt), Math.sin(tilt)];
    const normal = sliceNormal(oblique)!;
    expect(normal[0]).toBeCloseTo(0, 12);
    expect(normal[1]).toBeCloseTo(-Math.sin(tilt), 12);
    expect(normal[2]).toBeCloseTo(Math.cos(tilt), 12);
    // Slice k sits at k*5 mm along the normal, plus an in-plane shift that grows with k along the columns
    // and makes z alone give the opposite order.
    const at = (k: number): [number, number, number] => {
      const inPlane = -20 * k;
      return [0, k * 5 * normal[1] + inPlane * Math.cos(tilt), k * 5 * normal[2] + inPlane * Math.sin(tilt)];
    };
    const series = [0, 1, 2, 3].map((k) => ({ key: `s${k}`, instanceNumber: 4 - k, imagePosition: at(k), imageOrientation: oblique }));
    expect(series.map((s) => s.imagePosition[2])).toEqual([...series.map((s) => s.imagePosition[2])].sort((a, b) => b - a));
    const ordered = orderSlices(series);
    expect(keys(ordered)).toEqual(['s0', 's1', 's2', 's3']);
    ordered.forEach((s, k) => expect(s.position).toBeCloseTo(k * 5, 9));
  });

  it('gives the same order whatever the input order', () => {
    const series = [slice('a', 3, 10), slice('b', 1, 30), slice('c', 2, 20), slice('d', 4, 0)];
    const reversed = [...series].reverse();
    expect(keys(orderSlices(series))).toEqual(['d', 'a', 'c', 'b']);
    expect(keys(orderSlices(reversed))).toEqual(['d', 'a', 'c', 'b']);
  });

  it('breaks position ties by InstanceNumber, then key', () => {
    const series = [slice('z', 2, 5), slice('y', 1, 5), slice('b', null, 5), slice('a', null, 5), slice('x', 0, 10)];
    expect(keys(orderSlices(series))).toEqual(['y', 'z', 'a', 'b', 'x']);
  });

  it('falls back to InstanceNumber, then key, when a slice lacks its position', () => {
    const series = [slice('k3', 3, 1), slice('k1', 1, null), slice('k2', 2, 3), slice('k0', null, 2), slice('j0', null, 9)];
    const ordered = orderSlices(series);
    expect(keys(ordered)).toEqual(['k1', 'k2', 'k3', 'j0', 'k0']);
    expect(ordered.find((s) => s.key === 'k1')!.position).toBeNull();
    expect(ordered.find((s) => s.key === 'k2')!.position).toBe(3);
  });

  it('falls back when a slice lacks its orientation or has a degenerate one', () => {
    const missing = [slice('b', 1, 20), slice('a', 2, 10, null)];
    expect(keys(orderSlices(missing))).toEqual(['b', 'a']);
    const degenerate = [slice('b', 1, 20), slice('a', 2, 10, [1, 0, 0, 1, 0, 0])];
    expect(keys(orderSlices(degenerate))).toEqual(['b', 'a']);
    expect(sliceNormal([1, 0, 0])).toBeNull();
  });

  it('keeps the caller’s own fields and handles an empty series', () => {
    const ordered = orderSlices([{ ...slice('a', 1, 0), file: 'a.dcm' }]);
    expect(ordered[0].file).toBe('a.dcm');
    expect(orderSlices([])).toEqual([]);
  });
});
