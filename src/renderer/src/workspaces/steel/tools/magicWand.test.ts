// The magic wand tool over a real document: a click adds the proposed region to the class being edited as
// one undo step, Alt+click takes it away, the model's probability map (or, with none stored, its prediction)
// bounds it where the click is on it, and grey values alone elsewhere; the background is refused.
import { describe, expect, it } from 'vitest';
import { SteelDocument } from '../engine/SteelDocument';
import { magicWandTool } from './magicWand';
import type { ToolContext, ToolPointer } from './tool';
import type { ProbabilityMap } from '../../../../../shared/ml/steel-postprocess';

const W = 60;
const H = 20;
const at = (x: number, y: number) => x * H + y;

/** A bright strip with a dark defect at x 10..19, y 5..12, and a second one at x 40..47, y 4..9. */
function strip(): Uint8Array {
  const grey = new Uint8Array(W * H).fill(190);
  for (let x = 10; x <= 19; x++) for (let y = 5; y <= 12; y++) grey[at(x, y)] = 70;
  for (let x = 40; x <= 47; x++) for (let y = 4; y <= 9; y++) grey[at(x, y)] = 70;
  return grey;
}

function setup(prediction: Uint8Array | null, grey: Uint8Array | null = strip(), map: ProbabilityMap | null = null) {
  const doc = new SteelDocument(1, W, H, []);
  const told: string[] = [];
  const ctx: ToolContext = {
    doc,
    activeClass: 3,
    brushRadius: 4,
    visibleClasses: [4, 3, 2, 1],
    scale: 1,
    intensity: () => grey,
    prediction: (classId) => (classId === 3 ? prediction : null),
    probability: (classId) => Promise.resolve(classId === 3 ? map : null),
    showPolygon: () => {},
    tell: (message) => told.push(message),
  };
  return { doc, ctx, told };
}
const click = (x: number, y: number, mods: { shift?: boolean; alt?: boolean } = {}): ToolPointer => ({
  x: x + 0.5,
  y: y + 0.5,
  px: x,
  py: y,
  pressed: true,
  shift: mods.shift ?? false,
  alt: mods.alt ?? false,
});
const use = async (ctx: ToolContext, p: ToolPointer) => {
  const tool = magicWandTool();
  await tool.down(ctx, p);
  tool.up(ctx, { ...p, pressed: false });
};

