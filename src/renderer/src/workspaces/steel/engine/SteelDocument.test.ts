// The steel workspace's pure parts: the document of masks with undo/redo across saves and the classes a
// save sends, a model draft and "use the model"; the view arithmetic (fit the strip in the box, zoom around
// the pointer, panning limits); the overlay pixels painted inside a rectangle only.
import { describe, expect, it } from 'vitest';
import { SteelDocument } from './SteelDocument';
import { clampView, fitInView, regionOnScreen, toImage, toScreen, visibleImageRect, zoomAt } from './view';
import { paintClass, paintDiff, paintOutlines } from './overlayPixels';
import { paintSegment } from '../../../../../shared/mask-edit/brush';
import { removeIsland } from '../../../../../shared/mask-edit/islands';
import { decodeRle, encodeRle } from '../../../../../shared/rle';

const W = 40;
const H = 16;
const strip = { width: 1600, height: 256 };

function documentWith(classes: Record<number, string> = {}): SteelDocument {
  return new SteelDocument(7, W, H, Object.entries(classes).map(([c, rle]) => ({ classId: Number(c), rle })));
}
function brush(doc: SteelDocument, classId: number, from: number, to: number, value: 0 | 1 = 1): void {
  doc.beginStroke(classId);
  for (let x = from; x < to; x += 3) doc.strokeTouched(paintSegment(doc.mask(classId), W, H, { x, y: 8 }, { x: x + 3, y: 8 }, 2, value));
  doc.endStroke();
}

describe('the strip document', () => {
  it('a stroke of many pointer samples is one undo step; undo and redo restore the masks exactly', () => {
    const doc = documentWith();
    const heard: string[] = [];
    doc.onChange((c) => heard.push(c.kind));
    brush(doc, 4, 2, 20);
    const painted = doc.mask(4).slice();
    expect(heard.filter((k) => k === 'live').length).toBeGreaterThan(3);
    expect(heard.filter((k) => k === 'edit')).toHaveLength(1);
    expect(doc.undo()?.classId).toBe(4);
    expect(doc.pixels(4)).toBe(0);
    expect(doc.canUndo).toBe(false);
    doc.redo();
    expect(doc.mask(4)).toEqual(painted);
  });

  it('knows which classes differ from the last save, and an edit taken back is not a change', () => {
    const doc = documentWith({ 3: '1 10' });
    expect(doc.unsavedClasses()).toEqual([]);
    brush(doc, 1, 5, 15);
    brush(doc, 3, 20, 30, 1);
    expect(doc.unsavedClasses().map((c) => c.classId)).toEqual([1, 3]);
    doc.undo();
    expect(doc.unsavedClasses().map((c) => c.classId)).toEqual([1]);
    expect(decodeRle(doc.unsavedClasses()[0].rle, W, H)).toEqual(doc.mask(1));
  });

  it('keeps its undo history across saves: undoing past a save makes the strip unsaved again', () => {
    const doc = documentWith();
    brush(doc, 2, 0, 12);
    doc.markSaved(doc.unsavedClasses());
    expect(doc.hasUnsavedChanges).toBe(false);
    doc.undo();
    expect(doc.hasUnsavedChanges).toBe(true);
    expect(doc.unsavedClasses()).toEqual([{ classId: 2, rle: '' }]);
  });

  it('an edit that changes nothing records nothing', () => {
    const doc = documentWith();
    brush(doc, 1, 0, 20, 0); // erasing an empty class
    expect(doc.edit(1, (mask) => removeIsland(mask, W, H, 3, 3)?.region ?? null)).toBe(false);
    expect(doc.canUndo).toBe(false);
  });

  it('replaces a whole class (a revert) as one undoable edit', () => {
    const doc = documentWith({ 1: '1 40' });
    const next = decodeRle('100 20', W, H);
    expect(doc.replace(1, next)).toBe(true);
    expect(encodeRle(doc.mask(1))).toBe('100 20');
    doc.undo();
    expect(encodeRle(doc.mask(1))).toBe('1 40');
  });

  it('bounds its history in bytes: the oldest edits are forgotten first', () => {
    const doc = new SteelDocument(1, W, H, [], { historyBytes: 300 });
    for (let i = 0; i < 20; i++) brush(doc, 1 + (i % 4), (i * 2) % 30, ((i * 2) % 30) + 9);
    expect(doc.historyBytes).toBeLessThanOrEqual(300);
    let undone = 0;
    while (doc.undo()) undone++;
    expect(undone).toBeLessThan(20);
  });
});

