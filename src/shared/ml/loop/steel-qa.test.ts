import { describe, expect, it } from 'vitest';
import { steelItemQa, steelQa } from './steel-qa';

const size = 10;
const m = (from: number, to: number) => {
  const mask = new Uint8Array(size);
  mask.fill(1, from, to);
  return mask;
};

describe('steelQa', () => {
  // A: class 1 right; B: class 3 missed (label 5 px, model none); C: class 4 painted on a clean strip.
  const items = [
    steelItemQa(101, [m(0, 5), null, null, null], [m(0, 5), null, null, null]),
    steelItemQa(102, [null, null, null, null], [null, null, m(2, 7), null]),
    steelItemQa(103, [null, null, null, m(0, 2)], [null, null, null, null]),
  ];
  const qa = steelQa(items);

  it('gives mean Dice per class and overall beside the all-empty prediction on the same strips', () => {
    expect(qa.reviewed).toBe(3);
    expect(qa.perClass.map((c) => c.dice)).toEqual([1, 1, 2 / 3, 2 / 3]);
    expect(qa.perClass.map((c) => c.emptyBaseline)).toEqual([2 / 3, 1, 2 / 3, 1]);
    expect(qa.perClass.map((c) => c.labelled)).toEqual([1, 0, 1, 0]);
    expect(qa.dice).toBeCloseTo(10 / 12, 12);
    expect(qa.emptyBaseline).toBeCloseTo(10 / 12, 12);
  });

  it('counts image-level presence per class', () => {
    expect(qa.perClass[0].confusion).toEqual({ tp: 1, fp: 0, fn: 0, tn: 2 });
    expect(qa.perClass[2].confusion).toEqual({ tp: 0, fp: 0, fn: 1, tn: 2 });
    expect(qa.perClass[3].confusion).toEqual({ tp: 0, fp: 1, fn: 0, tn: 2 });
  });

  it('lists the worst strips with their reasons, leaving out the ones the model gets right', () => {
    expect(qa.worst).toEqual([
      { itemId: 102, score: 0.25, reason: 'class 3: model 0 px, label 5 px (Dice 0.0000)' },
      { itemId: 103, score: 0.25, reason: 'class 4: model 2 px, label 0 px (Dice 0.0000)' },
    ]);
    expect(steelQa(items, { worst: 1 }).worst.map((w) => w.itemId)).toEqual([102]);
  });

  it('says when nothing was reviewed', () => {
    const none = steelQa([]);
    expect(none.reviewed).toBe(0);
    expect(none.dice).toBeNaN();
    expect(none.perClass[0].emptyBaseline).toBeNaN();
  });
});
