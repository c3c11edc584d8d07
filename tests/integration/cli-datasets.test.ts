// The command line of datasets that grow: import without labels, errors that name the flag that gets past them,
// add, export counts, rename, delete, and watch (a real child process, stopped with Ctrl+C).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, tempDir } from '../helpers/fs';
import { writeCsv, writeStrip } from '../helpers/severstal';
import { loupe, loupeJson } from '../helpers/cli';

let tmp: ReturnType<typeof tempDir>;
let db: string;
let line: string;

beforeAll(async () => {
  tmp = tempDir();
  db = join(tmp.dir, 'loupe.db');
  line = join(tmp.dir, 'line');
  await writeStrip(line, 'a.jpg', { seed: 1 });
  await writeStrip(line, 'b.jpg', { seed: 2 });
  await writeStrip(join(line, 'batch2'), 'c.jpg', { seed: 3 });
  await writeStrip(join(line, 'clash'), 'a.jpg', { seed: 8 });
  copyFileSync(join(line, 'a.jpg'), join(line, 'batch2', 'a.jpg'));
  writeCsv(tmp.dir, 'wide.csv', ['ImageId,ClassId,EncodedPixels', 'a.jpg,1,1 3', 'gone.jpg,2,1 1']);
});
afterAll(() => tmp.cleanup());

describe('loupe import without labels, and its errors', () => {
  it('imports a steel folder with no CSV, every strip unlabelled, and says so', () => {
    const { code, stdout } = loupe('import', 'severstal', line, '--db', db, '--name', 'line');
    expect(code).toBe(0);
    expect(stdout).toContain('Imported 2 images into dataset "line"');
    expect(stdout).toContain('No label CSV: every image is unlabelled');
    const info = loupeJson<{ datasets: { name: string; labelled: number; unlabelled: number }[] }>('info', '--db', db);
    expect(info.datasets).toEqual([expect.objectContaining({ name: 'line', labelled: 0, unlabelled: 2 })]);
  });

  it('names the flag that skips a missing row, in the message and as the option in --json', () => {
    const text = loupe('import', 'severstal', line, '--labels', join(tmp.dir, 'wide.csv'), '--db', db, '--name', 'other');
    expect(text.code).toBe(1);
    expect(text.stderr.trim()).toBe(`loupe: ${join(tmp.dir, 'wide.csv')}:3: image "gone.jpg" is not in ${line} (use --allow-missing to skip such rows)`);
    const json = loupe('import', 'severstal', line, '--labels', join(tmp.dir, 'wide.csv'), '--db', db, '--name', 'other', '--json');
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, error: { code: 'bad_input', option: 'allowMissing' } });
    const taken = loupe('import', 'severstal', line, '--db', db, '--name', 'line');
    expect(taken.stderr.trim()).toBe('loupe: a dataset named "line" exists already (choose another with --name)');
  });
});

describe('loupe add', () => {
  it('adds a batch, skipping the strip it has, and refuses another image under a known id naming both files', () => {
    const added = loupe('add', 'line', join(line, 'batch2'), '--db', db);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain('Added 1 image to dataset "line"');
    expect(added.stdout).toContain('Skipped 1 image the dataset has already (same id, same bytes): a.jpg');
    const clash = loupe('add', 'line', join(line, 'clash'), '--db', db, '--json');
    expect(clash.code).toBe(1);
    const error = JSON.parse(clash.stdout).error as { code: string; message: string };
    expect(error.code).toBe('conflict');
    expect(error.message).toContain(join(line, 'clash', 'a.jpg'));
    expect(error.message).toContain(join(line, 'a.jpg'));
    expect(loupeJson<{ key: string }[]>('items', 'line', '--db', db).map((i) => i.key)).toEqual(['a.jpg', 'b.jpg', 'c.jpg']);
  });
});

describe('loupe export counts', () => {
  it('current leaves the unlabelled strips out and says how many; current-or-model needs an active model', () => {
    const out = join(tmp.dir, 'out.csv');
    const text = loupe('export', 'line', '--format', 'severstal', '--db', db, '--out', out);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('Wrote 0 rows for 0 items (current labels)');
    expect(text.stdout).toContain('Left out 3 items with no label (--source current-or-model fills them from the active model).');
    expect(readFileSync(out, 'utf8')).toBe('ImageId,ClassId,EncodedPixels\n');
    expect(loupeJson<{ skipped: number; items: number }>('export', 'line', '--format', 'severstal', '--legacy', '--db', db, '--out', out)).toMatchObject({ skipped: 3, items: 0 });
    const filled = loupe('export', 'line', '--format', 'severstal', '--source', 'current-or-model', '--db', db, '--out', out);
    expect(filled.code).toBe(1);
    expect(filled.stderr).toMatch(/no active steel model/);
  });
});

describe('loupe watch', () => {
  it('adds a file that arrives, one line per batch, until Ctrl+C', async () => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin/loupe.mjs'), 'watch', 'line', line, '--db', db, '--interval', '0.1'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const seen = (pattern: RegExp, stream: () => string) =>
      new Promise<void>((resolve, reject) => {
        const check = () => (pattern.test(stream()) ? resolve() : undefined);
        child.stdout.on('data', (chunk) => ((out += String(chunk)), check()));
        child.stderr.on('data', (chunk) => ((err += String(chunk)), check()));
        child.once('exit', (code) => reject(new Error(`loupe watch exited (${code}): ${err}`)));
        check();
      });
    await seen(/Watching /, () => err);
    const strip = join(tmp.dir, 'made');
    await writeStrip(strip, 'd.jpg', { seed: 4 });
    writeFileSync(join(line, 'd.jpg'), readFileSync(join(strip, 'd.jpg')));
    await seen(/added 1 image/, () => out);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(out).toMatch(/^\d\d:\d\d:\d\d added 1 image$/m);
    expect(out).toContain('Stopped: 1 added in 1 batches');
    expect(loupeJson<{ key: string }[]>('items', 'line', '--db', db).map((i) => i.key)).toEqual(['a.jpg', 'b.jpg', 'c.jpg', 'd.jpg']);
  }, 60_000);
});

describe('loupe rename and delete', () => {
  it('renames; delete says what it would remove until --yes, then leaves the files', () => {
    expect(loupe('rename', 'line', 'Line 3', '--db', db).stdout).toContain('Renamed dataset 1 from "line" to "Line 3".');
    const clash = loupe('rename', 'Line 3', '42', '--db', db);
    expect(clash.stderr.trim()).toBe('loupe: dataset name "42" is only digits, which would read as an id; choose another name');
    const dry = loupe('delete', 'Line 3', '--db', db);
    expect(dry.code).toBe(1);
    expect(dry.stderr).toContain('this would delete dataset "Line 3" (id 1) with its 4 items');
    expect(loupeJson<{ datasets: unknown[] }>('info', '--db', db).datasets).toHaveLength(1);
    expect(loupeJson('delete', 'Line 3', '--yes', '--db', db)).toEqual({ id: 1, name: 'Line 3', items: 4 });
    expect(loupeJson<{ datasets: unknown[] }>('info', '--db', db).datasets).toEqual([]);
    expect(readFileSync(join(line, 'a.jpg')).length).toBeGreaterThan(0);
  }, 120_000);
});
