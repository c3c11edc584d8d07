import { describe, expect, it } from 'vitest';
import { changedRegion, EditHistory, readRegion } from './history';
import { paintSegment } from './brush';

const W = 30;
const H = 10;

function edit<Note>(masks: Map<number, Uint8Array>, history: EditHistory<Note>, classId: number, x: number) {
  const mask = masks.get(classId)!;
  const before = mask.slice();
  paintSegment(mask, W, H, { x, y: 5 }, { x: x + 3, y: 5 }, 1.5, 1);
  const region = changedRegion(before, mask, H)!;
  history.record({ classId, region, before: readRegion(before, H, region), after: readRegion(mask, H, region) });
}

describe('undo and redo', () => {
  it('undo takes edits back in reverse order across classes, redo replays them', () => {
    const masks = new Map([[1, new Uint8Array(W * H)], [4, new Uint8Array(W * H)]]);
    const history = new EditHistory();
    edit(masks, history, 1, 2);
    const afterFirst = masks.get(1)!.slice();
    edit(masks, history, 4, 10);
    edit(masks, history, 1, 20);
    const final1 = masks.get(1)!.slice();

    history.undo((c) => masks.get(c)!, H);
    expect(masks.get(1)).toEqual(afterFirst);
    history.undo((c) => masks.get(c)!, H);
    expect(masks.get(4)!.every((v) => v === 0)).toBe(true);
    history.redo((c) => masks.get(c)!, H);
    history.redo((c) => masks.get(c)!, H);
    expect(masks.get(1)).toEqual(final1);
    expect(history.canRedo).toBe(false);
  });

  it('stores the changed rectangle only, and forgets the oldest edits beyond its budget', () => {
    const masks = new Map([[1, new Uint8Array(W * H)]]);
    const history = new EditHistory(200);
    edit(masks, history, 1, 2);
    expect(history.size).toBeLessThan(W * H);
    for (let i = 0; i < 10; i++) edit(masks, history, 1, 5 + i * 2);
    expect(history.size).toBeLessThanOrEqual(200);
    let undos = 0;
    while (history.undo((c) => masks.get(c)!, H)) undos++;
    expect(undos).toBeLessThan(11);
  });

  it('a new edit after an undo clears the redo stack', () => {
    const masks = new Map([[1, new Uint8Array(W * H)]]);
    const history = new EditHistory();
    edit(masks, history, 1, 2);
    history.undo((c) => masks.get(c)!, H);
    edit(masks, history, 1, 8);
    expect(history.canRedo).toBe(false);
  });
});

describe('steps over several classes', () => {
  it('takes back and replays the patches of several classes as one step, with the note recorded beside them', () => {
    const masks = new Map([[1, new Uint8Array(W * H)], [2, new Uint8Array(W * H)]]);
    const history = new EditHistory<string>();
    edit(masks, history, 1, 2);
    const before = new Map([...masks].map(([c, m]) => [c, m.slice()]));
    const patches = [1, 2].map((classId) => {
      const mask = masks.get(classId)!;
      const old = mask.slice();
      mask.fill(1);
      const region = changedRegion(old, mask, H)!;
      return { classId, region, before: readRegion(old, H, region), after: readRegion(mask, H, region) };
    });
    history.record(patches, 'from the model');
    const after = new Map([...masks].map(([c, m]) => [c, m.slice()]));

    const undone = history.undo((c) => masks.get(c)!, H);
    expect(undone?.note).toBe('from the model');
    expect(undone?.patches.map((p) => p.classId)).toEqual([1, 2]);
    expect(masks.get(1)).toEqual(before.get(1));
    expect(masks.get(2)).toEqual(before.get(2));
    expect(history.redo((c) => masks.get(c)!, H)?.note).toBe('from the model');
    expect(masks.get(1)).toEqual(after.get(1));
    expect(masks.get(2)).toEqual(after.get(2));
    // The first edit (class 1 only) is still there beneath the step.
    history.undo((c) => masks.get(c)!, H);
    expect(history.undo((c) => masks.get(c)!, H)?.note).toBeUndefined();
    expect(masks.get(1)!.every((v) => v === 0)).toBe(true);
  });

  it('records nothing for a step without patches', () => {
    const history = new EditHistory();
    history.record([]);
    expect(history.canUndo).toBe(false);
  });
});
