// Calibration of a CT model's six probabilities on reviewed slices, fitted to minimise RSNA's weighted log
// loss. Each label gets a map on the logit z = ln(p / (1 − p)):
//   temperature: p' = σ(z / T)          (one scalar per label; T > 1 softens an over-confident model)
//   Platt:       p' = σ(a · z + b)      (two per label; also moves the base rate)
// The metric's weights are constant per label, so the weighted loss is minimised label by label. Temperature
// is fitted by golden-section search on ln(1/T) over T ∈ [0.05, 20] (the loss is convex in 1/T, hence
// unimodal in its log); Platt by Newton's method with a backtracking line search, on Platt's smoothed targets
// ((N₊ + 1)/(N₊ + 2) and 1/(N₋ + 2)) so a label never positive in the set does not drive b to −∞.
// A label keeps the identity (T = 1, or a = 1, b = 0) unless its fit lowers its loss on the fitted set, and the
// whole calibration falls back to the identity unless it lowers the weighted loss — measured after `any` is
// raised to the largest subtype as stored predictions always are — so calibrating never makes that set worse.
import { bitsToLabels, type SubtypeBits } from '../../ct-labels';
import { CT_LABELS, type CtLabel } from '../../domain';
import { logLoss, weightedLogLoss } from '../../metrics';
import { consistentAny } from '../ct-prediction';

export type CalibrationMethod = 'temperature' | 'platt';

/** p' = σ(a · logit(p) + b); temperature T is a = 1/T, b = 0. The identity is a = 1, b = 0. */
export interface LabelCalibration {
  label: CtLabel;
  a: number;
  b: number;
}

export interface CtCalibration {
  method: CalibrationMethod;
  /** CT_LABELS order. */
  labels: LabelCalibration[];
}

/** A logit far enough out that σ of it is 1e-7 from 0 or 1: stored probabilities of exactly 0 or 1 stay finite. */
const LOGIT_CLIP = 1e-7;

function logit(p: number): number {
  const q = Math.min(Math.max(p, LOGIT_CLIP), 1 - LOGIT_CLIP);
  return Math.log(q / (1 - q));
}

function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/** The identity calibration for every label. */
export function identityCalibration(method: CalibrationMethod = 'temperature'): CtCalibration {
  return { method, labels: CT_LABELS.map((label) => ({ label, a: 1, b: 0 })) };
}

/** One label's probability through its calibration (the identity returns p itself). */
export function calibrateProbability(p: number, c: { a: number; b: number }): number {
  return c.a === 1 && c.b === 0 ? p : sigmoid(c.a * logit(p) + c.b);
}

/** Six probabilities through a calibration, `any` then raised to the largest subtype (as stored predictions are). */
export function applyCtCalibration(probabilities: ArrayLike<number>, calibration: CtCalibration): number[] {
  return consistentAny(calibration.labels.map((c, j) => calibrateProbability(probabilities[j], c)));
}

/** One reviewed slice: current (human) label bits and the model's six probabilities. */
export interface CalibrationRow {
  labelBits: SubtypeBits;
  probabilities: ArrayLike<number>;
}

function meanLoss(z: Float64Array, y: Float64Array, a: number, b: number): number {
  let sum = 0;
  for (let i = 0; i < z.length; i++) sum += logLoss(y[i], sigmoid(a * z[i] + b));
  return sum / z.length;
}

/** ln(1/T) minimising the loss, by golden-section search over T ∈ [0.05, 20]. */
function fitTemperature(z: Float64Array, y: Float64Array): { a: number; b: number } {
  let lo = Math.log(0.05);
  let hi = Math.log(20);
  const ratio = (Math.sqrt(5) - 1) / 2;
  let x1 = hi - ratio * (hi - lo);
  let x2 = lo + ratio * (hi - lo);
  let f1 = meanLoss(z, y, Math.exp(x1), 0);
  let f2 = meanLoss(z, y, Math.exp(x2), 0);
  for (let step = 0; step < 80 && hi - lo > 1e-9; step++) {
    if (f1 <= f2) {
      hi = x2;
      x2 = x1;
      f2 = f1;
      x1 = hi - ratio * (hi - lo);
      f1 = meanLoss(z, y, Math.exp(x1), 0);
    } else {
      lo = x1;
      x1 = x2;
      f1 = f2;
      x2 = lo + ratio * (hi - lo);
      f2 = meanLoss(z, y, Math.exp(x2), 0);
    }
  }
  return { a: Math.exp((lo + hi) / 2), b: 0 };
}

