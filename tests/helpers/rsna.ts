// Writes RSNA-style synthetic head-CT series: one DICOM file per slice, named ID_<hex>.dcm, and label CSVs.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeDicom } from '../../src/main/imaging/dicom/write';
import { CT_LABELS } from '../../src/shared/domain';

export interface SyntheticSlice {
  key: string;
  z: number;
  instanceNumber: number;
}

/** A series whose files are written in shuffled z order, so that a correct import must sort them. */
export function writeSeries(dir: string, options: { patient: string; study: string; series: string; slices: SyntheticSlice[]; size?: number }) {
  mkdirSync(dir, { recursive: true });
  const size = options.size ?? 16;
  for (const s of options.slices) {
    const pixels = new Int16Array(size * size);
    for (let i = 0; i < pixels.length; i++) pixels[i] = ((i + s.instanceNumber * 17) % 80) + 1000;
    const bytes = writeDicom({
      sopInstanceUid: `1.2.826.0.1.3680043.8.498.${s.instanceNumber}.${Math.abs(Math.round(s.z * 100))}`,
      patientId: options.patient,
      studyInstanceUid: options.study,
      seriesInstanceUid: options.series,
      instanceNumber: s.instanceNumber,
      imagePosition: [-125, -125, s.z],
      imageOrientation: [1, 0, 0, 0, 1, 0],
      rows: size,
      columns: size,
      rescaleSlope: 1,
      rescaleIntercept: -1024,
      windowCenter: [40],
      windowWidth: [80],
      pixels,
    });
    writeFileSync(join(dir, `${s.key}.dcm`), bytes);
  }
}

/** Six rows per slice; `labels` maps a slice key to the subtypes it has (`any` is derived unless overridden). */
export function rsnaCsvLines(keys: string[], labels: Record<string, string[]>, overrides: Record<string, number> = {}): string[] {
  const lines = ['ID,Label'];
  for (const key of keys) {
    const on = new Set(labels[key] ?? []);
    for (const label of CT_LABELS) {
      const id = `${key}_${label}`;
      const value = id in overrides ? overrides[id] : label === 'any' ? (on.size > 0 ? 1 : 0) : on.has(label) ? 1 : 0;
      lines.push(`${id},${value}`);
    }
  }
  return lines;
}
