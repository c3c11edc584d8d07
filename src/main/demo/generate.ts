// The demo workspace: two datasets Loupe makes by itself, so a newcomer sees both kinds of work with
// no download — steel-like strips with defect masks of all four classes (Severstal layout: images +
// train.csv) and two head-CT phantom series written as real DICOM files with RSNA labels.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { CT_LABELS, STEEL_HEIGHT, STEEL_WIDTH, type CtSubtype } from '../../shared/domain';
import { encodeRle } from '../../shared/rle';
import { writeDicom } from '../imaging/dicom/write';
import type { ImportReport } from '../services/imports/import-common';
import { makeStrip } from './steel-strips';
import { phantomSlice, type Bleed } from './head-phantom';
import { seededRandom, type Random } from './random';

import { DEMO_CT, DEMO_STEEL } from '../../shared/demo-names';

export { DEMO_CT, DEMO_STEEL };

export interface DemoImporters {
  importSeverstal(options: { imagesDir: string; labelsCsv: string; name: string; author?: string }): Promise<ImportReport>;
  importRsna(options: { dicomDir: string; labelsCsv: string; name: string; author?: string }): Promise<ImportReport>;
}

export interface DemoOptions {
  strips?: number;
  slices?: number;
  sliceSize?: number;
  seed?: number;
}

/** Classes drawn on each demo strip, cycling so that every class appears and some strips are clean. */
const STRIP_CLASSES: number[][] = [[1], [3], [], [2], [4], [1, 2], [3], [4, 1], [], [2, 3], [1], [4]];

export async function writeDemoSteel(dir: string, count: number, random: Random) {
  const images = join(dir, 'train_images');
  mkdirSync(images, { recursive: true });
  const rows = ['ImageId,ClassId,EncodedPixels'];
  for (let i = 0; i < count; i++) {
    const imageId = `demo${String(i + 1).padStart(4, '0')}.jpg`;
    const strip = makeStrip(random, STRIP_CLASSES[i % STRIP_CLASSES.length]);
    await sharp(Buffer.from(strip.gray), { raw: { width: STEEL_WIDTH, height: STEEL_HEIGHT, channels: 1 } })
      .jpeg({ quality: 92 })
      .toFile(join(images, imageId));
    for (const [classId, mask] of [...strip.masks].sort(([a], [b]) => a - b)) rows.push(`${imageId},${classId},${encodeRle(mask)}`);
  }
  const labelsCsv = join(dir, 'train.csv');
  writeFileSync(labelsCsv, rows.join('\n') + '\n');
  return { imagesDir: images, labelsCsv };
}

const PATIENTS: { id: string; bleeds: (n: number) => Bleed[] }[] = [
  { id: 'DEMO_PATIENT_1', bleeds: (n) => [
    { subtype: 'intraparenchymal', from: Math.round(n * 0.45), to: Math.round(n * 0.6), cx: 0.3, cy: -0.2 },
    { subtype: 'subdural', from: Math.round(n * 0.3), to: Math.round(n * 0.5), cx: -0.7, cy: 0.1 },
  ] },
  { id: 'DEMO_PATIENT_2', bleeds: (n) => [
    { subtype: 'epidural', from: Math.round(n * 0.55), to: Math.round(n * 0.7), cx: 0.75, cy: 0.3 },
    { subtype: 'intraventricular', from: Math.round(n * 0.45), to: Math.round(n * 0.55), cx: 0, cy: 0 },
    { subtype: 'subarachnoid', from: Math.round(n * 0.6), to: Math.round(n * 0.75), cx: -0.3, cy: -0.6, size: 1 },
  ] },
];

export function writeDemoHeadCt(dir: string, slices: number, size: number, random: Random) {
  const rows = ['ID,Label'];
  const dicomDir = join(dir, 'dicom');
  PATIENTS.forEach((patient, p) => {
    const study = `1.2.826.0.1.3680043.10.1234.${p + 1}`;
    const series = `${study}.1`;
    const folder = join(dicomDir, patient.id, 'axial');
    mkdirSync(folder, { recursive: true });
    const bleeds = patient.bleeds(slices);
    for (let i = 0; i < slices; i++) {
      const key = `ID_${Math.floor(random() * 0xfffffffff).toString(16).padStart(9, '0')}`;
      const slice = phantomSlice(size, i, slices, bleeds, random);
      const stored = new Int16Array(slice.hu.length);
      for (let k = 0; k < stored.length; k++) stored[k] = slice.hu[k] + 1024;
      writeFileSync(join(folder, `${key}.dcm`), writeDicom({
        sopInstanceUid: `${series}.${i + 1}`, patientId: patient.id, studyInstanceUid: study, seriesInstanceUid: series,
        instanceNumber: slices - i, // instance numbers run against position: ordering must use the geometry
        imagePosition: [-125, -125, -60 + i * 5], imageOrientation: [1, 0, 0, 0, 1, 0], pixelSpacing: [250 / size, 250 / size],
        sliceThickness: 5, rows: size, columns: size, rescaleSlope: 1, rescaleIntercept: -1024, windowCenter: [40, 80], windowWidth: [80, 200],
        pixels: stored, bodyPartExamined: 'HEAD', studyDescription: 'CT HEAD WO CONTRAST (demo phantom)', seriesDescription: 'Axial 5 mm (demo)',
      }));
      const on = new Set<CtSubtype>(slice.subtypes);
      for (const label of CT_LABELS) rows.push(`${key}_${label},${label === 'any' ? (on.size ? 1 : 0) : on.has(label) ? 1 : 0}`);
    }
  });
  const labelsCsv = join(dir, 'labels.csv');
  writeFileSync(labelsCsv, rows.join('\n') + '\n');
  return { dicomDir, labelsCsv };
}

/** Writes the demo files under `dir` and imports them as two datasets. */
export async function generateDemo(importers: DemoImporters, dir: string, options: DemoOptions = {}) {
  const random = seededRandom(options.seed ?? 20191);
  const steel = await writeDemoSteel(join(dir, 'steel'), options.strips ?? 12, random);
  const ct = writeDemoHeadCt(join(dir, 'head-ct'), options.slices ?? 24, options.sliceSize ?? 512, random);
  return {
    steel: await importers.importSeverstal({ ...steel, name: DEMO_STEEL }),
    ct: await importers.importRsna({ dicomDir: ct.dicomDir, labelsCsv: ct.labelsCsv, name: DEMO_CT }),
  };
}
