// The model's draft as the place where editing starts, in Chromium against `loupe serve`, on the ten real
// Severstal strips imported without labels: a strip nobody labelled says "no label yet" (approving it asks
// whether it is defect-free); pre-annotating with a model that paints (a copy of the starter with its classes on) turns the open strip into its model
// draft; erasing part of it and saving makes a person's label "edited from model:<version>", in the export;
// an edit after approval puts the strip back to "in progress" and says so; U copies the model's class into
// the label and Ctrl+Z takes it back; a flag asks its reason; N comes round the list; fit fills the canvas.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PAINTING_STEEL_MODEL, registerPaintingSteelModel } from '../helpers/painting-starter';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { api, closeWorkstation, openWorkstation, serve, type Served, type TestBrowser } from './browser';
import { hasSharedData, repoRoot, sharedData } from '../helpers/fs';
import { loupe } from '../helpers/cli';
import type { ItemPage, ItemRow, JobView } from '../../src/shared/api/types';
import type { SteelItemLabels, SteelRevision } from '../../src/shared/api/steel-types';
import { decodeRle, encodeRle } from '../../src/shared/rle';

const run = promisify(execFile);
const SCREENSHOTS = join(repoRoot, 'docs/screenshots');
const DATASET = 'New strips';
const STRIP = '0030401a5.jpg'; // a long class-4 defect the painting copy of the starter finds
const CLEAN = '005b92582.jpg';
const W = 1600;
const H = 256;
const MODEL = `model:${PAINTING_STEEL_MODEL}`;

let served: Served;
let browser: TestBrowser;
let page: Page;
let rows: ItemRow[];

const idOf = (key: string) => rows.find((r) => r.key === key)!.id;
const labelsOf = (itemId: number) => api<SteelItemLabels>(served, 'steel.labels', { itemId });
const sum = (mask: Uint8Array) => mask.reduce((a, b) => a + b, 0);
const maskOf = (classes: { classId: number; rle: string }[], classId: number) => decodeRle(classes.find((c) => c.classId === classId)!.rle, W, H);
const pixelCount = async (classId: number) => Number((await page.getByTestId(`class-${classId}-pixels`).innerText()).replace(/[^\d]/g, ''));
const saveState = () => page.getByTestId('save-state').innerText();
const message = (text: string | RegExp) => page.getByTestId('steel-message').filter({ hasText: text }).waitFor();
const reviewState = () => page.getByTestId('review-state').innerText();
const view = async () => (await page.getByTestId('steel-stage').getAttribute('data-view'))!.split(',').map(Number);

async function openStrip(itemId: number): Promise<void> {
  await page.goto(`${served.origin}/#/items/${itemId}`);
  await page.locator(`[data-testid="steel-stage"][data-ready="${itemId}"]`).waitFor();
  await page.locator(`canvas[data-shown="${itemId}"]`).waitFor();
}

async function screenPoint(x: number, y: number): Promise<{ x: number; y: number }> {
  const [scale, ox, oy] = await view();
  const box = (await page.getByTestId('steel-stage').boundingBox())!;
  return { x: box.x + ox + x * scale, y: box.y + oy + y * scale };
}

async function stroke(points: [number, number][]): Promise<void> {
  const first = await screenPoint(...points[0]);
  await page.mouse.move(first.x, first.y);
  await page.mouse.down();
  for (const p of points.slice(1)) {
    const s = await screenPoint(...p);
    await page.mouse.move(s.x, s.y, { steps: 10 });
  }
  await page.mouse.up();
}

/** `loupe export --source current` of the served database, run without blocking this process. */
async function exported(): Promise<string> {
  const out = join(served.dir, `export-${Date.now()}.csv`);
  await run(process.execPath, [join(repoRoot, 'bin/loupe.mjs'), 'export', DATASET, '--format', 'severstal', '--source', 'current', '--db', served.database, '--out', out], {
    cwd: repoRoot,
  });
  return readFileSync(out, 'utf8');
}

