import { describe, expect, it } from 'vitest';
import { requireLabelFits, requireSteelClass, requireSubtypeBits } from './label-rules';

describe('label rules', () => {
  it('a steel label is one of the four defect classes', () => {
    for (const classId of [1, 2, 3, 4]) expect(() => requireSteelClass(classId)).not.toThrow();
    for (const classId of [0, 5, 1.5, -1]) expect(() => requireSteelClass(classId)).toThrow(`class ${classId} is not a steel defect class (1–4)`);
    expect(() => requireLabelFits('severstal', 3, '1 10')).not.toThrow();
    expect(() => requireLabelFits('severstal', 0, '3')).toThrow(/not a steel defect class/);
  });

  it('a CT label is class 0 with a subtype bit mask of 0–31', () => {
    for (const payload of ['0', '7', '31']) expect(() => requireLabelFits('rsna', 0, payload)).not.toThrow();
    for (const [classId, payload] of [[0, '32'], [0, '-1'], [0, '1 2'], [0, ''], [0, '007'], [1, '3']] as const) {
      expect(() => requireLabelFits('rsna', classId, payload), `${classId}/${payload}`).toThrow('a CT label is class 0 with the bit mask of the five subtypes (0–31)');
    }
    expect(() => requireSubtypeBits(31, 'slice 4')).not.toThrow();
    for (const bits of [32, -1, 2.5]) expect(() => requireSubtypeBits(bits, 'slice 4')).toThrow('slice 4: labels must be a bit mask of the five subtypes (0–31)');
  });
});
