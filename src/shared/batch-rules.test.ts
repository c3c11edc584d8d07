import { describe, expect, it } from 'vitest';
import { compareKeys, decideBatchFile, mergeSeriesOrder, seriesOrderKey } from './batch-rules';

describe('decideBatchFile', () => {
  it('adds a file whose key the dataset does not have', () => {
    expect(decideBatchFile(undefined, 'abc')).toBe('add');
  });
  it('skips a file the dataset has with the very same bytes', () => {
    expect(decideBatchFile('abc', 'abc')).toBe('unchanged');
  });
  it('refuses a file whose key the dataset has with other bytes', () => {
    expect(decideBatchFile('abc', 'abd')).toBe('conflict');
  });
});

describe('mergeSeriesOrder', () => {
  const geometry = (key: string, z: number | null, instanceNumber: number | null, ref: string) => ({
    ref,
    key,
    imagePosition: z === null ? null : ([0, 0, z] as [number, number, number]),
    imageOrientation: [1, 0, 0, 0, 1, 0],
    instanceNumber,
  });

  it('slots new slices between the stored ones by their position along the normal', () => {
    const stored = [
      { ref: 'a', key: 'ID_a', position: 0, instanceNumber: null },
      { ref: 'c', key: 'ID_c', position: 10, instanceNumber: null },
    ];
    const merged = mergeSeriesOrder(stored, [geometry('ID_d', 15, null, 'd'), geometry('ID_b', 5, null, 'b')]);
    expect(merged).toEqual([
      { ref: 'a', position: 0 },
      { ref: 'b', position: 5 },
      { ref: 'c', position: 10 },
      { ref: 'd', position: 15 },
    ]);
  });

  it('falls back to InstanceNumber, then key, when any slice lacks a position', () => {
    const stored = [
      { ref: 'x', key: 'ID_x', position: null, instanceNumber: 3 },
      { ref: 'y', key: 'ID_y', position: 4, instanceNumber: 1 },
    ];
    const merged = mergeSeriesOrder(stored, [geometry('ID_z', 100, 2, 'z'), geometry('ID_w', 50, null, 'w')]);
    expect(merged.map((m) => m.ref)).toEqual(['y', 'z', 'x', 'w']);
    expect(merged.find((m) => m.ref === 'z')!.position).toBe(100);
  });

  it('keeps a series with nothing new as it was', () => {
    const stored = [
      { ref: 1, key: 'b', position: -5, instanceNumber: null },
      { ref: 2, key: 'a', position: 7, instanceNumber: null },
    ];
    expect(mergeSeriesOrder(stored, []).map((m) => m.ref)).toEqual([1, 2]);
  });
});

describe('display order keys', () => {
  it('orders image ids as a folder listing sorts them, and groups slices patient → study → series', () => {
    expect(['b.jpg', 'B.jpg', 'a.jpg'].sort(compareKeys)).toEqual(['B.jpg', 'a.jpg', 'b.jpg']);
    expect(seriesOrderKey('P1', 'S1', 'X2') > seriesOrderKey('P1', 'S1', 'X1')).toBe(true);
    expect(seriesOrderKey('P1', 'S9', 'X1') < seriesOrderKey('P2', 'S1', 'X1')).toBe(true);
  });
});
