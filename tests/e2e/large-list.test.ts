// A dataset the size of RSNA's (752,000 slices) in the item browser: the list pages from the server,
// reaches its last row, follows a deep link into its middle, moves with the keyboard and filters.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openDatabase } from '../../src/main/db/database';
import { closeWorkstation, gate, openWorkstation, serve, type Served, type TestBrowser } from './browser';

const SLICES = 752_000;
const key = (i: number) => `ID_${i.toString(16).padStart(9, '0')}`;
/** RSNA's shape: about 40 slices per series (≈ 19,000 series), ten series per patient. */
const SERIES_LENGTH = 40;
/** How long a wait may last: the first queries over 752k rows build the host's caches, which takes a
 *  while on a busy 2-core machine. A bound for synchronisation, not a speed check (that is the bench's). */
const PATIENCE = { timeout: 90_000 };
let served: Served;
let browser: TestBrowser;
let page: Page;
let firstId = 0;

/** Rows only (the files are not there): enough for the list, which never opens a file. */
function seed(database: string): void {
  const db = openDatabase(database);
  db.transaction(() => {
    const dataset = Number(db.prepare("INSERT INTO datasets (name, kind, root, created_at) VALUES ('RSNA-sized', 'rsna', '/nonexistent', '2026-01-01')").run().lastInsertRowid);
    const item = db.prepare('INSERT INTO items (dataset_id, key, path, width, height, patient_id, series_uid, position, sort_index) VALUES (?, ?, ?, 512, 512, ?, ?, ?, ?)');
    const label = db.prepare("INSERT INTO label_revisions (item_id, class_id, source, payload, author, created_at) VALUES (?, 0, 'truth', ?, 'seed', '2026-01-01')");
    for (let i = 0; i < SLICES; i++) {
      const series = Math.floor(i / SERIES_LENGTH);
      const position = (i % SERIES_LENGTH) * 5;
      const id = Number(item.run(dataset, key(i), `${key(i)}.dcm`, `P${Math.floor(series / 10)}`, `S${series}`, position, i).lastInsertRowid);
      if (i === 0) firstId = id;
      label.run(id, i % 7 === 0 ? '16' : '0'); // every 7th slice: subdural
    }
    db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('user.name', '\"Seed\"', '2026-01-01')").run();
  })();
  db.close();
}

beforeAll(async () => {
  served = await serve(seed);
  browser = await openWorkstation(served);
  page = browser.page;
});
afterAll(() => closeWorkstation(browser, served));

describe('752,000 items', () => {
  it('lists them and reaches the last one by scrolling, and stays there when the CT workspace opens its first series', async () => {
    // The CT workspace opens the dataset's first series by itself and writes its first slice into the address;
    // hold that series until the person has scrolled away, so that its arrival cannot move the list.
    const seriesReply = gate();
    await page.route('**/api/ct.series', async (route) => {
      await seriesReply.promise;
      await route.continue();
    });
    await page.goto(`${served.origin}/#/datasets/1`);
    await page.getByRole('status').filter({ hasText: '752,000 items' }).waitFor(PATIENCE);
    const list = page.getByRole('listbox', { name: 'Items' });
    await list.getByRole('option', { name: key(0) }).waitFor(PATIENCE);
    expect(await list.getByRole('option').count()).toBeLessThan(60); // only the rows in view exist
    await list.evaluate((element) => {
      element.scrollTop = element.scrollHeight;
    });
    const lastRow = list.getByRole('option', { name: key(SLICES - 1) });
    await lastRow.waitFor(PATIENCE);
    seriesReply.open();
    await page.waitForURL(`**/#/items/${firstId}`, PATIENCE);
    await page.locator('[role="listbox"][data-selected="0"]').waitFor(PATIENCE); // the first slice is selected…
    expect(await lastRow.isVisible()).toBe(true); // …without pulling the list back to the top
    await page.unroute('**/api/ct.series');
  });

  it('opens an item in the middle by deep link, selects it in the list, and moves on with J', async () => {
    const middle = 400_000;
    await page.goto(`${served.origin}/#/items/${firstId + middle}`);
    const list = page.getByRole('listbox', { name: 'Items' });
    await list.getByRole('option', { name: key(middle), selected: true }).waitFor(PATIENCE);
    await page.keyboard.press('j');
    await page.waitForURL(`**/#/items/${firstId + middle + 1}`, PATIENCE);
    await list.getByRole('option', { name: key(middle + 1), selected: true }).waitFor(PATIENCE);
  });

  it('filters by label across the whole dataset', async () => {
    await page.getByRole('combobox', { name: 'Filter by label' }).selectOption('subdural');
    await page.getByRole('status').filter({ hasText: `${Math.ceil(SLICES / 7).toLocaleString('en')} of 752,000 items` }).waitFor(PATIENCE);
    const list = page.getByRole('listbox', { name: 'Items' });
    // The open slice (400,001 = 7 × 57,143) is subdural: it stays selected in the filtered list.
    await list.getByRole('option', { name: key(400_001), selected: true }).waitFor(PATIENCE);
    await list.evaluate((element) => {
      element.scrollTop = 0;
    });
    await list.getByRole('option', { name: key(0) }).waitFor(PATIENCE);
    await list.getByRole('option', { name: key(7) }).waitFor(PATIENCE);
    expect(await list.getByRole('option', { name: key(1) }).count()).toBe(0);
  });

  it('left no errors in the page', () => {
    expect(browser.errors).toEqual([]);
  });
});
