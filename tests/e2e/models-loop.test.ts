// The measured loop in the Models panel, in Chromium against `loupe serve`, on a steel dataset whose model
// maps are planted (tests/helpers/planted-steel.ts): the validation set is shown with its size; Tune finds a
// better threshold than the card's on the reviewed strips (before / after per class, the curves); Apply makes
// a new card revision and the drafts change (the panel's draft counts, and the strip's stored prediction);
// a revert restores them; and activating another version first shows its per-class deltas against the active one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../helpers/fs';
import type { Page } from 'playwright-core';
import { createServices } from '../../src/main/composition';
import { api, closeWorkstation, openWorkstation, serve, type Served, type TestBrowser } from './browser';
import { plantPredictions, registerStarterCopy, writePlantedStrips } from '../helpers/planted-steel';
import type { DatasetCard } from '../../src/shared/api/types';
import type { ModelRegistryView } from '../../src/shared/api/model-types';
import type { ItemPredictionView } from '../../src/shared/api/model-loop-types';

let served: Served;
let browser: TestBrowser;
let page: Page;
let dataset: DatasetCard;
const LONG = 200_000;

beforeAll(async () => {
  served = await serve(async (database) => {
    const dir = join(database, '..');
    const services = createServices(database);
    try {
      await services.importSeverstal({ ...(await writePlantedStrips(dir)), name: 'Planted steel' });
      services.models.activate(registerStarterCopy(services, dir, 'steel-planted'));
      registerStarterCopy(services, dir, 'steel-blind', (card) => (card.minArea = [1e6, 1e6, 1e6, 1e6]));
      plantPredictions(services, 'Planted steel', 'steel-planted');
    } finally {
      services.close();
    }
  });
  dataset = (await api<DatasetCard[]>(served, 'datasets.list')).find((d) => d.name === 'Planted steel')!;
  browser = await openWorkstation(served, { userName: 'E2E Tuner' });
  page = browser.page;
  await page.goto(`${served.origin}/#/datasets/${dataset.id}`);
  await page.getByRole('button', { name: 'Models of this dataset' }).click();
  await panel().getByRole('table', { name: 'Model versions' }).waitFor();
}, LONG);
afterAll(() => closeWorkstation(browser, served));

const panel = () => page.getByRole('dialog', { name: `Models of ${dataset.name}` });
const drafts = () => panel().getByRole('listitem', { name: 'Drafts of model:steel-planted' });
const firstStripPrediction = async () => {
  const item = (await api<{ rows: { id: number; key: string }[] }>(served, 'items.page', { datasetId: dataset.id, offset: 0, limit: 1, filter: {} })).rows[0];
  return api<ItemPredictionView>(served, 'models.predictionOf', { itemId: item.id, version: 'steel-planted' });
};

describe('tuning in the Models panel', () => {
  it('tunes on the reviewed strips, applies the setting as a card revision and the drafts change; a revert restores them', async () => {
    expect(await drafts().textContent()).toMatch(/class 1 on 0 /);
    expect((await firstStripPrediction()).steel![0].rle).toBe('');

    const tune = panel().getByRole('region', { name: 'Tune' }).or(panel().locator('section[aria-labelledby="tune-title"]'));
    await tune.getByRole('button', { name: 'Tune', exact: true }).click();
    const result = panel().getByRole('status', { name: 'Tuning result' });
    await result.waitFor({ timeout: LONG });
    expect(await result.textContent()).toMatch(/mean Dice on \d+ strips reviewed outside the validation set: 0\.\d{4} → 1\.0000/);
    const class1 = panel().getByRole('table', { name: 'Before and after per class' }).getByRole('row', { name: /^Class 1 / });
    const [before, after] = (await class1.getByRole('cell').allTextContents()).map(Number);
    expect(after).toBeGreaterThan(before);
    expect(await panel().getByRole('img', { name: 'Tuning curves: 4 classes' }).count()).toBe(1);
    expect(await panel().locator('figure canvas').count()).toBeGreaterThan(0);
    // The validation set drawn for the tuning is shown with its size.
    await panel().getByRole('status', { name: 'Validation set' }).filter({ hasText: /Validation set: 2 items of 2 images/ }).waitFor();

    mkdirSync(join(repoRoot, 'docs/screenshots'), { recursive: true });
    await panel().locator('figure').scrollIntoViewIfNeeded(); // the curves, with the table above them
    await page.screenshot({ path: join(repoRoot, 'docs/screenshots/models-tune.png') });
    await panel().getByRole('button', { name: 'Apply', exact: true }).click();
    await panel().getByRole('status', { name: 'Card change' }).filter({ hasText: 'uses card revision 2' }).waitFor({ timeout: LONG });
    await drafts().filter({ hasText: /class 1 on 5 / }).waitFor({ timeout: LONG });
    expect((await firstStripPrediction()).steel![0].rle).not.toBe('');
    const registry = await api<ModelRegistryView>(served, 'models.list', { datasetId: dataset.id });
    expect(registry.versions.find((v) => v.version === 'steel-planted')!.cardRevisions.map((r) => r.revision)).toEqual([1, 2]);

    await panel().getByRole('button', { name: 'Details of steel-planted' }).click();
    await panel().getByRole('list', { name: 'Card revisions of steel-planted' }).waitFor();
    await panel().getByRole('button', { name: 'Revert to card revision 1' }).click();
    await drafts().filter({ hasText: /class 1 on 0 / }).waitFor({ timeout: LONG });
    expect((await firstStripPrediction()).steel![0].rle).toBe('');
    await panel().getByRole('list', { name: 'Card revisions of steel-planted' }).getByText('reverted to card revision 1').waitFor();
  }, LONG);

  it('shows the per-class deltas against the active version before activating another', async () => {
    await panel().getByRole('button', { name: 'Activate steel-blind' }).click();
    const dialog = page.getByRole('dialog', { name: 'Activate steel-blind?' });
    const table = dialog.getByRole('table', { name: 'Per-class comparison' });
    await table.waitFor({ timeout: LONG });
    expect(await table.getByRole('columnheader').allTextContents()).toEqual(['Class', 'steel-blind', 'steel-planted', 'Empty baseline', 'Δ steel-planted', 'Δ baseline']);
    expect(await table.getByRole('row').count()).toBe(6); // header, four classes, overall
    // steel-blind predicts nothing: it ties the empty baseline exactly.
    expect((await table.getByRole('row', { name: /^Overall / }).getByRole('cell').allTextContents())[4]).toBe('+0.0000');
    expect(await dialog.getByRole('status', { name: 'Activation rule' }).textContent()).toMatch(/Activation rule: not activated: ties the empty baseline \(\d\.\d{4} vs \d\.\d{4}\)/);
    await page.screenshot({ path: join(repoRoot, 'docs/screenshots/models-activate.png') });
    await dialog.getByRole('button', { name: 'Activate anyway' }).click();
    await panel().getByRole('row', { name: /steel-blind/ }).getByText('active', { exact: true }).waitFor();
    expect((await api<ModelRegistryView>(served, 'models.list', { datasetId: dataset.id })).versions.find((v) => v.active)?.version).toBe('steel-blind');
    expect(browser.errors).toEqual([]);
  }, LONG);
});
