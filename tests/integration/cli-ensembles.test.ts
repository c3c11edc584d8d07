// `loupe models --average` and `loupe train --folds` through the real command: bad values are refused in one line
// naming the flag (or the versions that cannot be averaged); an average of a built-in and an ONNX steel version
// is registered with each member's weight and TTA set, listed by `loupe models`, and predicts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join, resolve } from 'node:path';
import { loupe, loupeJson } from '../helpers/cli';
import { repoRoot, tempDir } from '../helpers/fs';
import { writeCsv, writeStrip } from '../helpers/severstal';

const fixture = (name: string) => join(resolve(repoRoot, 'tests/fixtures/onnx'), name);
let tmp: ReturnType<typeof tempDir>;
let db: string;

beforeAll(async () => {
  tmp = tempDir('loupe-cli-ensembles-');
  const strips = join(tmp.dir, 'strips');
  for (let i = 0; i < 2; i++) await writeStrip(strips, `s${i}.jpg`, { seed: i });
  const csv = writeCsv(tmp.dir, 'train.csv', ['ImageId,ClassId,EncodedPixels', 's0.jpg,1,1000 40']);
  db = join(tmp.dir, 'loupe.db');
  loupeJson('import', 'severstal', strips, '--labels', csv, '--db', db, '--name', 'strips');
  loupeJson('models', '--import', fixture('steel-a.onnx'), '--task', 'steel', '--card', fixture('steel-a.card.json'), '--version', 'tiny', '--db', db);
  loupeJson('models', '--import', join(repoRoot, 'resources/models/steel-starter'), '--version', 'steel-starter', '--db', db);
}, 120_000);
afterAll(() => tmp?.cleanup());

const refused = (...args: string[]) => {
  const result = loupe(...args, '--db', db);
  expect(result.code, args.join(' ')).not.toBe(0);
  expect(result.stderr.trim().split('\n'), result.stderr).toHaveLength(1);
  return result.stderr.trim();
};

describe('loupe models --average', () => {
  it('refuses what cannot be averaged in one line naming the flag or the versions', () => {
    expect(refused('models', '--average', 'steel-starter', 'tiny')).toMatch(/--average needs --name <name>/);
    expect(refused('models', '--average', 'steel-starter', 'tiny', '--weights', '1,2,3', '--name', 'x')).toMatch(/--weights: 3 weights for 2 versions: give one per version$/);
    expect(refused('models', '--average', 'steel-starter', 'tiny', '--tta', 'x7', '--name', 'x')).toMatch(/--tta: a TTA set is one of none, hflip, flips, x5, not "x7"$/);
    expect(refused('models', '--average', 'steel-starter', 'nope', '--name', 'x')).toMatch(/no model version "nope"/);
    expect(refused('models', '--weights', '1,1')).toMatch(/--weights, --tta and --name go with --average/);
    expect(loupeJson<{ models: unknown[] }>('models', '--db', db).models).toHaveLength(2);
  });

  it('registers an average with each member’s weight and TTA, lists it and predicts with it', () => {
    const model = loupeJson<{ version: string; architecture: string; members: unknown[] }>(
      'models', '--average', 'steel-starter', 'tiny', '--weights', '3,1', '--tta', 'hflip,none', '--name', 'steel-avg', '--db', db,
    );
    expect(model).toMatchObject({ version: 'steel-avg', architecture: 'ensemble' });
    expect(model.members).toMatchObject([
      { version: 'steel-starter', weight: 0.75, tta: 'hflip' },
      { version: 'tiny', weight: 0.25, tta: 'none' },
    ]);
    const listed = loupe('models', '--db', db);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/ steel-avg\tsteel\tensemble\t.*\n {4}members: steel-starter ×0\.75 hflip, tiny ×0\.25 none\n/);
    const report = loupeJson<{ source: string; items: number }>('predict', 'strips', '--model', 'steel-avg', '--db', db);
    expect(report).toMatchObject({ source: 'model:steel-avg', items: 2 });
  }, 180_000);
});

describe('loupe train --folds', () => {
  it('refuses a fold count below 2, too few images, and --pseudo beside it', () => {
    expect(refused('train', 'strips', '--folds', '1')).toMatch(/--folds must be 2 or more, not 1$/);
    expect(refused('train', 'strips', '--folds', 'two')).toMatch(/--folds must be a whole number, not "two"$/);
    expect(refused('train', 'strips', '--folds', '2', '--pseudo', '0.9')).toMatch(/leave out --pseudo$/);
    expect(refused('train', 'strips', '--folds', '3', '--from', 'steel-starter')).toMatch(/3 folds need labelled items of at least 3 images outside the validation set; "strips" has 1$/);
    expect(refused('train', 'strips', '--folds', '2', '--from', 'steel-avg')).toMatch(/model steel-avg is an ensemble .*built-in members \(steel-starter\)/);
  });
});
