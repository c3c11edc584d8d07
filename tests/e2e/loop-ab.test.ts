// Two model versions side by side and N following the list's Sort by, in Chromium against `loupe serve`. A steel
// dataset of six planted strips whose active version (steel-a) disagrees with the labels by planted amounts, so
// sorting by disagreement gives an order unlike dataset order: N / Shift+N walk that order. A second version
// (steel-b) predicted two of the strips: picked under the prediction layer, its masks show as their own layer
// (named, with show / hide and what it found), and a strip it has not predicted says so. A CT series predicted by
// two versions shows the second's six probabilities and its draft at its own thresholds beside the first's.
// Takes docs/screenshots/steel-ab.png.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { createServices } from '../../src/main/composition';
import { api, closeWorkstation, openWorkstation, serve, type Served, type TestBrowser } from './browser';
import { writeHeadSeries } from './ct-helpers';
import { registerStarterCopy, writePlantedStrips } from '../helpers/planted-steel';
import { plantCtPrediction, plantSteelPrediction } from '../helpers/loop';
import { repoRoot } from '../helpers/fs';
import { encodeRle } from '../../src/shared/rle';
import type { DatasetCard, ItemPage } from '../../src/shared/api/types';

const W = 1600;
const H = 256;
const LONG = 200_000;

/** Kaggle RLE of the rectangle x0..x1 × y0..y1 (ends excluded) of a strip. */
function rect(x0: number, x1: number, y0: number, y1: number): string {
  const mask = new Uint8Array(W * H);
  for (let x = x0; x < x1; x++) mask.fill(1, x * H + y0, x * H + y1);
  return encodeRle(mask);
}
/** The class-1 defect the planted CSV gives every second strip. */
const TRUTH = rect(100, 300, 64, 128);

let served: Served;
let browser: TestBrowser;
let page: Page;
let steel: DatasetCard;
let ct: DatasetCard;
const strip: Record<string, number> = {};

beforeAll(async () => {
  served = await serve(async (database) => {
    const dir = join(database, '..');
    const services = createServices(database);
    try {
      await services.importSeverstal({ ...(await writePlantedStrips(dir, 6)), name: 'AB steel' });
      const ids = Object.fromEntries(services.datasets.items(services.datasets.get('AB steel').id).map((i) => [i.key.replace('.png', ''), i.id]));
      services.models.activate(registerStarterCopy(services, dir, 'steel-a'));
      registerStarterCopy(services, dir, 'steel-b');
      // steel-a against the labels: planted3 is worst (two classes wrong), then planted1 (one), then planted2 (half
      // of its defect); it agrees on 0, 4 and 5.
      plantSteelPrediction(services, 'model:steel-a', {
        [ids.planted0]: { 1: TRUTH },
        [ids.planted1]: { 2: rect(500, 700, 0, 64) },
        [ids.planted2]: { 1: rect(100, 200, 64, 128) },
        [ids.planted3]: { 1: rect(100, 300, 64, 128), 2: rect(500, 700, 0, 64) },
        [ids.planted4]: { 1: TRUTH },
        [ids.planted5]: {},
      });
      plantSteelPrediction(services, 'model:steel-b', {
        [ids.planted3]: { 4: rect(400, 600, 10, 74) },
        [ids.planted1]: { 1: rect(0, 10, 0, 10) },
      });

      const head = writeHeadSeries(join(dir, 'ab-ct'), { patient: 'PAB', slices: 4, size: 64, seed: 11 });
      await services.importRsna({ dicomDir: head.dir, name: 'AB ct', author: 'e2e' });
      services.models.activate(registerStarterCopy(services, dir, 'ct-a', () => {}, 'ct-starter'));
      registerStarterCopy(services, dir, 'ct-b', (card) => (card.thresholds = [0.5, 0.5, 0.5, 0.5, 0.3, 0.5]), 'ct-starter');
      const slices = services.datasets.items(services.datasets.get('AB ct').id);
      plantCtPrediction(services, 'model:ct-a', Object.fromEntries(slices.map((s) => [s.id, [0.01, 0.02, 0.03, 0.04, 0.2, 0.2]])));
      plantCtPrediction(services, 'model:ct-b', Object.fromEntries(slices.map((s) => [s.id, [0.05, 0.1, 0.15, 0.6, 0.4, 0.6]])));
    } finally {
      services.close();
    }
  });
  const datasets = await api<DatasetCard[]>(served, 'datasets.list');
  steel = datasets.find((d) => d.name === 'AB steel')!;
  ct = datasets.find((d) => d.name === 'AB ct')!;
  const rows = (await api<ItemPage>(served, 'items.page', { datasetId: steel.id, offset: 0, limit: 10, filter: {} })).rows;
  for (const row of rows) strip[row.key.replace('.png', '')] = row.id;
  browser = await openWorkstation(served, { userName: 'E2E Comparer' });
  page = browser.page;
}, LONG);
afterAll(() => closeWorkstation(browser, served));

