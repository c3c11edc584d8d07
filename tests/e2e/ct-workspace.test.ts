// The CT workspace in Chromium against `loupe serve`, on generated RSNA-style series (real DICOM files written
// in shuffled order, instance numbers running against position, no label CSV): slice order, windows and
// their memory per person, 2×2 and composite, the model's draft on unlabelled slices and the subtype keys over
// it, the range gesture on the series strip, history with revert, reviews (a flag's reason, approving a series
// with unlabelled slices), the next unreviewed series, the tag browser, and the export — from the UI and from the
// command line — holding exactly the rows the person labelled.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { api, closeWorkstation, openWorkstation, serve, type Served, type TestBrowser } from './browser';
import { importCt, pressAndWaitForSlice, shownItem, stripCell, writeHeadSeries, type GeneratedSeries } from './ct-helpers';
import { loupe } from '../helpers/cli';
import { repoRoot } from '../helpers/fs';
import { createServices } from '../../src/main/composition';
import type { CtSeriesTree, CtSeriesView, CtViewPreferences } from '../../src/shared/api/ct-types';
import { CT_LABELS } from '../../src/shared/domain';

let served: Served;
let browser: TestBrowser;
let page: Page;
let datasetId = 0;
let first: GeneratedSeries;
let second: GeneratedSeries;
/** The model's probabilities written for slice i of the first series. */
const modelProbabilities = (i: number) => [0.02, i === 3 ? 0.83 : 0.1, 0.01, 0.05, 0.2, i === 3 ? 0.9 : 0.25];

beforeAll(async () => {
  served = await serve(async (database) => {
    const root = join(database, '..', 'generated');
    first = writeHeadSeries(join(root, 'GEN_1'), { patient: 'GEN_1', slices: 12, size: 128, seed: 11, description: 'Axial first' });
    second = writeHeadSeries(join(root, 'GEN_2'), { patient: 'GEN_2', slices: 6, size: 128, seed: 12, description: 'Axial second' });
    datasetId = await importCt(database, root, 'Generated head CT');
    // A model's predictions on the first series, as the models side writes them.
    const services = createServices(database);
    const ids = services.datasets.items(datasetId).filter((item) => first.keys.includes(item.key));
    services.labels.append(
      ids.map((item) => ({ itemId: item.id, classId: 0, payload: JSON.stringify(modelProbabilities(first.keys.indexOf(item.key))) })),
      'model:e2e-1',
      'model',
    );
    services.close();
  });
  browser = await openWorkstation(served, { userName: 'E2E Annotator' });
  page = browser.page;
});
afterAll(() => closeWorkstation(browser, served));

const viewerCanvas = () => page.locator('.ct-workspace canvas[data-shown]');
const seriesOf = (uid: string) => api<CtSeriesView>(served, 'ct.series', { datasetId, seriesUid: uid });
const keyOf = async () => (await viewerCanvas().getAttribute('aria-label'))!.split(', ').pop()!;

/** Walks to slice `index` (from 0) of the open series with the arrow keys. */
async function goToSlice(index: number): Promise<void> {
  await page.keyboard.press('Home');
  await page.waitForFunction(() => document.querySelector('.ct-workspace canvas')?.getAttribute('aria-label')?.startsWith('Slice 1 of'));
  for (let i = 0; i < index; i++) await pressAndWaitForSlice(page, 'ArrowDown');
}

describe('navigation', () => {
  it('opens the dataset in the CT workspace with its patient → study → series tree', async () => {
    await page.goto(`${served.origin}/#/datasets/${datasetId}`);
    await viewerCanvas().waitFor();
    // On a screen this narrow the series panel starts closed beside the item list: open it.
    const panel = page.getByRole('button', { name: 'Series panel' });
    if ((await panel.getAttribute('aria-pressed')) === 'false') await panel.click();
    const tree = page.getByRole('tree', { name: 'Patients, studies and series' });
    await tree.getByRole('treeitem', { name: /Axial first, 12 slices, 0 reviewed/ }).waitFor();
    await tree.getByRole('treeitem', { name: /Axial second, 6 slices, 0 reviewed/ }).waitFor();
  });

  it('shows the slices in position order, whatever the file order and instance numbers say', async () => {
    await page.getByRole('treeitem', { name: /Axial first/ }).click();
    await goToSlice(0);
    const seen = [await keyOf()];
    for (let i = 1; i < first.keys.length; i++) {
      await pressAndWaitForSlice(page, 'ArrowDown');
      seen.push(await keyOf());
    }
    expect(seen).toEqual(first.keys);
    await page.keyboard.press('PageUp');
    await page.waitForFunction(() => document.querySelector('.ct-workspace canvas')?.getAttribute('aria-label')?.startsWith('Slice 2 of'));
    // The address follows the slice in view, and the item list selects it.
    const shown = await shownItem(page);
    await page.waitForURL(`**/#/items/${shown}`);
    await page.getByRole('option', { name: first.keys[1], selected: true }).waitFor();
  });
});

