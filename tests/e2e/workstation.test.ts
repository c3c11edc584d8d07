// The real renderer in Chromium against `loupe serve`: the demo workspace on first start, each dataset,
// items by deep link with their pixels on screen, the keyboard, the real samples imported through the
// import dialog, and the token that guards it all.
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { Page, Route } from 'playwright-core';
import { api, centreSpread, closeWorkstation, gate, openWorkstation, serve, type Served, type TestBrowser } from './browser';
import { pressAndWaitForSlice, shownItem } from './ct-helpers';
import { hasSharedData, repoRoot, sharedData } from '../helpers/fs';
import type { DatasetCard, ItemDetail, ItemPage } from '../../src/shared/api/types';
import type { CtSeriesTree, CtSeriesView } from '../../src/shared/api/ct-types';
import { flattenSeries } from '../../src/shared/ct-series';

const SCREENSHOTS = join(repoRoot, 'docs/screenshots');
let served: Served;
let browser: TestBrowser;
let page: Page;
/** The arguments of a request to the api, as a route handler sees them. */
const argsOf = (route: Route) => JSON.parse(route.request().postData() ?? '{}') as { itemId?: number; datasetId?: number };
/** Pixel routes (strip images, slice HU) the page asked for, in order. */
const pixelRequests: string[] = [];

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  served = await serve();
  browser = await openWorkstation(served);
  page = browser.page;
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (/^\/bin\/items\/\d+\/(image|hu)$/.test(url.pathname)) pixelRequests.push(url.pathname + url.search);
  });
});
afterAll(() => closeWorkstation(browser, served));

const datasetNamed = async (name: string) => (await api<DatasetCard[]>(served, 'datasets.list')).find((d) => d.name === name)!;
const itemDetails = (itemId: number) => api<ItemDetail>(served, 'items.get', { itemId });
const firstItem = async (datasetId: number, filter: object = {}) =>
  (await api<ItemPage>(served, 'items.page', { datasetId, offset: 0, limit: 1, filter })).rows[0];

/** Opens an item by its address and waits until the canvas has drawn it. */
async function openByDeepLink(itemId: number): Promise<void> {
  await page.goto(`${served.origin}/#/items/${itemId}`);
  await page.locator(`canvas[data-shown="${itemId}"]`).waitFor();
}

/** Pixel routes asked for more than once since the list was last emptied: nothing fetches pixels twice, or pixels nothing draws. */
function askedTwice(): string[] {
  return [...new Set(pixelRequests.filter((path, i) => pixelRequests.indexOf(path) !== i))];
}

async function viewerPng(): Promise<Buffer> {
  return page.getByRole('region', { name: 'Viewer' }).locator('canvas').screenshot();
}

