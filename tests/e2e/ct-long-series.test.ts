// A CT series far longer than a page (1,500 slices, rows only: the files are not there, so the viewer says it
// cannot read the pixels): it opens with one small reply — its first page and the whole series at a glance for
// the strip — and the pages further on load as the reader moves there, where a label saves like anywhere else.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openDatabase } from '../../src/main/db/database';
import type { CtSeriesView } from '../../src/shared/api/ct-types';
import { api, openBrowser, serve, type Served } from './browser';

const SLICES = 1500;
const key = (i: number) => `ID_long${String(i).padStart(4, '0')}`;
let served: Served;
let browser: Awaited<ReturnType<typeof openBrowser>>;
let page: Page;
let firstId = 0;
const replies: { offset: number; slices: number; total: number; overview: boolean; bytes: number }[] = [];

function seed(database: string): void {
  const db = openDatabase(database);
  db.transaction(() => {
    const dataset = Number(db.prepare("INSERT INTO datasets (name, kind, root, created_at) VALUES ('Long series', 'rsna', '/nonexistent', '2026-01-01')").run().lastInsertRowid);
    const item = db.prepare("INSERT INTO items (dataset_id, key, path, width, height, patient_id, study_uid, series_uid, position, sort_index) VALUES (?, ?, ?, 512, 512, 'P_LONG', '7.7', '7.7.1', ?, ?)");
    const label = db.prepare("INSERT INTO label_revisions (item_id, class_id, source, payload, author, created_at) VALUES (?, 0, 'truth', ?, 'seed', '2026-01-01')");
    for (let i = 0; i < SLICES; i++) {
      const id = Number(item.run(dataset, key(i), `${key(i)}.dcm`, i * 0.5, i).lastInsertRowid);
      if (i === 0) firstId = id;
      label.run(id, i % 100 === 0 ? '16' : '0');
    }
    db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('user.name', '\"Long Reader\"', '2026-01-01')").run();
  })();
  db.close();
}

beforeAll(async () => {
  served = await serve(seed);
  browser = await openBrowser();
  page = browser.page;
  page.on('response', async (response) => {
    if (!response.url().endsWith('/api/ct.series')) return;
    const body = await response.body();
    const reply = JSON.parse(body.toString('utf8')) as { ok: boolean; value: CtSeriesView };
    if (reply.ok) replies.push({ offset: reply.value.offset, slices: reply.value.slices.length, total: reply.value.total, overview: reply.value.overview !== null, bytes: body.length });
  });
  await page.goto(served.url);
});
afterAll(async () => {
  await browser?.close();
  await served?.stop();
});

const heading = () => page.locator('.label-panel .slice-head');

describe('a 1,500-slice series', () => {
  it('opens with its first page and the whole series at a glance, in one small reply', async () => {
    await page.goto(`${served.origin}/#/items/${firstId}`);
    await heading().filter({ hasText: `Slice 1 of ${SLICES}` }).waitFor();
    await expect.poll(() => heading().textContent()).toContain(key(0));
    const strip = page.getByRole('region', { name: 'Series strip' }).locator('canvas');
    await expect.poll(() => strip.getAttribute('data-slices')).toBe(String(SLICES));
    await expect.poll(() => replies.length).toBeGreaterThan(0); // the response listener reads bodies asynchronously
    expect(replies[0]).toMatchObject({ offset: 0, slices: 500, total: SLICES, overview: true });
    // 500 full rows (each with its label, review and who reviewed it) and 1,500 slices at a glance; the whole
    // series as full rows would be more than twice this.
    expect(replies[0].bytes).toBeLessThan(180_000);
  });

  it('loads the last page when the reader jumps to the end, and shows that slice', async () => {
    await page.keyboard.press('End');
    await heading().filter({ hasText: `Slice ${SLICES} of ${SLICES}` }).waitFor();
    await expect.poll(() => heading().textContent()).toContain(key(SLICES - 1));
    await expect.poll(() => replies.some((r) => r.offset === 1000 && r.slices === 500 && !r.overview)).toBe(true);
    for (const reply of replies) expect(reply.bytes).toBeLessThan(180_000);
  });

  it('saves a label on a slice of a later page', async () => {
    await page.keyboard.press('2');
    await page.keyboard.press('Control+s');
    const lastPage = () => api<CtSeriesView>(served, 'ct.series', { itemId: firstId, offset: 1000 });
    await expect.poll(async () => (await lastPage()).slices[499]).toMatchObject({ key: key(SLICES - 1), bits: 2, labelSource: 'human', labelAuthor: 'Long Reader' });
  });
});
