// The model's draft in the CT workspace, on the real RSNA samples of ../shared/data/rsna (LOUPE_SHARED_DATA
// overrides): the folder imported with its labels.csv (series ID_44cfc8e964 labelled, ID_bf6f6d5d34 not), pre-
// annotated with the starter CT model; the unlabelled series opens on the model's draft, a range dragged with the
// Accept-model tool saves the model's labels with the model as origin, approving the series asks about the slices
// still unlabelled and marks them "none" when told to, an edit after approval shows "in progress" again, a flag
// keeps its reason, and N wraps around until nothing is left. Takes docs/screenshots/ct-model-draft.png.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { api, closeWorkstation, openWorkstation, serve, type Served, type TestBrowser } from './browser';
import { importCt, pressAndWaitForSlice, stripCell } from './ct-helpers';
import { hasSharedData, repoRoot, sharedData } from '../helpers/fs';
import { loupe } from '../helpers/cli';
import type { CtSeriesView } from '../../src/shared/api/ct-types';
import { CT_SUBTYPES } from '../../src/shared/domain';
import { draftBits } from '../../src/shared/ct-draft';

if (!hasSharedData) console.warn(`[ct e2e] ${sharedData} is absent: the CT model-draft tests on the real RSNA samples are SKIPPED`);

const LABELLED = 'ID_44cfc8e964';
const UNLABELLED = 'ID_bf6f6d5d34';
const USER = 'RSNA Annotator';

