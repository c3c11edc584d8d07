import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServices, type Services } from '../../src/main/composition';
import { ItemService } from '../../src/main/services/datasets/items';
import { fingerprint, tempDir } from '../helpers/fs';
import { writeCsv } from '../helpers/severstal';
import { rsnaCsvLines, writeSeries } from '../helpers/rsna';
import { rleFrame, withFragmentCut, withUint16 } from '../helpers/dicom-mutate';
import { writeDicom } from '../../src/main/imaging/dicom/write';

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
    ['a slice missing some of its six rows', () => rsnaCsvLines(ALL_KEYS, LABELS).filter((l) => l !== 'ID_a2_epidural,0'), /labels\.csv:8: slice "ID_a2" lacks its epidural row/],
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

  it('a folder with no DICOM file is an error that lists what was left out', async () => {
    const empty = join(tmp.dir, 'notes');
    mkdirSync(empty);
    writeFileSync(join(empty, 'README.txt'), 'not DICOM');
    await expect(services.importRsna({ dicomDir: empty, author: 'tester' })).rejects.toThrow(/notes: no DICOM files \(searched recursively\) in this folder \(left out 1: README\.txt \(not DICOM/);
    mkdirSync(join(tmp.dir, 'nothing'));
    await expect(services.importRsna({ dicomDir: join(tmp.dir, 'nothing'), author: 'tester' })).rejects.toThrow(/nothing: no DICOM files .*\(the folder is empty\)/);
    expect(services.datasets.list()).toEqual([]);
  });

  it('lists every entry it leaves out, with the reason: hidden files and folders, symbolic links, other files', async () => {
    writeFileSync(join(dicomDir, '.DS_Store'), 'x');
    mkdirSync(join(dicomDir, '.cache'));
    writeFileSync(join(dicomDir, '.cache', 'ID_hidden.dcm'), readFileSync(join(dicomDir, 'b', 'ID_b1.dcm')));
    symlinkSync(join(dicomDir, 'b', 'ID_b1.dcm'), join(dicomDir, 'ID_link.dcm')); // a link inside the folder
    symlinkSync(join(dicomDir, 'b'), join(dicomDir, 'linked-folder'));
    const report = await services.importRsna({ dicomDir, author: 'tester' });
    expect(report.items).toBe(5);
    expect(report.leftOut).toEqual([
      { file: '.DS_Store', reason: 'a hidden file' },
      { file: '.cache/', reason: 'a hidden folder (not searched)' },
      { file: 'ID_link.dcm', reason: 'a symbolic link (links are not followed: copy the file into the folder)' },
      { file: 'README.txt', reason: "not DICOM (no 'DICM' marker at byte 128)" },
      { file: 'linked-folder', reason: 'a symbolic link (links are not followed: copy the file into the folder)' },
    ]);
    expect(report.skippedFiles).toEqual(report.leftOut.map((f) => f.file));
  });

  it('refuses slices whose header does not describe their pixels, naming every such file, and writes nothing', async () => {
    await services.importRsna({ dicomDir, author: 'tester', name: 'existing' });
    const before = fingerprint(services.db);
    const good = new Uint8Array(readFileSync(join(dicomDir, 'b', 'ID_b1.dcm')));
    writeFileSync(join(dicomDir, 'b', 'ID_half.dcm'), withUint16(good, 'x00280010', 8)); // Rows 8 on a 16-row slice
    writeFileSync(join(dicomDir, 'b', 'ID_cut.dcm'), good.subarray(0, good.length - 100)); // cut past the Pixel Data tag
    const refused = services.importRsna({ dicomDir, author: 'tester' });
    await expect(refused).rejects.toThrow(/^2 of 7 DICOM files cannot be imported, nothing was written: /);
    await expect(services.importRsna({ dicomDir, author: 'tester' })).rejects.toThrow(/b\/ID_cut\.dcm: the file is truncated: its Pixel Data needs bytes .*; .*b\/ID_half\.dcm: Pixel Data holds 512 bytes, but Rows × Columns × BitsAllocated\/8 × SamplesPerPixel × frames = 8 × 16 × 2 × 1 × 1 = 256/);
    expect(fingerprint(services.db)).toBe(before);
  });

  it('decodes every slice before importing, and refuses one whose stream is corrupt inside; --no-verify checks only the structure', async () => {
    const pixels = new Uint16Array(16 * 16).map((_, i) => 1000 + i);
    const frame = rleFrame(pixels);
    const rle = writeDicom({ sopInstanceUid: '1.2.9', patientId: 'PAT_A', studyInstanceUid: '1.2.3.1', seriesInstanceUid: '1.2.3.1.1', rows: 16, columns: 16, encapsulated: { transferSyntaxUid: '1.2.840.10008.1.2.5', frames: [frame] } });
    writeFileSync(join(dicomDir, 'ID_rle.dcm'), withFragmentCut(rle, 0, frame.length - 80));
    const before = fingerprint(services.db);
    await expect(services.importRsna({ dicomDir, author: 'tester' })).rejects.toThrow(/ID_rle\.dcm: cannot decode frame 0 \(RLE Lossless, 1\.2\.840\.10008\.1\.2\.5\): RLE segment 1 ends after/);
    expect(fingerprint(services.db)).toBe(before);
    const unverified = await services.importRsna({ dicomDir, author: 'tester', verify: false });
    expect(unverified).toMatchObject({ items: 6, verified: false });
    writeFileSync(join(dicomDir, 'ID_rle.dcm'), rle);
    expect(await services.importRsna({ dicomDir, author: 'tester', name: 'verified' })).toMatchObject({ items: 6, verified: true });
  });

  it('imports slices that look unlike head CT, and lists each one with the reason', async () => {
    const folder = join(tmp.dir, 'mixed');
    writeSeries(folder, { ...SERIES_A, size: 128 });
    const pixels = new Int16Array(128 * 64);
    const other = { patientId: 'PAT_A', studyInstanceUid: '1.2.3.1', seriesInstanceUid: '1.2.3.1.2', pixels, rows: 64, columns: 128 };
    writeFileSync(join(folder, 'ID_mr.dcm'), writeDicom({ ...other, sopInstanceUid: '1.2.7', modality: 'MR' }));
    writeFileSync(join(folder, 'ID_ankle.dcm'), writeDicom({ ...other, sopInstanceUid: '1.2.8', bodyPartExamined: 'ANKLE' }));
    const report = await services.importRsna({ dicomDir: folder, author: 'tester' });
    expect(report.items).toBe(5);
    expect(report.warnings).toEqual([
      { file: 'ID_ankle.dcm', message: 'BodyPartExamined is ANKLE, not the head' },
      { file: 'ID_ankle.dcm', message: '128×64 is not square, unusual for a head CT' },
      { file: 'ID_mr.dcm', message: 'Modality is MR, not CT' },
      { file: 'ID_mr.dcm', message: '128×64 is not square, unusual for a head CT' },
    ]);
  });
});
