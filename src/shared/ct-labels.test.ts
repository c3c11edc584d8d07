import { describe, expect, it } from 'vitest';
import { CT_SUBTYPES } from './domain';
import {
  ALL_SUBTYPE_BITS,
  anyOf,
  bitsToLabels,
  copyFromPrevious,
  hasLabel,
  labelsToBits,
  setRange,
  setSubtype,
  subtypeBit,
} from './ct-labels';

describe('anyOf', () => {
  it('is true when at least one subtype is present', () => {
    expect(anyOf([false, false, false, false, false])).toBe(false);
    expect(anyOf([0, 0, 0, 1, 0])).toBe(true);
    expect(anyOf({ subdural: true })).toBe(true);
    expect(anyOf({ subdural: 0 })).toBe(false);
  });

  it('ignores a sixth (any) value: any is derived, never trusted', () => {
    expect(anyOf([0, 0, 0, 0, 0, 1])).toBe(false);
  });
});

describe('labelsToBits / bitsToLabels', () => {
  it('sets bit i for CT_SUBTYPES[i]', () => {
    expect(labelsToBits([1, 0, 0, 0, 0])).toBe(0b00001); // epidural
    expect(labelsToBits([0, 0, 0, 0, 1])).toBe(0b10000); // subdural
    expect(labelsToBits([true, false, true, false, false])).toBe(0b00101);
    expect(labelsToBits({ intraparenchymal: 1, subarachnoid: true })).toBe(0b01010);
    expect(subtypeBit('intraventricular')).toBe(1 << CT_SUBTYPES.indexOf('intraventricular'));
  });

  it('returns all six labels with any derived', () => {
    expect(bitsToLabels(0)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(bitsToLabels(0b00101)).toEqual([1, 0, 1, 0, 0, 1]);
    expect(bitsToLabels(ALL_SUBTYPE_BITS)).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('round-trips every combination', () => {
    for (let bits = 0; bits <= ALL_SUBTYPE_BITS; bits++) expect(labelsToBits(bitsToLabels(bits))).toBe(bits);
  });

  it('refuses bits outside the five subtypes', () => {
    expect(() => bitsToLabels(32)).toThrow(RangeError);
    expect(() => bitsToLabels(-1)).toThrow(/0 to 31/);
  });

  it('answers hasLabel for subtypes and any', () => {
    expect(hasLabel(0b00100, 'intraventricular')).toBe(true);
    expect(hasLabel(0b00100, 'epidural')).toBe(false);
    expect(hasLabel(0b00100, 'any')).toBe(true);
    expect(hasLabel(0, 'any')).toBe(false);
  });
});

describe('setSubtype', () => {
  it('switches one subtype on or off and leaves the others', () => {
    expect(setSubtype(0, 'subdural', true)).toBe(0b10000);
    expect(setSubtype(0b10001, 'subdural', false)).toBe(0b00001);
    expect(setSubtype(0b10001, 'epidural', true)).toBe(0b10001);
    expect(setSubtype(0, 'epidural', false)).toBe(0);
  });

  it('refuses a name that is not a subtype', () => {
    expect(() => setSubtype(0, 'any' as never, true)).toThrow(/unknown subtype 'any'/);
  });
});

describe('setRange', () => {
  it('sets a subtype on every slice from..to, both included, without touching the input', () => {
    const series = [0, 0b00001, 0, 0, 0];
    const result = setRange(series, 1, 3, 'subdural', true);
    expect(result).toEqual([0, 0b10001, 0b10000, 0b10000, 0]);
    expect(series).toEqual([0, 0b00001, 0, 0, 0]);
  });

  it('accepts the range in either order and can switch off', () => {
    expect(setRange([31, 31, 31], 2, 1, 'epidural', false)).toEqual([31, 30, 30]);
  });

  it('refuses indices outside the series', () => {
    expect(() => setRange([0, 0], 0, 2, 'epidural', true)).toThrow(/slice 2 is outside the series \(slices 0 to 1\)/);
  });
});

describe('copyFromPrevious', () => {
  it('gives slice i the labels of slice i - 1 in a new array', () => {
    const series = [0b00011, 0b10000, 0];
    expect(copyFromPrevious(series, 1)).toEqual([0b00011, 0b00011, 0]);
    expect(copyFromPrevious(series, 2)).toEqual([0b00011, 0b10000, 0b10000]);
    expect(series).toEqual([0b00011, 0b10000, 0]);
  });

  it('refuses slice 0 and indices outside the series', () => {
    expect(() => copyFromPrevious([1, 2], 0)).toThrow(/no previous slice/);
    expect(() => copyFromPrevious([1, 2], 2)).toThrow(RangeError);
  });
});
