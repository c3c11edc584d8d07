// The real samples in ../shared/data: Severstal round trip and CT series order (INVENTORY.md).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServices, type Services } from '../../src/main/composition';
import { ItemService } from '../../src/main/services/datasets/items';
import { hasSharedData, sharedData, tempDir } from '../helpers/fs';

let tmp: ReturnType<typeof tempDir>;
let services: Services;
const rowsOf = (text: string) => text.trim().split(/\r?\n/).slice(1).sort();

describe.skipIf(!hasSharedData)('real samples in ../shared/data', () => {
  beforeAll(() => {
    tmp = tempDir();
    services = createServices(join(tmp.dir, 'loupe.db'));
  });
  afterAll(() => {
    services.close();
    tmp.cleanup();
  });

  it('Severstal: import → export --legacy reproduces train.csv exactly (old form, 40 rows)', async () => {
    const csv = join(sharedData, 'severstal/train.csv');
    const report = await services.importSeverstal({ imagesDir: join(sharedData, 'severstal/train_images'), labelsCsv: csv, author: 'ci', name: 'severstal' });
    // The old form has four rows for each of the ten strips: all ten are labelled (three of them defect-free).
    expect(report).toMatchObject({ items: 10, labelled: 10, skippedFiles: [] });
    const out = join(tmp.dir, 'legacy.csv');
    services.exports.export('severstal', { format: 'severstal', legacy: true, source: 'truth', out });
    const input = readFileSync(csv, 'utf8');
    expect(rowsOf(readFileSync(out, 'utf8'))).toEqual(rowsOf(input));
    expect(rowsOf(input)).toHaveLength(40);
  });

  it('Severstal: the new form holds the 10 defect rows with the same RLE strings', () => {
    const out = join(tmp.dir, 'new.csv');
    services.exports.export('severstal', { format: 'severstal', source: 'current', out });
    const expected = rowsOf(readFileSync(join(sharedData, 'severstal/train.csv'), 'utf8'))
      .filter((r) => !r.endsWith(','))
      .map((r) => r.replace(/_(\d),/, ',$1,'))
      .sort();
    expect(rowsOf(readFileSync(out, 'utf8'))).toEqual(expected);
    expect(expected).toHaveLength(10); // 10 defect rows: INVENTORY.md lists them per image
  });

  it('Severstal: pixel areas per class match INVENTORY.md', () => {
    const items = new ItemService(services.datasets, services.labels).list('severstal');
    const area = Object.fromEntries(items.map((i) => [i.key, i.labels]));
    expect(area['0030401a5.jpg']['4']).toBe(60738);
    expect(area['00e0398ad.jpg']['3']).toBe(96228);
    expect(area['002fc4e19.jpg']).toEqual({ 1: 1547, 2: 1209, 3: 0, 4: 0 });
    expect(area['000789191.jpg']).toEqual({ 1: 0, 2: 0, 3: 0, 4: 0 });
  });

  it('CT series: slices ordered by position along the slice normal, as INVENTORY.md lists', async () => {
    const report = await services.importRsna({ dicomDir: join(sharedData, 'ct_series'), author: 'ci', name: 'ct_series' });
    expect(report.items).toBe(14);
    const items = new ItemService(services.datasets, services.labels).list('ct_series');
    const bySeries = new Map<string, string[]>();
    for (const i of items) bySeries.set(i.seriesUid!, [...(bySeries.get(i.seriesUid!) ?? []), i.key]);
    expect(bySeries.get('1.3.6.1.4.1.5962.1.1.0.0.0.1194734704.16302.0.6')).toEqual(['3353', '3023', '2693', '2392', '2062']);
    expect(bySeries.get('1.3.6.1.4.1.5962.1.1.0.0.0.1196530851.28319.0.2')).toEqual(['17106', '17136', '17166', '17196']);
    expect(bySeries.get('2.16.840.1.114362.1.11940992.23790159890.563423471.893.88')).toEqual([
      '2.16.840.1.114362.1.11940992.23790159890.563423471.893.87',
      '2.16.840.1.114362.1.11940992.23790159890.563423471.985.89',
      '2.16.840.1.114362.1.11940992.23790159890.563423471.995.90',
      '2.16.840.1.114362.1.11940992.23790159890.563423472.1087.91',
      '2.16.840.1.114362.1.11940992.23790159890.563423472.148.92',
    ]);
    expect(items.find((i) => i.key === '3353')!.position).toBeCloseTo(-1.2375, 4);
  });

  it('every real DICOM file in dicom/ imports as a slice, fully decoded; the ankle CT and the 8-bit OT image with warnings', async () => {
    const report = await services.importRsna({ dicomDir: join(sharedData, 'dicom'), author: 'ci', name: 'dicom' });
    expect(report).toMatchObject({ items: 17, skippedFiles: [], leftOut: [], verified: true });
    const secondaryCapture = 'SOP Class is Secondary Capture Image Storage (1.2.840.10008.5.1.4.1.1.7), not a CT image';
    expect(report.warnings).toEqual([
      { file: 'octave-dicom-deb__CT-MONO2-16-ankle.dcm', message: secondaryCapture },
      { file: 'pydicom-deb__image_dfl.dcm', message: 'Modality is OT, not CT' },
      { file: 'pydicom-deb__image_dfl.dcm', message: secondaryCapture },
    ]);
  });

  it('the real RSNA series: 63 slices fully decoded, 33 with their labels, none with a warning', async () => {
    const rsna = join(sharedData, 'rsna');
    const report = await services.importRsna({ dicomDir: join(rsna, 'dicom'), labelsCsv: join(rsna, 'labels.csv'), author: 'ci', name: 'rsna' });
    expect(report).toMatchObject({ items: 63, labelled: 33, leftOut: [], warnings: [], verified: true, fixedAny: 0 });
  });

  it('ct_series: the 16×16 slices are imported with a warning about their size', async () => {
    const report = await services.importRsna({ dicomDir: join(sharedData, 'ct_series'), author: 'ci', name: 'ct_series again' });
    const small = report.warnings.filter((w) => w.message === '16×16 is smaller than 128 px a side, unusual for a head CT');
    expect(small).toHaveLength(9);
    expect(report.warnings).toHaveLength(9);
  });
});
