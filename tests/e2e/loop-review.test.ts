// Review queues and the QA page in Chromium against `loupe serve`, on the demo workspace pre-annotated with
// the starter model (`loupe demo` + `loupe predict`): sorting the list by disagreement puts first the strip
// `loupe queue` puts first, each row says why it is there, and the opened strip keeps saying it; after a few
// strips are approved, the QA page counts them, shows each class's Dice beside the empty prediction (the same
// figures as `loupe qa`), draws the bars, and links the worst strips to their workspace.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { api, closeWorkstation, openWorkstation, serve, type Served, type TestBrowser } from './browser';
import { repoRoot } from '../helpers/fs';
import { loupe, loupeJson } from '../helpers/cli';
import type { DatasetCard, ItemDetail } from '../../src/shared/api/types';
import type { QaSummary, QueueView } from '../../src/shared/api/loop-types';
import { formatScore } from '../../src/shared/ml/loop/reason-text';

const STEEL = 'Demo steel strips';
let served: Served;
let browser: TestBrowser;
let page: Page;
let steel: DatasetCard;

function run(...args: string[]): void {
  const result = loupe(...args);
  if (result.code !== 0) throw new Error(`loupe ${args[0]} failed: ${result.stderr}`);
}

beforeAll(async () => {
  served = await serve((database) => {
    run('demo', '--db', database);
    run('predict', STEEL, '--db', database);
  });
  steel = (await api<DatasetCard[]>(served, 'datasets.list')).find((d) => d.name === STEEL)!;
  browser = await openWorkstation(served, { userName: 'E2E Reviewer' });
  page = browser.page;
}, 240_000);
afterAll(() => closeWorkstation(browser, served));

const reviewOf = async (itemId: number) => (await api<ItemDetail>(served, 'items.get', { itemId })).review;
const rows = () => page.getByRole('listbox', { name: 'Items' }).getByRole('option');
const selectedRow = () => page.getByRole('listbox', { name: 'Items' }).getByRole('option', { selected: true });

describe('the item list sorted by a review queue', () => {
  it('puts first the strip the disagreement queue ranks first, and says why', async () => {
    const queue = loupeJson<QueueView>('queue', STEEL, '--by', 'disagreement', '--limit', '3', '--db', served.database);
    expect(queue.rows[0].score).toBeGreaterThan(0);
    await page.goto(`${served.origin}/#/datasets/${steel.id}`);
    await rows().first().waitFor();
    await page.getByRole('combobox', { name: 'Sort by' }).selectOption('disagreement');
    await page.getByRole('status', { name: /^Sorted with model / }).waitFor();
    const first = rows().first();
    await expect.poll(() => first.getAttribute('aria-label')).toBe(queue.rows[0].key);
    expect(await first.getByTestId('queue-reason').innerText()).toBe(queue.rows[0].reason);
    expect(queue.rows[0].reason).toMatch(/^class \d: model [\d,]+ px, label [\d,]+ px \(Dice \d\.\d{4}\)$/);
    expect(await rows().nth(1).getAttribute('aria-label')).toBe(queue.rows[1].key);
  });

  it('opens the first strip and keeps showing why it is there', async () => {
    const queue = loupeJson<QueueView>('queue', STEEL, '--by', 'disagreement', '--limit', '1', '--db', served.database);
    await rows().first().click();
    await page.waitForURL(`**/#/items/${queue.rows[0].itemId}`);
    await page.locator(`[data-testid="steel-stage"][data-ready="${queue.rows[0].itemId}"]`).waitFor();
    await expect.poll(() => selectedRow().getAttribute('aria-label')).toBe(queue.rows[0].key);
    expect(await selectedRow().getByTestId('queue-reason').innerText()).toBe(queue.rows[0].reason);
    expect(await selectedRow().getAttribute('title')).toBe(`Why here: ${queue.rows[0].reason}`);
    mkdirSync(join(repoRoot, 'docs/screenshots'), { recursive: true });
    await page.screenshot({ path: join(repoRoot, 'docs/screenshots/review-queue.png') });
  });

  it('approves a few strips from the sorted list', async () => {
    const queue = loupeJson<QueueView>('queue', STEEL, '--by', 'disagreement', '--limit', '3', '--db', served.database);
    for (const [i, row] of queue.rows.entries()) {
      if (i > 0) {
        await page.keyboard.press('j');
        await page.waitForURL(`**/#/items/${row.itemId}`);
        await page.locator(`[data-testid="steel-stage"][data-ready="${row.itemId}"]`).waitFor();
      }
      await page.keyboard.press('a');
      await expect.poll(() => reviewOf(row.itemId)).toBe('approved');
    }
  });
});

describe('the QA page', () => {
  it('counts the approved strips and shows each class beside the empty prediction', async () => {
    const expected = loupeJson<QaSummary>('qa', STEEL, '--db', served.database);
    expect(expected.progress.counted).toBe(3);
    const model = expected.models[0];
    await page.getByRole('link', { name: 'QA of this dataset' }).click();
    await page.waitForURL(`**/#/datasets/${steel.id}/qa`);
    await expect.poll(() => page.getByTestId('qa-counted').innerText()).toBe('3');
    const section = page.getByRole('region', { name: `Model ${model.version}` });
    await section.waitFor();
    expect(await section.getByRole('status', { name: `Counted 3 reviewed strips` }).innerText()).toContain('on 3 reviewed strips');
    expect(await section.getByTestId('qa-overall-model').innerText()).toBe(formatScore(model.steel!.dice));
    expect(await section.getByTestId('qa-overall-baseline').innerText()).toBe(formatScore(model.steel!.emptyBaseline));
    const table = section.getByRole('table', { name: `Per class figures of ${model.version}` });
    for (const c of model.steel!.perClass) {
      const cells = await table.getByRole('row', { name: new RegExp(`^Class ${c.classId} `) }).getByRole('cell').allInnerTexts();
      expect(cells.slice(0, 2)).toEqual([formatScore(c.dice), formatScore(c.emptyBaseline)]);
      expect(cells.slice(4)).toEqual([c.confusion.tp, c.confusion.fp, c.confusion.fn, c.confusion.tn].map(String));
    }
    expect(await section.getByRole('figure', { name: /^mean Dice per class: .* beside the empty prediction$/ }).locator('canvas').count()).toBeGreaterThan(0);
    expect(await page.getByRole('table', { name: 'Reviews per annotator per day' }).innerText()).toContain('E2E Reviewer');
    await page.setViewportSize({ width: 1440, height: 1500 });
    mkdirSync(join(repoRoot, 'docs/screenshots'), { recursive: true });
    await page.screenshot({ path: join(repoRoot, 'docs/screenshots/qa.png') });
    await page.setViewportSize({ width: 1440, height: 860 });
  });

  it('opens a worst strip in its workspace from its link', async () => {
    const model = loupeJson<QaSummary>('qa', STEEL, '--db', served.database).models[0];
    expect(model.worst.length).toBeGreaterThan(0);
    const worst = page.getByRole('region', { name: `Worst strips of ${model.version}` });
    await worst.getByRole('link', { name: model.worst[0].key }).click();
    await page.waitForURL(`**/#/items/${model.worst[0].itemId}`);
    await page.locator(`[data-testid="steel-stage"][data-ready="${model.worst[0].itemId}"]`).waitFor();
    expect(browser.errors).toEqual([]);
  });
});
