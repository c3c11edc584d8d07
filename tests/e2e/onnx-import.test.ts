// The Models panel's 'Import ONNX model…' dialog in Chromium against `loupe serve` on the demo workspace, with the
// steel U-Net exported from PyTorch (../shared/models): the file's path typed in, its inputs and outputs read by
// main and shown, the fields prefilled from the shapes (layout, channels, size, output, class order), the ImageNet
// scaling chosen, and the import lists the new ONNX version in the registry. A file that is not a model is refused
// in the dialog with the file named, and nothing is registered.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { api, closeWorkstation, openWorkstation, serve, type Served, type TestBrowser } from './browser';
import type { DatasetCard } from '../../src/shared/api/types';
import type { ModelRegistryView } from '../../src/shared/api/model-types';
import { hasSharedModels, sharedModels } from '../helpers/models';
import { tempDir } from '../helpers/fs';

if (!hasSharedModels) console.log(`[onnx-import e2e] skipped: no ONNX fixtures in ${sharedModels}`);

let served: Served;
let browser: TestBrowser;
let page: Page;
let steel: DatasetCard;
const tmp = tempDir('loupe-onnx-e2e-');

beforeAll(async () => {
  if (!hasSharedModels) return;
  served = await serve();
  steel = (await api<DatasetCard[]>(served, 'datasets.list')).find((d) => d.kind === 'severstal')!;
  browser = await openWorkstation(served, { userName: 'E2E Importer' });
  page = browser.page;
  await page.goto(`${served.origin}/#/datasets/${steel.id}`);
});
afterAll(async () => {
  if (hasSharedModels) await closeWorkstation(browser, served);
  tmp.cleanup();
});

const panel = () => page.getByRole('dialog', { name: `Models of ${steel.name}` });
const dialog = () => page.getByRole('dialog', { name: 'Import ONNX model' });

describe.skipIf(!hasSharedModels)('Import ONNX model…', () => {
  it('refuses a file that is not a model, naming it, and registers nothing', async () => {
    await page.getByRole('button', { name: 'Models of this dataset' }).click();
    await panel().getByRole('table', { name: 'Model versions' }).waitFor();
    const before = await api<ModelRegistryView>(served, 'models.list', { datasetId: steel.id });
    await panel().getByRole('button', { name: 'Import ONNX model…' }).click();
    await dialog().waitFor();
    const junk = join(tmp.dir, 'junk.onnx');
    writeFileSync(junk, 'not a model');
    await dialog().getByLabel('ONNX model file', { exact: true }).fill(junk);
    await dialog().getByRole('button', { name: 'Read the model' }).click();
    const alert = dialog().getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/junk\.onnx: not a model ONNX Runtime can load/);
    const after = await api<ModelRegistryView>(served, 'models.list', { datasetId: steel.id });
    expect(after.versions.map((v) => v.version)).toEqual(before.versions.map((v) => v.version));
  });

  it('reads the steel U-Net’s inputs and outputs, prefills the card and imports it as an ONNX version', async () => {
    await dialog().getByLabel('ONNX model file', { exact: true }).fill(join(sharedModels, 'steel-unet.onnx'));
    await dialog().getByRole('button', { name: 'Read the model' }).click();
    const io = dialog().getByRole('table', { name: 'Inputs and outputs of the model' });
    await io.waitFor();
    const text = (await io.innerText()).replace(/\s+/g, ' ');
    expect(text).toMatch(/input image float32 \[\w+, 3, 256, 1600\]/);
    expect(text).toMatch(/output logits float32 \[\w+, 4, 256, 1600\]/);
    expect(await dialog().getByLabel('Layout').inputValue()).toBe('NCHW');
    expect(await dialog().getByLabel('Channels').inputValue()).toBe('3');
    expect(await dialog().getByLabel('Input height').inputValue()).toBe('256');
    expect(await dialog().getByLabel('Input width').inputValue()).toBe('1600');
    expect(await dialog().getByLabel(/^Class of each output channel/).inputValue()).toBe('1, 2, 3, 4');
    expect(await dialog().getByLabel('Output logits holds').inputValue()).toBe('logits');
    // What the file cannot say: PyTorch's ImageNet normalisation.
    await dialog().getByRole('button', { name: 'ImageNet mean/std' }).click();
    expect(await dialog().getByLabel(/^Mean/).inputValue()).toBe('0.485, 0.456, 0.406');
    await dialog().getByLabel('Version name').fill('unet-from-pytorch');
    await dialog().getByRole('button', { name: 'Import', exact: true }).click();
    const result = panel().getByRole('status', { name: 'ONNX import result' });
    await result.waitFor({ timeout: 60_000 });
    expect(await result.textContent()).toMatch(/Imported unet-from-pytorch \(ONNX segmentation model\)/);
    expect(await dialog().count()).toBe(0);
    await panel().getByRole('table', { name: 'Model versions' }).getByText('unet-from-pytorch', { exact: true }).waitFor();
    const registry = await api<ModelRegistryView>(served, 'models.list', { datasetId: steel.id });
    const version = registry.versions.find((v) => v.version === 'unet-from-pytorch')!;
    expect(version).toMatchObject({ task: 'steel', kind: 'onnx', architecture: 'ONNX segmentation model', active: false });
    // The list says its kind, as `loupe models` does.
    const row = panel().getByRole('table', { name: 'Model versions' }).getByRole('row').filter({ hasText: 'unet-from-pytorch' });
    expect(await row.locator('.kind').innerText()).toBe('onnx');
    expect(version.postprocessing).toEqual({ thresholds: [0.5, 0.5, 0.5, 0.5], minArea: [0, 0, 0, 0], presenceThresholds: null });
    expect(browser.errors).toEqual([]);
  }, 120_000);
});
