// Reads an RSNA `ID,Label` CSV against a known set of slices and checks it: six rows per labelled
// slice, no unknown ids (unless asked to skip them), 0/1 values, and `any` equal to the OR of the five subtypes.
import { CT_LABELS, CT_SUBTYPES } from '../../../shared/domain';
import { badInput } from '../../../shared/errors';
import { readRsnaCsv } from '../../formats/rsna-csv';
import { throwIfCancelled, type ProgressListener } from './import-common';

const ALL_SIX = (1 << CT_LABELS.length) - 1;
const ANY_BIT = 1 << CT_SUBTYPES.length;

export interface RsnaLabels {
  /** Per slice (same index as the keys given): bit mask of the five subtypes. */
  bits: Uint8Array;
  /** Per slice: 1 when the CSV labels it. */
  labelled: Uint8Array;
  labelledCount: number;
  fixedAny: number;
  /** Rows skipped because their slice is not among the keys (allowMissing). */
  skippedMissing: number;
  /** Per slice: the file line where its rows start (0 when it has none). */
  firstLine: Uint32Array;
}

export interface ReadRsnaLabelsOptions {
  /** Recompute `any` from the five subtypes instead of failing when they disagree. */
  fixAny?: boolean;
  /**
   * Skip the rows of slices that are not among the keys (and count them) instead of refusing the file: a subset of
   * the DICOM files next to Kaggle's full stage_2_train.csv. The rows of the slices that are there are checked as
   * always, and every skipped row must still be a well-formed `ID,Label` row.
   */
  allowMissing?: boolean;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
}

export async function readRsnaLabels(csv: string, keys: readonly string[], options: ReadRsnaLabelsOptions = {}): Promise<RsnaLabels> {
  const index = new Map<string, number>();
  keys.forEach((k, i) => index.set(k, i));
  const n = keys.length;
  const bits = new Uint8Array(n);
  const seen = new Uint8Array(n); // which of the six rows each slice has had
  const anyValue = new Uint8Array(n);
  const anyLine = new Uint32Array(n);
  const firstLine = new Uint32Array(n); // where each slice's rows start, for the error about a missing one
  const labelBit = new Map<string, number>(CT_LABELS.map((l, i) => [l, 1 << i]));
  let rows = 0;
  let skippedMissing = 0;

  for await (const batch of readRsnaCsv(csv)) {
    throwIfCancelled(options.signal);
    for (const row of batch) {
      const slice = index.get(row.key);
      if (slice === undefined) {
        if (options.allowMissing) {
          skippedMissing++;
          continue;
        }
        throw badInput(`${csv}:${row.line}: label for unknown slice "${row.key}" (no such DICOM file in the folder)`, 'allowMissing');
      }
      const bit = labelBit.get(row.label)!;
      if (seen[slice] & bit) throw badInput(`${csv}:${row.line}: second "${row.label}" row for slice "${row.key}"`);
      if (seen[slice] === 0) firstLine[slice] = row.line;
      seen[slice] |= bit;
      if (bit === ANY_BIT) {
        anyValue[slice] = row.value;
        anyLine[slice] = row.line;
      } else if (row.value === 1) {
        bits[slice] |= bit;
      }
    }
    rows += batch.length;
    options.onProgress?.({ phase: 'reading labels', done: rows, total: null });
  }

  const labelled = new Uint8Array(n);
  let labelledCount = 0;
  let fixedAny = 0;
  for (let i = 0; i < n; i++) {
    if (seen[i] === 0) continue;
    if (seen[i] !== ALL_SIX) {
      const missing = CT_LABELS.filter((_, j) => !(seen[i] & (1 << j)));
      throw badInput(
        `${csv}:${firstLine[i]}: slice "${keys[i]}" lacks its ${missing.join(', ')} row${missing.length > 1 ? 's' : ''} (its other rows start on this line; each labelled slice needs all six)`,
      );
    }
    const derived = bits[i] !== 0 ? 1 : 0; // `any` = OR of the five subtype bits
    if (derived !== anyValue[i]) {
      if (!options.fixAny) {
        throw badInput(
          `${csv}:${anyLine[i]}: "any" is ${anyValue[i]} for slice "${keys[i]}" but the OR of its five subtypes is ${derived}`,
          'fixAny',
        );
      }
      fixedAny++;
    }
    labelled[i] = 1;
    labelledCount++;
  }
  return { bits, labelled, labelledCount, fixedAny, skippedMissing, firstLine };
}
