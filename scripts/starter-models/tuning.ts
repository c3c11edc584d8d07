// Tuning the starter models on held-out generated data, through the same model pipeline as `loupe predict`:
// steel — per class, the pixel threshold, min-area and presence threshold that maximise mean Dice (the most
// cautious one within a small tolerance of the best), or the class switched off where painting it does not beat
// an empty prediction by a clear margin; CT — per label, the temperature that minimises the log loss once the outputs
// are moved from the training set's label rates to RSNA's (prior shift), so an unsure model says the base rate.
import { ttaSetOf } from '../../src/shared/ml/tta';
import { RunnableModel, batchTensor } from '../../src/main/ml/inference/runnable-model';
import { predictSteelBatch } from '../../src/main/ml/inference/batch-predict';
import { readSliceInput, readStripInput } from '../../src/main/ml/inputs';
import { thresholdProbabilityMap } from '../../src/shared/ml/steel-postprocess';
import { calibrateCt, priorShiftCalibration } from '../../src/shared/ml/ct-prediction';
import type { CtCalibration, CtModelCard, SteelModelCard } from '../../src/shared/ml/model-card';
import { countPixels } from '../../src/shared/mask';
import { dice, logLoss } from '../../src/shared/metrics';
import { CT_LABELS, STEEL_HEIGHT as H, STEEL_WIDTH as W } from '../../src/shared/domain';
import * as tf from '@tensorflow/tfjs';

export const THRESHOLDS = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8];
export const MIN_AREAS = [0, 300, 600, 1000, 1500, 2500, 4000, 6000, 10000];
export const PRESENCE = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95];
/** Mean Dice a class may give up on the tuning strips for a more cautious setting. */
export const TOLERANCE = 0.005;
/**
 * What painting a class must gain over predicting it empty, in mean Dice on the tuning strips, to be kept on.
 * The strips are generated and real ones differ; a class the model barely helps with there is one it is more
 * likely to harm on real steel, and Kaggle's mean Dice rewards an empty prediction on every clean strip.
 */
export const MARGIN = 0.02;
/** A min-area larger than the strip: the class is never painted (its maps are still stored and can be retuned). */
export const OFF = W * H + 1;

export interface SteelTuning {
  thresholds: number[];
  minArea: number[];
  presenceThresholds: number[];
  /**
   * Mean Dice per class on the tuning strips: with the card's defaults, at the best setting of the grid, as
   * shipped (the best setting, or empty where the class is switched off), and for an empty prediction.
   */
  before: number[];
  best: number[];
  after: number[];
  empty: number[];
  strips: number;
}

interface Outcome {
  pixels: number;
  dice: number;
}

export async function tuneSteel(modelDir: string, strips: { file: string; masks: Uint8Array[] }[]): Promise<SteelTuning> {
  const model = await RunnableModel.open(modelDir);
  const card = model.card as SteelModelCard;
  // outcomes[class][threshold][strip], presence[strip][class]
  const outcomes = [0, 1, 2, 3].map(() => THRESHOLDS.map(() => [] as Outcome[]));
  const presence: number[][] = [];
  try {
    for (let i = 0; i < strips.length; i += 4) {
      const batch = strips.slice(i, i + 4);
      const inputs = await Promise.all(batch.map((s) => readStripInput(s.file, card)));
      (await predictSteelBatch([model], [inputs], ttaSetOf(card.tta))).forEach((p, b) => {
        presence.push(p.presence ?? [1, 1, 1, 1]);
        p.maps.forEach((map, c) => {
          THRESHOLDS.forEach((threshold, t) => {
            const mask = thresholdProbabilityMap(map, W, H, threshold);
            outcomes[c][t].push({ pixels: countPixels(mask), dice: dice(batch[b].masks[c], mask) });
          });
        });
      });
    }
  } finally {
    model.dispose();
  }
  const truthEmpty = strips.map((s) => s.masks.map((m) => countPixels(m) === 0));
  const score = (c: number, t: number, minArea: number, gate: number) => {
    let sum = 0;
    outcomes[c][t].forEach((o, s) => {
      const kept = presence[s][c] >= gate && o.pixels > 0 && o.pixels >= minArea;
      sum += kept ? o.dice : truthEmpty[s][c] ? 1 : 0;
    });
    return sum / strips.length;
  };
  // Per class: the best mean Dice of the grid, then the most cautious setting (highest presence gate, then
  // min-area, then threshold) within TOLERANCE of it — the tuning strips are generated, real ones differ, and a
  // cautious setting that is as good here paints less on what the generator did not foresee.
  const tuned = [0, 1, 2, 3].map((c) => {
    const grid = THRESHOLDS.flatMap((_, t) => MIN_AREAS.flatMap((minArea) => PRESENCE.map((gate) => ({ t, minArea, gate, value: score(c, t, minArea, gate) }))));
    const best = Math.max(...grid.map((g) => g.value));
    const rank = (g: (typeof grid)[number]) => [g.gate, g.minArea, THRESHOLDS[g.t]];
    const cautious = (a: (typeof grid)[number], b: (typeof grid)[number]) => {
      const [x, y] = [rank(a), rank(b)];
      return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
    };
    return grid.filter((g) => g.value >= best - TOLERANCE).sort(cautious).pop()!;
  });
  const empty = [0, 1, 2, 3].map((c) => truthEmpty.filter((e) => e[c]).length / strips.length);
  const switchedOn = tuned.map((b, c) => b.value >= empty[c] + MARGIN);
  const defaultT = (c: number) => Math.max(0, THRESHOLDS.findIndex((t) => Math.abs(t - card.thresholds[c]) < 1e-9));
  return {
    thresholds: tuned.map((b) => THRESHOLDS[b.t]),
    minArea: tuned.map((b, c) => (switchedOn[c] ? b.minArea : OFF)),
    presenceThresholds: tuned.map((b) => b.gate),
    before: [0, 1, 2, 3].map((c) => score(c, defaultT(c), card.minArea[c], card.presenceThresholds?.[c] ?? 0)),
    best: tuned.map((b) => b.value),
    after: tuned.map((b, c) => (switchedOn[c] ? b.value : empty[c])),
    empty,
    strips: strips.length,
  };
}

