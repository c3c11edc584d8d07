// Tuning a version on reviewed items, in the worker (it reads every reviewed item, which takes a while on a
// large dataset):
//   steel — from the stored probability maps, no model run: per class the grid of pixel threshold × min-area ×
//           presence gate with the highest mean Dice on the strips tuned on (tune-steel-thresholds.ts), with the
//           best Dice per threshold as a curve, checked on the validation set's strips. The min-areas include
//           one above a strip's area — the class switched off — so tuning can always reach the empty baseline;
//   CT    — the model's own (uncalibrated) outputs on the slices tuned on, a per-label calibration fitted to
//           minimise the weighted log loss (calibrate-ct-labels.ts), checked on the validation set's slices.
// "Before" is always the version's card as it stands; the tuned setting is kept only where it does better on
// the items tuned on.
import * as tf from '@tensorflow/tfjs';
import { decodeRle } from '../../../shared/rle';
import { CT_LABELS } from '../../../shared/domain';
import { bitsToLabels } from '../../../shared/ct-labels';
import { weightedLogLoss } from '../../../shared/metrics';
import { calibrateCt, consistentAny } from '../../../shared/ml/ct-prediction';
import { DEFAULT_STEEL_TUNING_GRID, steelSettingDice, steelTuningGrid, steelTuningStats, tuneSteelThresholds, type SteelTuningGrid } from '../../../shared/ml/loop/tune-steel-thresholds';
import { calibrateCtLabels } from '../../../shared/ml/loop/calibrate-ct-labels';
import { cardCalibrationFromFits, describeCalibration, isIdentityCalibration, type CardCalibration } from '../../../shared/ml/loop/card-calibration';
import type { TuneClassView, TuneOutcome } from '../../../shared/api/model-loop-types';
import { formatCount } from '../../../shared/ml/loop/reason-text';
import { RunnableModel, batchTensor } from '../inference/runnable-model';
import { isSequenceCard } from '../../../shared/ml/ct-sequence-card';
import { OnnxVersion } from '../inference/onnx-version';
import { isOnnxFolder } from '../onnx/onnx-folder';
import { InputCache } from '../training/validate';
import { inflateMaps } from './compare-job';
import { throttled, type JobContext } from './job-context';
import type { LabelledItem, TuneJobSpec, TuneStrip } from './protocol';
import { ttaSetOf } from '../../../shared/ml/tta';
import { runWithTta } from '../inference/tta-views';

/** What the worker finds; main adds the dataset, version and card revision. */
export type TuneResult = Omit<TuneOutcome, 'datasetId' | 'version' | 'cardRevision' | 'summary'>;

const gateWords = (g: number | null | undefined) => (g === null || g === undefined || g === 0 ? 'no presence gate' : `presence ≥ ${g.toFixed(2)}`);
const settingWords = (s: { threshold: number; minArea: number; presenceThreshold: number | null }, off: number) =>
  s.minArea >= off
    ? `class off (min-area ${formatCount(s.minArea)} px, above a strip's area)`
    : `threshold ${s.threshold.toFixed(2)} · min-area ${formatCount(s.minArea)} px · ${gateWords(s.presenceThreshold)}`;

function tuneSteel(spec: Extract<TuneJobSpec, { task: 'steel' }>, context: JobContext): TuneResult {
  const progress = throttled((p) => context.progress(p));
  const off = Math.max(...[...spec.items, ...spec.validation].map((s) => s.width * s.height)) + 1;
  const grid: SteelTuningGrid = steelTuningGrid(spec.post, { ...DEFAULT_STEEL_TUNING_GRID, minAreas: [...DEFAULT_STEEL_TUNING_GRID.minAreas, off] });
  const total = spec.items.length + spec.validation.length;
  let done = 0;
  const statsOf = (strip: TuneStrip) => {
    context.checkCancelled();
    const { maps, presence } = inflateMaps(strip.maps);
    const labels = strip.rles.map((rle) => (rle ? decodeRle(rle, strip.width, strip.height) : null));
    progress({ phase: 'counting the reviewed strips', done: ++done, total });
    return steelTuningStats(maps, presence, labels, grid.thresholds, strip.width, strip.height);
  };
  const stats = spec.items.map(statsOf);
  const held = spec.validation.map(statsOf);
  const result = tuneSteelThresholds(stats, grid, spec.post);
  const heldBefore = held.length ? steelSettingDice(held, grid, spec.post) : null;
  const heldAfter = held.length ? steelSettingDice(held, grid, result.post) : null;
  const mean = (values: number[] | null) => (values ? values.reduce((a, b) => a + b, 0) / values.length : null);
  const perClass: TuneClassView[] = result.perClass.map((c, i) => ({
    key: String(c.classId),
    before: c.before.dice,
    after: c.after.dice,
    validationBefore: heldBefore?.[i] ?? null,
    validationAfter: heldAfter?.[i] ?? null,
    baseline: c.emptyBaseline,
    settingBefore: settingWords(c.before, off),
    settingAfter: settingWords(c.after, off),
    curve: c.curve.map((p) => ({ threshold: p.threshold, dice: p.dice })),
  }));
  const post = { thresholds: [...result.post.thresholds], minArea: [...result.post.minArea], ...(result.post.presenceThresholds ? { presenceThresholds: [...result.post.presenceThresholds] } : {}) };
  const same = (a: readonly number[] | undefined, b: readonly number[] | undefined) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  const changed = !same(post.thresholds, spec.post.thresholds) || !same(post.minArea, spec.post.minArea) || !same(post.presenceThresholds, spec.post.presenceThresholds as number[] | undefined);
  return {
    task: 'steel',
    metricName: 'mean Dice',
    reviewed: stats.length,
    validationItems: held.length,
    before: result.before,
    after: result.after,
    validationBefore: mean(heldBefore),
    validationAfter: mean(heldAfter),
    perClass,
    post,
    changed,
  };
}

