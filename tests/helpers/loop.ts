// Small datasets with planted model predictions for the review-queue and QA tests: model revisions and
// probability maps written straight into the store, as pre-annotation writes them.
import { deflateSync } from 'node:zlib';
import { join } from 'node:path';
import type { Services } from '../../src/main/composition';
import { PredictionMapStore } from '../../src/main/services/models/predict-maps';
import { systemClock } from '../../src/main/services/clock';
import { formatCtPrediction } from '../../src/shared/ml/ct-prediction';
import { writeCsv, writeStrip } from './severstal';
import { rsnaCsvLines, writeSeries } from './rsna';

/** Writes a model's masks for some strips: class → RLE ('' or absent = empty). */
export function plantSteelPrediction(services: Services, source: `model:${string}`, strips: Record<number, Record<number, string>>): void {
  const revisions = Object.entries(strips).flatMap(([itemId, classes]) =>
    [1, 2, 3, 4].map((classId) => ({ itemId: Number(itemId), classId, payload: classes[classId] ?? '' })),
  );
  services.labels.append(revisions, source, 'model-run');
}

/** Writes a model's probability maps for a strip: per class a fill (one value, p × 255) or a function of (x, y). */
export function plantSteelMaps(
  services: Services,
  source: `model:${string}`,
  itemId: number,
  fills: (number | ((x: number, y: number) => number))[],
  size = { width: 200, height: 32 },
): void {
  const maps = fills.map((fill, c) => {
    const data = new Uint8Array(size.width * size.height);
    for (let y = 0; y < size.height; y++) for (let x = 0; x < size.width; x++) data[y * size.width + x] = typeof fill === 'number' ? fill : fill(x, y);
    return { classId: c + 1, width: size.width, height: size.height, presence: null, deflated: new Uint8Array(deflateSync(data)) };
  });
  new PredictionMapStore(services.db, systemClock).put(source, [{ itemId, maps }]);
}

/** Writes a CT model's six probabilities (CT_LABELS order) for some slices. */
export function plantCtPrediction(services: Services, source: `model:${string}`, slices: Record<number, number[]>): void {
  services.labels.append(
    Object.entries(slices).map(([itemId, p]) => ({ itemId: Number(itemId), classId: 0, payload: formatCtPrediction(p) })),
    source,
    'model-run',
  );
}

/**
 * Four strips: s1 class 3 (5,253 px), s2 class 1 (100 px), s3 no defect — all from an old-form CSV — and
 * s4, which the CSV does not name (unlabelled).
 */
export async function importSteelQueueSet(services: Services, dir: string): Promise<Record<'s1' | 's2' | 's3' | 's4', number>> {
  const folder = join(dir, 'steel');
  for (const [i, name] of ['s1.jpg', 's2.jpg', 's3.jpg', 's4.jpg'].entries()) await writeStrip(folder, name, { seed: i });
  const rows = ['ImageId_ClassId,EncodedPixels'];
  const labels: Record<string, Record<number, string>> = { 's1.jpg': { 3: '10001 5253' }, 's2.jpg': { 1: '1 100' }, 's3.jpg': {} };
  for (const [image, classes] of Object.entries(labels)) for (const c of [1, 2, 3, 4]) rows.push(`${image}_${c},${classes[c] ?? ''}`);
  const csv = writeCsv(dir, 'train.csv', rows);
  const { datasetId } = await services.importSeverstal({ imagesDir: folder, labelsCsv: csv, name: 'steel', author: 'importer' });
  const ids = Object.fromEntries(services.datasets.items(datasetId).map((i) => [i.key.replace('.jpg', ''), i.id]));
  return ids as Record<'s1' | 's2' | 's3' | 's4', number>;
}

/** One series of five slices k1..k5 (in position order); k2 and k3 have subdural; k5 is unlabelled. */
export async function importCtQueueSet(services: Services, dir: string): Promise<Record<'k1' | 'k2' | 'k3' | 'k4' | 'k5', number>> {
  const folder = join(dir, 'ct');
  writeSeries(folder, {
    patient: 'P1',
    study: '1.2.3',
    series: '1.2.3.4',
    slices: [1, 2, 3, 4, 5].map((n) => ({ key: `ID_k${n}`, z: n * 5, instanceNumber: n })),
  });
  const csv = writeCsv(dir, 'ct.csv', rsnaCsvLines(['ID_k1', 'ID_k2', 'ID_k3', 'ID_k4'], { ID_k2: ['subdural'], ID_k3: ['subdural'] }));
  const { datasetId } = await services.importRsna({ dicomDir: folder, labelsCsv: csv, name: 'ct', author: 'importer' });
  const ids = Object.fromEntries(services.datasets.items(datasetId).map((i) => [i.key.replace('ID_', ''), i.id]));
  return ids as Record<'k1' | 'k2' | 'k3' | 'k4' | 'k5', number>;
}

/** CT_LABELS order: epidural, intraparenchymal, intraventricular, subarachnoid, subdural, any. */
export const ct = (subdural: number, rest = 0.01): number[] => [rest, rest, rest, rest, subdural, Math.max(subdural, rest)];
