import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServices, type Services } from '../../src/main/composition';
import { fingerprint, tempDir } from '../helpers/fs';
import { writeCsv, writeStrip } from '../helpers/severstal';

let tmp: ReturnType<typeof tempDir>;
let services: Services;
let images: string;

const NEW_FORM = ['ImageId,ClassId,EncodedPixels', 'a.jpg,1,1 3 10 5', 'a.jpg,3,300 20', 'b.jpg,4,409590 11'];
const OLD_FORM = [
  'ImageId_ClassId,EncodedPixels',
  ...['a.jpg', 'b.jpg', 'c.png'].flatMap((id) =>
    [1, 2, 3, 4].map((c) => `${id}_${c},${id === 'a.jpg' && c === 1 ? '1 3 10 5' : id === 'a.jpg' && c === 3 ? '300 20' : id === 'b.jpg' && c === 4 ? '409590 11' : ''}`),
  ),
];
const rowsOf = (text: string) => text.trim().split(/\r?\n/).slice(1).sort();

beforeEach(async () => {
  tmp = tempDir();
  images = join(tmp.dir, 'train_images');
  await writeStrip(images, 'a.jpg', { format: 'png', seed: 1 }); // PNG bytes under a .jpg name, as in the real samples
  await writeStrip(images, 'b.jpg', { format: 'jpeg', seed: 2 });
  await writeStrip(images, 'c.png', { format: 'png', seed: 3 });
  writeFileSync(join(images, 'notes.txt'), 'not an image');
  services = createServices(join(tmp.dir, 'loupe.db'));
});
afterEach(() => {
  services.close();
  tmp.cleanup();
});

