// What a label a person saves must be, by the kind of dataset: a steel label is one of the four defect
// classes with its RLE; a CT label is class 0 holding the bit mask of the five subtypes (`any` follows
// from them). The label service checks every human revision against these before it is written.
import type { DatasetKind } from './domain';
import { STEEL_CLASSES } from './domain';
import { ALL_SUBTYPE_BITS } from './ct-labels';
import { badInput } from './errors';

/** Throws unless `classId` is a steel defect class (1–4). */
export function requireSteelClass(classId: number): void {
  if (!(STEEL_CLASSES as readonly number[]).includes(classId)) throw badInput(`class ${classId} is not a steel defect class (1–4)`);
}

/** Throws unless `bits` is a bit mask of the five CT subtypes (0–31); `what` names the slice in the message. */
export function requireSubtypeBits(bits: number, what: string): void {
  if (!Number.isInteger(bits) || bits < 0 || bits > ALL_SUBTYPE_BITS) throw badInput(`${what}: labels must be a bit mask of the five subtypes (0–31)`);
}

/** Throws unless one class of a human label fits a dataset of `kind` (the payload as the revision stores it). */
export function requireLabelFits(kind: DatasetKind, classId: number, payload: string): void {
  if (kind === 'severstal') requireSteelClass(classId);
  else if (classId !== 0 || !/^\d{1,2}$/.test(payload) || Number(payload) > ALL_SUBTYPE_BITS) {
    throw badInput('a CT label is class 0 with the bit mask of the five subtypes (0–31)');
  }
}
