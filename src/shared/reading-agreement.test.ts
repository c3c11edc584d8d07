import { describe, expect, it } from 'vitest';
import { cohensKappa, ctAgreement, disagreementsOf, honeypotScore, readerDice, readingsDisagree, steelDicePerClass } from './reading-agreement';
import { encodeRle } from './rle';
import { STEEL_HEIGHT, STEEL_WIDTH } from './domain';

/** A mask with the pixels [from, to) set (column-major order, as the RLE counts). */
function band(from: number, to: number): string {
  const mask = new Uint8Array(STEEL_WIDTH * STEEL_HEIGHT);
  mask.fill(1, from, to);
  return encodeRle(mask);
}
const m = (entries: [number, string][]) => new Map(entries);

describe('steel Dice between readers', () => {
  it('is 1 when both masks are empty (Kaggle), 0 when only one reader marked something', () => {
    expect(readerDice('', undefined)).toBe(1);
    expect(readerDice(band(0, 100), '')).toBe(0);
  });

  it('is 2|A∩B| / (|A|+|B|) for overlapping masks', () => {
    expect(readerDice(band(0, 100), band(50, 150))).toBeCloseTo((2 * 50) / 200);
  });

  it('is taken per class, absent classes counting as empty', () => {
    const perClass = steelDicePerClass(m([[1, band(0, 100)], [3, band(0, 10)]]), m([[1, band(0, 100)]]));
    expect(perClass).toEqual({ 1: 1, 2: 1, 3: 0, 4: 1 });
  });

  it('calls a strip a disagreement when any class falls below the threshold', () => {
    const a = m([[2, band(0, 100)]]);
    const b = m([[2, band(10, 110)]]); // Dice 0.9
    expect(disagreementsOf('severstal', a, b)).toEqual([]);
    expect(disagreementsOf('severstal', a, b, 0.95)).toEqual(['2']);
    expect(readingsDisagree('severstal', [a, b, m([])])).toBe(true);
  });
});

describe("CT agreement and Cohen's kappa", () => {
  it('computes kappa from the counts', () => {
    // observed 0.7; expected 0.5·0.6 + 0.5·0.4 = 0.5 → kappa 0.4
    expect(cohensKappa({ yesYes: 4, yesNo: 1, noYes: 2, noNo: 3 })).toBeCloseTo(0.4);
  });

  it('is 1 when both readers always gave the same one answer (expected agreement 1)', () => {
    expect(cohensKappa({ yesYes: 0, yesNo: 0, noYes: 0, noNo: 7 })).toBe(1);
    expect(cohensKappa({ yesYes: 5, yesNo: 0, noYes: 0, noNo: 0 })).toBe(1);
  });

  it('is negative when readers disagree more than chance', () => {
    expect(cohensKappa({ yesYes: 0, yesNo: 3, noYes: 3, noNo: 0 })).toBeCloseTo(-1);
  });

  it('gives per-label agreement over slices, `any` following the subtypes', () => {
    const epidural = '1';
    const subdural = String(1 << 4);
    const rows = ctAgreement([
      [m([[0, epidural]]), m([[0, epidural]])],
      [m([[0, epidural]]), m([[0, subdural]])],
      [m([[0, '0']]), m([])],
    ]);
    const byLabel = Object.fromEntries(rows.map((r) => [r.label, r]));
    expect(byLabel.epidural.agreement).toBeCloseTo(2 / 3);
    expect(byLabel.subdural.agreement).toBeCloseTo(2 / 3);
    expect(byLabel.any.agreement).toBe(1);
    expect(byLabel.any.kappa).toBe(1);
    expect(byLabel.intraventricular.kappa).toBe(1);
  });

  it('calls a slice a disagreement when any label differs', () => {
    expect(disagreementsOf('rsna', m([[0, '1']]), m([[0, '2']]))).toEqual(['epidural', 'intraparenchymal']);
    expect(disagreementsOf('rsna', m([[0, '3']]), m([[0, '3']]))).toEqual([]);
  });
});

describe('honeypot scores', () => {
  it('steel: mean Dice over the four classes against the truth', () => {
    expect(honeypotScore('severstal', m([[1, band(0, 100)]]), m([[1, band(0, 100)]]))).toBe(1);
    expect(honeypotScore('severstal', m([]), m([[1, band(0, 100)]]))).toBe(0.75);
  });

  it('CT: the share of the six labels given right', () => {
    expect(honeypotScore('rsna', m([[0, '1']]), m([[0, '0']]))).toBeCloseTo(4 / 6);
  });
});
