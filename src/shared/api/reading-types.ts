// What double reading's requests return (readings-contract.ts): a reader's queue and reading, the agreement
// figures, the adjudication queue with the readers' labels side by side.
import type { DatasetKind } from '../domain';

/** One class of a reading or label: steel class 1–4 with its Kaggle RLE; CT class 0 with the subtype bit mask. */
export interface ReadClass {
  classId: number;
  payload: string;
}

/** One item in a reader's queue ("My readings"). Nothing here says whether it is a honeypot. */
export interface ReadingTaskView {
  itemId: number;
  datasetId: number;
  datasetName: string;
  kind: DatasetKind;
  key: string;
  /** For CT: the slice's series (readers read slices along their series strip). */
  seriesUid: string | null;
  assignedBy: string;
  assignedAt: string;
  doneAt: string | null;
}

/** A reader's own reading of one item: only theirs, never the other readers' nor the item's label. */
export interface MyReading extends ReadingTaskView {
  classes: ReadClass[];
  width: number;
  height: number;
}

export interface ReadingAssignment {
  /** Tasks created (items × readers); an item a reader already had is not assigned twice. */
  tasks: number;
  items: number;
  honeypots: number;
  readers: string[];
}

/** One reader's labels of an item, for the adjudication view. */
export interface ReaderLabels {
  reader: string;
  doneAt: string | null;
  classes: ReadClass[];
}

export interface AdjudicationItem {
  itemId: number;
  key: string;
  seriesUid: string | null;
  readers: ReaderLabels[];
  /** The classes ('1'–'4') or labels (CT names) the readers disagree on. */
  disagreeOn: string[];
  /** Steel: Dice per class between the first two readers. */
  dice: Record<number, number> | null;
}

export interface AdjudicationQueue {
  datasetId: number;
  kind: DatasetKind;
  diceThreshold: number;
  items: AdjudicationItem[];
}

export interface HoneypotAccuracy {
  reader: string;
  /** Honeypots this reader has read. */
  read: number;
  /** Steel: mean Dice against the truth over their classes; CT: the share of labels given right. */
  accuracy: number | null;
}

export interface ReadingAgreement {
  datasetId: number;
  kind: DatasetKind;
  diceThreshold: number;
  /** Items (not honeypots) assigned to readers / read by at least two. */
  assigned: number;
  readByTwo: number;
  disagreements: number;
  /** Disagreements no reviewer has decided yet (the adjudication queue's length). */
  waiting: number;
  adjudicated: number;
  /** Steel: mean Dice between readers per class over the items read by two (Kaggle convention). */
  dicePerClass: { classId: number; dice: number; pairs: number }[];
  /** CT: per-label agreement and Cohen's kappa over the slices read by two. */
  ctLabels: { label: string; agreement: number; kappa: number; slices: number }[];
  honeypots: HoneypotAccuracy[];
}