describe('first start', () => {
  it('asks the name of the person once and keeps it', async () => {
    await page.goto(served.url);
    const dialog = page.getByRole('dialog', { name: 'Who is reviewing?' });
    await dialog.waitFor();
    await dialog.getByLabel('Your name').fill('E2E Inspector');
    await dialog.getByRole('button', { name: 'Continue' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(async () => (await api<{ userName: string; userNameConfirmed: boolean }>(served, 'settings.get')).userName).toBe('E2E Inspector');
    await page.reload();
    await page.getByRole('button', { name: /Signed as E2E Inspector/ }).waitFor();
    expect(await page.getByRole('dialog', { name: 'Who is reviewing?' }).count()).toBe(0);
  });

  it('lists the demo workspace: a steel and a head-CT dataset, with their counts', async () => {
    const table = page.getByRole('table', { name: 'Datasets' });
    await table.getByRole('link', { name: /^Demo steel strips/ }).waitFor();
    await table.getByRole('link', { name: /^Demo head CT/ }).waitFor();
    const steel = await datasetNamed('Demo steel strips');
    expect(steel.items).toBeGreaterThan(0);
    await expect.poll(() => table.getByRole('row', { name: /Demo steel strips/ }).innerText()).toContain(String(steel.items));
    await page.screenshot({ path: join(SCREENSHOTS, 'datasets.png') });
  });
});

describe('the datasets', () => {
  for (const name of ['Demo steel strips', 'Demo head CT']) {
    it(`opens "${name}" with its items listed`, async () => {
      await page.goto(served.url.replace(/\/\?token=.*$/, '/#/'));
      await page.getByRole('table', { name: 'Datasets' }).getByRole('link', { name: new RegExp(`^${name}`) }).click();
      const list = page.getByRole('listbox', { name: 'Items' });
      await list.getByRole('option').first().waitFor();
      const dataset = await datasetNamed(name);
      await page.getByRole('status').filter({ hasText: `${dataset.items} items` }).waitFor();
      const first = await firstItem(dataset.id);
      await list.getByRole('option', { name: first.key }).waitFor();
    });
  }
});

describe('the viewer', () => {
  it('shows a steel strip opened by deep link, with real pixels in the centre', async () => {
    const steel = await datasetNamed('Demo steel strips');
    const item = await firstItem(steel.id, { label: '3' });
    pixelRequests.length = 0;
    await openByDeepLink(item.id);
    await page.getByRole('option', { name: item.key, selected: true }).waitFor();
    expect(await centreSpread(await viewerPng(), 0.5, 0.08)).toBeGreaterThan(2);
    expect(pixelRequests).toContain(`/bin/items/${item.id}/image?window=brain`);
    expect(askedTwice()).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'steel.png') });
  });

  it('shows a CT slice opened by deep link, windowed in the renderer', async () => {
    const ct = await datasetNamed('Demo head CT');
    const item = await firstItem(ct.id, { label: 'any' });
    pixelRequests.length = 0;
    await openByDeepLink(item.id);
    await page.getByRole('button', { name: 'Brain' }).waitFor();
    expect(await centreSpread(await viewerPng(), 0.3)).toBeGreaterThan(2);
    expect(pixelRequests).toContain(`/bin/items/${item.id}/hu?frame=0`);
    expect(askedTwice()).toEqual([]);
    const brain = await viewerPng();
    await page.getByRole('button', { name: 'Bone' }).click();
    await expect.poll(async () => (await viewerPng()).equals(brain)).toBe(false);
    await page.getByRole('button', { name: 'Brain' }).click();
    await page.screenshot({ path: join(SCREENSHOTS, 'ct.png') });
  });

  it('moves to the next and previous item with J / K and the arrows', async () => {
    const ct = await datasetNamed('Demo head CT');
    const rows = (await api<ItemPage>(served, 'items.page', { datasetId: ct.id, offset: 0, limit: 3 })).rows;
    await openByDeepLink(rows[1].id);
    await page.getByRole('option', { name: rows[1].key, selected: true }).waitFor();
    await page.keyboard.press('j');
    await page.waitForURL(`**/#/items/${rows[2].id}`);
    await page.locator(`canvas[data-shown="${rows[2].id}"]`).waitFor();
    await page.keyboard.press('ArrowUp');
    await page.waitForURL(`**/#/items/${rows[1].id}`);
    await page.keyboard.press('k');
    await page.waitForURL(`**/#/items/${rows[0].id}`);
    await page.getByRole('option', { name: rows[0].key, selected: true }).waitFor();
  });

  it('records a review signed with the person’s name', async () => {
    const steel = await datasetNamed('Demo steel strips');
    const item = await firstItem(steel.id);
    await openByDeepLink(item.id);
    await page.getByRole('button', { name: /^Approve/ }).click();
    await expect.poll(async () => (await firstItem(steel.id)).review).toBe('approved');
    await expect.poll(async () => (await datasetNamed('Demo steel strips')).reviewed).toBe(1);
  });
});