/** The model's own six outputs per slice (no calibration, `any` as the model said it), over the card's TTA set. */
function rawCtOutputs(model: RunnableModel, inputs: Parameters<typeof batchTensor>[0]): number[][] {
  const output = tf.tidy(() => {
    const x = batchTensor(inputs, model.card);
    return runWithTta((input) => model.run(input), x, ttaSetOf(model.card.tta))[0];
  });
  const values = output.dataSync();
  output.dispose();
  return inputs.map((_, b) => Array.from(values.subarray(b * 6, b * 6 + 6)));
}

async function tuneCt(spec: Extract<TuneJobSpec, { task: 'ct' }>, context: JobContext): Promise<TuneResult> {
  const progress = throttled((p) => context.progress(p));
  const model = isOnnxFolder(spec.modelDir) ? await OnnxVersion.open(spec.modelDir) : await RunnableModel.open(spec.modelDir);
  try {
    const card = model.card;
    if (card.task !== 'ct') throw new Error(`${spec.modelDir} holds a ${card.task} model, not a CT one`);
    // Its outputs need each slice's whole series, which a tuning set of reviewed slices seldom holds.
    if (isSequenceCard(card)) throw new Error('a sequence version cannot be calibrated yet: calibrate the CNN it was trained on, then train the sequence model again');
    const cache = new InputCache();
    const raw = async (batch: LabelledItem[]) =>
      model instanceof OnnxVersion ? model.predictCtRaw(batch, ttaSetOf(card.tta)) : rawCtOutputs(model, await cache.get(batch, card));
    const total = spec.items.length + spec.validation.length;
    let done = 0;
    const rowsOf = async (items: LabelledItem[]) => {
      const rows: { labelBits: number; raw: number[] }[] = [];
      for (let i = 0; i < items.length; i += 16) {
        context.checkCancelled();
        const batch = items.slice(i, i + 16);
        (await raw(batch)).forEach((r, b) => rows.push({ labelBits: batch[b].bits ?? 0, raw: r }));
        done += batch.length;
        progress({ phase: 'running the model on the reviewed slices', done, total });
      }
      return rows;
    };
    const rows = await rowsOf(spec.items);
    const held = await rowsOf(spec.validation);
    // Platt also tries temperature scaling and the constant per label: a card holds neither a reversed fit nor
    // a temperature ≤ 0 (card-calibration.ts).
    const fitRows = rows.map((r) => ({ labelBits: r.labelBits, probabilities: r.raw }));
    const fits = spec.method === 'platt' ? [calibrateCtLabels(fitRows, 'platt'), calibrateCtLabels(fitRows, 'temperature')] : [calibrateCtLabels(fitRows, 'temperature')];
    const current = card.calibration;
    const candidate = cardCalibrationFromFits(fitRows, fits.map((f) => f.calibration), { constant: spec.method === 'platt' });
    const loss = (set: typeof rows, calibration: CardCalibration | undefined) =>
      weightedLogLoss(set.map((r) => ({ truth: bitsToLabels(r.labelBits), pred: consistentAny(calibrateCt(r.raw, calibration)) })));
    const before = loss(rows, current);
    const tried = loss(rows, candidate);
    const better = tried.value < before.value;
    const chosen = better ? candidate : current;
    const after = better ? tried : before;
    const heldBefore = held.length ? loss(held, current) : null;
    const heldAfter = held.length ? loss(held, chosen) : null;
    const prevalence = CT_LABELS.map((_, j) => rows.reduce((s, r) => s + bitsToLabels(r.labelBits)[j], 0) / rows.length);
    const baseline = weightedLogLoss(rows.map((r) => ({ truth: bitsToLabels(r.labelBits), pred: prevalence })));
    const perClass: TuneClassView[] = CT_LABELS.map((label, j) => ({
      key: label,
      before: before.perLabel[label],
      after: after.perLabel[label],
      validationBefore: heldBefore?.perLabel[label] ?? null,
      validationAfter: heldAfter?.perLabel[label] ?? null,
      baseline: baseline.perLabel[label],
      settingBefore: describeCalibration(current, j),
      settingAfter: describeCalibration(chosen, j),
    }));
    const calibration = chosen ?? { temperature: CT_LABELS.map(() => 1), bias: CT_LABELS.map(() => 0) };
    return {
      task: 'ct',
      metricName: 'weighted log loss',
      reviewed: rows.length,
      validationItems: held.length,
      before: before.value,
      after: after.value,
      validationBefore: heldBefore?.value ?? null,
      validationAfter: heldAfter?.value ?? null,
      perClass,
      calibration: { temperature: [...calibration.temperature], bias: [...calibration.bias] },
      changed: better && !(isIdentityCalibration(candidate) && isIdentityCalibration(current)),
    };
  } finally {
    if (model instanceof OnnxVersion) await model.release();
    else model.dispose();
  }
}

export async function runTuneJob(spec: TuneJobSpec, context: JobContext): Promise<TuneResult> {
  if (spec.items.length === 0) throw new Error('nothing to tune on: no reviewed item outside the validation set has a prediction of this version');
  return spec.task === 'steel' ? tuneSteel(spec, context) : tuneCt(spec, context);
}
