// Unlabelled items in: a steel folder without a CSV (every strip unlabelled: no truth, counted and filtered as
// such), and a subset of RSNA slices next to a label CSV that covers more slices than the folder.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServices, type Services } from '../../src/main/composition';
import { LoupeError } from '../../src/shared/errors';
import { fingerprint, hasSharedData, sharedData, tempDir } from '../helpers/fs';
import { writeStrip } from '../helpers/severstal';

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

async function refusal(run: () => Promise<unknown>): Promise<LoupeError> {
  try {
    await run();
  } catch (error) {
    return error as LoupeError;
  }
  throw new Error('expected a refusal');
}

describe('a steel folder without a label CSV', () => {
  it('imports every strip unlabelled: no truth revision, counted, filtered and listed as such', async () => {
    const images = join(tmp.dir, 'new_strips');
    for (const [i, name] of ['s1.jpg', 's2.jpg', 's3.png'].entries()) await writeStrip(images, name, { seed: i });
    const report = await services.importSeverstal({ imagesDir: images });
    expect(report).toMatchObject({ items: 3, labelled: 0, skippedMissing: 0, added: false, unchanged: [] });
    const revisions = services.db.prepare('SELECT COUNT(*) AS n FROM label_revisions').get() as { n: number };
    expect(revisions.n).toBe(0);
    expect(services.datasets.get(report.datasetId).labelsFile).toBeNull();

    const card = services.datasets.summaries().find((d) => d.id === report.datasetId)!;
    expect({ items: card.items, labelled: card.labelled, unlabelled: card.unlabelled, reviewed: card.reviewed }).toEqual({ items: 3, labelled: 0, unlabelled: 3, reviewed: 0 });
    expect(services.itemPages.page(report.datasetId, 0, 10, { label: 'unlabelled' }).total).toBe(3);
    // Unlabelled is not "no defect": the no-defect filter finds none of them.
    expect(services.itemPages.page(report.datasetId, 0, 10, { label: 'none' }).total).toBe(0);
    expect(services.itemPages.page(report.datasetId, 0, 10).rows.every((r) => !r.labelled)).toBe(true);

    // A person's save labels one; the filter and the counts follow.
    const first = services.datasets.items(report.datasetId)[0];
    services.labels.saveHuman(first.id, [1, 2, 3, 4].map((classId) => ({ classId, payload: '' })), 'inspector');
    expect(services.itemPages.page(report.datasetId, 0, 10, { label: 'unlabelled' }).total).toBe(2);
    expect(services.itemPages.page(report.datasetId, 0, 10, { label: 'none' }).rows.map((r) => r.key)).toEqual([first.key]);
    expect(services.datasets.summaries()[0]).toMatchObject({ labelled: 1, unlabelled: 2 });
  });

  it('still refuses a label row for an image that is not in the folder, naming the option that skips it', async () => {
    const images = join(tmp.dir, 'strips');
    await writeStrip(images, 'a.jpg');
    const csv = join(tmp.dir, 'train.csv');
    writeFileSync(csv, 'ImageId,ClassId,EncodedPixels\na.jpg,1,1 3\nelsewhere.jpg,2,5 5\n');
    const before = fingerprint(services.db);
    const error = await refusal(() => services.importSeverstal({ imagesDir: images, labelsCsv: csv }));
    expect(error.message).toBe(`${csv}:3: image "elsewhere.jpg" is not in ${images}`);
    expect(error.option).toBe('allowMissing');
    expect(error.message).not.toMatch(/--/);
    expect(fingerprint(services.db)).toBe(before);
  });
});

