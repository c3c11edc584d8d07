// The steel workspace's review loop in Chromium against `loupe serve`, on the real Severstal samples:
// N / Shift+N go to the next / previous strip that is neither approved nor flagged; leaving a strip with
// an unsaved change saves it; the history panel reverts a class to an earlier revision (a new revision);
// the Severstal CSV and the class masks download from the UI, the CSV identical to `loupe export`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { api, closeWorkstation, openWorkstation, serve, type Served, type TestBrowser } from './browser';
import { hasSharedData, repoRoot, sharedData } from '../helpers/fs';
import { loupe } from '../helpers/cli';
import type { ItemPage, ItemRow } from '../../src/shared/api/types';
import type { SteelItemLabels, SteelRevision } from '../../src/shared/api/steel-types';
import { decodeRle } from '../../src/shared/rle';

const run = promisify(execFile);
const DATASET = 'Severstal samples';
let served: Served;
let browser: TestBrowser;
let page: Page;
let rows: ItemRow[];

const row = (key: string) => rows.find((r) => r.key.startsWith(key))!;
const labelsOf = (itemId: number) => api<SteelItemLabels>(served, 'steel.labels', { itemId });
const pixelCount = async (classId: number) => Number((await page.getByTestId(`class-${classId}-pixels`).innerText()).replace(/[^\d]/g, ''));

async function openStrip(itemId: number): Promise<void> {
  await page.goto(`${served.origin}/#/items/${itemId}`);
  await page.locator(`[data-testid="steel-stage"][data-ready="${itemId}"]`).waitFor();
}

async function waitOpened(itemId: number): Promise<void> {
  await page.waitForURL(`**/#/items/${itemId}`);
  await page.locator(`[data-testid="steel-stage"][data-ready="${itemId}"]`).waitFor();
}

async function screenPoint(x: number, y: number): Promise<{ x: number; y: number }> {
  const stage = page.getByTestId('steel-stage');
  const [scale, ox, oy] = (await stage.getAttribute('data-view'))!.split(',').map(Number);
  const box = (await stage.boundingBox())!;
  return { x: box.x + ox + x * scale, y: box.y + oy + y * scale };
}

beforeAll(async () => {
  if (!hasSharedData) return;
  served = await serve((database) => {
    const images = join(sharedData, 'severstal/train_images');
    const imported = loupe('import', 'severstal', images, '--labels', join(sharedData, 'severstal/train.csv'), '--db', database, '--name', DATASET);
    if (imported.code !== 0) throw new Error(`loupe import failed: ${imported.stderr}`);
  });
  rows = (await api<ItemPage>(served, 'items.page', { datasetId: 1, offset: 0, limit: 20, filter: {} })).rows;
  browser = await openWorkstation(served, { userName: 'E2E Reviewer' });
  page = browser.page;
});
afterAll(() => closeWorkstation(browser, served));