export const TEMPERATURES = [1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10];

export interface CtCalibrationFit {
  calibration: CtCalibration;
  /** Log loss per label (CT_LABELS order) on the calibration slices: raw, calibrated, and for the base rates. */
  raw: number[];
  calibrated: number[];
  baseRates: number[];
  slices: number;
}

const meanLoss = (truth: number[], p: number[]) => truth.reduce((sum, y, i) => sum + logLoss(y, p[i]), 0) / truth.length;

/** The model's own (uncalibrated) six outputs for each slice. */
async function rawOutputs(model: RunnableModel, files: string[]): Promise<number[][]> {
  const card = model.card as CtModelCard;
  const out: number[][] = [];
  for (let i = 0; i < files.length; i += 16) {
    const inputs = await Promise.all(files.slice(i, i + 16).map((f) => readSliceInput(f, card)));
    const values = tf.tidy(() => model.run(batchTensor(inputs, card))[0].dataSync());
    for (let b = 0; b < inputs.length; b++) out.push(Array.from(values.subarray(b * 6, b * 6 + 6)));
  }
  return out;
}

export async function calibrateCtStarter(
  modelDir: string,
  slices: { file: string; labels: number[] }[],
  trainedRates: readonly number[],
  targetRates: readonly number[],
): Promise<CtCalibrationFit> {
  const model = await RunnableModel.open(modelDir);
  let raw: number[][];
  try {
    raw = await rawOutputs(model, slices.map((s) => s.file));
  } finally {
    model.dispose();
  }
  const temperature = CT_LABELS.map((_, k) => {
    const truth = slices.map((s) => s.labels[k]);
    let best = { t: 1, loss: Infinity };
    for (const t of TEMPERATURES) {
      const calibration = priorShiftCalibration([trainedRates[k]], [targetRates[k]], [t]);
      const p = raw.map((r) => calibrateCt([r[k]], calibration)[0]);
      const loss = meanLoss(truth, p);
      if (loss < best.loss - 1e-12) best = { t, loss };
    }
    return best.t;
  });
  const calibration = priorShiftCalibration(trainedRates, targetRates, temperature);
  const calibrated = raw.map((r) => calibrateCt(r, calibration));
  return {
    calibration,
    raw: CT_LABELS.map((_, k) => meanLoss(slices.map((s) => s.labels[k]), raw.map((r) => r[k]))),
    calibrated: CT_LABELS.map((_, k) => meanLoss(slices.map((s) => s.labels[k]), calibrated.map((r) => r[k]))),
    baseRates: CT_LABELS.map((_, k) => meanLoss(slices.map((s) => s.labels[k]), slices.map(() => targetRates[k]))),
    slices: slices.length,
  };
}
