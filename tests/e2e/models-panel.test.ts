// The Models panel in Chromium against `loupe serve` on the demo workspace: the top bar names the ML
// backend; on the demo steel dataset, Pre-annotate with the starter model finishes and reports its
// prediction count, and again with a TTA set and a time budget reports the plan; Train for one epoch draws a point on the live curves and lists the new version.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../helpers/fs';
import type { Page } from 'playwright-core';
import { api, closeWorkstation, openWorkstation, serve, type Served, type TestBrowser } from './browser';
import type { DatasetCard } from '../../src/shared/api/types';
import type { ModelRegistryView } from '../../src/shared/api/model-types';

let served: Served;
let browser: TestBrowser;
let page: Page;
let steel: DatasetCard;
const LONG = 200_000;

beforeAll(async () => {
  served = await serve();
  steel = (await api<DatasetCard[]>(served, 'datasets.list')).find((d) => d.kind === 'severstal')!;
  browser = await openWorkstation(served, { userName: 'E2E Trainer' });
  page = browser.page;
  await page.goto(`${served.origin}/#/datasets/${steel.id}`);
});
afterAll(() => closeWorkstation(browser, served));

const panel = () => page.getByRole('dialog', { name: `Models of ${steel.name}` });

describe('the Models panel', () => {
  it('names the ML backend in the top bar and says why faster ones did not load', async () => {
    const button = page.getByRole('button', { name: /^ML backend: (tfjs-node-gpu|tfjs-node|wasm|cpu)$/ });
    await button.waitFor({ timeout: 60_000 });
    await button.click();
    const details = page.getByRole('region', { name: 'ML backend details' });
    await details.waitFor();
    const name = (await button.getAttribute('aria-label'))!;
    if (!name.endsWith('tfjs-node-gpu')) expect(await details.textContent()).toMatch(/tfjs-node-gpu did not load/);
    await button.click();
  });

  it('pre-annotates the demo steel dataset with the starter model', async () => {
    await page.getByRole('button', { name: 'Models of this dataset' }).click();
    await panel().waitFor();
    await panel().getByRole('table', { name: 'Model versions' }).waitFor();
    await panel().getByRole('button', { name: 'Pre-annotate' }).click();
    const result = panel().getByRole('status', { name: 'Pre-annotation result' });
    await result.waitFor({ timeout: LONG });
    expect(await result.textContent()).toMatch(new RegExp(`${steel.items} items predicted by model:`));
    expect(await panel().getByRole('progressbar', { name: 'Pre-annotation progress' }).getAttribute('aria-valuenow')).toBe(String(100));
    const registry = await api<ModelRegistryView>(served, 'models.list', { datasetId: steel.id });
    expect(registry.sources.length).toBeGreaterThan(0);
  }, LONG);

  it('pre-annotates again with a TTA set and a time budget, and the result names both', async () => {
    await panel().getByLabel('TTA').selectOption('flips');
    await panel().getByLabel('Time budget (min)').fill('10');
    await panel().getByRole('button', { name: 'Pre-annotate' }).click();
    const result = panel().getByRole('status', { name: 'Pre-annotation result' });
    await expect.poll(async () => result.textContent(), { timeout: LONG }).toMatch(/Plan: .*budget 10 min/);
    // Which level fits depends on this machine's pace: any level up to the one chosen is right.
    expect(await result.textContent()).toMatch(/Plan: (no TTA|hflip TTA|flips TTA) \(about .* for \d+ items; budget 10 min\)/);
  }, LONG);

  it('trains one epoch with live curves and lists the new version', async () => {
    const before = await api<ModelRegistryView>(served, 'models.list', { datasetId: steel.id });
    await panel().getByLabel('Epochs').fill('1');
    await panel().getByLabel('Minutes').fill('1');
    await panel().getByRole('button', { name: 'Train', exact: true }).click();
    await panel().getByRole('status', { name: /^Training curves: [1-9]\d* epochs$/ }).waitFor({ timeout: LONG });
    expect(await panel().locator('figure canvas').count()).toBeGreaterThan(0);
    const result = panel().getByRole('status', { name: 'Training result' });
    await result.waitFor({ timeout: LONG });
    const after = await api<ModelRegistryView>(served, 'models.list', { datasetId: steel.id });
    const added = after.versions.filter((v) => !before.versions.some((b) => b.version === v.version));
    expect(added).toHaveLength(1);
    expect(await result.textContent()).toContain(added[0].version);
    // The version's cell also holds its details toggle; the name is its own text.
    await panel().getByRole('table', { name: 'Model versions' }).getByText(added[0].version, { exact: true }).waitFor();
    mkdirSync(join(repoRoot, 'docs/screenshots'), { recursive: true });
    await page.screenshot({ path: join(repoRoot, 'docs/screenshots/models-panel.png') });
    expect(browser.errors).toEqual([]);
  }, LONG);
});