describe.skipIf(!hasSharedData)('RSNA: a subset of the slices next to a CSV that covers more', () => {
  const rsna = join(sharedData, 'rsna');
  const labelsCsv = join(rsna, 'labels.csv');
  /** The real labels plus six well-formed rows for each of `extra` slices that no folder holds. */
  function widerCsv(extra: number): string {
    const lines = readFileSync(labelsCsv, 'utf8').trimEnd().split(/\r?\n/);
    for (let i = 0; i < extra; i++) {
      for (const label of ['epidural', 'intraparenchymal', 'intraventricular', 'subarachnoid', 'subdural', 'any']) lines.push(`ID_missing${i}_${label},0`);
    }
    const file = join(tmp.dir, 'stage_2_train.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    return file;
  }

  it('refuses the wider CSV without allowMissing, naming the line and the option; nothing is written', async () => {
    const csv = widerCsv(20);
    const before = fingerprint(services.db);
    const error = await refusal(() => services.importRsna({ dicomDir: join(rsna, 'dicom'), labelsCsv: csv, verify: false }));
    expect(error.message).toBe(`${csv}:200: label for unknown slice "ID_missing0" (no such DICOM file in the folder)`);
    expect(error.option).toBe('allowMissing');
    expect(fingerprint(services.db)).toBe(before);
  });

  it('imports all 63 real slices with the wider CSV and allowMissing: 33 labelled, the other rows skipped and counted', async () => {
    const report = await services.importRsna({ dicomDir: join(rsna, 'dicom'), labelsCsv: widerCsv(20), allowMissing: true, verify: false });
    expect(report).toMatchObject({ items: 63, labelled: 33, skippedMissing: 120 });
    expect(services.itemPages.page(report.datasetId, 0, 100, { label: 'unlabelled' }).total).toBe(30);
  });

  it('imports a subset of the folder with the full CSV: only the slices there get labels', async () => {
    const subset = join(tmp.dir, 'subset');
    mkdirSync(subset);
    const keys = readFileSync(labelsCsv, 'utf8').split('\n').slice(1).filter(Boolean).map((l) => l.slice(0, l.lastIndexOf('_')));
    const labelledKeys = [...new Set(keys)];
    const chosen = labelledKeys.slice(0, 10);
    const unlabelled = readdirSync(join(rsna, 'dicom')).map((f) => f.replace(/\.dcm$/, '')).filter((k) => !labelledKeys.includes(k)).slice(0, 4);
    for (const key of [...chosen, ...unlabelled]) copyFileSync(join(rsna, 'dicom', `${key}.dcm`), join(subset, `${key}.dcm`));
    const report = await services.importRsna({ dicomDir: subset, labelsCsv, allowMissing: true });
    expect(report).toMatchObject({ items: 14, labelled: 10, skippedMissing: (33 - 10) * 6, verified: true });
    const labelledNow = services.itemPages.page(report.datasetId, 0, 100).rows.filter((r) => r.labelled).map((r) => r.key).sort();
    expect(labelledNow).toEqual([...chosen].sort());
  });

  it('keeps checking every row: a malformed row for a slice not in the folder, or an incomplete slice that is, still fails', async () => {
    const bad = join(tmp.dir, 'bad.csv');
    writeFileSync(bad, `${readFileSync(labelsCsv, 'utf8').trimEnd()}\nID_missing_epidural,maybe\n`);
    const malformed = await refusal(() => services.importRsna({ dicomDir: join(rsna, 'dicom'), labelsCsv: bad, allowMissing: true, verify: false }));
    expect(malformed.message).toMatch(/bad\.csv:200: Label "maybe" of ID_missing_epidural is not 0 or 1/);

    const lines = readFileSync(labelsCsv, 'utf8').trimEnd().split('\n');
    const incomplete = join(tmp.dir, 'incomplete.csv');
    writeFileSync(incomplete, `${lines.slice(0, -1).join('\n')}\n`); // the last slice loses its `any` row
    const partial = await refusal(() => services.importRsna({ dicomDir: join(rsna, 'dicom'), labelsCsv: incomplete, allowMissing: true, verify: false }));
    expect(partial.message).toMatch(/lacks its any row/);
  });
});
