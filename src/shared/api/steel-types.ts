// What the steel workspace's requests carry: a strip's layers (current, truth, model prediction) as Kaggle
// RLE per class, save and revert results, the revision history, and exports. Masks travel as RLE text or
// as PNG bytes over the binary mask route, never as arrays of numbers.
import type { LabelSource, ReviewState } from '../domain';
import type { ReviewInfo } from './types';
import type { BaseRevision } from './collaboration-types';

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
  /** A person's revision edited from a model's draft: `model:<version>`; else null. */
  origin: string | null;
}

/** One class as the person saves it; `origin` names the model draft the mask was edited from, if it was. */
export interface SteelSavedClass extends SteelClassRle {
  /** The class's revision the edit started from, or 'none' when the class had no label. */
  base: BaseRevision;
  origin?: string;
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
  reviewInfo: ReviewInfo;
  /** True when the strip has neither imported truth nor a person's label: what the person sees is the model's draft, if any. */
  unlabelled: boolean;
}

export interface SteelSaveResult {
  itemId: number;
  /** The new human revisions, one per class whose mask changed. */
  saved: { classId: number; revisionId: number; pixels: number }[];
  /** Classes sent that equal their current label (no revision written). */
  unchanged: number[];
  /** The strip's review state after the save (a first save moves "unreviewed" to "in progress"). */
  review: ReviewState;
  reviewInfo: ReviewInfo;
  /** True when the save moved an approved strip back to "in progress". */
  approvalReset: boolean;
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
  /** Where a person's revision started: `model:<version>` when edited from that model's draft; else null. */
  origin: string | null;
}

export interface SteelRevertResult {
  classId: number;
  /** The class's mask after the revert. */
  rle: string;
  /** The new human revision, or null when the class already had that mask. */
  revisionId: number | null;
  review: ReviewState;
  approvalReset: boolean;
}

/** Where N / Shift+N leads: the next strip to review (wrapping around the list), or null when none is left. */
export interface NextToReview {
  itemId: number | null;
  /** True when the search went past the end (or the start) of the list and came round. */
  wrapped: boolean;
}

/** Files written by an export the person placed with the operating system's dialog; empty when they cancelled. */
export interface SavedExport {
  paths: string[];
  /** A label CSV: the items left out because they have no label (an unlabelled item is not a defect-free one). */
  skipped?: number;
}