describe('links that arrive while the workstation is busy', () => {
  it('opens a deep-linked strip given while the CT workspace is opening, its first slice due in the address and its list page on the way', async () => {
    const ct = await datasetNamed('Demo head CT');
    const steel = await datasetNamed('Demo steel strips');
    const strip = await firstItem(steel.id, { label: '3' });
    const other = await browser.context.newPage();
    // The page's timers run on a clock this test moves, so that the CT workspace's "the address follows the
    // slice in view" write is due while the strip's details are on their way, whatever the machine's speed.
    await other.clock.install();
    const seriesAsked = gate();
    const seriesReply = gate();
    await other.route('**/api/ct.series', async (route) => {
      seriesAsked.open();
      await seriesReply.promise;
      await route.continue();
    });
    const ctPageReply = gate();
    await other.route('**/api/items.page', async (route) => {
      if (argsOf(route).datasetId === ct.id) await ctPageReply.promise;
      await route.continue();
    });
    const stripReplies = gate();
    await other.route(/\/api\/items\.(get|locate)$/, async (route) => {
      if (argsOf(route).itemId === strip.id) await stripReplies.promise;
      await route.continue();
    });

    await other.goto(`${served.origin}/#/datasets/${ct.id}`);
    await seriesAsked.promise;
    await other.clock.pauseAt((await other.evaluate(() => Date.now())) + 1_000);
    seriesReply.open();
    await other.locator('.ct-workspace canvas[data-shown]').waitFor(); // its first slice is in view: the write is due in 250 ms
    await other.evaluate((id) => (window.location.hash = `#/items/${id}`), strip.id);
    await other.clock.runFor(2_000);
    expect(new URL(other.url()).hash).toBe(`#/items/${strip.id}`);
    await other.clock.resume();

    stripReplies.open();
    await other.locator(`canvas[data-shown="${strip.id}"]`).waitFor();
    await other.getByRole('status').filter({ hasText: `${steel.items} items` }).waitFor();
    const stalePage = other.waitForResponse((response) => response.url().endsWith('/api/items.page') && argsOf({ request: () => response.request() } as Route).datasetId === ct.id);
    ctPageReply.open(); // the CT list's first page, asked for before the link, arrives last
    await (await stalePage).finished();
    await other.getByRole('option', { name: strip.key, selected: true }).waitFor();
    expect(await other.getByRole('status').filter({ hasText: `${steel.items} items` }).count()).toBe(1);
    expect(new URL(other.url()).hash).toBe(`#/items/${strip.id}`);
    await other.close();
  });

  /** Holds items.get (the details the workstation asks for once the address names an item) for every item but one. */
  async function holdDetailsBut(itemId: number) {
    const asked = gate();
    const reply = gate();
    const handler = async (route: Route) => {
      if (argsOf(route).itemId !== itemId) {
        asked.open();
        await reply.promise;
      }
      await route.continue();
    };
    await page.route('**/api/items.get', handler);
    onTestFinished(async () => {
      reply.open();
      await page.unroute('**/api/items.get', handler);
    });
    return { asked: asked.promise, open: reply.open };
  }

  it('writes the slice a key moved back to into the address while the details of the one it left are on their way', async () => {
    const ct = await datasetNamed('Demo head CT');
    const [start] = (await api<ItemPage>(served, 'items.page', { datasetId: ct.id, offset: 0, limit: 1 })).rows;
    await openByDeepLink(start.id);
    await page.getByRole('option', { name: start.key, selected: true }).waitFor();
    const details = await holdDetailsBut(start.id);
    const next = await pressAndWaitForSlice(page, 'j');
    await page.waitForURL(`**/#/items/${next}`); // the address follows the slice in view…
    await details.asked; // …and the workstation asked for that slice's details, which are held
    expect(await pressAndWaitForSlice(page, 'k')).toBe(start.id);
    await page.waitForURL(`**/#/items/${start.id}`); // the slice the key moved back to is written too
    details.open();
    await page.getByRole('option', { name: start.key, selected: true }).waitFor();
    expect(await shownItem(page)).toBe(start.id);
    expect(new URL(page.url()).hash).toBe(`#/items/${start.id}`);
  });

  it('shows the slice a link names when the address had moved on from it to a slice whose details are on their way', async () => {
    const ct = await datasetNamed('Demo head CT');
    const [start] = (await api<ItemPage>(served, 'items.page', { datasetId: ct.id, offset: 0, limit: 1 })).rows;
    await openByDeepLink(start.id);
    await page.getByRole('option', { name: start.key, selected: true }).waitFor();
    const details = await holdDetailsBut(start.id);
    const next = await pressAndWaitForSlice(page, 'j');
    await page.waitForURL(`**/#/items/${next}`);
    await details.asked;
    await page.goto(`${served.origin}/#/items/${start.id}`); // a link back to the slice the workspace was last handed
    await page.locator(`.ct-workspace canvas[data-shown="${start.id}"]`).waitFor();
    details.open();
    await page.getByRole('option', { name: start.key, selected: true }).waitFor();
    expect(await shownItem(page)).toBe(start.id);
    expect(new URL(page.url()).hash).toBe(`#/items/${start.id}`);
  });
});

