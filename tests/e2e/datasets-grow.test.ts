// Datasets that grow, in Chromium against `loupe serve`: the real steel folder imported without a CSV (every strip
// listed and filtered as unlabelled), a batch added through "Add images…", and a dataset renamed and deleted after
// a confirmation that names it and its item count.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { api, closeWorkstation, openWorkstation, serve, type Served, type TestBrowser } from './browser';
import { hasSharedData, sharedData } from '../helpers/fs';
import type { DatasetCard } from '../../src/shared/api/types';

let served: Served;
let browser: TestBrowser;
let page: Page;
const realStrips = join(sharedData, 'severstal/train_images');

beforeAll(async () => {
  served = await serve();
  browser = await openWorkstation(served, { userName: 'E2E Inspector' });
  page = browser.page;
});
afterAll(() => closeWorkstation(browser, served));

const home = () => page.goto(served.url.replace(/\/\?token=.*$/, '/#/'));
const datasetNamed = async (name: string) => (await api<DatasetCard[]>(served, 'datasets.list')).find((d) => d.name === name);
const table = () => page.getByRole('table', { name: 'Datasets' });
const row = (name: string) => table().getByRole('row', { name: new RegExp(name) });

/** Imports a steel folder with no label CSV through the dialog; returns what the dialog said. */
async function importWithoutCsv(folder: string, name: string): Promise<string> {
  await home();
  await page.getByRole('button', { name: 'Import dataset…' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Import dataset' });
  await dialog.getByRole('button', { name: 'Steel strips · Severstal' }).click();
  await dialog.getByLabel(/^Folder of/).fill(folder);
  await dialog.getByLabel('Dataset name').fill(name);
  await dialog.getByRole('note').filter({ hasText: 'No labels: every strip is imported unlabelled' }).waitFor();
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await dialog.getByRole('button', { name: 'Open dataset' }).waitFor();
  const status = await dialog.getByRole('status').innerText();
  await dialog.getByRole('button', { name: 'Close' }).last().click();
  await dialog.waitFor({ state: 'detached' });
  return status;
}

describe.skipIf(!hasSharedData)('a steel folder without a CSV', () => {
  it('imports every real strip unlabelled: the list marks and filters them, the dataset row counts them', async () => {
    const status = await importWithoutCsv(realStrips, 'New strips');
    expect(status).toMatch(/10 images in “New strips”, 0 with labels\. 10 unlabelled\./);
    await expect.poll(() => row('New strips').innerText()).toMatch(/0 labelled\s*·\s*10 unlabelled/);

    await row('New strips').getByRole('link', { name: /^New strips/ }).click();
    const list = page.getByRole('listbox', { name: 'Items' });
    await list.getByRole('option').first().waitFor();
    await page.getByRole('status').filter({ hasText: '10 items' }).waitFor();
    await expect.poll(() => list.getByText('unlabelled', { exact: true }).count()).toBeGreaterThan(0);
    expect(await list.getByText('no defect', { exact: true }).count()).toBe(0);

    await page.getByLabel('Filter by label').selectOption({ label: 'Unlabelled' });
    await page.getByRole('status').filter({ hasText: '10 of 10 items' }).waitFor();
    await page.getByLabel('Filter by label').selectOption({ label: 'No defect' });
    await page.getByText('No items match these filters.').waitFor();
  });
});

describe.skipIf(!hasSharedData)('a dataset that grows, is renamed and is deleted', () => {
  let root: string;

  it('adds a batch of real strips through “Add images…”', async () => {
    root = join(served.dir, 'line3');
    const batch = join(root, 'batch2');
    mkdirSync(batch, { recursive: true });
    const names = readdirSync(realStrips).sort();
    for (const name of names.slice(0, 6)) copyFileSync(join(realStrips, name), join(root, name));
    for (const name of names.slice(4)) copyFileSync(join(realStrips, name), join(batch, name)); // two overlap
    await importWithoutCsv(root, 'Line 3');
    await expect.poll(() => row('Line 3').innerText()).toMatch(/\b6\b/);

    await row('Line 3').getByRole('button', { name: 'Add images to Line 3' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add images to “Line 3”' });
    await expect.poll(() => dialog.getByLabel(/^Folder of/).inputValue()).toBe(root);
    await dialog.getByLabel(/^Folder of/).fill(batch);
    await dialog.getByRole('button', { name: 'Add images', exact: true }).click();
    const status = dialog.getByRole('status');
    await status.waitFor();
    expect(await status.innerText()).toMatch(/4 strips added to “Line 3”, 0 with labels; 2 the dataset had already \(same id, same bytes\)\./);
    await dialog.getByRole('button', { name: 'Close' }).last().click();
    await expect.poll(async () => (await datasetNamed('Line 3'))?.items).toBe(10);
    await expect.poll(() => row('Line 3').innerText()).toMatch(/0 labelled\s*·\s*10 unlabelled/);
  });

  it('renames the dataset, then deletes it after a confirmation naming it and its items; the files stay', async () => {
    await home();
    await row('Line 3').getByRole('button', { name: 'Rename Line 3' }).click();
    const rename = page.getByRole('dialog', { name: 'Rename “Line 3”' });
    await rename.getByLabel('New name').fill('New strips');
    await rename.getByRole('button', { name: 'Rename' }).click();
    // The name is taken: the error names the dialog's field, not a flag.
    const refusal = await rename.getByRole('alert').innerText();
    expect(refusal).toBe('a dataset named "New strips" exists already (choose another in “New name”)');
    await rename.getByLabel('New name').fill('Line 3 · March');
    await rename.getByRole('button', { name: 'Rename' }).click();
    await rename.waitFor({ state: 'detached' });
    await row('Line 3 · March').waitFor();
    expect(await datasetNamed('Line 3')).toBeUndefined();

    await row('Line 3 · March').getByRole('button', { name: 'Delete Line 3 · March' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete “Line 3 · March”?' });
    const text = await confirm.innerText();
    expect(text).toContain('10 items');
    expect(text).toContain('The files on disk are not touched');
    await confirm.getByRole('button', { name: 'Delete dataset' }).click();
    await confirm.waitFor({ state: 'detached' });
    await expect.poll(() => row('Line 3 · March').count()).toBe(0);
    expect(await datasetNamed('Line 3 · March')).toBeUndefined();
    expect((await datasetNamed('New strips'))?.items).toBe(10);
    expect(existsSync(join(root, 'batch2', readdirSync(join(root, 'batch2'))[0]))).toBe(true);
    expect(readdirSync(root).filter((f) => f.endsWith('.jpg'))).toHaveLength(6);
  });

  it('left no errors in the page', () => {
    expect(browser.errors).toEqual([]);
  });
});
