import { describe, expect, it } from 'vitest';
import { formatMeasurement, formatNumbers, measure, parseNumbers, patientPosition, sliceGeometry } from './slice-geometry';

const axial = sliceGeometry([0.5, 0.5], [-125, -120, 40], [1, 0, 0, 0, 1, 0]);

describe('slice geometry', () => {
  it('puts the first pixel at ImagePositionPatient and steps by column, then row spacing', () => {
    expect(patientPosition(axial, 0, 0)).toEqual([-125, -120, 40]);
    expect(patientPosition(axial, 10, 0)).toEqual([-120, -120, 40]);
    expect(patientPosition(axial, 0, 4)).toEqual([-125, -118, 40]);
  });

  it('uses row spacing down the columns and column spacing along the rows when they differ', () => {
    // PixelSpacing = [row spacing, column spacing]: rows 2 mm apart, columns 0.5 mm apart.
    const g = sliceGeometry([2, 0.5], [0, 0, 0], [1, 0, 0, 0, 1, 0]);
    expect(patientPosition(g, 4, 3)).toEqual([2, 6, 0]);
    expect(measure({ x: 0, y: 0 }, { x: 4, y: 0 }, g.pixelSpacing)).toEqual({ length: 2, unit: 'mm' });
    expect(measure({ x: 0, y: 0 }, { x: 0, y: 4 }, g.pixelSpacing)).toEqual({ length: 8, unit: 'mm' });
    expect(measure({ x: 1, y: 1 }, { x: 7, y: 3 }, g.pixelSpacing).length).toBeCloseTo(5, 10); // 3 mm across, 4 mm down
  });

  it('follows a tilted orientation (a coronal slice: rows along x, columns down −z)', () => {
    const coronal = sliceGeometry([1, 1], [10, 20, 30], [1, 0, 0, 0, 0, -1]);
    expect(patientPosition(coronal, 3, 5)).toEqual([13, 20, 25]);
  });

  it('measures in pixels, and says so, without PixelSpacing; has no patient position without the header facts', () => {
    const bare = sliceGeometry(null, [0, 0, 0], [1, 0, 0, 0, 1, 0]);
    expect(measure({ x: 0, y: 0 }, { x: 3, y: 4 }, bare.pixelSpacing)).toEqual({ length: 5, unit: 'px' });
    expect(formatMeasurement({ length: 5, unit: 'px' })).toBe('5 px');
    expect(formatMeasurement({ length: 12.345, unit: 'mm' })).toBe('12.3 mm');
    expect(patientPosition(bare, 1, 1)).toBeNull();
    expect(patientPosition(sliceGeometry([1, 1], null, [1, 0, 0, 0, 1, 0]), 1, 1)).toBeNull();
  });

  it('keeps only header values that make sense', () => {
    expect(sliceGeometry([0, 0.5], null, null).pixelSpacing).toBeNull();
    expect(sliceGeometry([-1, 0.5], null, null).pixelSpacing).toBeNull();
    expect(sliceGeometry([0.5], null, null).pixelSpacing).toBeNull();
    expect(sliceGeometry(null, [1, 2], null).imagePosition).toBeNull();
    expect(sliceGeometry(null, null, [0, 0, 0, 0, 0, 0]).imageOrientation).toBeNull();
    expect(sliceGeometry(null, null, [1, 0, 0, 0, 1, 0]).imageOrientation).toEqual([1, 0, 0, 0, 1, 0]);
  });

  it('carries numbers through a header in DICOM form', () => {
    expect(formatNumbers([0.48828125, 0.5])).toBe('0.48828125\\0.5');
    expect(parseNumbers('0.48828125\\0.5', 2)).toEqual([0.48828125, 0.5]);
    expect(parseNumbers('1\\2', 3)).toBeNull();
    expect(parseNumbers('1\\x', 2)).toBeNull();
    expect(parseNumbers(null, 2)).toBeNull();
  });
});
