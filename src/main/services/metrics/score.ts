// `loupe score`: the Kaggle metric of a prediction CSV against a truth CSV, straight from the files.
//   Severstal: mean Dice over the 4 image-class pairs of every image of the truth file.
//   RSNA ICH:  weighted multi-label log loss over every slice of the truth file.
import { CT_LABELS, STEEL_CLASSES, STEEL_HEIGHT, STEEL_WIDTH, type CtLabel } from '../../../shared/domain';
import { badInput } from '../../../shared/errors';
import { meanDice, weightedLogLoss, type DicePair, type MeanAndCount } from '../../../shared/metrics';
import { decodeRle } from '../../../shared/rle';
import { readRsnaCsv } from '../../formats/rsna-csv';
import { readSeverstalCsv } from '../../formats/severstal-csv';

export interface SeverstalScore {
  metric: 'mean_dice';
  value: number;
  perClass: Record<number, MeanAndCount>;
  /** Image-class pairs scored: 4 per image of the truth file. */
  pairs: number;
  /** Images the prediction labels but the truth does not; they are ignored. */
  predictionImagesNotInTruth: number;
  warnings: string[];
}

export interface RsnaScore {
  metric: 'weighted_log_loss';
  value: number;
  /** Mean log loss of each of the six labels. */
  perLabel: Record<CtLabel, number>;
  /** Slices scored: every slice of the truth file. */
  slices: number;
  /** Slices the prediction has but the truth does not; they are ignored. */
  predictionSlicesNotInTruth: number;
  warnings: string[];
}

/** Image → class → RLE ('' = no defect), images in file order. */
async function readSteelLabels(csv: string): Promise<Map<string, Map<number, string>>> {
  const labels = new Map<string, Map<number, string>>();
  for await (const row of readSeverstalCsv(csv)) {
    const classes = labels.get(row.imageId) ?? new Map<number, string>();
    classes.set(row.classId, row.rle);
    labels.set(row.imageId, classes);
  }
  return labels;
}

function ignoredWarning(count: number, what: string, predCsv: string, truthCsv: string): string[] {
  return count === 0 ? [] : [`${count} ${what} of ${predCsv} ${count === 1 ? 'is' : 'are'} not in ${truthCsv} and ${count === 1 ? 'was' : 'were'} ignored`];
}

/**
 * Mean Dice of a Severstal prediction CSV against a truth CSV (either form each). Every image of the truth
 * file gives 4 pairs; a class the prediction does not label is an empty mask.
 */
export async function scoreSeverstal(truthCsv: string, predCsv: string): Promise<SeverstalScore> {
  const truth = await readSteelLabels(truthCsv);
  const pred = await readSteelLabels(predCsv);
  if (truth.size === 0) throw badInput(`${truthCsv}: no images to score`);
  let notInTruth = 0;
  for (const imageId of pred.keys()) if (!truth.has(imageId)) notInTruth++;

  const empty = new Uint8Array(STEEL_WIDTH * STEEL_HEIGHT); // never written
  const truthMask = new Uint8Array(STEEL_WIDTH * STEEL_HEIGHT);
  const predMask = new Uint8Array(STEEL_WIDTH * STEEL_HEIGHT);
  function* pairs(): Generator<DicePair> {
    for (const [imageId, classes] of truth) {
      for (const classId of STEEL_CLASSES) {
        const truthRle = classes.get(classId) ?? '';
        const predRle = pred.get(imageId)?.get(classId) ?? '';
        yield {
          classId,
          truth: truthRle === '' ? empty : decodeRle(truthRle, STEEL_WIDTH, STEEL_HEIGHT, truthMask),
          pred: predRle === '' ? null : decodeRle(predRle, STEEL_WIDTH, STEEL_HEIGHT, predMask),
        };
      }
    }
  }
  const result = meanDice(pairs());
  return {
    metric: 'mean_dice',
    value: result.mean,
    perClass: result.perClass,
    pairs: result.count,
    predictionImagesNotInTruth: notInTruth,
    warnings: ignoredWarning(notInTruth, notInTruth === 1 ? 'image' : 'images', predCsv, truthCsv),
  };
}

const LABEL_BIT = new Map<CtLabel, number>(CT_LABELS.map((label, j) => [label, 1 << j]));
const ALL_SIX = (1 << CT_LABELS.length) - 1;

function missingLabels(seen: number): string {
  const missing = CT_LABELS.filter((_, j) => (seen & (1 << j)) === 0);
  return `${missing.join(', ')} row${missing.length > 1 ? 's' : ''}`;
}