/** (a, b) of Platt scaling by Newton's method with backtracking, from the identity, on smoothed targets. */
function fitPlatt(z: Float64Array, y: Float64Array): { a: number; b: number } {
  const positives = y.reduce((s, v) => s + v, 0);
  const high = (positives + 1) / (positives + 2);
  const low = 1 / (y.length - positives + 2);
  const t = y.map((v) => (v ? high : low));
  let a = 1;
  let b = 0;
  let loss = meanLoss(z, t, a, b);
  for (let iteration = 0; iteration < 100; iteration++) {
    let ga = 0, gb = 0, haa = 0, hab = 0, hbb = 0;
    for (let i = 0; i < z.length; i++) {
      const p = sigmoid(a * z[i] + b);
      const r = p - t[i];
      const w = p * (1 - p);
      ga += r * z[i];
      gb += r;
      haa += w * z[i] * z[i];
      hab += w * z[i];
      hbb += w;
    }
    const n = z.length;
    [ga, gb, haa, hab, hbb] = [ga / n, gb / n, haa / n + 1e-10, hab / n, hbb / n + 1e-10];
    const det = haa * hbb - hab * hab;
    if (!(det > 0)) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    let scale = 1;
    let next = meanLoss(z, t, a - da, b - db);
    while (next > loss - 1e-4 * scale * (da * ga + db * gb) && scale > 1e-8) {
      scale /= 2;
      next = meanLoss(z, t, a - scale * da, b - scale * db);
    }
    if (!(next < loss)) break;
    a -= scale * da;
    b -= scale * db;
    const gain = loss - next;
    loss = next;
    if (gain < 1e-14) break;
  }
  return { a, b };
}

export interface LabelCalibrationReport extends LabelCalibration {
  /** T = 1/a for temperature scaling. */
  temperature: number | null;
  /** The label's mean log loss on the fitted slices before and after. */
  before: number;
  after: number;
}

export interface CtCalibrationResult {
  calibration: CtCalibration;
  /** Reviewed slices fitted on. */
  reviewed: number;
  /** Weighted log loss on those slices before and after (after ≤ before). */
  before: number;
  after: number;
  perLabel: LabelCalibrationReport[];
}

/** Fits a calibration on reviewed slices; before/after are on the same slices. */
export function calibrateCtLabels(rows: readonly CalibrationRow[], method: CalibrationMethod = 'temperature'): CtCalibrationResult {
  if (rows.length === 0) throw new RangeError('calibration needs at least one reviewed slice with a prediction');
  const truths = rows.map((r) => bitsToLabels(r.labelBits));
  const fitted = CT_LABELS.map((label, j) => {
    const z = Float64Array.from(rows, (r) => logit(r.probabilities[j]));
    const y = Float64Array.from(truths, (t) => t[j]);
    const fit = method === 'temperature' ? fitTemperature(z, y) : fitPlatt(z, y);
    const raw = (c: { a: number; b: number }) => rows.reduce((s, r, i) => s + logLoss(truths[i][j], calibrateProbability(r.probabilities[j], c)), 0) / rows.length;
    return raw(fit) < raw({ a: 1, b: 0 }) ? { label, ...fit } : { label, a: 1, b: 0 };
  });
  const score = (calibration: CtCalibration) => weightedLogLoss(rows.map((r, i) => ({ truth: truths[i], pred: applyCtCalibration(r.probabilities, calibration) })));
  const identity = identityCalibration(method);
  const before = score(identity);
  let calibration: CtCalibration = { method, labels: fitted };
  let after = score(calibration);
  if (!(after.value < before.value)) {
    calibration = identity;
    after = before;
  }
  const perLabel = calibration.labels.map((c) => ({
    ...c,
    temperature: method === 'temperature' ? 1 / c.a : null,
    before: before.perLabel[c.label],
    after: after.perLabel[c.label],
  }));
  return { calibration, reviewed: rows.length, before: before.value, after: after.value, perLabel };
}
