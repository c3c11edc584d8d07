// A generated head-CT set to import: the loop bench's phantom series (bleeds spanning contiguous slices) with
// its RSNA label CSV, and the same slices again under other file names, so the folder's order is not the
// anatomical one.
import { copyFileSync, mkdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CT_SUBTYPES } from '../../src/shared/domain';
import { bitsToLabels } from '../../src/shared/ct-labels';
import { seededRandom, shuffled } from '../../src/shared/ml/random';
import { writeCtSet, type CtSet } from '../../bench/loop/ct-set';
import { rsnaCsvLines } from './rsna';
import { writeCsv } from './severstal';

export interface CtSeriesSet extends CtSet {
  dicomDir: string;
  labelsCsv: string;
}

/** `patients` series of `slices` slices (size² pixels) under `dir`/dicom, with labels.csv beside. */
export function writeCtSeriesSet(dir: string, patients: number, slices: number, size: number, seed: number): CtSeriesSet {
  const dicomDir = join(dir, 'dicom');
  const set = writeCtSet(dicomDir, patients, slices, size, seed);
  const labels = Object.fromEntries(set.items.map((i) => [i.key, CT_SUBTYPES.filter((_, k) => bitsToLabels(i.bits ?? 0)[k] === 1)]));
  const labelsCsv = writeCsv(dir, 'labels.csv', rsnaCsvLines(set.items.map((i) => i.key), labels));
  return { ...set, dicomDir, labelsCsv };
}

/** The same DICOM files copied under `dir` with shuffled names (their keys change; their contents do not). */
export function copyShuffled(set: CtSet, dir: string, seed: number): string {
  const names = shuffled(set.items.map((_, k) => `ID_shuffled${String(k).padStart(4, '0')}.dcm`), seededRandom(seed));
  set.items.forEach((item, k) => {
    const folder = join(dir, basename(dirname(item.file)));
    mkdirSync(folder, { recursive: true });
    copyFileSync(item.file, join(folder, names[k]));
  });
  return dir;
}
