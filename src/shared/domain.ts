// Domain vocabulary shared by every layer: the two tasks, their classes and labels.

export type DatasetKind = 'severstal' | 'rsna';

/** Severstal strips are 1600 wide and 256 high; masks use Kaggle's column-major order (see mask.ts). */
export const STEEL_WIDTH = 1600;
export const STEEL_HEIGHT = 256;
export const STEEL_CLASSES = [1, 2, 3, 4] as const;
export type SteelClass = (typeof STEEL_CLASSES)[number];

/** The five RSNA haemorrhage subtypes, in the order of the labelling keys 1–5. */
export const CT_SUBTYPES = ['epidural', 'intraparenchymal', 'intraventricular', 'subarachnoid', 'subdural'] as const;
export type CtSubtype = (typeof CT_SUBTYPES)[number];
/** All six per-slice labels in RSNA's CSV: the five subtypes and `any` (= OR of the five). */
export const CT_LABELS = [...CT_SUBTYPES, 'any'] as const;
export type CtLabel = (typeof CT_LABELS)[number];

/** Where a label revision came from: the imported ground truth, a person, or a model version. */
export type LabelSource = 'truth' | 'human' | `model:${string}`;

export type ReviewState = 'unreviewed' | 'in_progress' | 'approved' | 'flagged';
