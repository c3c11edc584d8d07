// The steel Magic wand in Chromium against `loupe serve`, on a real Severstal strip (0030401a5, one long
// class-4 defect that a copy of the starter with its classes on finds): a click on the defect where the model's
// class-1 probability map is below the wand's lower threshold adds the region the wand grows on the strip's grey
// values, saved as that region; Ctrl+Z takes it back; an Alt+click on the model's class-4 area takes away the
// region its stored probability map (served over the binary route) bounds. The regions expected are worked out
// here from the JPEG's own pixels and the stored maps with the same shared code and options as the tool.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { registerPaintingSteelModel } from '../helpers/painting-starter';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { api, closeWorkstation, openWorkstation, serve, type Served, type TestBrowser } from './browser';
import { hasSharedData, sharedData } from '../helpers/fs';
import { loupe } from '../helpers/cli';
import type { ItemPage } from '../../src/shared/api/types';
import type { SteelItemLabels } from '../../src/shared/api/steel-types';
import { decodeRle } from '../../src/shared/rle';
import { greyColumnMajor } from '../../src/shared/mask-edit/magic-wand';
import { proposeWandRegion, wandProbability } from '../../src/shared/mask-edit/wand-proposal';
import { PIXEL_HEADERS, binaryPaths } from '../../src/shared/api/binary';
import { WAND_OPTIONS } from '../../src/renderer/src/workspaces/steel/tools/magicWand';

const DATASET = 'Severstal samples';
const STRIP = '0030401a5';
const W = 1600;
const H = 256;
const OPEN_LIMIT = Math.round(W * H * 0.2);

let served: Served;
let browser: TestBrowser;
let page: Page;
let stripId: number;
let predicted = false;
let grey: Uint8Array;

const sum = (mask: Uint8Array) => mask.reduce((a, b) => a + b, 0);
const layers = () => api<SteelItemLabels>(served, 'steel.labels', { itemId: stripId });
const maskOf = (classes: { classId: number; rle: string }[], classId: number) => decodeRle(classes.find((c) => c.classId === classId)?.rle ?? '', W, H);
const pixelCount = async (classId: number) => Number((await page.getByTestId(`class-${classId}-pixels`).innerText()).replace(/[^\d]/g, ''));
const saveState = () => page.getByTestId('save-state').innerText();
const message = (text: string | RegExp) => page.getByTestId('steel-message').filter({ hasText: text }).waitFor();

/** The page coordinates of an image point, from the view the stage reports (data-view = scale,x,y). */
async function screenPoint(x: number, y: number): Promise<{ x: number; y: number }> {
  const stage = page.getByTestId('steel-stage');
  const [scale, ox, oy] = (await stage.getAttribute('data-view'))!.split(',').map(Number);
  const box = (await stage.boundingBox())!;
  return { x: box.x + ox + x * scale, y: box.y + oy + y * scale };
}

async function clickPixel(x: number, y: number, modifier?: 'Alt' | 'Shift'): Promise<void> {
  const p = await screenPoint(x + 0.5, y + 0.5);
  if (modifier) await page.keyboard.down(modifier);
  await page.mouse.click(p.x, p.y);
  if (modifier) await page.keyboard.up(modifier);
}

/** The version's stored probability map of a class, as the wand resizes it (null: none stored). */
async function storedProbability(version: string, classId: number): Promise<Float32Array | null> {
  const response = await fetch(`${served.origin}${binaryPaths.probabilityMap(stripId, version, classId)}`, { headers: { 'x-loupe-token': served.token } });
  const data = new Uint8Array(await response.arrayBuffer()); // read in full either way: the connection is reused
  if (response.status === 404) return null;
  expect(response.status).toBe(200);
  const [width, height] = [PIXEL_HEADERS.width, PIXEL_HEADERS.height].map((h) => Number(response.headers.get(h)));
  return wandProbability({ data, width, height }, W, H);
}

/** What the tool proposes for a click, worked out here. */
const proposal = (x: number, y: number, probability: Float32Array | null, prediction: Uint8Array | null) =>
  proposeWandRegion({ width: W, height: H, intensity: grey, probability, prediction, x, y, openLimit: OPEN_LIMIT }, WAND_OPTIONS);

/** Dice of two masks (1 when both are empty). */
function dice(a: Uint8Array, b: Uint8Array): number {
  let both = 0;
  for (let i = 0; i < a.length; i++) both += a[i] & b[i];
  const total = sum(a) + sum(b);
  return total ? (2 * both) / total : 1;
}

beforeAll(async () => {
  if (!hasSharedData) return;
  served = await serve((database) => {
    const images = join(sharedData, 'severstal/train_images');
    const imported = loupe('import', 'severstal', images, '--labels', join(sharedData, 'severstal/train.csv'), '--db', database, '--name', DATASET);
    if (imported.code !== 0) throw new Error(`loupe import failed: ${imported.stderr}`);
    registerPaintingSteelModel(database);
    const prediction = loupe('predict', DATASET, '--db', database);
    predicted = prediction.code === 0;
    if (!predicted) console.warn(`[wand e2e] loupe predict failed, the model-bounded check is skipped: ${prediction.stderr.trim()}`);
  });
  const found = await api<ItemPage>(served, 'items.page', { datasetId: 1, offset: 0, limit: 5, filter: { key: STRIP } });
  stripId = found.rows[0].id;
  const { data, info } = await sharp(join(sharedData, 'severstal/train_images', `${STRIP}.jpg`)).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  expect([info.width, info.height, info.channels]).toEqual([W, H, 4]);
  grey = greyColumnMajor(data, W, H);
  browser = await openWorkstation(served, { userName: 'E2E Inspector' });
  page = browser.page;
  await page.goto(`${served.origin}/#/items/${stripId}`);
  await page.locator(`[data-testid="steel-stage"][data-ready="${stripId}"]`).waitFor();
  await page.locator(`canvas[data-shown="${stripId}"]`).waitFor();
  await page.getByRole('button', { name: 'Magic wand', exact: true }).click();
});
afterAll(() => closeWorkstation(browser, served));