describe('a strip with no label yet', () => {
  const MODEL = 'model:steel-starter';
  const rle = (mask: Uint8Array) => encodeRle(mask);
  function draftOf(classes: Record<number, string>) {
    return { source: MODEL, masks: new Map(Object.entries(classes).map(([c, r]) => [Number(c), decodeRle(r, W, H)])) };
  }

  it("starts from the model's draft: its masks are the editable ones, and nothing is unsaved until the person edits", () => {
    const doc = new SteelDocument(3, W, H, [], { unlabelled: true, draft: draftOf({ 1: '1 20', 4: '100 30' }) });
    expect(doc.unlabelled).toBe(true);
    expect(doc.draft).toBe(MODEL);
    expect(rle(doc.mask(1))).toBe('1 20');
    expect(rle(doc.mask(4))).toBe('100 30');
    expect(doc.pixels(2)).toBe(0);
    expect(doc.hasUnsavedChanges).toBe(false);
    expect(doc.classesToSave()).toEqual([]);
    expect(doc.canUndo).toBe(false);
  });

  it('the first save after an edit writes all four classes, each edited from the model — a class erased completely too', () => {
    const doc = new SteelDocument(3, W, H, [], { unlabelled: true, draft: draftOf({ 1: '1 20', 4: '100 30' }) });
    doc.edit(4, (mask) => {
      mask.fill(0);
      return { x0: 0, y0: 0, x1: W - 1, y1: H - 1 };
    });
    brush(doc, 1, 20, 30);
    const sent = doc.classesToSave();
    expect(sent.map((c) => [c.classId, c.origin])).toEqual([
      [1, MODEL],
      [2, MODEL],
      [3, MODEL],
      [4, MODEL],
    ]);
    expect(sent[3].rle).toBe('');
    expect(decodeRle(sent[0].rle, W, H)).toEqual(doc.mask(1));
    doc.markSaved(sent);
    expect(doc.unlabelled).toBe(false);
    expect(doc.hasUnsavedChanges).toBe(false);
    // From now on a save sends what changed, as a person's edit of their own label.
    brush(doc, 2, 0, 10);
    expect(doc.classesToSave()).toEqual([{ classId: 2, rle: encodeRle(doc.mask(2)), base: 'none' }]);
  });

  it('accepts the draft as it is, or "no defect" on a strip with no draft, only when asked', () => {
    const drafted = new SteelDocument(3, W, H, [], { unlabelled: true, draft: draftOf({ 2: '5 5' }) });
    expect(drafted.classesToSave(true)).toEqual([
      { classId: 1, rle: '', base: 'none', origin: MODEL },
      { classId: 2, rle: '5 5', base: 'none', origin: MODEL },
      { classId: 3, rle: '', base: 'none', origin: MODEL },
      { classId: 4, rle: '', base: 'none', origin: MODEL },
    ]);
    const empty = new SteelDocument(4, W, H, [], { unlabelled: true });
    expect(empty.draft).toBeNull();
    expect(empty.classesToSave()).toEqual([]);
    expect(empty.classesToSave(true)).toEqual([1, 2, 3, 4].map((classId) => ({ classId, rle: '', base: 'none' })));
    brush(empty, 3, 0, 10);
    expect(empty.classesToSave().map((c) => [c.classId, c.origin])).toEqual([
      [1, undefined],
      [2, undefined],
      [3, undefined],
      [4, undefined],
    ]);
  });

  it('a labelled strip ignores a draft it is given', () => {
    const doc = new SteelDocument(5, W, H, [{ classId: 1, rle: '1 4' }], { unlabelled: false, draft: draftOf({ 1: '1 20' }) });
    expect(doc.draft).toBeNull();
    expect(rle(doc.mask(1))).toBe('1 4');
  });
});

