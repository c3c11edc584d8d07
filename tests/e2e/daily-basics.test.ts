// The daily basics in Chromium against `loupe serve`, on the demo workspace and the real samples of
// ../shared/data: the first-start hint (closed once per person); `?` lists the keys of the open workspace
// (steel, then CT) and keys typed into a text field stay there; the settings page's default brush size is
// what the steel workspace brushes with; the CT viewer reads the HU and patient position under the pointer
// of a real slice and its ruler measures in mm from PixelSpacing; the item list folds away and the strip's
// canvas gets the width. Screenshots: docs/screenshots/keyboard-help.png, settings.png, ct-ruler.png,
// first-start-hint.png, list-folded.png.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { api, closeWorkstation, openWorkstation, serve, type Served, type TestBrowser } from './browser';
import { hasSharedData, repoRoot, sharedData } from '../helpers/fs';
import { createServices } from '../../src/main/composition';
import { createDemoWorkspace } from '../../src/main/demo-workspace';
import { decodeDicomFrame } from '../../src/main/imaging/dicom';
import { measure, patientPosition, sliceGeometry } from '../../src/shared/slice-geometry';
import type { ItemPage } from '../../src/shared/api/types';
import type { UserPreferences } from '../../src/shared/api/preferences';

const SCREENSHOTS = join(repoRoot, 'docs/screenshots');
const STEEL = 'Severstal samples';
const CT = 'RSNA samples';
const SLICE = 'ID_16063b004';

let served: Served;
let browser: TestBrowser;
let page: Page;
let steelId = 0;
let ctId = 0;
let stripId = 0;
let sliceId = 0;

async function firstItem(datasetId: number, key?: string): Promise<number> {
  const found = await api<ItemPage>(served, 'items.page', { datasetId, offset: 0, limit: 1, filter: key ? { key } : {} });
  return found.rows[0].id;
}

async function openStrip(): Promise<void> {
  await page.goto(`${served.origin}/#/items/${stripId}`);
  await page.locator(`[data-testid="steel-stage"][data-ready="${stripId}"]`).waitFor();
  await page.locator(`canvas[data-shown="${stripId}"]`).waitFor();
}

async function openSlice(): Promise<void> {
  await page.goto(`${served.origin}/#/items/${sliceId}`);
  await page.locator(`.ct-workspace canvas[data-shown="${sliceId}"]`).waitFor();
}

const help = () => page.getByRole('dialog', { name: 'Keyboard' });
const helpSections = () => help().getByRole('region').evaluateAll((regions) => regions.map((r) => r.getAttribute('aria-label')));
const helpRows = (section: string) =>
  help()
    .getByRole('region', { name: section })
    .locator('dd')
    .allInnerTexts();

