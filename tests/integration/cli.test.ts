import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { openDatabase } from '../../src/main/db/database';
import { tempDir } from '../helpers/fs';
import { writeCsv, writeStrip } from '../helpers/severstal';
import { rsnaCsvLines, writeSeries } from '../helpers/rsna';
import { loupe, loupeJson } from '../helpers/cli';

let tmp: ReturnType<typeof tempDir>;
let db: string;
let images: string;
let dicoms: string;

beforeAll(async () => {
  tmp = tempDir();
  db = join(tmp.dir, 'loupe.db');
  images = join(tmp.dir, 'strips');
  await writeStrip(images, 'a.jpg', { seed: 1 });
  await writeStrip(images, 'b.jpg', { seed: 2 });
  writeCsv(tmp.dir, 'train.csv', ['ImageId,ClassId,EncodedPixels', 'a.jpg,2,100 30 400 30']);
  writeCsv(tmp.dir, 'bad.csv', ['ImageId,ClassId,EncodedPixels', 'a.jpg,2,100 30', 'b.jpg,7,1 2']);
  writeCsv(tmp.dir, 'pred.csv', ['ImageId,ClassId,EncodedPixels', 'a.jpg,2,100 30']);
  dicoms = join(tmp.dir, 'ct');
  writeSeries(dicoms, { patient: 'P', study: '1.2', series: '1.2.3', slices: [
    { key: 'ID_s2', z: 2, instanceNumber: 2 }, { key: 'ID_s1', z: 1, instanceNumber: 1 },
  ] });
  writeCsv(tmp.dir, 'labels.csv', rsnaCsvLines(['ID_s1', 'ID_s2'], { ID_s2: ['subarachnoid'] }));
});
afterAll(() => tmp.cleanup());