describe('magic wand tool', () => {
  it('a click adds the defect under it to the class being edited, one undo step; undo takes it back', async () => {
    const { doc, ctx, told } = setup(null);
    await use(ctx, click(14, 8));
    expect(doc.pixels(3)).toBe(80);
    expect(doc.mask(3)[at(10, 5)]).toBe(1);
    expect(doc.mask(3)[at(42, 6)]).toBe(0); // the other defect is not connected
    expect(doc.pixels(1) + doc.pixels(2) + doc.pixels(4)).toBe(0);
    expect(told.at(-1)).toBe('Added 80 px to class 3, by grey value');
    doc.undo();
    expect(doc.pixels(3)).toBe(0);
    expect(doc.canUndo).toBe(false);
  });

  it('Shift+click adds too; Alt+click takes the region away', async () => {
    const { doc, ctx, told } = setup(null);
    await use(ctx, click(14, 8, { shift: true }));
    await use(ctx, click(44, 6, { shift: true }));
    expect(doc.pixels(3)).toBe(80 + 48);
    await use(ctx, click(14, 8, { alt: true }));
    expect(doc.pixels(3)).toBe(48);
    expect(told.at(-1)).toBe('Took away 80 px from class 3, by grey value');
    doc.undo();
    expect(doc.pixels(3)).toBe(128);
  });

  it("the model's prediction bounds the region: the defect beyond its margin stays out", async () => {
    // The model saw the first defect, drawn 6 px short of its right end (x 10..13): its 6 px margin reaches x 19.
    const prediction = new Uint8Array(W * H);
    for (let x = 10; x <= 13; x++) for (let y = 5; y <= 12; y++) prediction[at(x, y)] = 1;
    const grey = strip();
    for (let x = 20; x <= 30; x++) for (let y = 5; y <= 12; y++) grey[at(x, y)] = 70; // the dark area runs on to x 30
    const { doc, ctx, told } = setup(prediction, grey);
    await use(ctx, click(11, 8));
    expect(doc.mask(3)[at(19, 8)]).toBe(1);
    expect(doc.mask(3)[at(20, 8)]).toBe(0);
    expect(doc.pixels(3)).toBe(10 * 8);
    expect(told.at(-1)).toMatch(/within the model's prediction$/);
  });

  it('off the prediction it grows on grey values; the open background is refused and nothing changes', async () => {
    const prediction = new Uint8Array(W * H);
    for (let x = 10; x <= 19; x++) for (let y = 5; y <= 12; y++) prediction[at(x, y)] = 1;
    const { doc, ctx, told } = setup(prediction);
    await use(ctx, click(44, 6)); // a defect the model missed
    expect(doc.pixels(3)).toBe(48);
    await use(ctx, click(2, 2)); // the background
    expect(doc.pixels(3)).toBe(48);
    expect(told.at(-1)).toMatch(/spreads over much of the strip/);
  });

  it('says so when the region is already the class, and when the pixels cannot be read', async () => {
    const { ctx, told } = setup(null);
    await use(ctx, click(14, 8));
    await use(ctx, click(14, 8));
    expect(told.at(-1)).toBe('The region (by grey value) is class 3 already');
    const blind = setup(null, null);
    await use(blind.ctx, click(14, 8));
    expect(blind.doc.pixels(3)).toBe(0);
    expect(blind.told.at(-1)).toMatch(/cannot be read/);
  });

  it("the model's probability map bounds the region: its unsure rim above the lower threshold is taken, the mask's edge is not the limit", async () => {
    // The map at half the strip's resolution (30 × 10): sure (0.9) of the defect's left half, unsure (0.4) of its
    // right half and of the dark area running on to x 30 — below the model's own 0.5, above the wand's 0.3.
    const data = new Uint8Array(30 * 10);
    const put = (x0: number, x1: number, value: number) => {
      for (let x = x0; x <= x1; x++) for (let y = 3; y <= 5; y++) data[y * 30 + x] = value;
    };
    put(5, 15, Math.round(0.4 * 255));
    put(5, 7, Math.round(0.9 * 255));
    const grey = strip();
    for (let x = 20; x <= 30; x++) for (let y = 5; y <= 12; y++) grey[at(x, y)] = 70; // the dark area runs on to x 30
    const prediction = new Uint8Array(W * H);
    for (let x = 10; x <= 15; x++) for (let y = 6; y <= 11; y++) prediction[at(x, y)] = 1; // the map's ≥ 0.5 part
    const { doc, ctx, told } = setup(prediction, grey, { data, width: 30, height: 10 });
    await use(ctx, click(11, 8));
    expect(told.at(-1)).toMatch(/^Added [\d,]+ px to class 3, within the model's probability map$/);
    expect(doc.mask(3)[at(30, 8)]).toBe(1); // the unsure rim, dark: taken, well past the mask's x 15 + 6
    expect(doc.mask(3)[at(31, 8)]).toBe(0); // bright
    expect(doc.mask(3)[at(42, 6)]).toBe(0); // the other defect, beyond the map's area and its margin
    expect(doc.pixels(3)).toBe(21 * 8);
    // Without the map, the mask's margin would have stopped it at x 21.
    const masked = setup(prediction, grey);
    await use(masked.ctx, click(11, 8));
    expect(masked.doc.pixels(3)).toBe(12 * 8);
    expect(masked.told.at(-1)).toMatch(/within the model's prediction$/);
  });

  it('a map that arrives after the strip was left changes nothing', async () => {
    const { doc, ctx } = setup(null);
    let other: SteelDocument | null = null;
    const moving: ToolContext = {
      ...ctx,
      get doc() {
        return other ?? doc;
      },
      probability: () => ((other = new SteelDocument(2, W, H, [])), Promise.resolve(null)),
    };
    await use(moving, click(14, 8));
    expect(doc.pixels(3)).toBe(0);
    expect(other!.pixels(3)).toBe(0);
  });
});