describe('Severstal import', () => {
  it('imports the new form, finds images by their bytes and exports the same rows', async () => {
    const csv = writeCsv(tmp.dir, 'train.csv', NEW_FORM);
    const report = await services.importSeverstal({ imagesDir: images, labelsCsv: csv, author: 'tester' });
    // The new form lists defect rows only, so it speaks for every strip of the folder: all three are labelled.
    expect(report).toMatchObject({ name: 'train_images', kind: 'severstal', items: 3, labelled: 3, skippedMissing: 0, skippedFiles: ['notes.txt'] });

    const out = join(tmp.dir, 'out.csv');
    services.exports.export('train_images', { format: 'severstal', source: 'truth', out });
    expect(rowsOf(readFileSync(out, 'utf8'))).toEqual(rowsOf(NEW_FORM.join('\n')));
    expect(readFileSync(out, 'utf8').split('\n')[0]).toBe('ImageId,ClassId,EncodedPixels');
  });

  it('imports the old form and exports it back with --legacy, four rows per image', async () => {
    const csv = writeCsv(tmp.dir, 'train.csv', OLD_FORM);
    const report = await services.importSeverstal({ imagesDir: images, labelsCsv: csv, author: 'tester', name: 'old' });
    expect(report.items).toBe(3);
    const out = join(tmp.dir, 'legacy.csv');
    services.exports.export('old', { format: 'severstal', source: 'current', legacy: true, out });
    const text = readFileSync(out, 'utf8');
    expect(text.split('\n')[0]).toBe('ImageId_ClassId,EncodedPixels');
    expect(rowsOf(text)).toEqual(rowsOf(OLD_FORM.join('\n')));
  });

  it('an image with no rows in a new-form CSV has no defects, said by an empty truth revision per class', async () => {
    const csv = writeCsv(tmp.dir, 'train.csv', NEW_FORM);
    const { datasetId } = await services.importSeverstal({ imagesDir: images, labelsCsv: csv, author: 'tester' });
    const c = services.datasets.items(datasetId).find((i) => i.key === 'c.png')!;
    expect([...services.labels.currentOf(c.id)]).toEqual([[1, ''], [2, ''], [3, ''], [4, '']]);
    expect(services.labels.hasLabel(c.id)).toBe(true);
  });

  it('an old-form CSV labels only the strips it has rows for; the others stay unlabelled', async () => {
    const csv = writeCsv(tmp.dir, 'train.csv', OLD_FORM.filter((line) => !line.startsWith('b.jpg')));
    const report = await services.importSeverstal({ imagesDir: images, labelsCsv: csv, author: 'tester' });
    expect(report.labelled).toBe(2);
    const b = services.datasets.items(report.datasetId).find((i) => i.key === 'b.jpg')!;
    expect(services.labels.hasLabel(b.id)).toBe(false);
    const card = services.datasets.summaries().find((d) => d.id === report.datasetId)!;
    expect({ labelled: card.labelled, unlabelled: card.unlabelled }).toEqual({ labelled: 2, unlabelled: 1 });
  });

  it('exports human corrections with --source current and the original with --source truth', async () => {
    const csv = writeCsv(tmp.dir, 'train.csv', NEW_FORM);
    const { datasetId } = await services.importSeverstal({ imagesDir: images, labelsCsv: csv, author: 'tester' });
    const a = services.datasets.items(datasetId).find((i) => i.key === 'a.jpg')!;
    services.labels.append([{ itemId: a.id, classId: 1, payload: '' }, { itemId: a.id, classId: 2, payload: '50 4' }], 'human', 'ana');
    const out = join(tmp.dir, 'current.csv');
    services.exports.export(datasetId, { format: 'severstal', source: 'current', out });
    expect(rowsOf(readFileSync(out, 'utf8'))).toEqual(['a.jpg,2,50 4', 'a.jpg,3,300 20', 'b.jpg,4,409590 11']);
    services.exports.export(datasetId, { format: 'severstal', source: 'truth', out });
    expect(rowsOf(readFileSync(out, 'utf8'))).toEqual(rowsOf(NEW_FORM.join('\n')));
  });

  const badInputs: [string, string[], RegExp][] = [
    ['a row for a missing image', ['ImageId,ClassId,EncodedPixels', 'a.jpg,1,1 3', 'zzz.jpg,2,1 3'], /train\.csv:3: image "zzz\.jpg" is not in/],
    ['a class outside 1–4', ['ImageId,ClassId,EncodedPixels', 'a.jpg,5,1 3'], /train\.csv:2: .*class/i],
    ['an odd token count', ['ImageId,ClassId,EncodedPixels', 'a.jpg,1,1 3 7'], /train\.csv:2: /],
    ['a non-numeric token', ['ImageId,ClassId,EncodedPixels', 'a.jpg,1,1 x'], /train\.csv:2: /],
    ['a zero length', ['ImageId,ClassId,EncodedPixels', 'b.jpg,1,1 2', 'a.jpg,1,5 0'], /train\.csv:3: /],
    ['a run out of range', ['ImageId,ClassId,EncodedPixels', 'a.jpg,1,409600 2'], /train\.csv:2: /],
    ['unsorted runs', ['ImageId,ClassId,EncodedPixels', 'a.jpg,1,50 2 10 2'], /train\.csv:2: /],
    ['overlapping runs', ['ImageId,ClassId,EncodedPixels', 'a.jpg,1,10 5 12 2'], /train\.csv:2: /],
  ];
  for (const [what, lines, message] of badInputs) {
    it(`${what} is an error naming the file and line, and leaves the database unchanged`, async () => {
      const ok = writeCsv(tmp.dir, 'ok.csv', NEW_FORM);
      await services.importSeverstal({ imagesDir: images, labelsCsv: ok, author: 'tester', name: 'existing' });
      const before = fingerprint(services.db);
      const csv = writeCsv(tmp.dir, 'train.csv', lines);
      await expect(services.importSeverstal({ imagesDir: images, labelsCsv: csv, author: 'tester' })).rejects.toThrow(message);
      expect(fingerprint(services.db)).toBe(before);
    });
  }

  it('--allow-missing skips rows for missing images and says how many', async () => {
    const csv = writeCsv(tmp.dir, 'train.csv', [...NEW_FORM, 'gone1.jpg,1,1 3', 'gone2.jpg,2,1 3']);
    const report = await services.importSeverstal({ imagesDir: images, labelsCsv: csv, author: 'tester', allowMissing: true });
    expect(report.skippedMissing).toBe(2);
    expect(report.labelled).toBe(3);
  });

  it('refuses a strip of the wrong size, naming the file', async () => {
    await writeStrip(images, 'small.png', { width: 800, height: 256 });
    const csv = writeCsv(tmp.dir, 'train.csv', NEW_FORM);
    await expect(services.importSeverstal({ imagesDir: images, labelsCsv: csv, author: 'tester' })).rejects.toThrow(/small\.png: image is 800×256/);
    expect(services.datasets.list()).toEqual([]);
  });

  it('refuses a dataset name that is taken, and a folder that does not exist', async () => {
    const csv = writeCsv(tmp.dir, 'train.csv', NEW_FORM);
    await services.importSeverstal({ imagesDir: images, labelsCsv: csv, author: 'tester', name: 'x' });
    await expect(services.importSeverstal({ imagesDir: images, labelsCsv: csv, author: 'tester', name: 'x' })).rejects.toThrow(/named "x" exists/);
    await expect(services.importSeverstal({ imagesDir: join(tmp.dir, 'nope'), labelsCsv: csv, author: 'tester' })).rejects.toThrow(/nope: no such folder/);
  });

  it('decodes every strip: a PNG cut to a third, a PNG with corrupt image data and a JPEG cut short are refused, all named', async () => {
    const ok = writeCsv(tmp.dir, 'ok.csv', NEW_FORM);
    await services.importSeverstal({ imagesDir: images, labelsCsv: ok, author: 'tester', name: 'existing' });
    const before = fingerprint(services.db);
    const png = readFileSync(join(images, 'a.jpg'));
    writeFileSync(join(images, 'third.png'), png.subarray(0, Math.floor(png.length / 3)));
    const corrupt = Buffer.from(png);
    for (let i = 0; i < 16; i++) corrupt[Math.floor(corrupt.length / 2) + i * 101] ^= 0x55;
    writeFileSync(join(images, 'corrupt.png'), corrupt);
    const jpeg = readFileSync(join(images, 'b.jpg'));
    writeFileSync(join(images, 'cut.jpg'), jpeg.subarray(0, jpeg.length - 2));
    const refused = services.importSeverstal({ imagesDir: images, labelsCsv: ok, author: 'tester' });
    await expect(refused).rejects.toThrow(/^3 of 6 strip images cannot be imported, nothing was written: /);
    await expect(services.importSeverstal({ imagesDir: images, labelsCsv: ok, author: 'tester' })).rejects.toThrow(
      /corrupt\.png: the PNG image cannot be decoded, it is truncated or corrupt .*; .*cut\.jpg: the JPEG image cannot be decoded.*; .*third\.png: the PNG image cannot be decoded/,
    );
    expect(fingerprint(services.db)).toBe(before);
  });

  it('a folder with no strip images is an error that lists what was left out', async () => {
    const empty = join(tmp.dir, 'empty');
    mkdirSync(empty);
    writeFileSync(join(empty, 'notes.txt'), 'x');
    const csv = writeCsv(tmp.dir, 'train.csv', NEW_FORM);
    await expect(services.importSeverstal({ imagesDir: empty, labelsCsv: csv, author: 'tester' })).rejects.toThrow(/empty: no PNG or JPEG strip images in this folder \(left out 1: notes\.txt \(not a PNG or JPEG image\)\)/);
    expect(services.datasets.list()).toEqual([]);
  });

  it('lists every entry it leaves out, with the reason: subfolders, hidden files, symbolic links, other files', async () => {
    mkdirSync(join(images, 'more'));
    await writeStrip(join(images, 'more'), 'd.png');
    await writeStrip(images, '.hidden.png');
    symlinkSync(join(images, 'a.jpg'), join(images, 'link.jpg'));
    const csv = writeCsv(tmp.dir, 'train.csv', NEW_FORM);
    const report = await services.importSeverstal({ imagesDir: images, labelsCsv: csv, author: 'tester' });
    expect(report).toMatchObject({ items: 3, verified: true, warnings: [] });
    expect(report.leftOut).toEqual([
      { file: '.hidden.png', reason: 'a hidden file' },
      { file: 'link.jpg', reason: 'a symbolic link (links are not followed: copy the file into the folder)' },
      { file: 'more/', reason: 'a folder (images are read from the folder itself, not from its subfolders)' },
      { file: 'notes.txt', reason: 'not a PNG or JPEG image' },
    ]);
  });
});
