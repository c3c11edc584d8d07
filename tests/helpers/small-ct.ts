// Six 64×64 head-CT slices of two patients (a bright blob of 70 HU in the slices labelled intraparenchymal)
// and their label CSV: the smallest CT dataset a training run splits by patient and finishes in seconds.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeDicom } from '../../src/main/imaging/dicom/write';
import { writeCsv } from './severstal';
import { rsnaCsvLines } from './rsna';

export function writeSmallCt(dir: string): { dicomDir: string; labelsCsv: string; keys: string[]; labels: Record<string, string[]> } {
  const keys: string[] = [];
  const labels: Record<string, string[]> = {};
  const dicomDir = join(dir, 'ct');
  for (const patient of ['P1', 'P2']) {
    const folder = join(dicomDir, patient);
    mkdirSync(folder, { recursive: true });
    for (let i = 0; i < 3; i++) {
      const key = `ID_${patient.toLowerCase()}s${i}`;
      const pixels = new Int16Array(64 * 64);
      for (let p = 0; p < pixels.length; p++) {
        const [x, y] = [p % 64, Math.floor(p / 64)];
        const head = Math.hypot(x - 32, y - 32) < 28;
        const bleed = i === 1 && Math.hypot(x - 40, y - 30) < 6;
        pixels[p] = (bleed ? 70 : head ? 35 : -1000) + 1024;
      }
      writeFileSync(
        join(folder, `${key}.dcm`),
        writeDicom({
          sopInstanceUid: `1.2.3.${patient === 'P1' ? 1 : 2}.${i}`, patientId: patient, studyInstanceUid: `1.2.3.${patient}`, seriesInstanceUid: `1.2.3.${patient}.1`,
          instanceNumber: i + 1, imagePosition: [0, 0, i * 5], imageOrientation: [1, 0, 0, 0, 1, 0], rows: 64, columns: 64,
          rescaleSlope: 1, rescaleIntercept: -1024, windowCenter: [40], windowWidth: [80], pixels,
        }),
      );
      keys.push(key);
      if (i === 1) labels[key] = ['intraparenchymal'];
    }
  }
  return { dicomDir, labelsCsv: writeCsv(dir, 'labels.csv', rsnaCsvLines(keys, labels)), keys, labels };
}