describe('a series on its way', () => {
  /** The demo head CT's first two series, each with its slices' item ids in position order. */
  async function twoSeries() {
    const ct = await datasetNamed('Demo head CT');
    const [one, two] = flattenSeries((await api<CtSeriesTree>(served, 'ct.seriesTree', { datasetId: ct.id })).patients);
    const slicesOf = async (seriesUid: string) => (await api<CtSeriesView>(served, 'ct.series', { datasetId: ct.id, seriesUid })).slices.map((s) => s.itemId);
    return { one: await slicesOf(one.seriesUid), two: await slicesOf(two.seriesUid) };
  }

  /** Holds the series the workstation asks for by a slice's item id until the test opens the gate. */
  async function holdSeriesOf(itemId: number) {
    const asked = gate();
    const reply = gate();
    const handler = async (route: Route) => {
      if (argsOf(route).itemId === itemId) {
        asked.open();
        await reply.promise;
      }
      await route.continue();
    };
    await page.route('**/api/ct.series', handler);
    onTestFinished(async () => {
      reply.open();
      await page.unroute('**/api/ct.series', handler);
    });
    return { asked: asked.promise, open: reply.open };
  }

  it('moves on from a linked slice of another series with J pressed before that series has arrived', async () => {
    const { one, two } = await twoSeries();
    await openByDeepLink(one[0]);
    const held = await holdSeriesOf(two[0]);
    await page.goto(`${served.origin}/#/items/${two[0]}`);
    await held.asked;
    await page.keyboard.press('j'); // the person asked for the linked slice, then for the one after it
    held.open();
    await page.waitForURL(`**/#/items/${two[1]}`);
    await page.locator(`.ct-workspace canvas[data-shown="${two[1]}"]`).waitFor();
    await page.getByRole('option', { name: (await itemDetails(two[1])).key, selected: true }).waitFor();
  });

  it('keeps the slice the reader moved to when the open series, fetched anew after a change elsewhere, arrives', async () => {
    const { one } = await twoSeries();
    await openByDeepLink(one[0]);
    const asked = gate();
    const reply = gate();
    const handler = async (route: Route) => {
      if ((JSON.parse(route.request().postData() ?? '{}') as { overview?: boolean }).overview === true) {
        asked.open();
        await reply.promise;
      }
      await route.continue();
    };
    await page.route('**/api/ct.series', handler);
    onTestFinished(async () => {
      reply.open();
      await page.unroute('**/api/ct.series', handler);
    });
    await api(served, 'reviews.set', { itemId: one[1], state: 'flagged' }); // another window flags the next slice…
    await asked; // …so the workspace fetches the series anew
    expect(await pressAndWaitForSlice(page, 'ArrowDown')).toBe(one[1]); // the reader moves on meanwhile
    reply.open();
    await page.getByRole('button', { name: /^Flag slice/, pressed: true }).waitFor(); // the new series, on the slice the reader is at
    expect(await shownItem(page)).toBe(one[1]);
    await page.waitForURL(`**/#/items/${one[1]}`);
  });

  it('stays on a slice of the open series linked while another series was on its way', async () => {
    const { one, two } = await twoSeries();
    await openByDeepLink(one[0]);
    const held = await holdSeriesOf(two[0]);
    const stale = page.waitForResponse((response) => response.url().endsWith('/api/ct.series') && argsOf({ request: () => response.request() } as Route).itemId === two[0]);
    await page.goto(`${served.origin}/#/items/${two[0]}`);
    await held.asked;
    await page.goto(`${served.origin}/#/items/${one[2]}`); // another row, of the series on screen, before the first one's series came
    await page.locator(`.ct-workspace canvas[data-shown="${one[2]}"]`).waitFor();
    held.open();
    await (await stale).finished();
    // Nothing is on its way any more: the series asked for first was dropped, not shown.
    await page.locator('.ct-workspace section[aria-label="Viewer"]:not([aria-busy="true"])').waitFor();
    expect(await shownItem(page)).toBe(one[2]);
    expect(new URL(page.url()).hash).toBe(`#/items/${one[2]}`);
  });
});