beforeAll(async () => {
  if (!hasSharedData) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  served = await serve((database) => {
    // New strips from the line: a folder with no CSV at all, so all ten are unlabelled.
    const images = join(sharedData, 'severstal/train_images');
    const imported = loupe('import', 'severstal', images, '--db', database, '--name', DATASET);
    if (imported.code !== 0) throw new Error(`loupe import failed: ${imported.stderr}`);
    registerPaintingSteelModel(database);
  });
  rows = (await api<ItemPage>(served, 'items.page', { datasetId: 1, offset: 0, limit: 20, filter: {} })).rows;
  browser = await openWorkstation(served, { userName: 'E2E Inspector' });
  page = browser.page;
});
afterAll(() => closeWorkstation(browser, served));

describe.skipIf(!hasSharedData)('the model draft on the real strips, imported without labels', () => {
  it('a strip with no label and no prediction says "no label yet"; approving it asks whether it is defect-free', async () => {
    expect(rows).toHaveLength(10);
    expect(rows.every((r) => !r.labelled)).toBe(true);
    const clean = idOf(CLEAN);
    await openStrip(clean);
    await expect.poll(() => page.getByTestId('canvas-start').innerText()).toBe('no label yet');
    expect(await page.getByTestId('current-layer-name').innerText()).toBe('No label yet');
    expect(await saveState()).toBe('No label yet');
    await page.getByRole('button', { name: 'No defect', exact: true }).waitFor();

    const question = page.getByRole('alertdialog', { name: 'Approve as defect-free?' });
    await page.keyboard.press('a');
    await question.waitFor();
    await page.keyboard.press('Escape');
    await question.waitFor({ state: 'detached' });
    expect(await labelsOf(clean)).toMatchObject({ unlabelled: true, review: 'unreviewed' });

    await page.keyboard.press('a');
    await question.waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(reviewState).toBe('Approved');
    const labels = await labelsOf(clean);
    expect(labels.unlabelled).toBe(false);
    expect(labels.current.map((c) => [c.classId, c.rle, c.source])).toEqual([1, 2, 3, 4].map((c) => [c, '', 'human']));
    expect(labels.reviewInfo).toMatchObject({ state: 'approved', by: 'E2E Inspector' });
    await expect.poll(() => page.getByTestId('review-by').innerText()).toMatch(/^by E2E Inspector · /);
  });

  it("pre-annotating with the active model turns the open strip into its model draft", async () => {
    const stripId = idOf(STRIP);
    await openStrip(stripId);
    await expect.poll(() => page.getByTestId('canvas-start').innerText()).toBe('no label yet');
    expect(await pixelCount(4)).toBe(0);

    const job = await api<JobView>(served, 'models.predict', { datasetId: 1 });
    await expect.poll(async () => (await api<JobView[]>(served, 'jobs.list')).find((j) => j.id === job.id)?.state, { timeout: 120_000 }).toBe('done');
    // The open strip hears of the finished job and starts again from the new draft.
    await expect.poll(() => page.getByTestId('canvas-start').innerText(), { timeout: 20_000 }).toBe(`model draft (${PAINTING_STEEL_MODEL})`);
    const labels = await labelsOf(stripId);
    expect(labels.unlabelled).toBe(true);
    expect(labels.prediction).toMatchObject({ source: MODEL, active: true });
    const predicted = sum(maskOf(labels.prediction!.classes, 4));
    expect(predicted).toBeGreaterThan(1000);
    await expect.poll(() => pixelCount(4)).toBe(predicted);
    expect(await page.getByTestId('current-layer-name').innerText()).toBe(`Model draft (${PAINTING_STEEL_MODEL})`);
    expect(await saveState()).toBe('Model draft');
    // Agreement with the model is not shown against the model's own untouched draft.
    expect(await page.getByTestId('agreement-draft').innerText()).toContain(`${PAINTING_STEEL_MODEL}'s draft as it is`);
    await page.getByRole('button', { name: 'Accept draft', exact: true }).waitFor();
    await page.mouse.move(10, 10); // no brush ring over the picture
    await page.screenshot({ path: join(SCREENSHOTS, 'steel-draft.png') });
    // Nothing was written by opening it: the strip still has no label.
    expect((await labelsOf(stripId)).unlabelled).toBe(true);
  });

  it('erasing part of the draft and saving makes the label, edited from the model, and the export has it', async () => {
    const stripId = idOf(STRIP);
    const draft = maskOf((await labelsOf(stripId)).prediction!.classes, 4);
    // A column of the draft to erase through: the one with the most class-4 pixels.
    let best = { x: 0, count: 0 };
    for (let x = 0; x < W; x++) {
      const count = sum(draft.subarray(x * H, (x + 1) * H));
      if (count > best.count) best = { x, count };
    }
    await page.getByRole('button', { name: 'Eraser', exact: true }).click();
    await page.keyboard.press('4');
    for (let i = 0; i < 10; i++) await page.keyboard.press(']');
    await stroke([
      [best.x - 30, 4],
      [best.x, H / 2],
      [best.x + 30, H - 4],
    ]);
    await expect.poll(() => pixelCount(4)).toBeLessThan(sum(draft));
    expect(await saveState()).toBe('Unsaved: class 4');
    const kept = await pixelCount(4);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(saveState).toBe('All saved');

    const labels = await labelsOf(stripId);
    expect(labels.unlabelled).toBe(false);
    // Every class is written on the first save, each edited from the model's draft.
    expect(labels.current.map((c) => [c.classId, c.source, c.origin])).toEqual([1, 2, 3, 4].map((c) => [c, 'human', MODEL]));
    const saved = maskOf(labels.current, 4);
    expect(sum(saved)).toBe(kept);
    expect(saved.filter((v, i) => v && !draft[i]).length).toBe(0); // only erased, nothing added
    expect(saved[best.x * H + H / 2]).toBe(0);

    const history = await api<SteelRevision[]>(served, 'steel.history', { itemId: stripId });
    expect(history.filter((r) => r.source === 'human').map((r) => r.origin)).toEqual([MODEL, MODEL, MODEL, MODEL]);
    await expect.poll(() => page.getByTestId('revision-origin').count()).toBe(4);
    expect(await page.getByTestId('revision-origin').first().innerText()).toBe(`edited from ${MODEL}`);
    expect(await page.getByTestId('canvas-start').count()).toBe(0);

    const csv = await exported();
    const row = csv.split('\n').find((line) => line.startsWith(`${STRIP},4,`))!;
    expect(encodeRle(decodeRle(row.split(',')[2], W, H))).toBe(encodeRle(saved));
  });

  it('an edit after approval puts the strip back to "in progress", and says so', async () => {
    const stripId = idOf(STRIP);
    await page.getByRole('button', { name: /^Approve/ }).click();
    await expect.poll(reviewState).toBe('Approved');
    await expect.poll(() => page.getByTestId('canvas-review').innerText()).toMatch(/^Approved by E2E Inspector · /);
    const row = page.getByRole('listbox', { name: 'Items' }).getByRole('option', { name: STRIP });
    await row.getByLabel('Approved').waitFor();

    await page.getByRole('button', { name: 'Brush', exact: true }).click();
    await stroke([
      [60, 40],
      [160, 60],
    ]);
    await expect.poll(saveState).toBe('Unsaved: class 4');
    await page.keyboard.press('Control+s');
    await message(`Edited after approval: ${STRIP} is back to in progress`);
    await expect.poll(reviewState).toBe('In progress');
    expect(await page.getByTestId('review-note').innerText()).toBe('edited after approval');
    await row.getByLabel('In progress').waitFor();
    expect((await labelsOf(stripId)).reviewInfo).toMatchObject({ state: 'in_progress', by: 'E2E Inspector', note: 'edited after approval' });
  });

  it("U copies the model's class into the label as one edit, Ctrl+Z takes it back; a save records where it came from", async () => {
    const stripId = idOf(STRIP);
    const labels = await labelsOf(stripId);
    const predicted = sum(maskOf(labels.prediction!.classes, 4));
    const saved = sum(maskOf(labels.current, 4));
    expect(saved).not.toBe(predicted);
    await expect.poll(() => pixelCount(4)).toBe(saved);

    await page.keyboard.press('u');
    await expect.poll(() => pixelCount(4)).toBe(predicted);
    await message(`Class 4 from model ${PAINTING_STEEL_MODEL}: Ctrl+Z takes it back`);
    expect(await saveState()).toBe('Unsaved: class 4');
    await page.keyboard.press('Control+z');
    await expect.poll(() => pixelCount(4)).toBe(saved);
    expect(await saveState()).toBe('All saved');

    await page.keyboard.press('Shift+U'); // every class: the other three are empty in both
    await expect.poll(() => pixelCount(4)).toBe(predicted);
    await page.keyboard.press('Control+s');
    await expect.poll(saveState).toBe('All saved');
    const history = await api<SteelRevision[]>(served, 'steel.history', { itemId: stripId });
    expect(history[0]).toMatchObject({ classId: 4, source: 'human', origin: MODEL, pixels: predicted, current: true });
  });

  it('a flag asks its reason (Escape calls it off); the history panel and the list show it', async () => {
    const stripId = idOf(STRIP);
    const reason = page.getByRole('textbox', { name: 'Flag reason' });
    await page.keyboard.press('f');
    await reason.waitFor();
    await page.keyboard.press('Escape');
    await reason.waitFor({ state: 'detached' });
    expect((await labelsOf(stripId)).review).toBe('in_progress');

    await page.getByRole('button', { name: /^Flag/ }).click();
    await reason.waitFor();
    await reason.fill('glare at the left edge');
    await reason.press('Enter');
    await expect.poll(reviewState).toBe('Flagged');
    expect((await labelsOf(stripId)).reviewInfo).toMatchObject({ state: 'flagged', by: 'E2E Inspector', note: 'glare at the left edge' });
    await expect.poll(() => page.getByTestId('history-review').innerText()).toMatch(/^Flagged by E2E Inspector · .+: glare at the left edge$/);
    const dot = page.getByRole('listbox', { name: 'Items' }).getByRole('option', { name: STRIP }).getByLabel('Flagged');
    await expect.poll(() => dot.getAttribute('title')).toMatch(/glare at the left edge$/);
  });

  it('N comes round to the start of the list, approving a draft saves it first, and N says when nothing is left', async () => {
    // Every strip but the first is reviewed (a flag needs no label).
    for (const r of rows.slice(1)) if (r.key !== STRIP && r.key !== CLEAN) await api(served, 'reviews.set', { itemId: r.id, state: 'flagged' });
    await page.keyboard.press('n');
    await page.waitForURL(`**/#/items/${rows[0].id}`);
    await page.locator(`[data-testid="steel-stage"][data-ready="${rows[0].id}"]`).waitFor();
    await message('Came round to the start of the list');
    await expect.poll(() => page.getByTestId('canvas-start').innerText()).toBe(`model draft (${PAINTING_STEEL_MODEL})`);

    // Approving the untouched draft saves it as the label first (the host refuses to approve a strip with none).
    await page.keyboard.press('a');
    await expect.poll(reviewState).toBe('Approved');
    const labels = await labelsOf(rows[0].id);
    expect(labels.unlabelled).toBe(false);
    expect(labels.current.map((c) => [c.rle, c.origin])).toEqual(labels.prediction!.classes.map((c) => [c.rle, MODEL]));

    await page.keyboard.press('n');
    await message('Nothing left to review in this dataset');
  });

  it('fit shows the whole strip as large as the canvas allows, and follows the canvas when it grows', async () => {
    const fits = async () => {
      const [scale] = await view();
      const box = (await page.getByTestId('steel-stage').boundingBox())!;
      const [w, h] = [W * scale, H * scale];
      // One side meets the box (less its 12 px margins), the other stays inside it.
      const meets = Math.abs(w - (box.width - 24)) < 1 || Math.abs(h - (box.height - 24)) < 1;
      return meets && w <= box.width - 23 && h <= box.height - 23;
    };
    await page.getByRole('button', { name: 'Fit', exact: true }).click();
    await expect.poll(fits).toBe(true);
    const [before] = await view();
    await page.setViewportSize({ width: 1900, height: 1000 });
    await expect.poll(async () => (await view())[0]).toBeGreaterThan(before);
    await expect.poll(fits).toBe(true);
    // So wide that the strip's height binds.
    await page.setViewportSize({ width: 4200, height: 860 });
    await expect.poll(async () => {
      const [scale] = await view();
      const box = (await page.getByTestId('steel-stage').boundingBox())!;
      return Math.abs(H * scale - (box.height - 24)) < 1 && W * scale < box.width - 24;
    }).toBe(true);
    await page.setViewportSize({ width: 1440, height: 860 });
    await expect.poll(async () => (await view())[0]).toBe(before);
    expect(browser.errors).toEqual([]);
  });
});