describe.skipIf(!hasSharedData)('daily basics on the demo workspace and the real samples', () => {
  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    served = await serve(async (database) => {
      const services = createServices(database);
      try {
        // What a new database gets from `loupe serve`, and the real samples beside it.
        await createDemoWorkspace(services, join(database, '..', 'demo'));
        const images = join(sharedData, 'severstal/train_images');
        steelId = (await services.importSeverstal({ imagesDir: images, labelsCsv: join(sharedData, 'severstal/train.csv'), name: STEEL })).datasetId;
        ctId = (await services.importRsna({ dicomDir: join(sharedData, 'rsna/dicom'), labelsCsv: join(sharedData, 'rsna/labels.csv'), name: CT })).datasetId;
      } finally {
        services.close();
      }
    });
    stripId = await firstItem(steelId);
    sliceId = await firstItem(ctId, SLICE);
    browser = await openWorkstation(served, { userName: 'Daily Inspector' });
    page = browser.page;
  });
  afterAll(() => closeWorkstation(browser, served));

  it('says in one line what to do first on the demo, until the person closes it', async () => {
    const hint = page.getByRole('complementary', { name: 'What to do first' });
    await hint.waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'first-start-hint.png'), clip: { x: 0, y: 0, width: 1440, height: 260 } });
    expect(await hint.innerText()).toMatch(/Open a strip of “Demo steel strips”, press Pre-annotate in Models to see the model's masks beside the label, fix the label/);
    await hint.getByRole('button', { name: 'Close the first-start hint' }).click();
    await hint.waitFor({ state: 'detached' });
    expect((await api<UserPreferences>(served, 'settings.preferences')).firstStartHintDismissed).toBe(true);
    await page.reload();
    await page.getByRole('table', { name: 'Datasets' }).waitFor();
    expect(await hint.count()).toBe(0);
  });

  it('? lists the steel workspace’s keys on a strip, and keys typed into a text field stay there', async () => {
    await openStrip();
    await page.keyboard.press('?');
    await help().waitFor();
    expect(await helpSections()).toEqual(['Steel workspace', 'Workstation', 'Anywhere']);
    const steel = await helpRows('Steel workspace');
    // Each row starts with what it does (some go on to say more, in brackets).
    for (const does of ['Brush', 'Eraser', 'smaller brush', 'larger brush', 'undo', 'save the strip', 'next strip to review']) expect(steel.some((row) => row.startsWith(does)), does).toBe(true);
    expect(await helpRows('Workstation')).toEqual(['next item in the list', 'previous item in the list', 'approve', 'flag', 'hide / show the item list']);
    await page.screenshot({ path: join(SCREENSHOTS, 'keyboard-help.png') });
    await page.keyboard.press('Escape');
    await help().waitFor({ state: 'detached' });

    // The list's search field takes the ? as text.
    const search = page.getByRole('searchbox', { name: 'Find by id' });
    await search.click();
    await page.keyboard.type('?');
    expect(await search.inputValue()).toBe('?');
    expect(await help().count()).toBe(0);
    await search.fill('');
    await page.getByRole('button', { name: 'Keyboard' }).click();
    await help().waitFor();
    await page.keyboard.press('?');
    await help().waitFor({ state: 'detached' });
  });

  it('? lists the CT workspace’s keys on a slice, the ruler among them', async () => {
    await openSlice();
    await page.keyboard.press('?');
    await help().waitFor();
    expect((await helpSections())[0]).toBe('CT workspace');
    const ct = await helpRows('CT workspace');
    for (const does of ['next slice', 'brain window (40/80)', 'bone window (600/2800)', 'ruler on / off: drag on the slice to measure in mm', 'take the ruler away']) expect(ct).toContain(does);
    expect(await helpRows('CT workspace')).not.toContain('Brush');
    await page.keyboard.press('Escape');
    await help().waitFor({ state: 'detached' });
  });

  it('the settings page sets the default brush size, and the steel workspace brushes with it', async () => {
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    const slider = page.getByRole('slider', { name: 'Default brush size' });
    await slider.evaluate((input: HTMLInputElement) => {
      input.value = '37';
      input.dispatchEvent(new Event('input', { bubbles: true }));
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Saved' }).innerText()).toBe('Saved: brush 37 px');
    await page.getByRole('radio', { name: 'High contrast' }).check();
    await expect.poll(async () => (await api<UserPreferences>(served, 'settings.preferences')).palette).toBe('high-contrast');
    expect((await api<UserPreferences>(served, 'settings.preferences')).brushSize).toBe(37);
    await page.screenshot({ path: join(SCREENSHOTS, 'settings.png') });

    await openStrip();
    expect(await page.getByRole('slider', { name: 'Brush size' }).inputValue()).toBe('37');
    // The class buttons wear the palette chosen there.
    expect(await page.getByRole('radio', { name: 'Class 1' }).evaluate((b) => getComputedStyle(b).getPropertyValue('--class').trim())).toBe('rgb(255 40 40)');
    // A reload starts from the person's default again.
    await page.keyboard.press(']');
    await expect.poll(() => page.getByRole('slider', { name: 'Brush size' }).inputValue()).not.toBe('37');
    await page.reload();
    await page.locator(`[data-testid="steel-stage"][data-ready="${stripId}"]`).waitFor();
    await expect.poll(() => page.getByRole('slider', { name: 'Brush size' }).inputValue()).toBe('37');
    await api(served, 'settings.setPreferences', { palette: 'okabe-ito' });
  });

  it('reads the HU and patient position under the pointer of a real slice, and its ruler measures in mm', async () => {
    await openSlice();
    const file = join(sharedData, 'rsna/dicom', `${SLICE}.dcm`);
    const decoded = decodeDicomFrame(readFileSync(file), 0, file);
    const geometry = sliceGeometry(decoded.meta.pixelSpacing ?? null, decoded.meta.imagePosition, decoded.meta.imageOrientation);
    expect(geometry.pixelSpacing).not.toBeNull();
    const canvas = page.locator(`.ct-workspace canvas[data-shown="${sliceId}"]`);
    const box = (await canvas.boundingBox())!;
    const [scale, ox, oy] = (await canvas.getAttribute('data-transform'))!.split(',').map(Number);
    // The zoom the corner states is the scale the slice is drawn at.
    expect(await page.locator('.ct-workspace .corner.bl').innerText()).toContain(`Zoom ${Math.round(scale * 100)}%`);
    // Whole CSS pixels, as a mouse reports them; the slice point under each is what the viewer must read.
    const screenOf = (x: number, y: number) => ({ x: Math.round(box.x + ox + x * scale), y: Math.round(box.y + oy + y * scale) });
    const sliceOf = (s: { x: number; y: number }) => ({ x: (s.x - box.x - ox) / scale, y: (s.y - box.y - oy) / scale });

    const at = screenOf(210.5, 305.5);
    const p = sliceOf(at);
    const [column, row] = [Math.floor(p.x), Math.floor(p.y)];
    await page.mouse.move(at.x, at.y);
    const hu = decoded.hu[row * decoded.width + column];
    const mm = patientPosition(geometry, column, row)!.map((v) => v.toFixed(1).replace('-', '−'));
    await expect.poll(() => page.getByTestId('pointer-readout').innerText()).toBe(`HU ${String(hu).replace('-', '−')} · x ${column} y ${row} · ${mm.join(', ')} mm`);

    // R, then a drag across the slice: the length from the row and column spacing.
    await page.keyboard.press('r');
    const a = screenOf(100, 200);
    const b = screenOf(300, 260);
    await page.mouse.move(a.x, a.y);
    await page.mouse.down();
    await page.mouse.move(b.x, b.y, { steps: 6 });
    await page.mouse.up();
    const expected = measure(sliceOf(a), sliceOf(b), geometry.pixelSpacing);
    expect(expected.unit).toBe('mm');
    await expect.poll(() => page.getByTestId('ruler-readout').innerText()).toBe(`Ruler ${expected.length.toFixed(1)} mm`);
    // 200 columns and 60 rows at this slice's spacing: about 100 mm across a real head.
    expect(expected.length).toBeGreaterThan(90);
    expect(expected.length).toBeLessThan(120);
    await page.screenshot({ path: join(SCREENSHOTS, 'ct-ruler.png') });

    await page.keyboard.press('Escape');
    await page.getByTestId('ruler-readout').waitFor({ state: 'detached' });
    expect(await page.getByRole('button', { name: 'Ruler (R)' }).getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('button', { name: 'Ruler (R)' }).getAttribute('aria-pressed')).toBe('false');
  });

  it('folds the item list away and the strip gets the width; the list comes back as it was', async () => {
    await openStrip();
    const stage = page.getByTestId('steel-stage');
    const before = (await stage.boundingBox())!.width;
    const fitted = (await stage.getAttribute('data-view'))!;
    await page.keyboard.press('\\');
    await expect.poll(async () => (await stage.boundingBox())!.width).toBeGreaterThan(before + 300);
    // Fit follows the new width: the strip is drawn larger.
    await expect.poll(async () => Number((await stage.getAttribute('data-view'))!.split(',')[0])).toBeGreaterThan(Number(fitted.split(',')[0]));
    expect(await page.getByRole('button', { name: 'Show the item list' }).getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByRole('region', { name: `Items of ${STEEL}` }).isVisible()).toBe(false);
    await page.screenshot({ path: join(SCREENSHOTS, 'list-folded.png') });
    await page.reload();
    await stage.waitFor();
    expect(await page.getByRole('button', { name: 'Show the item list' }).count()).toBe(1);
    await page.keyboard.press('Control+b');
    await page.getByRole('region', { name: `Items of ${STEEL}` }).waitFor();
    await expect.poll(async () => Math.round((await stage.boundingBox())!.width)).toBe(Math.round(before));
  });

  it('raised no page errors', () => {
    expect(browser.errors).toEqual([]);
  });
});
