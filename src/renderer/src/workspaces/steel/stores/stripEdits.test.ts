// The edits of the open strip made outside the canvas: "use the model" (one undoable edit, the classes it
// changed saved as edited from that model), undo / redo, and what each says.
import { describe, expect, it } from 'vitest';
import { stripEdits, type PredictionMasks } from './stripEdits';
import { SteelDocument } from '../engine/SteelDocument';
import { decodeRle, encodeRle } from '../../../../../shared/rle';

const W = 20;
const H = 8;

function setup(options: { prediction?: boolean; activeClass?: number } = {}) {
  const doc = new SteelDocument(1, W, H, [{ classId: 2, rle: '1 5' }]);
  const said: string[] = [];
  const prediction: PredictionMasks = {
    source: 'model:v3',
    version: 'v3',
    masks: new Map([
      [1, decodeRle('', W, H)],
      [2, decodeRle('10 30', W, H)],
      [3, decodeRle('', W, H)],
      [4, decodeRle('90 12', W, H)],
    ]),
  };
  const edits = stripEdits({
    document: () => doc,
    prediction: () => (options.prediction === false ? null : prediction),
    activeClass: () => options.activeClass ?? 2,
    islandMin: () => 3,
    tell: (text) => said.push(text),
  });
  return { doc, said, edits };
}

describe('use the model', () => {
  it('for the class being edited: that class becomes the prediction, to be saved as edited from the model; Ctrl+Z takes it back', () => {
    const { doc, said, edits } = setup();
    edits.useModel('class');
    expect(encodeRle(doc.mask(2))).toBe('10 30');
    expect(doc.pixels(4)).toBe(0);
    expect(doc.classesToSave()).toEqual([{ classId: 2, rle: '10 30', base: 'none', origin: 'model:v3' }]);
    expect(said.at(-1)).toBe('Class 2 from model v3: Ctrl+Z takes it back');
    edits.undo();
    expect(encodeRle(doc.mask(2))).toBe('1 5');
    expect(doc.classesToSave()).toEqual([]);
  });

  it('for every class: one edit over all of them, one undo', () => {
    const { doc, said, edits } = setup();
    edits.useModel('all');
    expect(said.at(-1)).toBe('Class 2, 4 from model v3: Ctrl+Z takes it back');
    expect(doc.classesToSave().map((c) => [c.classId, c.origin])).toEqual([
      [2, 'model:v3'],
      [4, 'model:v3'],
    ]);
    edits.undo();
    expect(encodeRle(doc.mask(2))).toBe('1 5');
    expect(doc.pixels(4)).toBe(0);
    edits.undo();
    expect(said.at(-1)).toBe('Nothing to undo');
  });

  it('says so when the class already is the prediction, or when the strip has no prediction', () => {
    const { said, edits, doc } = setup({ activeClass: 3 });
    edits.useModel('class');
    expect(said.at(-1)).toBe("Class 3 already is model v3's prediction");
    expect(doc.canUndo).toBe(false);
    const none = setup({ prediction: false });
    none.edits.useModel('all');
    expect(none.said.at(-1)).toMatch(/^No model prediction for this strip: pre-annotate the dataset in the Models panel/);
  });
});
