// What the steel workspace's requests carry: a strip's layers (current, truth, model prediction) as Kaggle
// RLE per class, save and revert results, the revision history, and exports. Masks travel as RLE text or
// as PNG bytes over the binary mask route, never as arrays of numbers.
import type { LabelSource, ReviewState } from '../domain';

/** One class of one layer of a strip: Kaggle RLE, column-major, 1-indexed ('' = no defect). */
export interface SteelClassRle {
  classId: number;
  rle: string;
}

/** The current label of one class and the revision it comes from (all null when the class was never labelled). */
export interface SteelCurrentClass extends SteelClassRle {
  source: LabelSource | null;
  author: string | null;
  createdAt: string | null;
  revisionId: number | null;
}

/** The model prediction shown for a strip: the active steel model's revisions, else the newest model's. */
export interface SteelPrediction {
  source: `model:${string}`;
  version: string;
  /** True when this is the active steel model. */
  active: boolean;
  classes: SteelClassRle[];
}

/** Every layer of one strip, the four classes each. */
export interface SteelItemLabels {
  itemId: number;
  width: number;
  height: number;
  current: SteelCurrentClass[];
  truth: SteelClassRle[];
  prediction: SteelPrediction | null;
  review: ReviewState;
}

export interface SteelSaveResult {
  itemId: number;
  /** The new human revisions, one per class whose mask changed. */
  saved: { classId: number; revisionId: number; pixels: number }[];
  /** Classes sent that equal their current label (no revision written). */
  unchanged: number[];
  /** The strip's review state after the save (a first save moves "unreviewed" to "in progress"). */
  review: ReviewState;
}

/** One revision of a strip's history. */
export interface SteelRevision {
  id: number;
  classId: number;
  source: LabelSource;
  author: string;
  createdAt: string;
  /** Defect pixels of the revision's mask. */
  pixels: number;
  /** True when this revision is the current label of its class. */
  current: boolean;
}

export interface SteelRevertResult {
  classId: number;
  /** The class's mask after the revert. */
  rle: string;
  /** The new human revision, or null when the class already had that mask. */
  revisionId: number | null;
  review: ReviewState;
}

/** Files written by an export the person placed with the operating system's dialog; empty when they cancelled. */
export interface SavedExport {
  paths: string[];
}