const rows = () => page.getByRole('listbox', { name: 'Items' }).getByRole('option');
const stageReady = (itemId: number) => page.locator(`[data-testid="steel-stage"][data-ready="${itemId}"]`).waitFor();
const stage = () => page.getByTestId('steel-stage');
async function press(key: string, itemId: number): Promise<void> {
  await page.keyboard.press(key);
  await page.waitForURL(`**/#/items/${itemId}`);
  await stageReady(itemId);
}

describe('N / Shift+N with the list sorted by disagreement', () => {
  it('go to the next and previous strip of that order, not of dataset order', async () => {
    await page.goto(`${served.origin}/#/datasets/${steel.id}`);
    await rows().first().waitFor();
    await page.getByRole('combobox', { name: 'Sort by' }).selectOption('disagreement');
    await page.getByRole('status', { name: 'Sorted with model steel-a' }).waitFor();
    await expect.poll(() => rows().first().getAttribute('aria-label')).toBe('planted3.png');
    expect(await rows().nth(1).getAttribute('aria-label')).toBe('planted1.png');
    expect(await rows().nth(2).getAttribute('aria-label')).toBe('planted2.png');

    await rows().first().click();
    await page.waitForURL(`**/#/items/${strip.planted3}`);
    await stageReady(strip.planted3);
    await press('n', strip.planted1); // dataset order would go to planted4
    await press('n', strip.planted2);
    await press('Shift+N', strip.planted1);
    await press('Shift+N', strip.planted3);
    await press('Shift+N', strip.planted5); // past the top of the order: its end, and it says so
    expect(await page.getByText('Came round to the end of the list').count()).toBe(1);
  });
});

describe("a second version's layer on a strip", () => {
  it('shows the picked version’s masks as their own layer, with show / hide, strip after strip', async () => {
    await press('n', strip.planted3);
    const layers = page.getByRole('region', { name: 'Layers' });
    const picker = layers.getByRole('combobox', { name: 'Second version to compare' });
    // The prediction layer shows steel-a: the second version can only be steel-b.
    expect(await picker.locator('option').allTextContents()).toEqual(['Compare with…', 'steel-b']);
    await picker.selectOption('steel-b');
    await expect.poll(() => stage().getAttribute('data-second-layer')).toBe('steel-b');
    const toggle = layers.getByRole('checkbox', { name: 'Model steel-b (B)' });
    expect(await toggle.isChecked()).toBe(true);
    expect(await layers.getByTestId('second-layer-pixels').innerText()).toBe('class 4: 12,800 px');
    mkdirSync(join(repoRoot, 'docs/screenshots'), { recursive: true });
    await page.screenshot({ path: join(repoRoot, 'docs/screenshots/steel-ab.png') });

    await toggle.uncheck();
    await expect.poll(() => stage().getAttribute('data-second-layer')).toBe('');
    await toggle.check();
    await expect.poll(() => stage().getAttribute('data-second-layer')).toBe('steel-b');

    await press('n', strip.planted1);
    await expect.poll(() => layers.getByTestId('second-layer-pixels').innerText()).toBe('class 1: 100 px');
    expect(await stage().getAttribute('data-second-layer')).toBe('steel-b');
    await press('n', strip.planted2);
    await layers.getByRole('status').filter({ hasText: 'steel-b has not predicted this strip' }).waitFor();
    await expect.poll(() => stage().getAttribute('data-second-layer')).toBe('');
    expect(browser.errors).toEqual([]);
  });
});

describe("a second version's column in the CT label panel", () => {
  it('shows its six probabilities beside the first version’s, and its draft at its own thresholds', async () => {
    const first = (await api<ItemPage>(served, 'items.page', { datasetId: ct.id, offset: 0, limit: 1, filter: {} })).rows[0];
    await page.goto(`${served.origin}/#/items/${first.id}`);
    await page.locator(`.ct-workspace canvas[data-shown="${first.id}"]`).waitFor();
    const panel = page.getByRole('region', { name: 'Second version' });
    const picker = panel.getByRole('combobox', { name: 'Second version to compare' });
    await expect.poll(() => picker.locator('option').allTextContents()).toEqual(['another version…', 'ct-b']);
    await picker.selectOption('ct-b');
    const table = panel.getByRole('table', { name: 'ct-a beside ct-b' });
    await table.waitFor();
    const cells = async (label: string) => table.getByRole('row', { name: label, exact: true }).getByRole('cell').allInnerTexts();
    // ct-b's card says yes to subdural from 0.3 and to the rest from 0.5: subdural (0.4) and subarachnoid (0.6).
    expect(await cells('subdural')).toEqual(['20%', '40%', 'yes']);
    expect(await cells('subarachnoid')).toEqual(['4%', '60%', 'yes']);
    expect(await cells('epidural')).toEqual(['1%', '5%', 'no']);
    expect(await cells('any')).toEqual(['20%', '60%', 'yes']);
    expect(browser.errors).toEqual([]);
  });
});