describe('use the model', () => {
  const MODEL = 'model:v2';
  const prediction = new Map([
    [1, decodeRle('1 30', W, H)],
    [2, decodeRle('', W, H)],
    [3, decodeRle('200 40', W, H)],
    [4, decodeRle('', W, H)],
  ]);

  it('copies the prediction into every class as one undoable step; undo restores both the masks and where they come from', () => {
    const doc = documentWith({ 2: '50 10', 4: '1 3' });
    brush(doc, 1, 0, 12);
    const before = new Map([...doc.masks].map(([c, m]) => [c, m.slice()]));
    const heard: number[] = [];
    doc.onChange((c) => c.kind === 'edit' && heard.push(c.classId));
    expect(doc.useModel(prediction, MODEL, [1, 2, 3, 4])).toEqual([1, 2, 3, 4]);
    expect(heard).toEqual([1, 2, 3, 4]);
    for (const [c, m] of prediction) expect(doc.mask(c)).toEqual(m);
    expect(doc.classesToSave().map((c) => [c.classId, c.origin])).toEqual([
      [1, MODEL],
      [2, MODEL],
      [3, MODEL],
      [4, MODEL],
    ]);

    doc.undo(); // one step takes all four back
    for (const [c, m] of before) expect(doc.mask(c)).toEqual(m);
    expect(doc.originOf(3)).toBeNull();
    expect(doc.classesToSave()).toEqual([{ classId: 1, rle: encodeRle(before.get(1)!), base: 'none' }]);
    doc.undo(); // the brush stroke before it
    expect(doc.pixels(1)).toBe(0);
    doc.redo();
    doc.redo();
    expect(doc.mask(3)).toEqual(prediction.get(3));
    expect(doc.originOf(3)).toBe(MODEL);
  });

  it('for one class: only that class changes and is marked; a class that already equals the prediction is no step', () => {
    const doc = documentWith({ 1: '1 30' });
    expect(doc.useModel(prediction, MODEL, [1])).toEqual([]);
    expect(doc.canUndo).toBe(false);
    expect(doc.useModel(prediction, MODEL, [3])).toEqual([3]);
    expect(doc.classesToSave()).toEqual([{ classId: 3, rle: '200 40', base: 'none', origin: MODEL }]);
    expect(doc.originOf(1)).toBeNull();
  });

  it('a saved class keeps no origin: the next edit is an edit of the saved revision', () => {
    const doc = documentWith();
    doc.useModel(prediction, MODEL, [1]);
    doc.markSaved(doc.classesToSave());
    expect(doc.originOf(1)).toBeNull();
    brush(doc, 1, 30, 38);
    expect(doc.classesToSave()[0].origin).toBeUndefined();
  });
});

describe('the view of the strip', () => {
  it('fits the whole strip in the box, centred: as wide as the box when the width binds', () => {
    const view = fitInView(strip, { width: 824, height: 400 });
    expect(view.scale).toBeCloseTo(0.5);
    expect(view.x).toBeCloseTo(12);
    expect(view.y).toBeCloseTo((400 - 128) / 2);
  });

  it('as high as the box when the height binds, and larger when the box grows', () => {
    const view = fitInView(strip, { width: 3224, height: 280 });
    expect(view.scale).toBeCloseTo((280 - 24) / 256);
    expect(view.y).toBeCloseTo(12);
    expect(view.x).toBeCloseTo((3224 - 1600 * view.scale) / 2);
    expect(fitInView(strip, { width: 1624, height: 400 }).scale).toBeGreaterThan(fitInView(strip, { width: 824, height: 400 }).scale);
  });

  it('zooms around a point: the strip point under it stays under it', () => {
    const view = fitInView(strip, { width: 824, height: 400 });
    const under = toImage(view, 300, 200);
    const zoomed = zoomAt(view, 3, 300, 200, 0.1, 48);
    const back = toScreen(zoomed, under);
    expect(back.x).toBeCloseTo(300);
    expect(back.y).toBeCloseTo(200);
    expect(zoomAt(view, 1000, 300, 200, 0.1, 48).scale).toBe(48);
  });

  it('keeps part of the strip in view when panned too far', () => {
    const box = { width: 800, height: 400 };
    const far = clampView({ scale: 2, x: -100_000, y: 5000 }, strip, box, 48);
    expect(far.x).toBe(48 - 3200);
    expect(far.y).toBe(400 - 48);
  });

  it('maps an image region to the screen rectangle to redraw, and the view to a minimap frame', () => {
    const view = { scale: 2, x: 10, y: 20 };
    expect(regionOnScreen(view, { x0: 5, y0: 1, x1: 6, y1: 1 }, 0)).toEqual({ x: 20, y: 22, width: 4, height: 2 });
    expect(visibleImageRect(view, strip, { width: 410, height: 100 })).toEqual({ x: 0, y: 0, width: 200, height: 40 });
  });
});

