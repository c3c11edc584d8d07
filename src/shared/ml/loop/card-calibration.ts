// Between the calibration the tuner fits (calibrate-ct-labels.ts: p' = σ(a · logit(p) + b) per label) and
// the one a CT model card carries (model-card.ts: p' = σ(logit(p) / temperature + bias)): temperature = 1/a,
// bias = b. A card's temperature must be positive, so a fit that reverses a label (a ≤ 0, which Platt scaling
// can give on a few contradictory slices) keeps that label as it is.
import { CT_LABELS } from '../../domain';
import type { CtCalibration as CardCalibration } from '../model-card';
import type { CtCalibration, CalibrationMethod } from './calibrate-ct-labels';

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

/** How one label's calibration reads: "temperature 1.00 · bias 0.00". */
export function describeCalibration(card: CardCalibration | undefined, j: number): string {
  const t = card ? card.temperature[j] : 1;
  const b = card ? card.bias[j] : 0;
  return `temperature ${t.toFixed(2)} · bias ${b.toFixed(2)}`;
}
