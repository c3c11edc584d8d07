// The CT workspace on the real series of ../shared/data/ct_series (LOUPE_SHARED_DATA overrides): every series
// shows its slices in the order INVENTORY.md lists (position along the normal, not file names or instance
// numbers), a window key changes real pixels, key 2 and a strip drag label real slices, and the export holds
// exactly those rows. Also takes docs/screenshots/ct-2x2.png: the 2×2 windows on a real axial head slice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { api, closeWorkstation, openWorkstation, serve, type Served, type TestBrowser } from './browser';
import { importCt, pressAndWaitForSlice, stripCell } from './ct-helpers';
import { hasSharedData, repoRoot, sharedData } from '../helpers/fs';
import { loupe } from '../helpers/cli';
import type { CtSeriesTree, CtSeriesView } from '../../src/shared/api/ct-types';
import { flattenSeries } from '../../src/shared/ct-series';

if (!hasSharedData) console.warn(`[ct e2e] ${sharedData} is absent: the CT workspace tests on real series are SKIPPED`);

/** Each series section of INVENTORY.md with its "Order by position along normal (ascending)" list, as slice keys. */
function inventoryOrders(): { name: string; keys: string[] }[] {
  const text = readFileSync(join(sharedData, 'INVENTORY.md'), 'utf8');
  const part = text.slice(text.indexOf('## CT series'), text.indexOf('\n## ', text.indexOf('## CT series') + 5));
  return [...part.matchAll(/### (\S+)[\s\S]*?Order by position along normal \(ascending\): \[([^\]]*)\]/g)].map((m) => ({
    name: m[1],
    keys: [...m[2].matchAll(/'([^']+)'/g)].map((k) => k[1].replace(/\.dcm$/i, '')),
  }));
}