describe.skipIf(!hasSharedData)('the magic wand on a real strip', () => {
  it('a click on the defect adds its grey-value region to the class being edited; saved as that region; Ctrl+Z takes it back', async () => {
    const labels = await layers();
    const truth = maskOf(labels.truth, 4);
    const modelClass1 = labels.prediction ? maskOf(labels.prediction.classes, 1) : null;
    const mapClass1 = labels.prediction ? await storedProbability(labels.prediction.version, 1) : null;
    expect(sum(maskOf(labels.current, 1))).toBe(0);
    // A pixel of the real defect where the model's class-1 map is below the lower threshold, so that the wand's
    // region grows on grey values, and is a defect-sized area, not the background.
    let pick: { x: number; y: number; region: Uint8Array; pixels: number } | null = null;
    for (let i = 0; i < truth.length && !pick; i += 37) {
      const [x, y] = [Math.floor(i / H), i % H];
      if (!truth[i]) continue;
      const r = proposal(x, y, mapClass1, modelClass1);
      if (r.kind === 'region' && r.source === 'intensity' && r.pixels >= 300 && r.pixels <= 20_000) pick = { x, y, region: r.mask, pixels: r.pixels };
    }
    expect(pick, 'a pixel of the defect with a defect-sized wand region').not.toBeNull();

    await page.getByRole('radio', { name: 'Class 1' }).click();
    await clickPixel(pick!.x, pick!.y);
    await message(/^Added [\d,]+ px to class 1, by grey value$/);
    const added = await pixelCount(1);
    expect(added).toBeGreaterThan(0);
    expect(await saveState()).toMatch(/Unsaved: class 1/);
    await page.keyboard.press('Control+s');
    await expect.poll(saveState).toBe('All saved');
    const saved = maskOf((await layers()).current, 1);
    expect(sum(saved)).toBe(added);
    expect(saved[pick!.x * H + pick!.y]).toBe(1);
    // The browser decodes the JPEG itself: its grey values may differ from sharp's by a level here and there.
    expect(dice(saved, pick!.region)).toBeGreaterThan(0.98);
    expect(sum(maskOf((await layers()).current, 4))).toBe(sum(truth)); // no other class touched

    await page.keyboard.press('Control+z');
    await expect.poll(() => pixelCount(1)).toBe(0);
    await page.keyboard.press('Control+s');
    await expect.poll(saveState).toBe('All saved');
    expect(sum(maskOf((await layers()).current, 1))).toBe(0);
  });

  it("an Alt+click on the model's class-4 area takes the region its probability map bounds away from the label, in one undo step", async (ctx) => {
    if (!predicted) ctx.skip();
    const labels = await layers();
    const model = maskOf(labels.prediction!.classes, 4);
    const map = await storedProbability(labels.prediction!.version, 4);
    expect(map, "the prediction's stored class-4 map, over the binary route").not.toBeNull();
    const label = maskOf(labels.current, 4);
    // A pixel the model and the label both mark, well inside the model's blob.
    let pick: { x: number; y: number; region: Uint8Array } | null = null;
    for (let i = 0; i < model.length && !pick; i += 41) {
      const [x, y] = [Math.floor(i / H), i % H];
      if (!model[i] || !label[i] || x < 3 || y < 3 || x > W - 4 || y > H - 4) continue;
      if (![-3, 0, 3].every((dx) => [-3, 0, 3].every((dy) => model[(x + dx) * H + y + dy]))) continue;
      const r = proposal(x, y, map, model);
      if (r.kind === 'region' && r.source === 'probability map' && r.pixels >= 300) pick = { x, y, region: r.mask };
    }
    expect(pick, 'a pixel inside both the prediction and the label').not.toBeNull();
    const expected = label.map((v, i) => (v && !pick!.region[i] ? 1 : 0));

    await page.getByRole('radio', { name: 'Class 4' }).click();
    await clickPixel(pick!.x, pick!.y, 'Alt');
    await message(/^Took away [\d,]+ px from class 4, within the model's probability map$/);
    await expect.poll(() => pixelCount(4)).toBeLessThan(sum(label));
    await page.keyboard.press('Control+s');
    await expect.poll(saveState).toBe('All saved');
    const after = maskOf((await layers()).current, 4);
    expect(after[pick!.x * H + pick!.y]).toBe(0);
    expect(after.filter((v, i) => v && !label[i]).length).toBe(0); // it only took away
    expect(dice(after, expected)).toBeGreaterThan(0.98);

    await page.keyboard.press('Control+z');
    await expect.poll(() => pixelCount(4)).toBe(sum(label));
    await page.keyboard.press('Control+s');
    await expect.poll(saveState).toBe('All saved');
    expect(maskOf((await layers()).current, 4)).toEqual(label);
    expect(browser.errors).toEqual([]);
  });
});
