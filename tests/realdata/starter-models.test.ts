// The committed starter models on the real samples in ../shared/data, through the commands a user runs
// (loupe import → predict → export --source model → score). They must do no harm: steel mean Dice at least
// that of an empty prediction, CT weighted log loss at most that of RSNA's base rates — both baselines
// scored here from the truth by the same scorer. And the steel starter must not paint defects on clean steel
// or over dark margins: on the real strips' margins, and on strips it never saw, made from the defect-free
// real strips (mirrored, darkened, with a dark margin over part of the width).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { hasSharedData, sharedData, tempDir } from '../helpers/fs';
import { loupeJson } from '../helpers/cli';
import { CT_LABELS, STEEL_HEIGHT as H, STEEL_WIDTH as W } from '../../src/shared/domain';
import { decodeRle } from '../../src/shared/rle';
import { RSNA_BASE_RATES } from '../../src/shared/ml/ct-prediction';

const images = join(sharedData, 'severstal', 'train_images');
const steelTruth = join(sharedData, 'severstal', 'train.csv');
const ctDicom = join(sharedData, 'rsna', 'dicom');
const ctTruth = join(sharedData, 'rsna', 'labels.csv');

let tmp: ReturnType<typeof tempDir>;
let db: string;

interface SteelScore { value: number; perClass: Record<string, { mean: number }>; pairs: number }
interface CtScore { value: number; perLabel: Record<string, number>; slices: number }

/** Rows of a Severstal CSV (either form) as image → class → RLE. */
function readMasks(csv: string): Map<string, Map<number, string>> {
  const out = new Map<string, Map<number, string>>();
  const [header, ...rows] = readFileSync(csv, 'utf8').trim().split(/\r?\n/);
  const old = header.startsWith('ImageId_ClassId');
  for (const row of rows) {
    const parts = row.split(',');
    const [image, classId, rle] = old ? [parts[0].replace(/_\d$/, ''), Number(parts[0].slice(-1)), parts[1] ?? ''] : [parts[0], Number(parts[1]), parts[2] ?? ''];
    if (!out.has(image)) out.set(image, new Map());
    if (rle) out.get(image)!.set(classId, rle);
  }
  return out;
}

async function grey(file: string): Promise<Uint8Array> {
  const data = await sharp(file).extractChannel(0).raw().toBuffer();
  return new Uint8Array(data.buffer, data.byteOffset, data.length).slice();
}

/** Columns inside a dark margin: a run of ≥ 32 columns whose mean grey is below 25, less 8 columns at each end. */
function marginColumns(pixels: Uint8Array): boolean[] {
  const dark = Array.from({ length: W }, (_, x) => {
    let sum = 0;
    for (let y = 0; y < H; y++) sum += pixels[y * W + x];
    return sum / H < 25;
  });
  const inside = new Array<boolean>(W).fill(false);
  for (let x = 0; x < W; ) {
    if (!dark[x]) {
      x++;
      continue;
    }
    let end = x;
    while (end < W && dark[end]) end++;
    if (end - x >= 32) for (let k = x + 8; k < end - 8; k++) inside[k] = true;
    x = end;
  }
  return inside;
}

beforeAll(() => {
  tmp = tempDir('loupe-starter-real-');
  db = join(tmp.dir, 'loupe.db');
});
afterAll(() => tmp?.cleanup());

