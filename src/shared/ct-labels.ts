// A slice's haemorrhage labels as one small number: bit i is set when CT_SUBTYPES[i] is present.
// `any` is never stored: it is derived (the OR of the five), so it can never disagree with them.
// Every function here is pure: series edits return a new array.

import { CT_LABELS, CT_SUBTYPES, type CtLabel, type CtSubtype } from './domain';

/** The five subtypes of one slice as a bit mask (bit i = CT_SUBTYPES[i]); 0 means no haemorrhage. */
export type SubtypeBits = number;

/** All five subtypes set. */
export const ALL_SUBTYPE_BITS: SubtypeBits = (1 << CT_SUBTYPES.length) - 1;

/** A slice's values as a list in CT_SUBTYPES order (a sixth `any` entry is ignored) or by subtype name. */
export type SubtypeValues = ArrayLike<boolean | number> | Partial<Record<CtSubtype, boolean | number>>;

function isPresent(value: boolean | number | undefined): boolean {
  return value === true || (typeof value === 'number' && value !== 0);
}

function valueAt(values: SubtypeValues, index: number): boolean | number | undefined {
  return 'length' in values ? (values as ArrayLike<boolean | number>)[index] : (values as Partial<Record<CtSubtype, boolean | number>>)[CT_SUBTYPES[index]];
}

/** `any`: whether at least one of the five subtypes is present. */
export function anyOf(subtypes: SubtypeValues): boolean {
  return labelsToBits(subtypes) !== 0;
}

/** Bit mask of the present subtypes (true or non-zero); `any`, if given, is ignored because it is derived. */
export function labelsToBits(values: SubtypeValues): SubtypeBits {
  let bits = 0;
  for (let i = 0; i < CT_SUBTYPES.length; i++) if (isPresent(valueAt(values, i))) bits |= 1 << i;
  return bits;
}

function checkBits(bits: SubtypeBits): void {
  if (!Number.isInteger(bits) || bits < 0 || bits > ALL_SUBTYPE_BITS) {
    throw new RangeError(`subtype bits must be an integer from 0 to ${ALL_SUBTYPE_BITS}, got ${bits}`);
  }
}

/** All six labels as 0/1 in CT_LABELS order (the five subtypes, then `any`). */
export function bitsToLabels(bits: SubtypeBits): Array<0 | 1> {
  checkBits(bits);
  const labels: Array<0 | 1> = CT_SUBTYPES.map((_, i) => ((bits >> i) & 1) as 0 | 1);
  labels.push(bits !== 0 ? 1 : 0);
  return labels;
}

/** Whether one of the six labels is present; `any` is present when any subtype is. */
export function hasLabel(bits: SubtypeBits, label: CtLabel): boolean {
  if (label === 'any') return bits !== 0;
  return (bits & subtypeBit(label)) !== 0;
}

/** The bit of one subtype. */
export function subtypeBit(subtype: CtSubtype): SubtypeBits {
  const index = CT_SUBTYPES.indexOf(subtype);
  if (index < 0) throw new RangeError(`unknown subtype '${String(subtype)}' (expected one of ${CT_SUBTYPES.join(', ')})`);
  return 1 << index;
}

/** The bits with one subtype switched on or off. */
export function setSubtype(bits: SubtypeBits, subtype: CtSubtype, on: boolean): SubtypeBits {
  checkBits(bits);
  const bit = subtypeBit(subtype);
  return on ? bits | bit : bits & ~bit;
}

function checkIndex(seriesBits: readonly SubtypeBits[], index: number, what: string): void {
  if (!Number.isInteger(index) || index < 0 || index >= seriesBits.length) {
    throw new RangeError(`${what} ${index} is outside the series (slices 0 to ${seriesBits.length - 1})`);
  }
}

/** A new series with one subtype switched on or off on slices `from` to `to` (both included, either order). */
export function setRange(
  seriesBits: readonly SubtypeBits[],
  from: number,
  to: number,
  subtype: CtSubtype,
  on: boolean,
): SubtypeBits[] {
  checkIndex(seriesBits, from, 'slice');
  checkIndex(seriesBits, to, 'slice');
  const first = Math.min(from, to);
  const last = Math.max(from, to);
  return seriesBits.map((bits, i) => (i >= first && i <= last ? setSubtype(bits, subtype, on) : bits));
}

/** A new series where slice `index` takes the labels of slice `index - 1`. */
export function copyFromPrevious(seriesBits: readonly SubtypeBits[], index: number): SubtypeBits[] {
  checkIndex(seriesBits, index, 'slice');
  if (index === 0) throw new RangeError('slice 0 has no previous slice to copy from');
  const copy = seriesBits.slice();
  copy[index] = seriesBits[index - 1];
  return copy;
}

/** Index of each of the six labels in CT_LABELS order, for readers that meet labels by name. */
export const CT_LABEL_INDEX: ReadonlyMap<string, number> = new Map(CT_LABELS.map((label, i) => [label, i]));
