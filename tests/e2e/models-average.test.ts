// The Models panel's 'Average versions…' dialog in Chromium against `loupe serve` on the demo workspace: with the
// steel starter and a tiny ONNX steel version registered, picking one version only is refused in the dialog; a
// TTA set the ONNX version cannot run is refused by main with the version named, and nothing is registered;
// picking both with a weight and a TTA set each makes the averaged version, which the registry lists with its
// members (weights normalised, in the list's order: the topmost's thresholds apply) in its details.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { api, closeWorkstation, openWorkstation, serve, type Served, type TestBrowser } from './browser';
import type { DatasetCard } from '../../src/shared/api/types';
import type { ModelRegistryView } from '../../src/shared/api/model-types';
import { repoRoot } from '../helpers/fs';

const fixture = (name: string) => join(repoRoot, 'tests/fixtures/onnx', name);
let served: Served;
let browser: TestBrowser;
let page: Page;
let steel: DatasetCard;

beforeAll(async () => {
  served = await serve();
  steel = (await api<DatasetCard[]>(served, 'datasets.list')).find((d) => d.kind === 'severstal')!;
  await api(served, 'models.list', { datasetId: steel.id }); // installs the starter model
  const card = JSON.parse(readFileSync(fixture('steel-a.card.json'), 'utf8')) as Record<string, unknown>;
  await api(served, 'models.importOnnx', { datasetId: steel.id, path: fixture('steel-a.onnx'), card, version: 'tiny-steel' });
  browser = await openWorkstation(served, { userName: 'E2E Averager' });
  page = browser.page;
  await page.goto(`${served.origin}/#/datasets/${steel.id}`);
});
afterAll(async () => {
  await closeWorkstation(browser, served);
});

const panel = () => page.getByRole('dialog', { name: `Models of ${steel.name}` });
const dialog = () => page.getByRole('dialog', { name: 'Average versions' });

describe('Average versions…', () => {
  it('refuses one version, a weight of nothing and a name taken, registering nothing', async () => {
    await page.getByRole('button', { name: 'Models of this dataset' }).click();
    await panel().getByRole('table', { name: 'Model versions' }).waitFor();
    await panel().getByRole('button', { name: 'Average versions…' }).click();
    await dialog().waitFor();
    await dialog().getByLabel('Average steel-starter').check();
    await dialog().getByLabel('Name of the averaged version').fill('steel-avg');
    await dialog().getByRole('button', { name: 'Make averaged version' }).click();
    expect(await dialog().getByRole('alert').textContent()).toBe('Pick at least two versions to average.');
    await dialog().getByLabel('Average tiny-steel').check();
    await dialog().getByLabel('Weight of tiny-steel').fill('0');
    await dialog().getByRole('button', { name: 'Make averaged version' }).click();
    expect(await dialog().getByRole('alert').textContent()).toBe('Every picked version needs a weight above 0.');
    await dialog().getByLabel('Weight of tiny-steel').fill('1');
    await dialog().getByLabel('Name of the averaged version').fill('tiny-steel');
    await dialog().getByRole('button', { name: 'Make averaged version' }).click();
    await expect.poll(async () => dialog().getByRole('alert').textContent()).toMatch(/"tiny-steel" exists already/); // main's refusal
    const registry = await api<ModelRegistryView>(served, 'models.list', { datasetId: steel.id });
    expect(registry.versions.map((v) => v.version).sort()).toEqual(['steel-starter', 'tiny-steel']);
  });

  it('makes the averaged version from the picked versions, weights and TTA sets, and shows its members', async () => {
    await dialog().getByLabel('Name of the averaged version').fill('steel-avg');
    await dialog().getByLabel('TTA of tiny-steel').selectOption('x5'); // an ONNX member takes every set
    await dialog().getByLabel('Weight of steel-starter').fill('3');
    await dialog().getByLabel('TTA of steel-starter').selectOption('hflip');
    await dialog().getByRole('button', { name: 'Make averaged version' }).click();
    const made = panel().getByRole('status', { name: 'Averaged version' });
    await made.waitFor();
    expect(await made.textContent()).toMatch(/Made steel-avg, the weighted average of tiny-steel, steel-starter/);
    expect(await dialog().count()).toBe(0);
    await panel().getByRole('button', { name: 'Details of steel-avg' }).click();
    const members = panel().getByRole('list', { name: 'Members of steel-avg' });
    await members.waitFor();
    expect((await members.innerText()).replace(/\s+/g, ' ').trim()).toBe('tiny-steel weight 0.25 · TTA x5 steel-starter weight 0.75 · TTA hflip');
    const registry = await api<ModelRegistryView>(served, 'models.list', { datasetId: steel.id });
    expect(registry.versions.find((v) => v.version === 'steel-avg')).toMatchObject({ architecture: 'ensemble', members: [{ version: 'tiny-steel', weight: 0.25, tta: 'x5' }, { version: 'steel-starter', weight: 0.75, tta: 'hflip' }] });
  });
});
