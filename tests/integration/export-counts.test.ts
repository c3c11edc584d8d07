// What an export writes and says: `current` writes only items with a label and says how many it left out (an
// unlabelled strip is not a defect-free one); `current-or-model` fills those from the model's draft and says how
// many; the download counts them before it streams.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServices, type Services } from '../../src/main/composition';
import { formatCtPrediction } from '../../src/shared/ml/ct-prediction';
import { tempDir } from '../helpers/fs';
import { writeCsv, writeStrip } from '../helpers/severstal';
import { rsnaCsvLines, writeSeries } from '../helpers/rsna';

let tmp: ReturnType<typeof tempDir>;
let services: Services;

beforeEach(() => {
  tmp = tempDir();
  services = createServices(join(tmp.dir, 'loupe.db'));
});
afterEach(() => {
  services.close();
  tmp.cleanup();
});

const lines = (file: string) => readFileSync(file, 'utf8').trimEnd().split('\n');

describe('steel exports', () => {
  let datasetId: number;
  beforeEach(async () => {
    const images = join(tmp.dir, 'strips');
    for (const [i, name] of ['a.jpg', 'b.jpg', 'c.jpg', 'd.jpg'].entries()) await writeStrip(images, name, { seed: i });
    // An old-form CSV that covers a.jpg and b.jpg only: c.jpg and d.jpg are unlabelled.
    const csv = writeCsv(tmp.dir, 'train.csv', ['ImageId_ClassId,EncodedPixels', ...['a.jpg', 'b.jpg'].flatMap((id) => [1, 2, 3, 4].map((c) => `${id}_${c},${id === 'a.jpg' && c === 3 ? '5 5' : ''}`))]);
    ({ datasetId } = await services.importSeverstal({ imagesDir: images, labelsCsv: csv }));
    const c = services.datasets.items(datasetId).find((i) => i.key === 'c.jpg')!;
    services.labels.append([1, 2, 3, 4].map((classId) => ({ itemId: c.id, classId, payload: classId === 2 ? '100 7' : '' })), 'model:steel-1', 'loupe');
  });

  it('current writes only the labelled strips and counts the others; the old form has no empty rows for them', () => {
    const out = join(tmp.dir, 'current.csv');
    const report = services.exports.export(datasetId, { format: 'severstal', source: 'current', out });
    expect(report).toMatchObject({ items: 2, rows: 1, skipped: 2, fromModel: 0 });
    expect(lines(out)).toEqual(['ImageId,ClassId,EncodedPixels', 'a.jpg,3,5 5']);
    const legacy = join(tmp.dir, 'legacy.csv');
    expect(services.exports.export(datasetId, { format: 'severstal', source: 'current', legacy: true, out: legacy })).toMatchObject({ items: 2, rows: 8, skipped: 2 });
    expect(lines(legacy).slice(1).map((l) => l.split(',')[0].replace(/_\d$/, ''))).toEqual([...Array(4).fill('a.jpg'), ...Array(4).fill('b.jpg')]);
  });

  it('current-or-model fills the unlabelled strips from the model’s draft and says how many came from it', () => {
    const out = join(tmp.dir, 'filled.csv');
    const report = services.exports.export(datasetId, { format: 'severstal', source: 'current-or-model', model: 'model:steel-1', legacy: true, out });
    expect(report).toMatchObject({ items: 3, skipped: 1, fromModel: 1, model: 'model:steel-1' });
    expect(lines(out)).toContain('c.jpg_2,100 7');
    expect(lines(out).some((l) => l.startsWith('d.jpg'))).toBe(false);
  });

  it('counts the unlabelled strips of a download before it streams', async () => {
    const download = services.exports.download(datasetId, 'current');
    expect(download.skipped).toBe(2);
    const text = await new Response(download.stream).text();
    expect(text.trimEnd().split('\n')).toEqual(['ImageId,ClassId,EncodedPixels', 'a.jpg,3,5 5']);
  });
});

describe('CT exports', () => {
  it('current-or-model writes the model’s labels at 0.5 as 0/1 rows, with any the OR of the subtypes', async () => {
    const dir = join(tmp.dir, 'ct');
    writeSeries(dir, { patient: 'P', study: '1.2', series: '1.2.1', slices: [{ key: 'ID_1', z: 0, instanceNumber: 1 }, { key: 'ID_2', z: 5, instanceNumber: 2 }, { key: 'ID_3', z: 9, instanceNumber: 3 }] });
    const { datasetId } = await services.importRsna({ dicomDir: dir, labelsCsv: writeCsv(tmp.dir, 'l.csv', rsnaCsvLines(['ID_1'], { ID_1: ['subdural'] })) });
    const [, two] = services.datasets.items(datasetId);
    services.labels.append([{ itemId: two.id, classId: 0, payload: formatCtPrediction([0.9, 0.2, 0.1, 0.6, 0.3, 0.95]) }], 'model:ct-1', 'loupe');

    const current = join(tmp.dir, 'current.csv');
    expect(services.exports.export(datasetId, { format: 'rsna', source: 'current', out: current })).toMatchObject({ items: 1, rows: 6, skipped: 2 });
    const out = join(tmp.dir, 'filled.csv');
    expect(services.exports.export(datasetId, { format: 'rsna', source: 'current-or-model', model: 'model:ct-1', out })).toMatchObject({ items: 2, rows: 12, skipped: 1, fromModel: 1 });
    expect(lines(out).filter((l) => l.startsWith('ID_2_'))).toEqual([
      'ID_2_epidural,1',
      'ID_2_intraparenchymal,0',
      'ID_2_intraventricular,0',
      'ID_2_subarachnoid,1',
      'ID_2_subdural,0',
      'ID_2_any,1',
    ]);
    // The model source itself writes probabilities (a submission to score), and counts the slices it has none for.
    const model = join(tmp.dir, 'model.csv');
    expect(services.exports.export(datasetId, { format: 'rsna', source: 'model:ct-1', out: model })).toMatchObject({ items: 1, skipped: 2 });
    expect(lines(model)).toContain('ID_2_epidural,0.9');
  });
});
