// A batch added to an existing dataset, on a real SQLite file: new files added, files the dataset has with the
// same bytes skipped, the same id with other bytes refused naming both files, nothing written when any file is bad,
// labels for the new items only, CT slices ordered into their series, and folders outside the dataset refused.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServices, type Services } from '../../src/main/composition';
import { LoupeError } from '../../src/shared/errors';
import { fingerprint, tempDir } from '../helpers/fs';
import { writeCsv, writeStrip } from '../helpers/severstal';
import { rsnaCsvLines, writeSeries } from '../helpers/rsna';

let tmp: ReturnType<typeof tempDir>;
let services: Services;
let root: string;

beforeEach(() => {
  tmp = tempDir();
  root = join(tmp.dir, 'line3');
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

const keysOf = (datasetId: number) => services.datasets.items(datasetId).map((i) => i.key);

describe('adding strips to a steel dataset', () => {
  let datasetId: number;
  beforeEach(async () => {
    await writeStrip(root, 'b.jpg', { seed: 1 });
    await writeStrip(root, 'd.jpg', { seed: 2 });
    const csv = writeCsv(tmp.dir, 'train.csv', ['ImageId,ClassId,EncodedPixels', 'b.jpg,1,1 3']);
    ({ datasetId } = await services.importSeverstal({ imagesDir: root, labelsCsv: csv, name: 'line3' }));
  });

  it('adds the new strips in display order, skips one it has with the same bytes, and stores every hash', async () => {
    const batch = join(root, 'batch2');
    mkdirSync(batch);
    await writeStrip(batch, 'a.jpg', { seed: 3 });
    await writeStrip(batch, 'c.jpg', { seed: 4 });
    copyFileSync(join(root, 'd.jpg'), join(batch, 'd.jpg')); // the same strip again
    const { report, itemIds } = await services.addItems({ dataset: 'line3', dir: batch });
    expect(report).toMatchObject({ added: true, items: 2, labelled: 0, unchanged: [{ file: 'd.jpg', key: 'd.jpg' }] });
    expect(keysOf(datasetId)).toEqual(['a.jpg', 'b.jpg', 'c.jpg', 'd.jpg']);
    expect(services.datasets.items(datasetId).map((i) => i.sortIndex)).toEqual([0, 1, 2, 3]);
    expect(itemIds.map((id) => services.datasets.item(id).key)).toEqual(['a.jpg', 'c.jpg']);
    expect(services.datasets.item(itemIds[0]).path).toBe('batch2/a.jpg');
    const hashes = services.db.prepare('SELECT key, sha256 FROM items ORDER BY key').all() as { key: string; sha256: string | null }[];
    expect(hashes.every((h) => /^[0-9a-f]{64}$/.test(h.sha256 ?? ''))).toBe(true);
    // The new strips are unlabelled; the old ones keep their truth.
    expect(services.itemPages.page(datasetId, 0, 10, { label: 'unlabelled' }).rows.map((r) => r.key)).toEqual(['a.jpg', 'c.jpg']);
    // Adding the same folder again adds nothing.
    const again = await services.addItems({ dataset: datasetId, dir: batch });
    expect(again.report.items).toBe(0);
    expect(again.report.unchanged.map((u) => u.key)).toEqual(['a.jpg', 'c.jpg', 'd.jpg']);
  });

  it('refuses a strip whose id the dataset has with other bytes, naming both files, and writes nothing', async () => {
    const batch = join(root, 'batch2');
    await writeStrip(batch, 'a.jpg', { seed: 3 });
    await writeStrip(batch, 'b.jpg', { seed: 9 }); // another image under b.jpg's id
    const before = fingerprint(services.db);
    const error = await refusal(() => services.addItems({ dataset: datasetId, dir: batch }));
    expect(error.code).toBe('conflict');
    expect(error.message).toBe(`${join(batch, 'b.jpg')}: image "b.jpg" is in the dataset already as ${join(root, 'b.jpg')}, with other bytes (one id cannot name two images); nothing was added`);
    expect(fingerprint(services.db)).toBe(before);
  });

  it('writes nothing when one file of the batch does not decode', async () => {
    const batch = join(root, 'batch2');
    await writeStrip(batch, 'a.jpg', { seed: 3 });
    await writeStrip(batch, 'e.jpg', { seed: 5 });
    const whole = (await import('node:fs')).readFileSync(join(batch, 'e.jpg'));
    writeFileSync(join(batch, 'e.jpg'), whole.subarray(0, whole.length >> 1)); // cut in half
    const before = fingerprint(services.db);
    const error = await refusal(() => services.addItems({ dataset: datasetId, dir: batch }));
    expect(error.message).toContain(join(batch, 'e.jpg'));
    expect(fingerprint(services.db)).toBe(before);
    expect(keysOf(datasetId)).toEqual(['b.jpg', 'd.jpg']);
  });

  it('labels the new strips from a CSV; a row for a strip it has must equal its truth', async () => {
    const batch = join(root, 'batch2');
    await writeStrip(batch, 'a.jpg', { seed: 3 });
    // Kaggle's full CSV repeats b.jpg's row as it was imported: accepted; a row for another image: skipped as asked.
    const full = writeCsv(tmp.dir, 'full.csv', ['ImageId,ClassId,EncodedPixels', 'a.jpg,2,10 4', 'b.jpg,1,1 3', 'zz.jpg,3,1 1']);
    const refused = await refusal(() => services.addItems({ dataset: datasetId, dir: batch, labelsCsv: full }));
    expect(refused.message).toBe(`${full}:4: image "zz.jpg" is not in ${batch}`);
    expect(refused.option).toBe('allowMissing');
    const { report, itemIds } = await services.addItems({ dataset: datasetId, dir: batch, labelsCsv: full, allowMissing: true });
    expect(report).toMatchObject({ items: 1, labelled: 1, skippedMissing: 1 });
    expect([...services.labels.currentOf(itemIds[0])]).toEqual([[1, ''], [2, '10 4'], [3, ''], [4, '']]);

    await writeStrip(batch, 'f.jpg', { seed: 6 });
    const changed = writeCsv(tmp.dir, 'changed.csv', ['ImageId,ClassId,EncodedPixels', 'f.jpg,1,1 1', 'b.jpg,1,7 7']);
    const before = fingerprint(services.db);
    const error = await refusal(() => services.addItems({ dataset: datasetId, dir: batch, labelsCsv: changed }));
    expect(error.message).toBe(`${changed}:3: image "b.jpg" is in the dataset already with another class 1 label; a batch's CSV labels its new images only (change that strip in the workstation)`);
    expect(fingerprint(services.db)).toBe(before);
  });

  it('refuses a folder outside the dataset’s folder: files are read only inside it', async () => {
    const elsewhere = join(tmp.dir, 'elsewhere');
    await writeStrip(elsewhere, 'x.jpg');
    const error = await refusal(() => services.addItems({ dataset: datasetId, dir: elsewhere }));
    expect(error.message).toMatch(new RegExp(`^${elsewhere.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not inside the folder of dataset "line3"`));
  });

  it('computes the hash of an item imported before hashes were kept, the first time a batch meets its id', async () => {
    services.db.prepare('UPDATE items SET sha256 = NULL').run();
    const batch = join(root, 'batch2');
    mkdirSync(batch);
    copyFileSync(join(root, 'b.jpg'), join(batch, 'b.jpg'));
    const { report } = await services.addItems({ dataset: datasetId, dir: batch });
    expect(report.unchanged).toEqual([{ file: 'b.jpg', key: 'b.jpg' }]);
    const stored = services.db.prepare("SELECT sha256 FROM items WHERE key = 'b.jpg'").pluck().get() as string | null;
    expect(stored).toMatch(/^[0-9a-f]{64}$/);
    expect(services.db.prepare("SELECT sha256 FROM items WHERE key = 'd.jpg'").pluck().get()).toBeNull();
  });
});

describe('adding slices to a CT dataset', () => {
  const SERIES_A = { patient: 'PAT_A', study: '1.2.3.1', series: '1.2.3.1.1', slices: [{ key: 'ID_a1', z: 0, instanceNumber: 1 }, { key: 'ID_a3', z: 10, instanceNumber: 3 }] };
  const SERIES_C = { patient: 'PAT_C', study: '1.2.3.3', series: '1.2.3.3.1', slices: [{ key: 'ID_c1', z: 0, instanceNumber: 1 }] };

  it('orders new slices into their series and a new series between the others; labels the new ones only', async () => {
    writeSeries(join(root, 'a'), SERIES_A);
    writeSeries(join(root, 'c'), SERIES_C);
    const first = await services.importRsna({ dicomDir: root, labelsCsv: writeCsv(tmp.dir, 'l.csv', rsnaCsvLines(['ID_a1', 'ID_a3'], { ID_a3: ['subdural'] })) });
    expect(keysOf(first.datasetId)).toEqual(['ID_a1', 'ID_a3', 'ID_c1']);

    const batch = join(root, 'batch2');
    writeSeries(join(batch, 'a'), { ...SERIES_A, slices: [{ key: 'ID_a2', z: 5, instanceNumber: 2 }, { key: 'ID_a4', z: 15, instanceNumber: 4 }] });
    writeSeries(join(batch, 'b'), { patient: 'PAT_B', study: '1.2.3.2', series: '1.2.3.2.1', slices: [{ key: 'ID_b1', z: -3, instanceNumber: 1 }] });
    // The batch's CSV has the new slices' labels, and repeats ID_a3's as imported.
    const csv = writeCsv(tmp.dir, 'batch.csv', rsnaCsvLines(['ID_a2', 'ID_a3', 'ID_b1'], { ID_a2: ['epidural'], ID_a3: ['subdural'] }));
    const { report, itemIds } = await services.addItems({ dataset: first.datasetId, dir: batch, labelsCsv: csv });
    expect(report).toMatchObject({ items: 3, labelled: 2, verified: true, unchanged: [] });
    const items = services.datasets.items(first.datasetId);
    expect(items.map((i) => i.key)).toEqual(['ID_a1', 'ID_a2', 'ID_a3', 'ID_a4', 'ID_b1', 'ID_c1']);
    expect(items.map((i) => i.sortIndex)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(items.map((i) => i.position)).toEqual([0, 5, 10, 15, -3, 0]);
    expect(itemIds.map((id) => services.datasets.item(id).key)).toEqual(['ID_a2', 'ID_a4', 'ID_b1']);
    const a2 = items.find((i) => i.key === 'ID_a2')!;
    expect(services.labels.currentOf(a2.id).get(0)).toBe('1'); // epidural is bit 0
    expect(services.itemPages.page(first.datasetId, 0, 10, { label: 'unlabelled' }).rows.map((r) => r.key)).toEqual(['ID_a4', 'ID_c1']);

    // A row that disagrees with a slice it has is refused, naming its line.
    const batch3 = join(root, 'batch3');
    writeSeries(batch3, { ...SERIES_A, slices: [{ key: 'ID_a5', z: 20, instanceNumber: 5 }] });
    const wrong = writeCsv(tmp.dir, 'wrong.csv', rsnaCsvLines(['ID_a5', 'ID_a1'], { ID_a1: ['subdural'] }));
    const before = fingerprint(services.db);
    const error = await refusal(() => services.addItems({ dataset: first.datasetId, dir: batch3, labelsCsv: wrong }));
    expect(error.message).toBe(`${wrong}:8: slice "ID_a1" is in the dataset already labelled none; a batch's CSV labels its new slices only (change that slice in the workstation)`);
    expect(fingerprint(services.db)).toBe(before);
  });
});