describe.skipIf(!hasSharedData)('importing the real samples through the import dialog', () => {
  async function importThroughDialog(kind: 'Steel strips · Severstal' | 'Head CT · RSNA', folder: string, csv: string | null, name: string) {
    await page.goto(served.url.replace(/\/\?token=.*$/, '/#/'));
    await page.getByRole('button', { name: 'Import dataset…' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Import dataset' });
    await dialog.getByRole('button', { name: kind }).click();
    await dialog.getByLabel(/^Folder of/).fill(folder);
    if (csv) await dialog.getByLabel(/^Label CSV/).fill(csv);
    await dialog.getByLabel('Dataset name').fill(name);
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    await dialog.getByRole('button', { name: 'Open dataset' }).waitFor();
    const status = await dialog.getByRole('status').innerText();
    const reported = await dialog.locator('details > summary').allInnerTexts(); // warnings and files left out
    await dialog.getByRole('button', { name: 'Open dataset' }).click();
    await page.getByRole('listbox', { name: 'Items' }).getByRole('option').first().waitFor();
    return { status, reported };
  }

  it('imports the Severstal samples and shows them', async () => {
    const { status, reported } = await importThroughDialog('Steel strips · Severstal', join(sharedData, 'severstal/train_images'), join(sharedData, 'severstal/train.csv'), 'Severstal samples');
    // The old-form train.csv has four rows for each of the ten strips: all ten are labelled (three defect-free).
    expect(status).toMatch(/10 images in “Severstal samples”, 10 with labels\./);
    expect(reported).toEqual([]);
    const dataset = await datasetNamed('Severstal samples');
    expect(dataset.items).toBe(10);
    const item = await firstItem(dataset.id, { label: '4' });
    await page.getByRole('option', { name: item.key }).click();
    await page.locator(`canvas[data-shown="${item.id}"]`).waitFor();
    expect(await centreSpread(await viewerPng(), 0.5, 0.08)).toBeGreaterThan(2);
  });

  it('imports the CT sample series and shows them', async () => {
    const { status, reported } = await importThroughDialog('Head CT · RSNA', join(sharedData, 'ct_series'), null, 'CT samples');
    expect(status).toMatch(/14 slices in “CT samples”/);
    // The nine 16×16 slices are imported, and listed as unlike head-CT slices.
    expect(reported).toEqual(['9 files look unlike head-CT slices (imported all the same)']);
    await page.goto(served.url.replace(/\/\?token=.*$/, '/#/'));
    const table = page.getByRole('table', { name: 'Datasets' });
    await table.getByRole('link', { name: /^Severstal samples/ }).waitFor();
    await table.getByRole('link', { name: /^CT samples/ }).waitFor();
  });
});

describe('the access token', () => {
  it('is needed for the page, the api, the pixels and the event socket', async () => {
    expect((await fetch(`${served.origin}/`)).status).toBe(401);
    expect((await fetch(`${served.origin}/api/datasets.list`, { method: 'POST', body: '{}' })).status).toBe(401);
    expect((await fetch(`${served.origin}/bin/items/1/thumbnail`)).status).toBe(401);
    expect((await fetch(`${served.origin}/?token=wrong`)).status).toBe(403);
    const refused = await new Promise<number>((resolve) => {
      const socket = new WebSocket(`${served.origin.replace('http', 'ws')}/events`);
      socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      socket.once('open', () => resolve(101));
    });
    expect(refused).toBe(401);
  });

  it('shows a locked page to a browser without it', async () => {
    await browser.context.clearCookies();
    const other = await browser.context.newPage();
    const response = await other.goto(`${served.origin}/`);
    expect(response?.status()).toBe(401);
    await other.getByRole('heading', { name: /locked/ }).waitFor();
    await other.close();
  });

  it('left no errors in the page', () => {
    expect(browser.errors).toEqual([]);
  });
});
