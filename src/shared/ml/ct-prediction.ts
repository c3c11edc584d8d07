// A CT model's prediction for one slice: six probabilities in CT_LABELS order, stored as the class-0
// payload of a `model:<version>` revision. Human and truth payloads of class 0 are subtype bit masks
// ("0".."31"); a model payload is a JSON object, so the two never mix up: parseCtPrediction tells them apart.
import { CT_LABELS, CT_SUBTYPES } from '../domain';
import type { CtCalibration } from './model-card';

/**
 * The share of slices with each label in RSNA's stage-2 training set (752,803 slices), in CT_LABELS order:
 * what a model that knows nothing about a slice should say.
 */
export const RSNA_BASE_RATES: readonly number[] = [0.004, 0.048, 0.035, 0.048, 0.063, 0.144];

/** log(p / (1 − p)), with p kept inside [1e-7, 1 − 1e-7] so that 0 and 1 stay finite. */
export function logit(p: number): number {
  const q = Math.min(1 - 1e-7, Math.max(1e-7, p));
  return Math.log(q / (1 - q));
}

export const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** A model's six probabilities through its card's calibration: sigmoid(logit(p) / temperature + bias) per label. */
export function calibrateCt(probabilities: ArrayLike<number>, calibration: CtCalibration | undefined): number[] {
  const values = Array.from(probabilities, (p) => (Number.isFinite(p) ? p : 0));
  if (!calibration) return values;
  return values.map((p, i) => sigmoid(logit(p) / calibration.temperature[i] + calibration.bias[i]));
}

/**
 * The calibration that maps a model trained where labels had the rates `trainedRates` to a population with
 * `targetRates`, shrinking its logits by `temperature` around the trained rate: an unsure answer (the trained
 * rate) becomes the target rate, and a large temperature makes every answer the target rate.
 */
export function priorShiftCalibration(trainedRates: readonly number[], targetRates: readonly number[], temperature: readonly number[]): CtCalibration {
  return {
    temperature: [...temperature],
    bias: targetRates.map((target, i) => logit(target) - logit(trainedRates[i]) / temperature[i]),
  };
}

/** Six probabilities with `any` raised to at least the largest subtype probability. */
export function consistentAny(probabilities: ArrayLike<number>): number[] {
  if (probabilities.length !== CT_LABELS.length) {
    throw new RangeError(`a CT prediction has ${CT_LABELS.length} probabilities, got ${probabilities.length}`);
  }
  const values = Array.from(probabilities, (p) => Math.min(1, Math.max(0, Number.isFinite(p) ? p : 0)));
  const anyIndex = CT_LABELS.indexOf('any');
  for (let i = 0; i < CT_SUBTYPES.length; i++) values[anyIndex] = Math.max(values[anyIndex], values[i]);
  return values;
}

/** The payload of a model revision: {"epidural":0.0123,…,"any":0.2} (six significant digits). */
export function formatCtPrediction(probabilities: ArrayLike<number>): string {
  const values = consistentAny(probabilities);
  return JSON.stringify(Object.fromEntries(CT_LABELS.map((label, i) => [label, Number(values[i].toPrecision(6))])));
}

/** The six probabilities of a model payload, or null when the payload is not one (e.g. a bit-mask label). */
export function parseCtPrediction(payload: string): number[] | null {
  if (!payload.startsWith('{')) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return null;
  }
  if (!parsed || typeof parsed !== 'object') return null;
  const record = parsed as Record<string, unknown>;
  const values = CT_LABELS.map((label) => record[label]);
  return values.every((v) => typeof v === 'number' && v >= 0 && v <= 1) ? (values as number[]) : null;
}

/** A prediction read as labels: the subtype bit mask of the probabilities at or above `threshold`. */
export function predictionToBits(probabilities: ArrayLike<number>, threshold = 0.5): number {
  let bits = 0;
  for (let i = 0; i < CT_SUBTYPES.length; i++) if (probabilities[i] >= threshold) bits |= 1 << i;
  return bits;
}