describe('overlay pixels', () => {
  const colour = [10, 20, 30] as const;

  it('paints a class inside the region only: outline opaque, inside at the fill alpha', () => {
    const mask = new Uint8Array(W * H);
    for (let x = 10; x < 15; x++) mask.fill(1, x * H + 4, x * H + 9); // a 5 × 5 square at (10..14, 4..8)
    const rgba = new Uint8ClampedArray(W * H * 4);
    const touched = paintClass(rgba, mask, W, H, { x0: 10, y0: 4, x1: 14, y1: 8 }, colour, 100, 255);
    expect(touched).toEqual({ x0: 9, y0: 3, x1: 15, y1: 9 });
    const alpha = (x: number, y: number) => rgba[(y * W + x) * 4 + 3];
    expect(alpha(10, 4)).toBe(255); // outline
    expect(alpha(12, 6)).toBe(100); // inside
    expect(alpha(9, 6)).toBe(0);
    expect([...rgba.slice((6 * W + 12) * 4, (6 * W + 12) * 4 + 3)]).toEqual([10, 20, 30]);
    const outside = rgba.slice(0, (3 * W) * 4);
    expect(outside.every((v) => v === 0)).toBe(true);
  });

  it('draws outlines only, dashed when asked, the first source winning', () => {
    const a = new Uint8Array(W * H);
    for (let x = 2; x < 30; x++) a.fill(1, x * H + 2, x * H + 12);
    const rgba = new Uint8ClampedArray(W * H * 4);
    paintOutlines(rgba, [{ mask: a, colour }], W, H, { x0: 0, y0: 0, x1: W - 1, y1: H - 1 }, 200, 3);
    const along = Array.from({ length: 27 }, (_, i) => rgba[(2 * W + 2 + i) * 4 + 3]);
    expect(along.filter((v) => v === 200).length).toBeGreaterThan(8);
    expect(along.filter((v) => v === 0).length).toBeGreaterThan(8);
    expect(rgba[(6 * W + 10) * 4 + 3]).toBe(0); // inside: no fill
  });

  it('marks where prediction and current label disagree, by kind, and counts them', () => {
    const current = new Uint8Array(W * H);
    const prediction = new Uint8Array(W * H);
    current.fill(1, 0, 10);
    prediction.fill(1, 5, 15);
    const rgba = new Uint8ClampedArray(W * H * 4);
    const count = paintDiff(rgba, [{ current, prediction }], W, H, { x0: 0, y0: 0, x1: W - 1, y1: H - 1 }, { predictionOnly: [1, 1, 1], currentOnly: [2, 2, 2] }, 180);
    expect(count).toBe(10);
    expect(rgba[(0 * W + 0) * 4]).toBe(2); // pixel (0, 0): current only
    expect(rgba[(12 * W + 0) * 4]).toBe(1); // pixel (0, 12): prediction only
    expect(rgba[(7 * W + 0) * 4 + 3]).toBe(0); // both agree
  });
});

describe('mask bounds', () => {
  it('is the box of the set pixels, or null for an empty mask', async () => {
    const { maskBounds, boundsOf } = await import('./overlayPixels');
    const a = new Uint8Array(W * H);
    expect(maskBounds(a, W, H)).toBeNull();
    a[3 * H + 9] = 1;
    a[7 * H + 2] = 1;
    a[5 * H + 12] = 1;
    expect(maskBounds(a, W, H)).toEqual({ x0: 3, y0: 2, x1: 7, y1: 12 });
    const b = new Uint8Array(W * H);
    b[39 * H + 15] = 1;
    expect(boundsOf([a, b, new Uint8Array(W * H)], W, H)).toEqual({ x0: 3, y0: 2, x1: 39, y1: 15 });
  });
});