describe('scrolling', () => {
  it('scrolls with the mouse wheel and plays the series as cine', async () => {
    await goToSlice(0);
    const box = (await viewerCanvas().boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, 120);
    await page.waitForFunction(() => document.querySelector('.ct-workspace canvas')?.getAttribute('aria-label')?.startsWith('Slice 2 of'));
    await page.mouse.wheel(0, -120);
    await page.waitForFunction(() => document.querySelector('.ct-workspace canvas')?.getAttribute('aria-label')?.startsWith('Slice 1 of'));
    await page.keyboard.press(' ');
    await page.getByRole('button', { name: 'Stop cine' }).waitFor();
    await page.waitForFunction(() => document.querySelector('.ct-workspace canvas')?.getAttribute('aria-label')?.startsWith('Slice 3 of'));
    await page.keyboard.press(' ');
    await page.getByRole('button', { name: 'Play cine' }).waitFor();
  });
});

describe('windows', () => {
  it('changes the pixels with a window preset key, and F1 brings the brain window back exactly', async () => {
    await goToSlice(5);
    const brain = await viewerCanvas().screenshot();
    await page.keyboard.press('F4');
    await page.locator('.ct-workspace canvas[data-view="600/2800"]').waitFor();
    expect((await viewerCanvas().screenshot()).equals(brain)).toBe(false);
    await page.keyboard.press('F1');
    await page.locator('.ct-workspace canvas[data-view="40/80"]').waitFor();
    expect((await viewerCanvas().screenshot()).equals(brain)).toBe(true);
  });

  it('adjusts window and level with a right-drag, and remembers the window for the person', async () => {
    const box = (await viewerCanvas().boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down({ button: 'right' });
    await page.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2 + 15, { steps: 4 });
    await page.mouse.up({ button: 'right' });
    const view = (await viewerCanvas().getAttribute('data-view'))!;
    expect(view).not.toBe('40/80');
    const [center, width] = view.split('/').map(Number);
    expect(width).toBeGreaterThan(80);
    expect(center).toBeGreaterThan(40);
    await expect.poll(async () => await api<CtViewPreferences>(served, 'ct.viewPreferences')).toMatchObject({ mode: 'single', preset: 'custom', center, width });
    await page.reload();
    await page.locator(`.ct-workspace canvas[data-view="${view}"]`).waitFor();
    await page.keyboard.press('F1');
    await expect.poll(async () => (await api<CtViewPreferences>(served, 'ct.viewPreferences')).preset).toBe('brain');
  });

  it('shows the composite and the 2×2 of brain, subdural, soft tissue and composite', async () => {
    const brain = await viewerCanvas().screenshot();
    await page.keyboard.press('m');
    await page.locator('.ct-workspace canvas[data-view="composite"]').waitFor();
    expect((await viewerCanvas().screenshot()).equals(brain)).toBe(false);
    await page.keyboard.press('g');
    await page.locator('.ct-workspace canvas[data-view="grid"]').waitFor();
    for (const pane of ['Brain · W 80 L 40', 'Subdural · W 200 L 80', 'Soft tissue · W 380 L 40', 'Composite · RGB']) await page.getByText(pane).waitFor();
    await page.getByRole('button', { name: 'Brain window (F1)' }).click();
    await page.locator('.ct-workspace canvas[data-view="40/80"]').waitFor();
  });
});