describe.skipIf(!hasSharedData)('the CT workspace on the real series of ../shared/data', () => {
  let served: Served;
  let browser: TestBrowser;
  let page: Page;
  let samples = 0;
  let head = 0;

  beforeAll(async () => {
    served = await serve(async (database) => {
      samples = await importCt(database, join(sharedData, 'ct_series'), 'CT samples');
      const folder = join(database, '..', 'head-693');
      mkdirSync(folder, { recursive: true });
      copyFileSync(join(sharedData, 'dicom/pydicom-data__693_UNCR.dcm'), join(folder, 'pydicom-data__693_UNCR.dcm'));
      head = await importCt(database, folder, 'Head CT 693');
    });
    browser = await openWorkstation(served, { userName: 'Real Data Annotator' });
    page = browser.page;
  });
  afterAll(() => closeWorkstation(browser, served));

  const canvas = () => page.locator('.ct-workspace canvas[data-shown]');
  const keyOf = async () => (await canvas().getAttribute('aria-label'))!.split(', ').pop()!;
  const firstSlices = async (datasetId: number) => flattenSeries((await api<CtSeriesTree>(served, 'ct.seriesTree', { datasetId })).patients);

  it('shows every series in the order INVENTORY.md lists', async () => {
    const orders = inventoryOrders();
    expect(orders.map((o) => o.name).sort()).toEqual(['pydicom_dicomdirtests_cardiac_CT5N', 'pydicom_dicomdirtests_head_CT2', 'rtutils_ct_phantom_5slices']);
    expect(orders.find((o) => o.name.endsWith('CT5N'))!.keys).toEqual(['3353', '3023', '2693', '2392', '2062']);
    const series = await firstSlices(samples);
    expect(series).toHaveLength(3);
    for (const s of series) {
      await page.goto(`${served.origin}/#/items/${s.firstItemId}`);
      await page.locator(`.ct-workspace canvas[data-shown="${s.firstItemId}"]`).waitFor();
      const seen = [await keyOf()];
      for (let i = 1; i < s.slices; i++) {
        await pressAndWaitForSlice(page, 'ArrowDown');
        seen.push(await keyOf());
      }
      const listed = orders.find((o) => o.keys.includes(seen[0]));
      expect(listed, `a series of INVENTORY.md starting with ${seen[0]}`).toBeDefined();
      expect(seen).toEqual(listed!.keys);
      await page.waitForURL(`**/#/items/${await canvas().getAttribute('data-shown')}`); // the address follows the slice in view
    }
  });

  it('changes the pixels of a real 512² slice with a window preset key', async () => {
    const phantom = (await firstSlices(samples)).find((s) => s.seriesDescription === 'PHANTOM_EXAMPLE')!;
    await page.goto(`${served.origin}/#/items/${phantom.firstItemId}`);
    await page.locator(`.ct-workspace canvas[data-shown="${phantom.firstItemId}"][data-view="40/80"]`).waitFor();
    const brain = await canvas().screenshot();
    await page.keyboard.press('F2');
    await page.locator('.ct-workspace canvas[data-view="80/200"]').waitFor();
    expect((await canvas().screenshot()).equals(brain)).toBe(false);
    await page.keyboard.press('F1');
    await page.locator('.ct-workspace canvas[data-view="40/80"]').waitFor();
  });

  it('labels real slices with key 2 and a drag on the strip, and exports exactly those rows', async () => {
    const phantom = (await firstSlices(samples)).find((s) => s.seriesDescription === 'PHANTOM_EXAMPLE')!;
    const view = () => api<CtSeriesView>(served, 'ct.series', { datasetId: samples, seriesUid: phantom.seriesUid });
    const keys = (await view()).slices.map((s) => s.key);
    await page.keyboard.press('2');
    await page.getByRole('status', { name: 'Any haemorrhage: yes' }).waitFor();
    await page.keyboard.press('Control+s');
    await expect.poll(async () => (await view()).slices[0].bits).toBe(2);
    const from = await stripCell(page, 1, 4);
    const to = await stripCell(page, 3, 4);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(to.x, to.y, { steps: 5 });
    await page.mouse.up();
    await expect.poll(async () => (await view()).slices.map((s) => s.bits)).toEqual([2, 16, 16, 16, null]);

    const out = join(served.dir, 'samples.csv');
    const cli = loupe('export', 'CT samples', '--format', 'rsna', '--source', 'current', '--db', served.database, '--out', out);
    expect(cli.code, cli.stderr).toBe(0);
    const rows = (bits: number, key: string) =>
      ['epidural', 'intraparenchymal', 'intraventricular', 'subarachnoid', 'subdural', 'any'].map((l, i) => `${key}_${l},${l === 'any' ? 1 : (bits >> i) & 1}`);
    expect(readFileSync(out, 'utf8').trim().split('\n')).toEqual(['ID,Label', ...rows(2, keys[0]), ...rows(16, keys[1]), ...rows(16, keys[2]), ...rows(16, keys[3])]);
  });

  it('shows the 2×2 windows on a real axial head slice (docs/screenshots/ct-2x2.png)', async () => {
    const [slice] = await firstSlices(head);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto(`${served.origin}/#/items/${slice.firstItemId}`);
    await page.locator(`.ct-workspace canvas[data-shown="${slice.firstItemId}"]`).waitFor();
    const panel = page.getByRole('button', { name: 'Series panel' });
    if ((await panel.getAttribute('aria-pressed')) === 'false') await panel.click();
    await page.keyboard.press('g');
    await page.locator('.ct-workspace canvas[data-view="grid"]').waitFor();
    await page.getByText('Composite · RGB').waitFor();
    mkdirSync(join(repoRoot, 'docs/screenshots'), { recursive: true });
    await page.screenshot({ path: join(repoRoot, 'docs/screenshots/ct-2x2.png') });
    await page.keyboard.press('F1');
    await page.setViewportSize({ width: 1440, height: 860 });
  });

  it('left no errors in the page', () => {
    expect(browser.errors).toEqual([]);
  });
});
