// Two people on one store, in two Chromiums: two `loupe serve` hosts on one database file (two PCs), one for
// Ana and one for Ben. Both open the same strip — Ben sees it is being edited by Ana, in the list and on the
// strip; Ana saves classes 1 and 3; Ben's save of the same classes is refused and shows the conflict view; Ben
// merges by class (class 1 theirs, class 3 mine) and the export holds exactly that merge.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { api, closeWorkstation, openWorkstation, serve, type Served, type TestBrowser } from './browser';
import { repoRoot } from '../helpers/fs';
import type { DatasetCard, ItemPage } from '../../src/shared/api/types';
import type { SteelItemLabels } from '../../src/shared/api/steel-types';
import { decodeRle } from '../../src/shared/rle';

const run = promisify(execFile);
const W = 1600;
const H = 256;

let anaHost: Served;
let benHost: Served;
let ana: TestBrowser;
let ben: TestBrowser;
let dataset: DatasetCard;
let stripId: number;

const at = (mask: Uint8Array, x: number, y: number) => mask[x * H + y];
const current = async (classId: number) =>
  (await api<SteelItemLabels>(anaHost, 'steel.labels', { itemId: stripId })).current.find((c) => c.classId === classId)!.rle;

async function openStrip(page: Page, host: Served): Promise<void> {
  await page.goto(`${host.origin}/#/items/${stripId}`);
  await page.locator(`[data-testid="steel-stage"][data-ready="${stripId}"]`).waitFor();
  await page.locator(`canvas[data-shown="${stripId}"]`).waitFor();
}

/** A brush stroke of class `classId` along row y from x0 to x1 (image pixels). */
async function paint(page: Page, classId: number, y: number, x0: number, x1: number): Promise<void> {
  await page.keyboard.press('b');
  await page.keyboard.press(String(classId));
  const stage = page.getByTestId('steel-stage');
  const [scale, ox, oy] = (await stage.getAttribute('data-view'))!.split(',').map(Number);
  const box = (await stage.boundingBox())!;
  const point = (x: number) => ({ x: box.x + ox + x * scale, y: box.y + oy + y * scale });
  await page.mouse.move(point(x0).x, point(x0).y);
  await page.mouse.down();
  await page.mouse.move(point(x1).x, point(x1).y, { steps: 12 });
  await page.mouse.up();
}

/** `loupe export --source current` of the shared database: one class's mask of the strip. */
async function exported(key: string, classId: number): Promise<Uint8Array> {
  const out = join(anaHost.dir, `export-${classId}.csv`);
  await run(process.execPath, [join(repoRoot, 'bin/loupe.mjs'), 'export', dataset.name, '--format', 'severstal', '--source', 'current', '--db', anaHost.database, '--out', out], { cwd: repoRoot });
  const row = readFileSync(out, 'utf8')
    .split('\n')
    .find((line) => line.startsWith(`${key},${classId},`));
  return decodeRle(row ? row.split(',')[2] : '', W, H);
}

beforeAll(async () => {
  anaHost = await serve(undefined, { args: ['--user', 'Ana'] });
  benHost = await serve(undefined, { database: anaHost.database, args: ['--user', 'Ben', '--no-demo'] });
  dataset = (await api<DatasetCard[]>(anaHost, 'datasets.list')).find((d) => d.kind === 'severstal')!;
  stripId = (await api<ItemPage>(anaHost, 'items.page', { datasetId: dataset.id, offset: 0, limit: 1 })).rows[0].id;
  ana = await openWorkstation(anaHost);
  ben = await openWorkstation(benHost);
});
afterAll(async () => {
  await closeWorkstation(ben, benHost);
  await closeWorkstation(ana, anaHost);
});

it('the second save of the same strip gets the conflict view, and the merge by class is what is exported', async () => {
  await openStrip(ana.page, anaHost);
  await expect.poll(async () => (await api<{ claim: { user: string } | null }>(benHost, 'claims.of', { itemId: stripId })).claim?.user).toBe('Ana');

  await openStrip(ben.page, benHost);
  await ben.page.getByTestId('claim-notice').filter({ hasText: 'Being edited by Ana' }).waitFor();
  await ben.page.getByTestId('row-claim').filter({ hasText: 'being edited by Ana' }).first().waitFor();

  await paint(ana.page, 1, 60, 200, 320);
  await paint(ana.page, 3, 180, 400, 520);
  await ana.page.keyboard.press('Control+s');
  await ana.page.getByTestId('steel-message').filter({ hasText: 'Saved class 1, 3' }).waitFor();
  const anaClass1 = await current(1);
  const anaClass3 = await current(3);

  await paint(ben.page, 1, 60, 800, 920);
  await paint(ben.page, 3, 180, 1000, 1120);
  await ben.page.keyboard.press('Control+s');
  const conflict = ben.page.getByTestId('save-conflict');
  await conflict.filter({ hasText: 'Ana saved' }).waitFor();
  expect(await conflict.locator('tbody tr').count()).toBe(2);
  // Nothing of Ben's was written by the refused save.
  expect([await current(1), await current(3)]).toEqual([anaClass1, anaClass3]);

  await ben.page.getByLabel('Class 1: keep theirs').check();
  await ben.page.getByLabel('Class 3: keep mine').check();
  await conflict.getByRole('button', { name: /Save merge/ }).click();
  await ben.page.getByTestId('steel-message').filter({ hasText: "on top of Ana's" }).waitFor();
  await conflict.waitFor({ state: 'detached' });

  const key = (await api<ItemPage>(anaHost, 'items.page', { datasetId: dataset.id, offset: 0, limit: 1 })).rows[0].key;
  const class1 = await exported(key, 1);
  const class3 = await exported(key, 3);
  // Class 1 is Ana's (her stroke, not Ben's); class 3 is Ben's (his stroke, not Ana's).
  expect([at(class1, 260, 60), at(class1, 860, 60)]).toEqual([1, 0]);
  expect([at(class3, 1060, 180), at(class3, 460, 180)]).toEqual([1, 0]);
  expect(await current(1)).toBe(anaClass1);
  // Ana's revisions stay in the history, under Ben's merge.
  const history = await api<{ classId: number; author: string; source: string }[]>(anaHost, 'steel.history', { itemId: stripId });
  expect(history.filter((r) => r.source === 'human').map((r) => [r.classId, r.author])).toEqual([
    [3, 'Ben'],
    [3, 'Ana'],
    [1, 'Ana'],
  ]);
  expect([...ana.errors, ...ben.errors]).toEqual([]);
});