describe('labels', () => {
  it("starts an unlabelled slice from the model's draft; key 2 edits it, and Ctrl+S saves it as the person's, from the model", async () => {
    await goToSlice(3);
    const toggle = page.getByRole('button', { name: 'Intraparenchymal (key 2)' });
    // The model says intraparenchymal (0.83 ≥ 0.5): the draft shows it, provisional.
    await page.getByText('Model draft (e2e-1)').waitFor();
    await expect.poll(() => toggle.getAttribute('aria-pressed')).toBe('true');
    expect(await toggle.getAttribute('data-draft')).toBe('true');
    await page.getByRole('status', { name: 'Any haemorrhage: yes' }).waitFor();
    await page.keyboard.press('2');
    await expect.poll(() => toggle.getAttribute('aria-pressed')).toBe('false');
    await page.getByRole('status', { name: 'Any haemorrhage: no' }).waitFor();
    await page.getByText(/Edited from the model's draft/).waitFor();
    await page.keyboard.press('2');
    await expect.poll(() => toggle.getAttribute('aria-pressed')).toBe('true');
    expect((await seriesOf(first.seriesUid)).slices[3].bits).toBeNull(); // nothing saved by looking or toggling back
    await page.keyboard.press('Control+s');
    await expect.poll(async () => (await seriesOf(first.seriesUid)).slices[3]).toMatchObject({ bits: 2, labelSource: 'human', labelAuthor: 'E2E Annotator', labelOrigin: 'model:e2e-1' });
    await expect.poll(() => toggle.getAttribute('data-draft')).toBe('false');
    await page.getByText(/accepted from model e2e-1/).waitFor();
  });

  it('shows the model’s probability beside each label', async () => {
    const labels = page.getByRole('list', { name: 'Haemorrhage labels of this slice' });
    await labels.getByText('83%').waitFor(); // intraparenchymal
    await labels.getByText('90%').waitFor(); // any
  });

  it('labels a range with a drag along a row of the series strip and with a shift-click, and copies the previous slice', async () => {
    const from = await stripCell(page, 6, 4); // subdural row
    const to = await stripCell(page, 9, 4);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(to.x, to.y, { steps: 6 });
    await page.mouse.up();
    await expect.poll(async () => (await seriesOf(first.seriesUid)).slices.map((s) => s.bits)).toEqual([null, null, null, 2, null, null, 16, 16, 16, 16, null, null]);
    // From the current slice (the last) to slice 11, intraventricular.
    await page.keyboard.press('End');
    await page.waitForFunction(() => document.querySelector('.ct-workspace canvas')?.getAttribute('aria-label')?.startsWith('Slice 12 of'));
    const cell = await stripCell(page, 10, 2);
    await page.keyboard.down('Shift');
    await page.mouse.click(cell.x, cell.y);
    await page.keyboard.up('Shift');
    await expect.poll(async () => (await seriesOf(first.seriesUid)).slices.map((s) => s.bits)).toEqual([null, null, null, 2, null, null, 16, 16, 16, 16, 4, 4]);
    // C copies the previous slice's labels (slice 10 takes slice 9's subdural).
    await pressAndWaitForSlice(page, 'ArrowUp');
    await page.keyboard.press('c');
    await pressAndWaitForSlice(page, 'ArrowDown'); // leaving the slice saves it
    await expect.poll(async () => (await seriesOf(first.seriesUid)).slices.map((s) => s.bits)).toEqual([null, null, null, 2, null, null, 16, 16, 16, 16, 16, 4]);
    // For the README: the workspace with the labels, the model's curves and the review marks on the strip.
    await page.setViewportSize({ width: 1920, height: 1080 });
    await pressAndWaitForSlice(page, 'ArrowUp');
    await pressAndWaitForSlice(page, 'ArrowUp');
    await page.screenshot({ path: join(repoRoot, 'docs/screenshots/ct-workspace.png') });
    await page.setViewportSize({ width: 1440, height: 860 });
  });

  it('keeps every save in the history, and a revert is a new revision', async () => {
    await goToSlice(3);
    await page.keyboard.press('2'); // intraparenchymal off again
    await pressAndWaitForSlice(page, 'ArrowDown'); // leaving the slice saves it
    await expect.poll(async () => (await seriesOf(first.seriesUid)).slices[3].bits).toBe(0);
    await pressAndWaitForSlice(page, 'ArrowUp');
    await page.getByRole('tab', { name: 'History' }).click();
    const revisions = page.getByRole('list', { name: 'Revisions of this slice' }).getByRole('listitem');
    await expect.poll(() => revisions.count()).toBe(3); // model, first save, second save
    await revisions.filter({ hasText: 'accepted from model e2e-1' }).waitFor(); // the first save was the draft
    await page.getByRole('button', { name: 'Revert to this' }).click();
    await expect.poll(async () => (await seriesOf(first.seriesUid)).slices[3].bits).toBe(2);
    await expect.poll(() => revisions.count()).toBe(4);
    await page.getByRole('tab', { name: 'Labels' }).click();
  });
});

describe('review', () => {
  const dialog = () => page.getByRole('dialog');

  it('flags a slice with a reason, shown with who flagged it', async () => {
    await page.keyboard.press('f');
    await dialog().getByLabel('Reason (optional)').fill('check the IPH extent');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await seriesOf(first.seriesUid)).slices[3].reviewInfo).toMatchObject({ state: 'flagged', by: 'E2E Annotator', note: 'check the IPH extent' });
    const review = page.getByRole('status', { name: 'Review of this slice' });
    await expect.poll(() => review.innerText()).toMatch(/Flagged\s+flagged by E2E Annotator[\s\S]*check the IPH extent/);
  });

  it("asks before approving a series with unlabelled slices: No approves nothing; the model's draft for them, then approve", async () => {
    await page.keyboard.press('Shift+A');
    await dialog().getByText("5 slices have no label. Mark them 'none' and approve the series?").waitFor();
    await dialog().getByRole('button', { name: 'No', exact: true }).click();
    await page.getByRole('status', { name: 'Notice' }).getByText('Nothing approved').waitFor();
    expect((await seriesOf(first.seriesUid)).slices.some((s) => s.review === 'approved')).toBe(false);

    await page.getByRole('button', { name: /Approve series/ }).click();
    await dialog().getByRole('button', { name: "Accept the model's draft for them and approve" }).click();
    await expect.poll(async () => (await seriesOf(first.seriesUid)).slices.every((s) => s.review === 'approved')).toBe(true);
    const slices = (await seriesOf(first.seriesUid)).slices;
    for (const i of [0, 1, 2, 4, 5]) expect(slices[i]).toMatchObject({ bits: 0, labelSource: 'human', labelOrigin: 'model:e2e-1' });
    await page.getByRole('status', { name: 'Notice' }).getByText("Approved the series (12 slices); 5 took the model's draft").waitFor();
    const tree = await api<CtSeriesTree>(served, 'ct.seriesTree', { datasetId });
    expect(tree.patients.map((p) => p.reviewed)).toEqual([12, 0]);
    await page.getByRole('treeitem', { name: /Axial first, 12 slices, 12 reviewed/ }).waitFor();
  });

  it('opens the next unreviewed series with N, and says when it is the only one left', async () => {
    await page.keyboard.press('n');
    await page.getByRole('treeitem', { name: /Axial second/, selected: true }).waitFor();
    expect(second.keys).toContain(await keyOf());
    await page.keyboard.press('n');
    await page.getByRole('status', { name: 'Notice' }).getByText('This is the only series with slices left to review.').waitFor();
  });
});