describe('loupe CLI', () => {
  it('--help lists every command', () => {
    const { code, stdout } = loupe('--help');
    expect(code).toBe(0);
    for (const command of ['import', 'export', 'score', 'items', 'render', 'info']) expect(stdout).toContain(command);
  });

  it('import severstal → info → items → export, each with --json', () => {
    const report = loupeJson<{ datasetId: number; items: number }>('import', 'severstal', images, '--labels', join(tmp.dir, 'train.csv'), '--db', db);
    expect(report.items).toBe(2);
    const info = loupeJson<{ datasets: { name: string; kind: string; items: number; labels: { truth: number } }[] }>('info', '--db', db);
    expect(info.datasets).toEqual([expect.objectContaining({ name: 'strips', kind: 'severstal', items: 2, labelled: 2, unlabelled: 0, labels: expect.objectContaining({ truth: 8 }) })]);
    const items = loupeJson<{ key: string; labels: Record<string, number> }[]>('items', 'strips', '--db', db);
    expect(items.map((i) => [i.key, i.labels['2']])).toEqual([['a.jpg', 60], ['b.jpg', 0]]);
    // Someone editing a strip shows in the listing (a live claim; one that lapsed does not).
    const store = openDatabase(db);
    const far = new Date(Date.now() + 3_600_000).toISOString();
    const past = new Date(Date.now() - 60_000).toISOString();
    store.prepare("INSERT INTO claims (item_id, user_name, claimed_at, active_at, expires_at) SELECT id, 'Ana', ?, ?, ? FROM items WHERE key = 'a.jpg'").run(past, past, far);
    store.prepare("INSERT INTO claims (item_id, user_name, claimed_at, active_at, expires_at) SELECT id, 'Ben', ?, ?, ? FROM items WHERE key = 'b.jpg'").run(past, past, past);
    store.close();
    const claimed = loupeJson<{ key: string; claim?: { user: string } }[]>('items', 'strips', '--db', db);
    expect(claimed.map((i) => [i.key, i.claim?.user ?? null])).toEqual([['a.jpg', 'Ana'], ['b.jpg', null]]);
    expect(loupe('items', 'strips', '--db', db).stdout).toMatch(/a\.jpg\t2:60\t\w+\tbeing edited by Ana\n/);
    const out = join(tmp.dir, 'export.csv');
    const exported = loupeJson<{ rows: number }>('export', 'strips', '--format', 'severstal', '--source', 'truth', '--db', db, '--out', out);
    expect(exported.rows).toBe(1);
    expect(readFileSync(out, 'utf8')).toBe('ImageId,ClassId,EncodedPixels\na.jpg,2,100 30 400 30\n');
  });

  it('import rsna and items in display order with position and labels', () => {
    loupeJson('import', 'rsna', dicoms, '--labels', join(tmp.dir, 'labels.csv'), '--db', db, '--name', 'ct');
    const items = loupeJson<{ id: number; key: string; patientId: string; studyUid: string; seriesUid: string; position: number; labels: Record<string, number> }[]>('items', 'ct', '--db', db);
    expect(items.map((i) => [i.key, i.position, i.labels.subarachnoid, i.labels.any])).toEqual([['ID_s1', 1, 0, 0], ['ID_s2', 2, 1, 1]]);
    expect(items[0]).toMatchObject({ patientId: 'P', studyUid: '1.2', seriesUid: '1.2.3' });
  });

  it('score prints the metric, and per-class figures with --json', () => {
    const truth = join(tmp.dir, 'train.csv');
    const { code, stdout } = loupe('score', 'severstal', '--truth', truth, '--pred', truth);
    expect(code).toBe(0);
    expect(stdout).toMatch(/mean Dice 1\.0+/);
    // The truth (new form) names only a.jpg: class 2 has Dice 2·30/(60+30), classes 1, 3, 4 are empty in both (Dice 1).
    const json = loupeJson<{ value: number; pairs: number; perClass: Record<string, { mean: number }> }>('score', 'severstal', '--truth', truth, '--pred', join(tmp.dir, 'pred.csv'));
    expect(json.pairs).toBe(4);
    expect(json.value).toBeCloseTo((3 + 60 / 90) / 4, 10);
    expect(json.perClass['2'].mean).toBeCloseTo(60 / 90, 10);
  });

  it('render writes a windowed PNG of a DICOM slice', async () => {
    const out = join(tmp.dir, 'slice.png');
    const result = loupeJson<{ width: number; height: number }>('render', join(dicoms, 'ID_s1.dcm'), '--window', 'composite', '--out', out);
    expect(result).toMatchObject({ width: 16, height: 16 });
    const meta = await sharp(out).metadata();
    expect([meta.format, meta.width, meta.channels]).toEqual(['png', 16, 3]);
  });

  it('a bad input fails with exit code 1 and one line naming the file and line, and writes nothing', () => {
    const before = loupeJson<{ datasets: unknown[] }>('info', '--db', db).datasets.length;
    const result = loupe('import', 'severstal', images, '--labels', join(tmp.dir, 'bad.csv'), '--db', db, '--name', 'bad');
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^loupe: .*bad\.csv:3: /);
    expect(loupeJson<{ datasets: unknown[] }>('info', '--db', db).datasets.length).toBe(before);
  });

  it('--json failures also print a JSON error on stdout', () => {
    const result = loupe('export', 'nope', '--format', 'rsna', '--db', db, '--out', join(tmp.dir, 'x.csv'), '--json');
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({ ok: false, error: { code: 'not_found', message: 'no dataset named or numbered "nope"' } });
    expect(existsSync(join(tmp.dir, 'x.csv'))).toBe(false);
  });

  it('a usage error (missing option, unknown command) exits 2 with one line', () => {
    const missing = loupe('export', 'strips', '--db', db);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(loupe('frobnicate').code).toBe(2);
  });

  it('a wrong --format for the dataset kind is a clear error', () => {
    const result = loupe('export', 'strips', '--format', 'rsna', '--db', db, '--out', join(tmp.dir, 'y.csv'));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/holds severstal data; export it with --format severstal/);
  });

  it('import rsna reports the files it left out and the slices that look unlike head CT, in text and in --json', () => {
    const folder = join(tmp.dir, 'ct-report');
    writeSeries(folder, { patient: 'P', study: '1.2', series: '1.2.4', slices: [{ key: 'ID_r1', z: 1, instanceNumber: 1 }] });
    writeFileSync(join(folder, 'notes.txt'), 'x');
    const text = loupe('import', 'rsna', folder, '--db', db, '--name', 'ct-report', '--no-verify');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Imported 1 slices into dataset "ct-report"');
    expect(text.stdout).toContain('Checked the structure of every slice but decoded none in full (--no-verify).');
    expect(text.stdout).toContain("Left out 1 file: notes.txt (not DICOM (no 'DICM' marker at byte 128)).");
    expect(text.stdout).toContain('Warning: 1 file looks unlike head-CT slices (imported all the same):\n  16×16 is smaller than 128 px a side, unusual for a head CT: ID_r1.dcm');
    const json = loupeJson<{ verified: boolean; leftOut: unknown[]; warnings: unknown[] }>('import', 'rsna', folder, '--db', db, '--name', 'ct-report-json');
    expect(json).toMatchObject({
      verified: true,
      leftOut: [{ file: 'notes.txt', reason: "not DICOM (no 'DICM' marker at byte 128)" }],
      warnings: [{ file: 'ID_r1.dcm', message: '16×16 is smaller than 128 px a side, unusual for a head CT' }],
    });
  });

  it('a broken slice fails the import with exit code 1 and one line naming it (a JSON error with --json)', () => {
    const folder = join(tmp.dir, 'ct-broken');
    mkdirSync(folder);
    const slice = readFileSync(join(dicoms, 'ID_s1.dcm'));
    writeFileSync(join(folder, 'ID_cut.dcm'), slice.subarray(0, slice.length - 64));
    const result = loupe('import', 'rsna', folder, '--db', db, '--json');
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(`loupe: ${join(folder, 'ID_cut.dcm')}: the file is truncated`);
    expect(JSON.parse(result.stdout).error.code).toBe('bad_input');
  });

  it('render refuses a truncated PNG instead of copying its bytes', () => {
    const png = readFileSync(join(images, 'a.jpg'));
    const cut = join(tmp.dir, 'cut.png');
    writeFileSync(cut, png.subarray(0, Math.floor(png.length / 3)));
    const out = join(tmp.dir, 'cut-out.png');
    const result = loupe('render', cut, '--out', out);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/cut\.png: the PNG image cannot be decoded, it is truncated or corrupt/);
    expect(existsSync(out)).toBe(false);
  });
});
