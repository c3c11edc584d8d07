// Agreement between readers of the same items (double reading), by the Kaggle metric of each task: steel compares
// two readers' masks per class by Dice (1 when both are empty, Kaggle's rule); CT compares the readers' per-slice
// labels per label (the five subtypes and `any`) by the share of slices they agree on and by Cohen's kappa.
// A honeypot compares a reader with the known truth by the same measures. Pure functions over payloads as the
// store keeps them: steel, classId 1–4 → Kaggle RLE ('' or absent = empty); CT, classId 0 → subtype bit mask.
import { CT_LABELS, STEEL_CLASSES, type CtLabel } from './domain';
import { bitsToLabels } from './ct-labels';
import { decodeRle } from './rle';
import { dice } from './metrics';

/** One reader's labels of one item: classId → payload. */
export type ReadLabels = ReadonlyMap<number, string>;

/** Below this Dice (steel, any class) two readings of a strip disagree. */
export const DEFAULT_DICE_THRESHOLD = 0.8;

/** Dice of two readers' RLE masks of one class; both empty = 1. */
export function readerDice(a: string | undefined, b: string | undefined): number {
  const ra = (a ?? '').trim();
  const rb = (b ?? '').trim();
  if (ra === '' && rb === '') return 1;
  if (ra === rb) return 1;
  return dice(decodeRle(ra), decodeRle(rb));
}

/** Dice per steel class (1–4) between two readings of one strip. */
export function steelDicePerClass(a: ReadLabels, b: ReadLabels): Record<number, number> {
  const out: Record<number, number> = {};
  for (const c of STEEL_CLASSES) out[c] = readerDice(a.get(c), b.get(c));
  return out;
}

/** The six CT labels (0/1, `any` last) of a reading's bit mask; an absent payload is no haemorrhage. */
export function ctLabelsOf(labels: ReadLabels): Array<0 | 1> {
  const payload = labels.get(0);
  return bitsToLabels(payload === undefined || payload === '' ? 0 : Number(payload));
}

/** Cohen's kappa of two raters' yes/no answers, from their counts. Both always giving the same one answer: 1. */
export function cohensKappa(counts: { yesYes: number; yesNo: number; noYes: number; noNo: number }): number {
  const n = counts.yesYes + counts.yesNo + counts.noYes + counts.noNo;
  if (n === 0) return 1;
  const observed = (counts.yesYes + counts.noNo) / n;
  const aYes = (counts.yesYes + counts.yesNo) / n;
  const bYes = (counts.yesYes + counts.noYes) / n;
  const expected = aYes * bYes + (1 - aYes) * (1 - bYes);
  // Expected agreement 1 means both raters gave one and the same answer throughout: they agree perfectly.
  if (expected >= 1) return observed >= 1 ? 1 : 0;
  return (observed - expected) / (1 - expected);
}

export interface CtLabelAgreement {
  label: CtLabel;
  /** Share of slices on which both readers gave the same answer. */
  agreement: number;
  kappa: number;
  slices: number;
}

/** Per-label agreement and Cohen's kappa over pairs of CT readings (one pair per slice). */
export function ctAgreement(pairs: readonly (readonly [ReadLabels, ReadLabels])[]): CtLabelAgreement[] {
  const decoded = pairs.map(([a, b]) => [ctLabelsOf(a), ctLabelsOf(b)] as const);
  return CT_LABELS.map((label, i) => {
    const counts = { yesYes: 0, yesNo: 0, noYes: 0, noNo: 0 };
    for (const [a, b] of decoded) {
      if (a[i] && b[i]) counts.yesYes++;
      else if (a[i]) counts.yesNo++;
      else if (b[i]) counts.noYes++;
      else counts.noNo++;
    }
    const n = decoded.length;
    return { label, agreement: n === 0 ? 1 : (counts.yesYes + counts.noNo) / n, kappa: cohensKappa(counts), slices: n };
  });
}

/** The classes (steel 1–4) or labels (CT) on which two readings of one item disagree. */
export function disagreementsOf(kind: 'severstal' | 'rsna', a: ReadLabels, b: ReadLabels, diceThreshold = DEFAULT_DICE_THRESHOLD): string[] {
  if (kind === 'severstal') {
    const perClass = steelDicePerClass(a, b);
    return STEEL_CLASSES.filter((c) => perClass[c] < diceThreshold).map(String);
  }
  const la = ctLabelsOf(a);
  const lb = ctLabelsOf(b);
  return CT_LABELS.filter((_, i) => la[i] !== lb[i]);
}

/** True when any pair among several readings of one item disagrees. */
export function readingsDisagree(kind: 'severstal' | 'rsna', readings: readonly ReadLabels[], diceThreshold = DEFAULT_DICE_THRESHOLD): boolean {
  for (let i = 0; i < readings.length; i++) {
    for (let j = i + 1; j < readings.length; j++) if (disagreementsOf(kind, readings[i], readings[j], diceThreshold).length > 0) return true;
  }
  return false;
}

/**
 * A reader's score on one honeypot against its truth: steel, the mean over classes of Dice (Kaggle's per
 * image-class pairs); CT, the share of the six labels given right.
 */
export function honeypotScore(kind: 'severstal' | 'rsna', reading: ReadLabels, truth: ReadLabels): number {
  if (kind === 'severstal') {
    const perClass = steelDicePerClass(reading, truth);
    return STEEL_CLASSES.reduce((sum, c) => sum + perClass[c], 0) / STEEL_CLASSES.length;
  }
  const a = ctLabelsOf(reading);
  const t = ctLabelsOf(truth);
  return a.filter((v, i) => v === t[i]).length / CT_LABELS.length;
}