describe.skipIf(!hasSharedData)('reviewing steel strips on the real samples', () => {
  it('N and Shift+N skip the strips already approved or flagged', async () => {
    await api(served, 'reviews.set', { itemId: rows[1].id, state: 'approved' });
    await api(served, 'reviews.set', { itemId: rows[2].id, state: 'flagged' });
    await openStrip(rows[0].id);
    await page.keyboard.press('n');
    await waitOpened(rows[3].id);
    await page.keyboard.press('Shift+N');
    await waitOpened(rows[0].id);
    await page.getByRole('button', { name: 'Next to review' }).click();
    await waitOpened(rows[3].id);
  });

  it('saves an unsaved change when the inspector moves on to the next strip', async () => {
    const strip = row('005b92582'); // no defect
    await openStrip(strip.id);
    await page.getByRole('button', { name: 'Brush', exact: true }).click();
    await page.keyboard.press('2');
    const from = await screenPoint(900, 100);
    const to = await screenPoint(1000, 140);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(to.x, to.y, { steps: 6 });
    await page.mouse.up();
    await expect.poll(() => pixelCount(2)).toBeGreaterThan(0);
    const painted = await pixelCount(2);
    await page.keyboard.press('j');
    await page.waitForURL((url) => !url.hash.endsWith(`/${strip.id}`));
    await expect.poll(async () => decodeRle((await labelsOf(strip.id)).current[1].rle).reduce((a, b) => a + b, 0)).toBe(painted);
    const history = await api<SteelRevision[]>(served, 'steel.history', { itemId: strip.id });
    expect(history[0]).toMatchObject({ classId: 2, source: 'human', author: 'E2E Reviewer', pixels: painted });
  });

  it('reverts a class to an earlier revision from the history panel, as a new revision', async () => {
    const strip = row('0046839bd'); // class 3: 5,253 px
    await openStrip(strip.id);
    expect(await pixelCount(3)).toBe(5253);
    await page.getByRole('button', { name: 'Eraser', exact: true }).click();
    await page.keyboard.press('3');
    const truth = decodeRle((await labelsOf(strip.id)).truth[2].rle);
    const first = truth.indexOf(1);
    const [x, y] = [Math.floor(first / 256), first % 256];
    for (let i = 0; i < 12; i++) await page.keyboard.press(']');
    const p = await screenPoint(x + 8, y + 8);
    await page.mouse.click(p.x, p.y);
    await expect.poll(() => pixelCount(3)).toBeLessThan(5253);
    await page.keyboard.press('Control+s');
    await expect.poll(() => page.getByTestId('save-state').innerText()).toBe('All saved');

    const history = page.getByRole('region', { name: 'History' });
    const truthRow = history.getByRole('listitem', { name: /class 3, Ground truth/ });
    await truthRow.getByRole('button', { name: 'Revert' }).click();
    await expect.poll(() => pixelCount(3)).toBe(5253);
    // The CSV's truth says something about every class (four truth revisions), then the save and the revert.
    await expect.poll(() => history.getByRole('listitem').count()).toBe(6);
    const revisions = (await api<SteelRevision[]>(served, 'steel.history', { itemId: strip.id })).filter((r) => r.classId === 3);
    expect(revisions.map((r) => [r.source, r.pixels, r.current])).toEqual([
      ['human', 5253, true],
      ['human', revisions[1].pixels, false],
      ['truth', 5253, false],
    ]);
    expect((await labelsOf(strip.id)).current[2].rle).toBe((await labelsOf(strip.id)).truth[2].rle);
    // The revert is an edit like any other: Undo takes it back (and leaves it to be saved).
    await page.keyboard.press('Control+z');
    await expect.poll(() => pixelCount(3)).toBe(revisions[1].pixels);
    await page.keyboard.press('Control+y');
    await expect.poll(() => pixelCount(3)).toBe(5253);
  });

  it('downloads the Severstal CSV (the same file as loupe export) and the class masks of the strip', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Severstal CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('Severstal_samples-current.csv');
    const downloaded = readFileSync((await download.path())!, 'utf8');
    const out = join(served.dir, 'cli.csv');
    await run(process.execPath, [join(repoRoot, 'bin/loupe.mjs'), 'export', DATASET, '--format', 'severstal', '--source', 'current', '--db', served.database, '--out', out], { cwd: repoRoot });
    expect(downloaded).toBe(readFileSync(out, 'utf8'));

    const downloads: { name: string; path: string }[] = [];
    page.on('download', async (d) => downloads.push({ name: d.suggestedFilename(), path: (await d.path())! }));
    await page.getByRole('button', { name: 'Class masks (PNG)' }).click();
    await expect.poll(() => downloads.length).toBe(4);
    expect(downloads.map((d) => d.name).sort()).toEqual([1, 2, 3, 4].map((c) => `0046839bd_class${c}.png`));
    const class3 = downloads.find((d) => d.name.endsWith('class3.png'))!;
    const { data, info } = await sharp(class3.path).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([1600, 256]);
    expect(data.filter((v) => v === 255).length / info.channels).toBe(5253);
    expect(browser.errors).toEqual([]);
  });
});