describe.skipIf(!hasSharedData)('the starter models on the real samples do no harm', () => {
  it('steel: mean Dice on the 10 real strips is at least that of an empty prediction', () => {
    loupeJson('import', 'severstal', images, '--labels', steelTruth, '--db', db, '--name', 'severstal');
    expect(loupeJson<{ source: string }>('predict', 'severstal', '--db', db).source).toBe('model:steel-starter');
    const predicted = join(tmp.dir, 'steel-pred.csv');
    loupeJson('export', 'severstal', '--format', 'severstal', '--source', 'model', '--db', db, '--out', predicted);
    const empty = join(tmp.dir, 'steel-empty.csv');
    writeFileSync(empty, 'ImageId,ClassId,EncodedPixels\n');

    const starter = loupeJson<SteelScore>('score', 'severstal', '--truth', steelTruth, '--pred', predicted);
    const baseline = loupeJson<SteelScore>('score', 'severstal', '--truth', steelTruth, '--pred', empty);
    const perClass = (s: SteelScore) => Object.fromEntries(Object.entries(s.perClass).map(([c, v]) => [c, Number(v.mean.toFixed(4))]));
    console.log(`[starter] steel mean Dice ${starter.value.toFixed(4)} ${JSON.stringify(perClass(starter))}; empty ${baseline.value.toFixed(4)} ${JSON.stringify(perClass(baseline))}`);
    expect(starter.pairs).toBe(40);
    expect(baseline.value).toBeLessThan(1); // the strips have defects: the baseline is a real bar
    expect(starter.value).toBeGreaterThanOrEqual(baseline.value);
  }, 180_000);

  it('steel: paints nothing over the dark margins of the real strips', async () => {
    const predicted = readMasks(join(tmp.dir, 'steel-pred.csv'));
    let marginPixels = 0;
    let painted = 0;
    for (const file of readdirSync(images).sort()) {
      const margin = marginColumns(await grey(join(images, file)));
      marginPixels += margin.filter(Boolean).length * H;
      for (const rle of predicted.get(file)?.values() ?? []) {
        const mask = decodeRle(rle, W, H);
        for (let x = 0; x < W; x++) if (margin[x]) for (let y = 0; y < H; y++) painted += mask[x * H + y];
      }
    }
    expect(marginPixels).toBeGreaterThan(0); // the samples do have dark margins
    expect(painted).toBe(0);
  });

  it('steel: paints nothing on defect-free strips it never saw (mirrored, darkened, with dark margins)', async () => {
    const truth = readMasks(steelTruth);
    const clean = [...truth].filter(([, classes]) => classes.size === 0).map(([image]) => image);
    expect(clean.length).toBeGreaterThan(0);
    const dir = join(tmp.dir, 'unseen');
    mkdirSync(dir);
    const names: string[] = [];
    for (const image of clean) {
      const source = join(images, image);
      const pixels = await grey(source);
      const stem = image.replace(/\.[^.]+$/, '');
      const save = (name: string, data: Uint8Array) => {
        names.push(`${stem}-${name}.png`);
        return sharp(data, { raw: { width: W, height: H, channels: 1 } }).png().toFile(join(dir, `${stem}-${name}.png`));
      };
      names.push(`${stem}-mirrored.png`);
      await sharp(source).extractChannel(0).flop().png().toFile(join(dir, `${stem}-mirrored.png`));
      await save('darker', pixels.map((v) => Math.round(v * 0.55)));
      // a near-black band over a third of the width on the left, over half of it on the right (with a lit rim)
      await save('margin-left', pixels.map((v, i) => (i % W < W / 3 ? 3 + (i % 5) : v)));
      await save('margin-right', pixels.map((v, i) => (i % W > W / 2 + 3 ? 4 + (i % 3) : i % W > W / 2 ? 200 : v)));
    }
    // Their truth: no defect of any class (the old form says so with an empty row per class).
    const labels = join(tmp.dir, 'unseen.csv');
    writeFileSync(labels, ['ImageId_ClassId,EncodedPixels', ...names.flatMap((n) => [1, 2, 3, 4].map((c) => `${n}_${c},`))].join('\n') + '\n');
    loupeJson('import', 'severstal', dir, '--labels', labels, '--db', db, '--name', 'unseen');
    loupeJson('predict', 'unseen', '--db', db);
    const out = join(tmp.dir, 'unseen-pred.csv');
    loupeJson('export', 'unseen', '--format', 'severstal', '--source', 'model', '--db', db, '--out', out);
    const painted = [...readMasks(out)].flatMap(([image, classes]) => [...classes.keys()].map((c) => `${image}: class ${c}`));
    expect(painted).toEqual([]);
  }, 180_000);

  it('CT: weighted log loss on the labelled real series is at most that of RSNA’s base rates', () => {
    loupeJson('import', 'rsna', ctDicom, '--labels', ctTruth, '--db', db, '--name', 'rsna');
    expect(loupeJson<{ source: string }>('predict', 'rsna', '--db', db).source).toBe('model:ct-starter');
    const predicted = join(tmp.dir, 'ct-pred.csv');
    loupeJson('export', 'rsna', '--format', 'rsna', '--source', 'model', '--db', db, '--out', predicted);
    // The base-rate prediction for every labelled slice.
    const slices = [...new Set(readFileSync(ctTruth, 'utf8').trim().split(/\r?\n/).slice(1).map((row) => row.split(',')[0].replace(/_[a-z]+$/, '')))];
    const baseRates = join(tmp.dir, 'ct-base-rates.csv');
    writeFileSync(baseRates, ['ID,Label', ...slices.flatMap((s) => CT_LABELS.map((label, k) => `${s}_${label},${RSNA_BASE_RATES[k]}`))].join('\n') + '\n');

    const starter = loupeJson<CtScore>('score', 'rsna', '--truth', ctTruth, '--pred', predicted);
    const baseline = loupeJson<CtScore>('score', 'rsna', '--truth', ctTruth, '--pred', baseRates);
    const perLabel = (s: CtScore) => JSON.stringify(Object.fromEntries(Object.entries(s.perLabel).map(([k, v]) => [k, Number(v.toFixed(4))])));
    console.log(`[starter] CT weighted log loss ${starter.value.toFixed(4)} ${perLabel(starter)}; base rates ${baseline.value.toFixed(4)} ${perLabel(baseline)}`);
    expect(starter.slices).toBe(slices.length);
    expect(baseline.slices).toBe(slices.length);
    expect(starter.value).toBeLessThanOrEqual(baseline.value);
  }, 180_000);
});
