// The steel save queue: one save after the other per strip, only what is still unsaved, and a failed save
// that keeps its document (masks and all) until it is saved again.
import { describe, expect, it, vi } from 'vitest';
import { SaveQueue, type SaveRequest } from './SaveQueue';
import { SteelDocument } from '../engine/SteelDocument';
import type { SteelSaveResult, SteelSavedClass } from '../../../../../shared/api/steel-types';
import type { ClassRle } from '../../../../../shared/mask-edit/changes';

const W = 8;
const H = 4;

function documentOf(itemId: number): SteelDocument {
  return new SteelDocument(itemId, W, H, []);
}

/** Marks pixel `at` (column-major) of a class: one undoable edit. */
function paint(doc: SteelDocument, classId: number, at: number): void {
  doc.edit(classId, (mask) => {
    mask[at] = 1;
    const x = Math.floor(at / H);
    const y = at % H;
    return { x0: x, y0: y, x1: x, y1: y };
  });
}

const resultOf = (itemId: number, classes: ClassRle[]): SteelSaveResult => ({
  itemId,
  saved: classes.map((c, i) => ({ classId: c.classId, revisionId: i + 1, pixels: 1 })),
  unchanged: [],
  review: 'in_progress',
  reviewInfo: { state: 'in_progress', by: 'tester', at: '2026-12-01T00:00:00.000Z', note: null },
  approvalReset: false,
});

/** A save request the test answers one call at a time. */
function heldRequests() {
  const calls: { itemId: number; classes: ClassRle[]; succeed(): void; fail(message: string): void }[] = [];
  const request: SaveRequest = (itemId, classes) =>
    new Promise((resolve, reject) => {
      calls.push({ itemId, classes, succeed: () => resolve(resultOf(itemId, classes)), fail: (message) => reject(new Error(message)) });
    });
  return { calls, request };
}

