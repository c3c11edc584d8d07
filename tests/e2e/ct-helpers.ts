// Helpers of the CT workspace's e2e tests and benchmark: an RSNA-style head-CT series written as real DICOM
// (files named ID_<hex>.dcm, in shuffled order, instance numbers running against position), its import into
// a database, and the workspace's controls as a reader reaches them.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { writeDicom } from '../../src/main/imaging/dicom/write';
import { phantomSlice, type Bleed } from '../../src/main/demo/head-phantom';
import { seededRandom } from '../../src/main/demo/random';
import { createServices } from '../../src/main/composition';

export interface GeneratedSeries {
  dir: string;
  /** Slice keys in anatomical (position) order. */
  keys: string[];
  seriesUid: string;
}

/** Writes one axial head series of `slices` slices of `size`² pixels; files are written in shuffled order. */
export function writeHeadSeries(
  dir: string,
  options: { patient: string; slices: number; size: number; seed?: number; bleeds?: Bleed[]; description?: string },
): GeneratedSeries {
  mkdirSync(dir, { recursive: true });
  const random = seededRandom(options.seed ?? 7);
  const study = `1.2.826.0.1.3680043.10.777.${options.seed ?? 7}`;
  const seriesUid = `${study}.2`;
  const keys = Array.from({ length: options.slices }, (_, i) => `ID_${(0x5a000000 + (options.seed ?? 7) * 4096 + i * 7919).toString(16)}`);
  const order = keys.map((_, i) => i).sort((a, b) => ((a * 37) % 11) - ((b * 37) % 11) || a - b);
  for (const i of order) {
    const slice = phantomSlice(options.size, i, options.slices, options.bleeds ?? [], random);
    const stored = new Int16Array(slice.hu.length);
    for (let k = 0; k < stored.length; k++) stored[k] = slice.hu[k] + 1024;
    const bytes = writeDicom({
      sopInstanceUid: `${seriesUid}.${i + 1}`,
      patientId: options.patient,
      studyInstanceUid: study,
      seriesInstanceUid: seriesUid,
      instanceNumber: options.slices - i,
      imagePosition: [-125, -125, -40 + i * 5],
      imageOrientation: [1, 0, 0, 0, 1, 0],
      pixelSpacing: [250 / options.size, 250 / options.size],
      sliceThickness: 5,
      rows: options.size,
      columns: options.size,
      rescaleSlope: 1,
      rescaleIntercept: -1024,
      windowCenter: [40],
      windowWidth: [80],
      pixels: stored,
      bodyPartExamined: 'HEAD',
      studyDescription: 'CT HEAD WO CONTRAST (generated)',
      seriesDescription: options.description ?? 'Axial 5 mm (generated)',
    });
    writeFileSync(join(dir, `${keys[i]}.dcm`), bytes);
  }
  return { dir, keys, seriesUid };
}

/** Imports a folder of DICOM slices (and its label CSV) into a database; returns the dataset id. */
export async function importCt(database: string, folder: string, name: string, labelsCsv?: string): Promise<number> {
  const services = createServices(database);
  try {
    const report = await services.importRsna({ dicomDir: folder, name, labelsCsv, author: 'e2e' });
    return report.datasetId;
  } finally {
    services.close();
  }
}

/** The item id the slice viewer shows now. */
export async function shownItem(page: Page): Promise<number> {
  return Number(await page.locator('.ct-workspace canvas[data-shown]').getAttribute('data-shown'));
}

/** Presses a key and waits until the viewer shows another slice. */
export async function pressAndWaitForSlice(page: Page, key: string): Promise<number> {
  const before = await shownItem(page);
  await page.keyboard.press(key);
  await page.waitForFunction(
    (previous) => document.querySelector('.ct-workspace canvas[data-shown]')?.getAttribute('data-shown') !== String(previous),
    before,
  );
  return shownItem(page);
}

/** The screen point of a slice's cell in a row of the series strip (row 0 = epidural … 5 = any). */
export async function stripCell(page: Page, index: number, row: number): Promise<{ x: number; y: number }> {
  const strip = page.getByRole('region', { name: 'Series strip' }).locator('canvas');
  const box = (await strip.boundingBox())!;
  const data = await strip.evaluate((c) => ({ ...(c as HTMLCanvasElement).dataset }));
  const gutter = Number(data.gutter);
  const slices = Number(data.slices);
  const column = (box.width - gutter - 6) / slices;
  return { x: box.x + gutter + (index + 0.5) * column, y: box.y + Number(data.ruler) + (row + 0.5) * Number(data.rowHeight) };
}
