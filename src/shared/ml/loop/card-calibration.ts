// Between the calibration the tuner fits (calibrate-ct-labels.ts: p' = σ(a · logit(p) + b) per label) and
// the one a CT model card carries (model-card.ts: p' = σ(logit(p) / temperature + bias)): temperature = 1/a,
// bias = b. A card's temperature must be positive, so a fit that reverses a label (a ≤ 0, which Platt scaling
// gives where a model's outputs run against the labels, as an untrained one's may) cannot go into a card as
// it is: cardCalibrationFromFits then takes, for that label, the best of what a card can hold — another fit,
// the constant at the label's share of the slices (the model's output ignored: a → 0⁺), or the identity. The
// share is smoothed as Platt's targets are ((N₊ + 1) / (N + 2)), so a label no slice of the set has is said
// to be rare, never impossible: a constant of 0 would cost a fortune on the first slice that has it.
import { bitsToLabels } from '../../ct-labels';
import { CT_LABELS } from '../../domain';
import { logLoss } from '../../metrics';
import type { CtCalibration as CardCalibration } from '../model-card';
import { calibrateProbability, type CalibrationRow, type CtCalibration, type CalibrationMethod } from './calibrate-ct-labels';

/** The slope a card uses for "ignore the model's output": temperature 1e9, so σ(logit(p) / T + bias) ≈ σ(bias). */
export const CONSTANT_SLOPE = 1e-9;

export type { CardCalibration };

/** The card's form of a fitted calibration. */
export function toCardCalibration(fitted: CtCalibration): CardCalibration {
  const usable = (a: number, b: number) => Number.isFinite(a) && Number.isFinite(b) && a > 0;
  return {
    temperature: fitted.labels.map((c) => (usable(c.a, c.b) ? 1 / c.a : 1)),
    bias: fitted.labels.map((c) => (usable(c.a, c.b) ? c.b : 0)),
  };
}

/** The tuner's form of a card's calibration (the identity when the card has none). */
export function fromCardCalibration(card: CardCalibration | undefined, method: CalibrationMethod = 'platt'): CtCalibration {
  return { method, labels: CT_LABELS.map((label, j) => ({ label, a: card ? 1 / card.temperature[j] : 1, b: card ? card.bias[j] : 0 })) };
}

/** True when a card calibration changes nothing (every temperature 1, every bias 0), or there is none. */
export function isIdentityCalibration(card: CardCalibration | undefined): boolean {
  return !card || card.temperature.every((t, j) => t === 1 && card.bias[j] === 0);
}

/**
 * Per label, the usable (a > 0) calibration with the lowest mean log loss on the rows among the fits, the
 * constant at the label's prevalence there (with `constant`), and the identity; in the card's form.
 */
export function cardCalibrationFromFits(rows: readonly CalibrationRow[], fits: readonly CtCalibration[], options: { constant?: boolean } = {}): CardCalibration {
  const truths = rows.map((r) => bitsToLabels(r.labelBits));
  const chosen = CT_LABELS.map((_, j) => {
    const loss = (c: { a: number; b: number }) => rows.reduce((s, r, i) => s + logLoss(truths[i][j], calibrateProbability(r.probabilities[j], c)), 0) / rows.length;
    const prevalence = (truths.reduce((s, t) => s + t[j], 0) + 1) / (rows.length + 2);
    const candidates = [
      { a: 1, b: 0 },
      ...fits.map((f) => f.labels[j]).filter((c) => Number.isFinite(c.a) && Number.isFinite(c.b) && c.a > 0),
      ...(options.constant ? [{ a: CONSTANT_SLOPE, b: Math.log(prevalence / (1 - prevalence)) }] : []),
    ];
    let best = candidates[0];
    let bestLoss = loss(best);
    for (const c of candidates.slice(1)) {
      const l = loss(c);
      if (l < bestLoss) [best, bestLoss] = [c, l];
    }
    return best;
  });
  return { temperature: chosen.map((c) => 1 / c.a), bias: chosen.map((c) => c.b) };
}

/** How one label's calibration reads: "temperature 1.00 · bias 0.00", or "constant 0.030 (the model's output ignored)". */
export function describeCalibration(card: CardCalibration | undefined, j: number): string {
  const t = card ? card.temperature[j] : 1;
  const b = card ? card.bias[j] : 0;
  if (t >= 1e6) return `constant ${(1 / (1 + Math.exp(-b))).toFixed(3)} (the model's output ignored)`;
  return `temperature ${t.toFixed(2)} · bias ${b.toFixed(2)}`;
}