describe('the DICOM tag browser', () => {
  it('lists the slice’s header as tag, name, VR and value', async () => {
    await page.getByRole('tab', { name: 'DICOM tags' }).click();
    const table = page.getByRole('table', { name: 'DICOM tags' });
    const row = table.getByRole('row').filter({ hasText: 'PatientID' });
    await expect.poll(() => row.first().innerText()).toMatch(/\(0010,0020\)\s+PatientID\s+LO\s+GEN_2/);
    await page.getByLabel('Filter DICOM tags').fill('window');
    await expect.poll(() => table.getByRole('row').count()).toBe(3); // the header row, WindowCenter, WindowWidth
    await page.getByRole('tab', { name: 'Labels' }).click();
  });
});

describe('export', () => {
  const expected = () => {
    const rows = ['ID,Label'];
    const labelled: [string, number][] = [
      ...[0, 1, 2].map((i) => [first.keys[i], 0] as [string, number]),
      [first.keys[3], 2],
      ...[4, 5].map((i) => [first.keys[i], 0] as [string, number]),
      ...[6, 7, 8, 9, 10].map((i) => [first.keys[i], 16] as [string, number]),
      [first.keys[11], 4],
    ];
    for (const [key, bits] of labelled) for (const [i, label] of CT_LABELS.entries()) rows.push(`${key}_${label},${label === 'any' ? (bits ? 1 : 0) : (bits >> i) & 1}`);
    return rows;
  };

  it('downloads the RSNA CSV of exactly the labelled slices from the UI, as the command line writes it', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    const fromUi = readFileSync((await download.path())!, 'utf8');
    expect(fromUi.trim().split('\n').sort()).toEqual(expected().sort());
    const out = join(served.dir, 'export.csv');
    const cli = loupe('export', 'Generated head CT', '--format', 'rsna', '--source', 'current', '--db', served.database, '--out', out);
    expect(cli.code, cli.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(fromUi);
  });

  it('left no errors in the page', () => {
    expect(browser.errors).toEqual([]);
  });
});
