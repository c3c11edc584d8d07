// `loupe score` from files written here: Severstal mean Dice (either form on either side) and RSNA
// weighted log loss, with hand-computed values and the errors a user can meet.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scoreRsna, scoreSeverstal } from '../../src/main/services/metrics/score';
import { tempDir } from '../helpers/fs';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir('loupe-score-');
});
afterEach(() => tmp.cleanup());

function write(name: string, lines: string[]): string {
  const file = join(tmp.dir, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('scoreSeverstal', () => {
  // Truth (old form): image a has class 1 = pixels 1..10; image b has no defect at all.
  const truthLines = [
    'ImageId_ClassId,EncodedPixels',
    ...['a.jpg', 'b.jpg'].flatMap((id) => [1, 2, 3, 4].map((c) => `${id}_${c},${id === 'a.jpg' && c === 1 ? '1 10' : ''}`)),
  ];

  it('averages Dice over the 4 pairs of every truth image; missing predictions are empty masks', async () => {
    const truth = write('truth.csv', truthLines);
    const pred = write('pred.csv', [
      'ImageId,ClassId,EncodedPixels',
      'a.jpg,1,6 10', // overlaps 5 of 10: Dice 2*5/(10+10) = 0.5
      'b.jpg,2,1 5', // truth empty, prediction not: 0
      'c.jpg,1,1 5', // not in the truth: ignored
      'd.jpg,3,1 5', // not in the truth: ignored
    ]);
    const score = await scoreSeverstal(truth, pred);
    expect(score.metric).toBe('mean_dice');
    expect(score.pairs).toBe(8);
    // a: 0.5, 1, 1, 1; b: 1, 0, 1, 1
    expect(score.value).toBeCloseTo(6.5 / 8, 12);
    expect(score.perClass).toEqual({
      1: { mean: 0.75, count: 2 },
      2: { mean: 0.5, count: 2 },
      3: { mean: 1, count: 2 },
      4: { mean: 1, count: 2 },
    });
    expect(score.predictionImagesNotInTruth).toBe(2);
    expect(score.warnings).toEqual([`2 images of ${pred} are not in ${truth} and were ignored`]);
  });

  it('gives 1 for the truth against itself, in the other form too', async () => {
    const truth = write('truth.csv', truthLines);
    expect((await scoreSeverstal(truth, truth)).value).toBe(1);
    const asNewForm = write('pred.csv', ['ImageId,ClassId,EncodedPixels', 'a.jpg,1,1 10']);
    const score = await scoreSeverstal(truth, asNewForm);
    expect(score.value).toBe(1);
    expect(score.warnings).toEqual([]);
  });

  it('scores a missed defect 0 and every pair empty on both sides 1', async () => {
    const truth = write('truth.csv', truthLines);
    const pred = write('pred.csv', ['ImageId,ClassId,EncodedPixels', 'a.jpg,1,100 10']);
    // a/1 scores 0, the 7 other pairs are empty on both sides.
    expect((await scoreSeverstal(truth, pred)).value).toBeCloseTo(7 / 8, 12);
  });

  it('reports an invalid prediction with its file and line', async () => {
    const truth = write('truth.csv', truthLines);
    const pred = write('pred.csv', ['ImageId,ClassId,EncodedPixels', 'a.jpg,1,6 10', 'a.jpg,2,5 0']);
    await expect(scoreSeverstal(truth, pred)).rejects.toThrow(`${pred}:3: invalid EncodedPixels for image "a.jpg" class 2: run 1 (start 5) has length 0`);
  });

  it('refuses a truth file without images', async () => {
    const truth = write('truth.csv', ['ImageId,ClassId,EncodedPixels']);
    await expect(scoreSeverstal(truth, truth)).rejects.toThrow(`${truth}: no images to score`);
  });
});

const LABELS = ['epidural', 'intraparenchymal', 'intraventricular', 'subarachnoid', 'subdural', 'any'];

function rsnaLines(slices: Record<string, number[]>): string[] {
  return ['ID,Label', ...Object.entries(slices).flatMap(([key, values]) => LABELS.map((label, j) => `${key}_${label},${values[j]}`))];
}

/** Kaggle's formula written out independently: per slice sum(w*l)/sum(w), then the mean. */
function expectedLoss(rows: Array<[number[], number[]]>): number {
  const weights = [1, 1, 1, 1, 1, 2];
  const perSlice = rows.map(([truth, pred]) => {
    let sum = 0;
    truth.forEach((t, j) => {
      const p = Math.min(Math.max(pred[j], 1e-15), 1 - 1e-15);
      sum += weights[j] * -(t * Math.log(p) + (1 - t) * Math.log(1 - p));
    });
    return sum / 7;
  });
  return perSlice.reduce((a, b) => a + b, 0) / perSlice.length;
}

describe('scoreRsna', () => {
  const truthSlices = { ID_aaa: [0, 1, 0, 0, 1, 1], ID_bbb: [0, 0, 0, 0, 0, 0] };

  it('computes the weighted log loss over the truth slices, with per-label means', async () => {
    const truth = write('truth.csv', rsnaLines(truthSlices));
    const predSlices = { ID_bbb: [0.1, 0.2, 0.05, 0.3, 0.1, 0.4], ID_aaa: [0.2, 0.7, 0.1, 0, 0.6, 0.9], ID_zzz: [0.5, 0.5, 0.5, 0.5, 0.5, 0.5] };
    const pred = write('pred.csv', rsnaLines(predSlices));
    const score = await scoreRsna(truth, pred);
    expect(score.metric).toBe('weighted_log_loss');
    expect(score.slices).toBe(2);
    expect(score.value).toBeCloseTo(
      expectedLoss([
        [truthSlices.ID_aaa, predSlices.ID_aaa],
        [truthSlices.ID_bbb, predSlices.ID_bbb],
      ]),
      12,
    );
    expect(score.perLabel.intraparenchymal).toBeCloseTo((-Math.log(0.7) + -Math.log(0.8)) / 2, 12);
    expect(score.predictionSlicesNotInTruth).toBe(1);
    expect(score.warnings).toEqual([`1 slice of ${pred} is not in ${truth} and was ignored`]);
  });

  it('is about 0 for the truth against itself and ln 2 for 0.5 everywhere', async () => {
    const truth = write('truth.csv', rsnaLines(truthSlices));
    expect((await scoreRsna(truth, truth)).value).toBeLessThan(1e-13);
    const half = write('half.csv', rsnaLines({ ID_aaa: [0.5, 0.5, 0.5, 0.5, 0.5, 0.5], ID_bbb: [0.5, 0.5, 0.5, 0.5, 0.5, 0.5] }));
    expect((await scoreRsna(truth, half)).value).toBeCloseTo(Math.LN2, 12);
  });

  it('names a truth slice that the prediction lacks, and the prediction file', async () => {
    const truth = write('truth.csv', rsnaLines(truthSlices));
    const pred = write('pred.csv', rsnaLines({ ID_aaa: [0, 0, 0, 0, 0, 0] }));
    await expect(scoreRsna(truth, pred)).rejects.toThrow(`${pred} has no prediction for slice "ID_bbb" of ${truth}`);
  });

  it('names a slice with only some of its six predicted labels', async () => {
    const truth = write('truth.csv', rsnaLines(truthSlices));
    const lines = rsnaLines({ ID_aaa: [0, 0, 0, 0, 0, 0], ID_bbb: [0, 0, 0, 0, 0, 0] }).filter((l) => !l.startsWith('ID_bbb_any') && !l.startsWith('ID_bbb_subdural'));
    const pred = write('pred.csv', lines);
    await expect(scoreRsna(truth, pred)).rejects.toThrow(`${pred}:8: slice "ID_bbb" lacks its subdural, any rows`);
  });

  it('names a repeated prediction row and an incomplete truth slice', async () => {
    const truth = write('truth.csv', rsnaLines(truthSlices));
    const pred = write('pred.csv', [...rsnaLines(truthSlices), 'ID_aaa_any,0.5']);
    await expect(scoreRsna(truth, pred)).rejects.toThrow(`${pred}:14: second "any" row for slice "ID_aaa"`);
    const partial = write('partial.csv', rsnaLines(truthSlices).slice(0, 12));
    await expect(scoreRsna(partial, truth)).rejects.toThrow(`${partial}:8: slice "ID_bbb" lacks its any row`);
  });

  it('refuses probabilities in the truth file', async () => {
    const truth = write('truth.csv', ['ID,Label', 'ID_aaa_any,0.5']);
    await expect(scoreRsna(truth, truth)).rejects.toThrow(`${truth}:2: Label "0.5" of ID_aaa_any is not 0 or 1`);
  });
});