describe.skipIf(!hasSharedData)("the CT model's draft on the real RSNA samples", () => {
  let served: Served;
  let browser: TestBrowser;
  let page: Page;
  let datasetId = 0;

  beforeAll(async () => {
    served = await serve(async (database) => {
      datasetId = await importCt(database, join(sharedData, 'rsna/dicom'), 'RSNA samples', join(sharedData, 'rsna/labels.csv'));
      const predicted = loupe('predict', 'RSNA samples', '--db', database); // the starter CT model, on a fresh store
      if (predicted.code !== 0) throw new Error(`loupe predict failed: ${predicted.stderr}`);
    });
    browser = await openWorkstation(served, { userName: USER });
    page = browser.page;
  });
  afterAll(() => closeWorkstation(browser, served));

  const seriesOf = (uid: string) => api<CtSeriesView>(served, 'ct.series', { datasetId, seriesUid: uid });
  const dialog = () => page.getByRole('dialog');
  const notice = () => page.getByRole('status', { name: 'Notice' });
  const open = async (uid: string, index = 0) => {
    const view = await seriesOf(uid);
    await page.goto(`${served.origin}/#/items/${view.slices[index].itemId}`);
    await page.locator(`.ct-workspace canvas[data-shown="${view.slices[index].itemId}"]`).waitFor();
    return view;
  };
  const toggleStates = () => Promise.all(CT_SUBTYPES.map((s) => page.getByRole('button', { name: new RegExp(`^${s} \\(key`, 'i') }).getAttribute('aria-pressed')));
  const expectedToggles = (bits: number) => CT_SUBTYPES.map((_, i) => String(((bits >> i) & 1) === 1));
  /** Walks to slice `index` of the open series with the arrow keys. */
  async function goToSlice(index: number): Promise<void> {
    await page.keyboard.press('Home');
    await page.waitForFunction(() => document.querySelector('.ct-workspace canvas')?.getAttribute('aria-label')?.startsWith('Slice 1 of'));
    for (let i = 0; i < index; i++) await pressAndWaitForSlice(page, 'ArrowDown');
  }
  async function drag(from: { x: number; y: number }, to: { x: number; y: number }): Promise<void> {
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(to.x, to.y, { steps: 8 });
    await page.mouse.up();
  }

  it('shows the ground truth on the labelled series, and the model draft of the starter model on the unlabelled one', async () => {
    const labelled = await open(LABELLED);
    expect(labelled.slices.every((s) => s.labelSource === 'truth')).toBe(true);
    await page.getByText('Ground truth (imported by e2e)').waitFor();
    expect(await page.getByText(/^Model draft \(/).count()).toBe(0);

    const view = await open(UNLABELLED);
    expect(view.slices.every((s) => s.bits === null && s.probabilities !== null)).toBe(true);
    expect(view.modelSource).toBe('model:ct-starter');
    expect(view.modelThresholds).toHaveLength(6);
    await page.getByText('Model draft (ct-starter)').waitFor();
    for (let i = 0; i < 3; i++) {
      if (i > 0) await pressAndWaitForSlice(page, 'ArrowDown');
      const draft = draftBits(view.slices[i].probabilities!, view.modelThresholds!);
      await expect.poll(toggleStates).toEqual(expectedToggles(draft));
    }
    // Looking at the draft saves nothing.
    expect((await seriesOf(UNLABELLED)).slices.every((s) => s.bits === null)).toBe(true);
  });

  it('reads the model probability under the pointer on the taller strip', async () => {
    await page.getByRole('button', { name: 'Taller rows' }).click();
    const canvas = page.getByRole('region', { name: 'Series strip' }).locator('canvas');
    await expect.poll(() => canvas.getAttribute('data-row-height')).toBe('40');
    const p = (await seriesOf(UNLABELLED)).slices[13].probabilities![4];
    const cell = await stripCell(page, 13, 4);
    await page.mouse.move(cell.x, cell.y);
    await expect.poll(() => page.getByTestId('strip-readout').innerText()).toMatch(new RegExp(`^subdural · slice 14 · p = ${p.toFixed(2)} · (yes|no) \\(model draft\\)$`));
  });

  it("accepts the model's labels for a range dragged with the Accept-model tool, with the model as origin", async () => {
    await page.keyboard.press('Shift+R');
    await expect.poll(() => page.getByRole('button', { name: /^Accept model ⇧R/ }).getAttribute('aria-pressed')).toBe('true');
    await drag(await stripCell(page, 3, 2), await stripCell(page, 10, 2));
    const before = await seriesOf(UNLABELLED);
    await expect.poll(async () => (await seriesOf(UNLABELLED)).slices.map((s) => s.labelSource)).toEqual(before.slices.map((_, i) => (i >= 3 && i <= 10 ? 'human' : null)));
    const after = await seriesOf(UNLABELLED);
    for (let i = 3; i <= 10; i++) {
      expect(after.slices[i]).toMatchObject({ bits: draftBits(after.slices[i].probabilities!, after.modelThresholds!), labelOrigin: 'model:ct-starter', labelAuthor: USER });
    }
    await page.getByRole('status', { name: 'Accepted the model' }).getByText("Accepted the model's labels on 8 slices (8 had no label)").waitFor();

    await goToSlice(5);
    await page.getByRole('tab', { name: 'History' }).click();
    await page.getByRole('list', { name: 'Revisions of this slice' }).getByText('accepted from model ct-starter').waitFor();
    await page.getByRole('tab', { name: 'Labels' }).click();

    // For the README: a real unlabelled series on the model's draft, some slices accepted, the tall strip.
    await page.setViewportSize({ width: 1920, height: 1080 });
    await pressAndWaitForSlice(page, 'End');
    await page.getByText('Model draft (ct-starter)').waitFor();
    mkdirSync(join(repoRoot, 'docs/screenshots'), { recursive: true });
    await page.screenshot({ path: join(repoRoot, 'docs/screenshots/ct-model-draft.png') });
    await page.setViewportSize({ width: 1440, height: 860 });

    // Undo cannot take a saved label back to "not labelled": it says so, and the labels stay.
    await page.getByRole('button', { name: 'Undo accept' }).click();
    await notice().getByText("No earlier labels to restore; 8 slices that had no label keep the model's labels").waitFor();
    expect((await seriesOf(UNLABELLED)).slices.filter((s) => s.labelOrigin === 'model:ct-starter')).toHaveLength(8);
    await page.keyboard.press('Escape'); // leaves the Accept-model tool
    await expect.poll(() => page.getByRole('button', { name: 'Label range' }).getAttribute('aria-pressed')).toBe('true');
  });

  it("asks before approving the series with 22 unlabelled slices, and approves every slice once told to mark them 'none'", async () => {
    await page.keyboard.press('Shift+A');
    await dialog().getByText("22 slices have no label. Mark them 'none' and approve the series?").waitFor();
    await dialog().getByRole('button', { name: "Accept the model's draft for them and approve" }).waitFor();
    await dialog().getByRole('button', { name: "Yes: mark them 'none' and approve the series" }).click();
    await expect.poll(async () => (await seriesOf(UNLABELLED)).slices.every((s) => s.review === 'approved')).toBe(true);
    const view = await seriesOf(UNLABELLED);
    view.slices.forEach((s, i) => {
      if (i >= 3 && i <= 10) expect(s.labelOrigin).toBe('model:ct-starter');
      else expect(s).toMatchObject({ bits: 0, labelSource: 'human', labelOrigin: null });
      expect(s.reviewInfo).toMatchObject({ state: 'approved', by: USER });
    });
    await notice().getByText("Approved the series (30 slices); 22 unlabelled slices were marked 'none'").waitFor();
    await expect.poll(() => page.getByRole('status', { name: 'Review of this slice' }).innerText()).toMatch(new RegExp(`Approved\\s+approved by ${USER}`));
  });

  it('puts an approved slice back to "in progress" when it is edited, and says so', async () => {
    await goToSlice(2);
    await page.keyboard.press('5');
    await pressAndWaitForSlice(page, 'ArrowDown'); // leaving the slice saves it
    await notice().getByText('An approved slice went back to "in progress": it was edited after approval').waitFor();
    await expect.poll(async () => (await seriesOf(UNLABELLED)).slices[2]).toMatchObject({ bits: 16, reviewInfo: { state: 'in_progress', by: USER, note: 'edited after approval' } });
    await pressAndWaitForSlice(page, 'ArrowUp');
    await expect.poll(() => page.getByRole('status', { name: 'Review of this slice' }).innerText()).toMatch(/In progress[\s\S]*edited after approval/);
  });

  it("flags the slice with a reason, shown in the history and on the strip's review mark", async () => {
    await page.keyboard.press('f');
    await dialog().getByLabel('Reason (optional)').fill('motion artefact');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await seriesOf(UNLABELLED)).slices[2].reviewInfo).toMatchObject({ state: 'flagged', by: USER, note: 'motion artefact' });
    await page.getByRole('tab', { name: 'History' }).click();
    await page.getByRole('region', { name: 'Review of this slice' }).getByText('Reason: motion artefact').waitFor();
    await page.getByRole('tab', { name: 'Labels' }).click();
    const canvas = page.getByRole('region', { name: 'Series strip' }).locator('canvas');
    const box = (await canvas.boundingBox())!;
    const cell = await stripCell(page, 2, 0);
    await page.mouse.move(cell.x, box.y + 14); // the ruler, where the review marks are
    await expect.poll(() => canvas.getAttribute('title')).toMatch(new RegExp(`^slice 3 · Flagged by ${USER}, .+: motion artefact$`));
  });

  it('opens the labelled series with N, approves it without asking, and then says nothing is left', async () => {
    await page.keyboard.press('n');
    await expect.poll(async () => Number(await page.locator('.ct-workspace canvas[data-shown]').getAttribute('data-shown'))).toBe((await seriesOf(LABELLED)).slices[0].itemId);
    await page.keyboard.press('Shift+A');
    await notice().getByText('Approved the series (33 slices)').waitFor();
    expect(await dialog().count()).toBe(0);
    expect((await seriesOf(LABELLED)).slices.every((s) => s.review === 'approved' && s.labelSource === 'truth')).toBe(true);
    await page.keyboard.press('n');
    await notice().getByText('Every series has been reviewed: nothing is left to review.').waitFor();
  });

  it('left no errors in the page', () => {
    expect(browser.errors).toEqual([]);
  });
});