/** Lets every settled promise run its callbacks. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('SaveQueue', () => {
  it('sends the changed classes, marks them saved and tells the store', async () => {
    const onSaved = vi.fn();
    const busy: boolean[] = [];
    const queue = new SaveQueue(async (itemId, classes) => resultOf(itemId, classes), { onSaved, onBusy: (b) => busy.push(b) });
    const doc = documentOf(1);
    paint(doc, 3, 5);
    expect(await queue.save(doc, 's1.jpg')).toBe(true);
    expect(doc.hasUnsavedChanges).toBe(false);
    expect(onSaved).toHaveBeenCalledWith(doc, expect.objectContaining({ itemId: 1, saved: [expect.objectContaining({ classId: 3 })] }));
    expect(busy).toEqual([true, false]);
    expect(queue.pending).toBe(0);
  });

  it('sends nothing when nothing is unsaved', async () => {
    const request = vi.fn<SaveRequest>();
    const queue = new SaveQueue(request, { onSaved: () => {}, onBusy: () => {} });
    expect(await queue.save(documentOf(1), 's1.jpg')).toBe(true);
    expect(request).not.toHaveBeenCalled();
  });

  it('saves one strip one save after the other, each sending what is unsaved when its turn comes', async () => {
    const { calls, request } = heldRequests();
    const queue = new SaveQueue(request, { onSaved: () => {}, onBusy: () => {} });
    const doc = documentOf(1);
    paint(doc, 1, 0);
    const first = queue.save(doc, 's1.jpg');
    await settle();
    paint(doc, 2, 1); // an edit while the first save is on its way
    const second = queue.save(doc, 's1.jpg');
    await settle();
    expect(calls).toHaveLength(1); // the second waits for the first
    expect(calls[0].classes.map((c) => c.classId)).toEqual([1]);
    calls[0].succeed();
    expect(await first).toBe(true);
    await settle();
    expect(calls).toHaveLength(2);
    expect(calls[1].classes.map((c) => c.classId)).toEqual([2]); // class 1 is saved already
    calls[1].succeed();
    expect(await second).toBe(true);
    expect(doc.hasUnsavedChanges).toBe(false);
  });

  it('does not hold one strip’s save behind another’s', async () => {
    const { calls, request } = heldRequests();
    const queue = new SaveQueue(request, { onSaved: () => {}, onBusy: () => {} });
    const [a, b] = [documentOf(1), documentOf(2)];
    paint(a, 1, 0);
    paint(b, 1, 0);
    void queue.save(a, 'a.jpg');
    void queue.save(b, 'b.jpg');
    await settle();
    expect(calls.map((c) => c.itemId)).toEqual([1, 2]);
    expect(queue.pending).toBe(2);
    calls[1].succeed();
    await queue.settled(2);
    expect(queue.pending).toBe(1);
    calls[0].succeed();
    await queue.settled(1);
    expect(queue.pending).toBe(0);
  });

  it('keeps the document of a failed save, lists it, and saves it on retry', async () => {
    const { calls, request } = heldRequests();
    const onSaved = vi.fn();
    const queue = new SaveQueue(request, { onSaved, onBusy: () => {} });
    const doc = documentOf(4);
    paint(doc, 4, 9);
    const mask = doc.mask(4).slice();
    const saving = queue.save(doc, 'd.jpg');
    await settle();
    calls[0].fail('the host went away');
    expect(await saving).toBe(false);
    expect(onSaved).not.toHaveBeenCalled();
    expect(queue.failed.value).toEqual([{ itemId: 4, key: 'd.jpg', message: 'the host went away' }]);
    expect(queue.heldDocument(4)).toBe(doc);
    expect(doc.hasUnsavedChanges).toBe(true);
    expect(doc.mask(4)).toEqual(mask);
    expect(queue.pending).toBe(1);

    const retry = queue.retryFailed();
    await settle();
    expect(calls).toHaveLength(2);
    expect(calls[1].classes).toEqual(calls[0].classes);
    calls[1].succeed();
    await retry;
    expect(queue.failed.value).toEqual([]);
    expect(queue.heldDocument(4)).toBeNull();
    expect(queue.pending).toBe(0);
    expect(doc.hasUnsavedChanges).toBe(false);
    expect(onSaved).toHaveBeenCalledTimes(1);
  });

  it('lists a strip that fails twice once, with the latest reason', async () => {
    const { calls, request } = heldRequests();
    const queue = new SaveQueue(request, { onSaved: () => {}, onBusy: () => {} });
    const doc = documentOf(5);
    paint(doc, 1, 2);
    const first = queue.save(doc, 'e.jpg');
    await settle();
    calls[0].fail('first');
    await first;
    const second = queue.save(doc, 'e.jpg');
    await settle();
    calls[1].fail('second');
    await second;
    expect(queue.failed.value).toEqual([{ itemId: 5, key: 'e.jpg', message: 'second' }]);
    expect(queue.pending).toBe(1);
  });

  it('settles once no save of the strip is on its way', async () => {
    const { calls, request } = heldRequests();
    const queue = new SaveQueue(request, { onSaved: () => {}, onBusy: () => {} });
    const doc = documentOf(6);
    paint(doc, 2, 3);
    void queue.save(doc, 'f.jpg');
    let settled = false;
    void queue.settled(6).then(() => (settled = true));
    await settle();
    expect(settled).toBe(false);
    calls[0].succeed();
    await queue.settled(6);
    expect(settled).toBe(true);
    await expect(queue.settled(99)).resolves.toBeUndefined(); // a strip never saved is settled
  });
});

describe('SaveQueue and the revision a save is based on', () => {
  it('sends each class with its base, and bases the next save on the revision the host wrote', async () => {
    const sent: SteelSavedClass[][] = [];
    const queue = new SaveQueue(
      async (itemId, classes) => {
        sent.push(classes);
        return { ...resultOf(itemId, classes), saved: classes.map((c) => ({ classId: c.classId, revisionId: 40 + sent.length, pixels: 1 })) };
      },
      { onSaved: () => {}, onBusy: () => {} },
    );
    const doc = new SteelDocument(1, W, H, [], { bases: new Map([[2, 7]]) });
    paint(doc, 2, 1);
    await queue.save(doc, 's1.jpg');
    paint(doc, 2, 2);
    paint(doc, 4, 3);
    await queue.save(doc, 's1.jpg');
    expect(sent.map((classes) => classes.map((c) => [c.classId, c.base]))).toEqual([[[2, 7]], [[2, 41], [4, 'none']]]);
  });

  it('a conflict keeps the document, lists the save and hands the store their labels', async () => {
    const theirs = { itemId: 1, classId: 2, revisionId: 9, author: 'Ana', createdAt: '2026-12-01T00:00:00.000Z', payload: '1 2' };
    const onConflict = vi.fn();
    const queue = new SaveQueue(
      async () => {
        throw Object.assign(new Error('saved by someone else'), { conflict: { theirs: [theirs] } });
      },
      { onSaved: () => {}, onBusy: () => {}, onConflict },
    );
    const doc = documentOf(1);
    paint(doc, 2, 1);
    expect(await queue.save(doc, 's1.jpg')).toBe(false);
    expect(onConflict).toHaveBeenCalledWith(doc, 's1.jpg', { theirs: [theirs] });
    expect(queue.heldDocument(1)).toBe(doc);
    expect(doc.hasUnsavedChanges).toBe(true);
  });
});
