import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServices, type Services } from '../../src/main/composition';
import { ItemService } from '../../src/main/services/datasets/items';
import { fingerprint, tempDir } from '../helpers/fs';
import { writeCsv } from '../helpers/severstal';
import { rsnaCsvLines, writeSeries } from '../helpers/rsna';

let tmp: ReturnType<typeof tempDir>;
let services: Services;
let dicomDir: string;

// Patient B's series is written first on disk and its slices out of order: the import must sort both.
const SERIES_A = { patient: 'PAT_A', study: '1.2.3.1', series: '1.2.3.1.1', slices: [
  { key: 'ID_a3', z: 10, instanceNumber: 3 }, { key: 'ID_a1', z: 0, instanceNumber: 1 }, { key: 'ID_a2', z: 5, instanceNumber: 2 },
] };
const SERIES_B = { patient: 'PAT_B', study: '1.2.3.2', series: '1.2.3.2.1', slices: [
  { key: 'ID_b2', z: -20, instanceNumber: 7 }, { key: 'ID_b1', z: -30, instanceNumber: 9 },
] };
const ALL_KEYS = ['ID_a1', 'ID_a2', 'ID_a3', 'ID_b1', 'ID_b2'];
const LABELS = { ID_a2: ['subdural'], ID_a3: ['subdural', 'intraparenchymal'], ID_b1: ['epidural'] };
const rowsOf = (text: string) => text.trim().split(/\r?\n/).slice(1).sort();

beforeEach(() => {
  tmp = tempDir();
  dicomDir = join(tmp.dir, 'stage_2_train');
  writeSeries(join(dicomDir, 'b'), SERIES_B);
  writeSeries(join(dicomDir, 'a', 'nested'), SERIES_A);
  writeFileSync(join(dicomDir, 'README.txt'), 'not DICOM');
  services = createServices(join(tmp.dir, 'loupe.db'));
});
afterEach(() => {
  services.close();
  tmp.cleanup();
});

describe('RSNA import', () => {
  it('finds slices recursively, orders them patient → study → series → position, and keeps their labels', async () => {
    const csv = writeCsv(tmp.dir, 'labels.csv', rsnaCsvLines(ALL_KEYS, LABELS));
    const report = await services.importRsna({ dicomDir, labelsCsv: csv, author: 'tester' });
    expect(report).toMatchObject({ kind: 'rsna', items: 5, labelled: 5, skippedFiles: ['README.txt'], fixedAny: 0 });

    const items = new ItemService(services.datasets, services.labels).list(report.datasetId);
    expect(items.map((i) => i.key)).toEqual(['ID_a1', 'ID_a2', 'ID_a3', 'ID_b1', 'ID_b2']);
    expect(items.map((i) => i.position)).toEqual([0, 5, 10, -30, -20]);
    expect(items[0]).toMatchObject({ patientId: 'PAT_A', studyUid: '1.2.3.1', seriesUid: '1.2.3.1.1' });
    expect(items[2].labels).toEqual({ epidural: 0, intraparenchymal: 1, intraventricular: 0, subarachnoid: 0, subdural: 1, any: 1 });
    expect(items[4].labels.any).toBe(0);
  });

  it('exports the same six rows per slice that it imported', async () => {
    const lines = rsnaCsvLines(ALL_KEYS, LABELS);
    const csv = writeCsv(tmp.dir, 'labels.csv', lines);
    await services.importRsna({ dicomDir, labelsCsv: csv, author: 'tester', name: 'ct' });
    const out = join(tmp.dir, 'out.csv');
    const report = services.exports.export('ct', { format: 'rsna', source: 'truth', out });
    expect(report.rows).toBe(30);
    expect(rowsOf(readFileSync(out, 'utf8'))).toEqual(rowsOf(lines.join('\n')));
  });

  it('imports a folder without labels', async () => {
    const report = await services.importRsna({ dicomDir, author: 'tester' });
    expect(report).toMatchObject({ items: 5, labelled: 0 });
  });

  const badInputs: [string, () => string[], RegExp][] = [
    ['a slice missing some of its six rows', () => rsnaCsvLines(ALL_KEYS, LABELS).filter((l) => l !== 'ID_a2_epidural,0'), /labels\.csv: slice "ID_a2" lacks its epidural row/],
    ['a label for an unknown id', () => [...rsnaCsvLines(ALL_KEYS, LABELS), 'ID_zz_epidural,0'], /labels\.csv:32: label for unknown slice "ID_zz"/],
    ['a label other than 0/1', () => rsnaCsvLines(ALL_KEYS, LABELS, { ID_a1_subdural: 2 }), /labels\.csv:6: /],
    ['`any` disagreeing with the five subtypes', () => rsnaCsvLines(ALL_KEYS, LABELS, { ID_a1_any: 1 }), /labels\.csv:7: "any" is 1 for slice "ID_a1" but the OR of its five subtypes is 0/],
  ];
  for (const [what, lines, message] of badInputs) {
    it(`${what} is an error naming the file and line, and leaves the database unchanged`, async () => {
      await services.importRsna({ dicomDir, author: 'tester', name: 'existing' });
      const before = fingerprint(services.db);
      const csv = writeCsv(tmp.dir, 'labels.csv', lines());
      await expect(services.importRsna({ dicomDir, labelsCsv: csv, author: 'tester' })).rejects.toThrow(message);
      expect(fingerprint(services.db)).toBe(before);
    });
  }

  it('--fix-any recomputes `any` and reports how many slices it fixed', async () => {
    const csv = writeCsv(tmp.dir, 'labels.csv', rsnaCsvLines(ALL_KEYS, LABELS, { ID_a1_any: 1, ID_a2_any: 0 }));
    const report = await services.importRsna({ dicomDir, labelsCsv: csv, author: 'tester', fixAny: true });
    expect(report.fixedAny).toBe(2);
    const items = new ItemService(services.datasets, services.labels).list(report.datasetId);
    expect(items.find((i) => i.key === 'ID_a1')!.labels.any).toBe(0);
    expect(items.find((i) => i.key === 'ID_a2')!.labels.any).toBe(1);
  });

  it('a broken DICOM file is an error naming the file, and nothing is written', async () => {
    const good = readFileSync(join(dicomDir, 'b', 'ID_b1.dcm'));
    writeFileSync(join(dicomDir, 'b', 'ID_broken.dcm'), good.subarray(0, 300));
    await expect(services.importRsna({ dicomDir, author: 'tester' })).rejects.toThrow(/ID_broken\.dcm/);
    expect(services.datasets.list()).toEqual([]);
  });

  it('a label CSV with the wrong header is an error naming the file and line 1', async () => {
    const csv = writeCsv(tmp.dir, 'labels.csv', ['Image,Value', 'ID_a1_epidural,0']);
    await expect(services.importRsna({ dicomDir, labelsCsv: csv, author: 'tester' })).rejects.toThrow(/labels\.csv:1: /);
    expect(services.datasets.list()).toEqual([]);
  });

  it('two files with the same slice id are an error naming both', async () => {
    writeSeries(join(dicomDir, 'copy'), { ...SERIES_A, slices: [SERIES_A.slices[0]] });
    await expect(services.importRsna({ dicomDir, author: 'tester' })).rejects.toThrow(/ID_a3" is also the id of/);
  });
});
