import { describe, expect, it } from 'vitest';
import { formatReadout, readoutAt } from './readout';
import { sliceGeometry } from '../../../../../shared/slice-geometry';

// A 4 × 3 slice whose HU name their pixel: 100 × row + column, less 50.
const hu = Int16Array.from({ length: 12 }, (_, i) => 100 * Math.floor(i / 4) + (i % 4) - 50);
const slice = { width: 4, height: 3, hu, geometry: sliceGeometry([2, 0.5], [-10, 20, 5], [1, 0, 0, 0, 1, 0]) };

describe('the pointer readout', () => {
  it('reads the HU of the pixel under the point (row-major), with its column and row', () => {
    expect(readoutAt(slice, { x: 3.7, y: 1.2 })).toMatchObject({ hu: 53, column: 3, row: 1 });
    expect(readoutAt(slice, { x: 0, y: 0 })).toMatchObject({ hu: -50, column: 0, row: 0 });
    expect(readoutAt(slice, { x: 4, y: 0 })).toBeNull();
    expect(readoutAt(slice, { x: 1, y: -0.01 })).toBeNull();
  });

  it('says where the pixel lies in the patient when the header has the facts, and only then', () => {
    const r = readoutAt(slice, { x: 2.5, y: 2.5 })!;
    expect(r.patient).toEqual([-9, 24, 5]); // 2 columns × 0.5 mm along x, 2 rows × 2 mm along y
    expect(formatReadout(r)).toBe('HU 152 · x 2 y 2 · −9.0, 24.0, 5.0 mm');
    const bare = readoutAt({ ...slice, geometry: undefined }, { x: 0.5, y: 0.5 })!;
    expect(bare.patient).toBeNull();
    expect(formatReadout(bare)).toBe('HU −50 · x 0 y 0');
  });
});
