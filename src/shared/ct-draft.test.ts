import { describe, expect, it } from 'vitest';
import { approveQuestion, draftBits, modelDrafts, planAccept, planUndoAccept, type AcceptSlice } from './ct-draft';
import { subtypeBit } from './ct-labels';

const HALF = [0.5, 0.5, 0.5, 0.5, 0.5, 0.5];
const EDH = subtypeBit('epidural');
const IPH = subtypeBit('intraparenchymal');
const SDH = subtypeBit('subdural');

describe('draftBits', () => {
  it('says yes to a subtype at or above its threshold', () => {
    expect(draftBits([0.5, 0.49, 0, 0, 0.9, 0.9], HALF)).toBe(EDH | SDH);
    expect(draftBits([0.3, 0.3, 0.3, 0.3, 0.3, 0.3], [0.2, 0.4, 0.9, 0.9, 0.9, 0.5])).toBe(EDH);
  });

  it("never lets `any` decide: its probability and threshold are ignored, the draft's any is the OR of the five", () => {
    expect(draftBits([0.1, 0.1, 0.1, 0.1, 0.1, 0.99], HALF)).toBe(0);
    expect(draftBits([0.1, 0.8, 0.1, 0.1, 0.1, 0.2], [0.5, 0.5, 0.5, 0.5, 0.5, 0.99])).toBe(IPH);
  });
});

describe('modelDrafts', () => {
  it('shows the draft only on slices with no label that the model predicted', () => {
    const p = [0.9, 0, 0, 0, 0, 0.9];
    expect(modelDrafts([null, 0, null, 4], [p, p, null, p], HALF)).toEqual([EDH, null, null, null]);
  });

  it('shows none without thresholds (no model)', () => {
    expect(modelDrafts([null], [[0.9, 0, 0, 0, 0, 0.9]], null)).toEqual([null]);
  });
});

describe('planAccept', () => {
  const yes = (bits: number) => [0, 1, 2, 3, 4].map((i) => ((bits >> i) & 1 ? 0.8 : 0.1)).concat([bits ? 0.8 : 0.1]);
  const slices: AcceptSlice[] = [
    { itemId: 1, saved: null, origin: null, probabilities: yes(SDH) },
    { itemId: 2, saved: null, origin: null, probabilities: yes(0) },
    { itemId: 3, saved: IPH, origin: null, probabilities: yes(IPH) },
    { itemId: 4, saved: EDH, origin: 'model:ct-1', probabilities: yes(SDH) },
    { itemId: 5, saved: null, origin: null, probabilities: null },
  ];

  it('writes the model labels on unlabelled slices with the model as origin, and keeps the disagreeing labelled ones apart', () => {
    const plan = planAccept(slices, HALF, 'model:ct-2');
    expect(plan.unlabelled).toEqual([
      { itemId: 1, bits: SDH, origin: 'model:ct-2' },
      { itemId: 2, bits: 0, origin: 'model:ct-2' }, // "none" is a label too: the slice becomes labelled
    ]);
    expect(plan.relabelled).toEqual([{ itemId: 4, bits: SDH, origin: 'model:ct-2' }]);
    expect(plan.agreeing).toBe(1);
    expect(plan.unpredicted).toBe(1);
    expect(plan.before).toEqual([
      { itemId: 1, before: null, accepted: SDH },
      { itemId: 2, before: null, accepted: 0 },
      { itemId: 4, before: { bits: EDH, origin: 'model:ct-1' }, accepted: SDH },
    ]);
  });

  it('follows the thresholds', () => {
    const plan = planAccept([{ itemId: 9, saved: null, origin: null, probabilities: [0.3, 0.3, 0.3, 0.3, 0.3, 0.3] }], [0.2, 0.9, 0.9, 0.9, 0.25, 0.5], 'model:x');
    expect(plan.unlabelled).toEqual([{ itemId: 9, bits: EDH | SDH, origin: 'model:x' }]);
  });
});

describe('planUndoAccept', () => {
  it('writes the earlier labels back, keeps the model labels where there were none, and leaves slices changed since', () => {
    const accepted = [
      { itemId: 1, before: null, accepted: SDH },
      { itemId: 4, before: { bits: EDH, origin: 'model:ct-1' }, accepted: SDH },
      { itemId: 6, before: { bits: IPH, origin: null }, accepted: 0 },
      { itemId: 7, before: { bits: IPH, origin: null }, accepted: 0 },
    ];
    const now = new Map([[1, SDH], [4, SDH], [6, 0], [7, EDH]]);
    const plan = planUndoAccept(accepted, (id) => now.get(id) ?? null);
    expect(plan.changes).toEqual([
      { itemId: 4, bits: EDH, origin: 'model:ct-1' },
      { itemId: 6, bits: IPH },
    ]);
    expect(plan.keptUnlabelled).toBe(1);
    expect(plan.changedSince).toBe(1);
  });
});

describe('approveQuestion', () => {
  it('approves straight away when every slice has a label', () => {
    expect(approveQuestion('series', 0, 0)).toBeNull();
  });

  it("asks whether to mark the unlabelled slices 'none', and No does nothing", () => {
    const asked = approveQuestion('series', 3, 0)!;
    expect(asked.question).toBe("3 slices have no label. Mark them 'none' and approve the series?");
    expect(asked.choices.map((c) => c.id)).toEqual(['mark-none', 'cancel']);
    expect(asked.choices[1].text).toBe('No');
  });

  it("offers the model's draft first where the unlabelled slices have one", () => {
    expect(approveQuestion('series', 3, 3)!.choices.map((c) => [c.id, c.text])).toEqual([
      ['accept-draft', "Accept the model's draft for them and approve"],
      ['mark-none', "Yes: mark them 'none' and approve the series"],
      ['cancel', 'No'],
    ]);
    expect(approveQuestion('series', 3, 2)!.choices[0].text).toBe("Accept the model's draft for the 2 with one, mark the other 1 'none', and approve");
  });

  it('speaks of one slice', () => {
    expect(approveQuestion('series', 1, 0)!.question).toBe("1 slice has no label. Mark it 'none' and approve the series?");
    const slice = approveQuestion('slice', 1, 1)!;
    expect(slice.question).toBe("This slice has no label. Mark it 'none' and approve it?");
    expect(slice.choices.map((c) => c.text)).toEqual(["Accept the model's draft for it and approve", "Yes: mark it 'none' and approve the slice", 'No']);
  });
});
