// Reads a Severstal train.csv (either form) against the strips of a folder: which strips it speaks for and the
// truth of each of their classes. Shared by the import of a new dataset and by a batch added to one.
import { STEEL_CLASSES } from '../../../shared/domain';
import { badInput } from '../../../shared/errors';
import { readSeverstalCsv } from '../../formats/severstal-csv';
import { throwIfCancelled, type ProgressListener } from './import-common';

export interface SteelTruthRow {
  key: string;
  classId: number;
  /** Kaggle RLE; '' = no defect of this class. */
  rle: string;
}

export interface SeverstalLabels {
  /** A truth revision for every class of every strip the CSV covers, in the order of `keys`. */
  truth: SteelTruthRow[];
  /** How many of `keys` the CSV covers. */
  labelled: number;
  /** Rows skipped because their image is in neither the folder nor the dataset (allowMissing). */
  skippedMissing: number;
}

export interface ReadSeverstalLabelsOptions {
  /** The folder the strips come from, for the error about a row whose image is not there. */
  root: string;
  /** Skip rows whose image is not in the folder (and count them) instead of refusing the file. */
  allowMissing?: boolean;
  /**
   * A batch added to a dataset: the truth (class → RLE) of an image the dataset already holds, or undefined when
   * it holds no such image; an empty map when it holds it without truth. A row for such an image must equal that
   * truth (Kaggle's full train.csv next to a new batch repeats the earlier strips' rows); any other row for it is
   * refused: a batch's CSV labels its new strips only.
   */
  existing?: (key: string) => ReadonlyMap<number, string> | undefined;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
}

/**
 * The strips a CSV speaks for, and their truth. The old form has four rows per image, so it covers exactly the
 * images it names; the new form lists defect rows only (Kaggle's train.csv), so it covers every strip of `keys` —
 * a strip without a row is defect-free. Each covered strip gets a truth row for each class ('' = no defect).
 */
export async function readSeverstalLabels(csv: string, keys: readonly string[], options: ReadSeverstalLabelsOptions): Promise<SeverstalLabels> {
  const known = new Set(keys);
  const defects = new Map<string, string>(); // `${image}\u0000${class}` → RLE
  const covered = new Set<string>();
  let newForm = false;
  let skippedMissing = 0;
  let rows = 0;
  options.onProgress?.({ phase: 'reading labels', done: 0, total: null });
  for await (const row of readSeverstalCsv(csv)) {
    if (++rows % 4096 === 0) throwIfCancelled(options.signal);
    if (!known.has(row.imageId)) {
      const held = options.existing?.(row.imageId);
      if (held !== undefined) {
        if ((held.get(row.classId) ?? null) !== row.rle) {
          const what = held.size === 0 ? 'without a label' : `with another class ${row.classId} label`;
          throw badInput(
            `${csv}:${row.line}: image "${row.imageId}" is in the dataset already ${what}; a batch's CSV labels its new images only (change that strip in the workstation)`,
          );
        }
        continue;
      }
      if (options.allowMissing) {
        skippedMissing++;
        continue;
      }
      throw badInput(`${csv}:${row.line}: image "${row.imageId}" is not in ${options.root}`, 'allowMissing');
    }
    if (row.form === 'new') newForm = true;
    covered.add(row.imageId);
    if (row.rle !== '') defects.set(`${row.imageId}\u0000${row.classId}`, row.rle);
  }
  if (newForm) for (const key of known) covered.add(key);
  const truth = keys
    .filter((key) => covered.has(key))
    .flatMap((key) => STEEL_CLASSES.map((classId) => ({ key, classId, rle: defects.get(`${key}\u0000${classId}`) ?? '' })));
  return { truth, labelled: covered.size, skippedMissing };
}
