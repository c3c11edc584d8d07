// The benchmark's CT set: head-phantom series (the demo generator's phantomSlice) written as real DICOM, one
// series per patient, each slice labelled with the subtypes its bleeds cover. Bleeds are drawn per patient
// (each subtype with a fixed chance, spanning 3–6 contiguous slices), so about half the series are positive
// somewhere and most slices are negative, as in RSNA's data.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CT_SUBTYPES } from '../../src/shared/domain';
import { labelsToBits } from '../../src/shared/ct-labels';
import { phantomSlice, type Bleed } from '../../src/main/demo/head-phantom';
import { seededRandom } from '../../src/main/demo/random';
import { writeDicom } from '../../src/main/imaging/dicom/write';
import type { LabelledItem } from '../../src/main/ml/worker/protocol';

const BLEED_CHANCE = 0.3;

export interface CtSet {
  items: LabelledItem[];
  /** Item ids of each series in slice order (for the neighbour check of the uncertainty queue). */
  series: number[][];
}

/** `patients` series of `slices` slices (size² pixels) under `dir`, item ids from `firstId`; groups are patients. */
export function writeCtSet(dir: string, patients: number, slices: number, size: number, seed: number, firstId = 1): CtSet {
  const random = seededRandom(seed);
  const items: LabelledItem[] = [];
  const series: number[][] = [];
  let id = firstId;
  for (let p = 0; p < patients; p++) {
    const patient = `LOOP_${seed}_${p + 1}`;
    const bleeds: Bleed[] = CT_SUBTYPES.filter(() => random() < BLEED_CHANCE).map((subtype) => {
      const from = Math.floor(random() * (slices - 3));
      return { subtype, from, to: Math.min(slices - 1, from + 2 + Math.floor(random() * 4)), cx: random() * 1.2 - 0.6, cy: random() * 1.2 - 0.6 };
    });
    const study = `1.2.826.0.1.3680043.10.999.${seed}.${p + 1}`;
    const folder = join(dir, patient);
    mkdirSync(folder, { recursive: true });
    const ids: number[] = [];
    for (let i = 0; i < slices; i++) {
      const key = `ID_loop${String(id).padStart(6, '0')}`;
      const slice = phantomSlice(size, i, slices, bleeds, random);
      const file = join(folder, `${key}.dcm`);
      writeFileSync(
        file,
        writeDicom({
          sopInstanceUid: `${study}.1.${i + 1}`, patientId: patient, studyInstanceUid: study, seriesInstanceUid: `${study}.1`,
          instanceNumber: i + 1, imagePosition: [-125, -125, i * 5], imageOrientation: [1, 0, 0, 0, 1, 0], pixelSpacing: [250 / size, 250 / size],
          rows: size, columns: size, rescaleSlope: 1, rescaleIntercept: -1024, pixels: Int16Array.from(slice.hu, (v) => v + 1024),
        }),
      );
      items.push({ itemId: id, key, file, width: size, height: size, group: patient, bits: labelsToBits(Object.fromEntries(slice.subtypes.map((s) => [s, true]))) });
      ids.push(id++);
    }
    series.push(ids);
  }
  return { items, series };
}