/** `<file>:<line>: slice … lacks its … rows`, at the line of the slice's first row. */
function lacksRows(csv: string, line: number, key: string, seen: number) {
  return badInput(`${csv}:${line}: slice "${key}" lacks its ${missingLabels(seen)} (its other rows start on this line)`);
}

/** The truth file's slices: key → slot, and per slot the six labels as bits (bit j = CT_LABELS[j]). */
async function readCtTruth(csv: string): Promise<{ slots: Map<string, number>; keys: string[]; bits: Uint8Array }> {
  const slots = new Map<string, number>();
  const keys: string[] = [];
  let bits = new Uint8Array(1024);
  let seen = new Uint8Array(1024);
  const firstLines: number[] = [];
  for await (const batch of readRsnaCsv(csv)) {
    for (const row of batch) {
      let slot = slots.get(row.key);
      if (slot === undefined) {
        slot = keys.length;
        slots.set(row.key, slot);
        keys.push(row.key);
        firstLines.push(row.line);
        if (slot >= bits.length) {
          const grownBits = new Uint8Array(bits.length * 2);
          grownBits.set(bits);
          bits = grownBits;
          const grownSeen = new Uint8Array(seen.length * 2);
          grownSeen.set(seen);
          seen = grownSeen;
        }
      }
      const bit = LABEL_BIT.get(row.label)!;
      if ((seen[slot] & bit) !== 0) throw badInput(`${csv}:${row.line}: second "${row.label}" row for slice "${row.key}"`);
      seen[slot] |= bit;
      if (row.value === 1) bits[slot] |= bit;
    }
  }
  for (let slot = 0; slot < keys.length; slot++) {
    if (seen[slot] !== ALL_SIX) throw lacksRows(csv, firstLines[slot], keys[slot], seen[slot]);
  }
  return { slots, keys, bits: bits.subarray(0, keys.length) };
}

/**
 * RSNA's weighted multi-label log loss of a prediction CSV (probabilities) against a truth CSV (0/1).
 * Every slice of the truth needs all six predicted labels; slices only in the prediction are ignored.
 */
export async function scoreRsna(truthCsv: string, predCsv: string): Promise<RsnaScore> {
  const truth = await readCtTruth(truthCsv);
  const count = truth.keys.length;
  if (count === 0) throw badInput(`${truthCsv}: no slices to score`);
  const labelCount = CT_LABELS.length;
  const probabilities = new Float64Array(count * labelCount);
  const seen = new Uint8Array(count);
  const firstLines = new Uint32Array(count);
  const notInTruth = new Set<string>();
  for await (const batch of readRsnaCsv(predCsv, { probabilities: true })) {
    for (const row of batch) {
      const slot = truth.slots.get(row.key);
      if (slot === undefined) {
        notInTruth.add(row.key);
        continue;
      }
      const bit = LABEL_BIT.get(row.label)!;
      if ((seen[slot] & bit) !== 0) throw badInput(`${predCsv}:${row.line}: second "${row.label}" row for slice "${row.key}"`);
      if (seen[slot] === 0) firstLines[slot] = row.line;
      seen[slot] |= bit;
      probabilities[slot * labelCount + CT_LABELS.indexOf(row.label)] = row.value;
    }
  }
  const unpredicted = seen.reduce((n, s) => n + (s === 0 ? 1 : 0), 0);
  for (let slot = 0; slot < count; slot++) {
    if (seen[slot] === ALL_SIX) continue;
    const key = truth.keys[slot];
    if (seen[slot] === 0) {
      const others = unpredicted > 1 ? ` (and ${unpredicted - 1} more slices)` : '';
      throw badInput(`${predCsv} has no prediction for slice "${key}" of ${truthCsv}${others}`);
    }
    throw lacksRows(predCsv, firstLines[slot], key, seen[slot]);
  }

  function* rows() {
    for (let slot = 0; slot < count; slot++) {
      const bits = truth.bits[slot];
      yield {
        truth: CT_LABELS.map((_, j) => (bits >> j) & 1),
        pred: probabilities.subarray(slot * labelCount, (slot + 1) * labelCount),
      };
    }
  }
  const result = weightedLogLoss(rows());
  return {
    metric: 'weighted_log_loss',
    value: result.value,
    perLabel: result.perLabel,
    slices: result.count,
    predictionSlicesNotInTruth: notInTruth.size,
    warnings: ignoredWarning(notInTruth.size, notInTruth.size === 1 ? 'slice' : 'slices', predCsv, truthCsv),
  };
}
