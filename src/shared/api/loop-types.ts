// What the review queues and the QA dashboard send through the contract: plain JSON in the user's words.
import type { DatasetKind, ReviewState } from '../domain';
import type { QueueStrategy } from '../ml/loop/review-queue';
import type { PresenceConfusion } from '../ml/loop/presence-confusion';

/** How the item list is sorted (the "Sort by" control): a queue strategy and, where it needs them, its models. */
export interface QueueOrder {
  by: QueueStrategy;
  /** The model version whose predictions are scored (default: the active one, else the newest that predicted the dataset). */
  model?: string;
  /** `ensemble`: the second version (default: the first one's parent, else the next newest that predicted the dataset). */
  against?: string;
  /** `random`: the seed (default 0). */
  seed?: number;
}

/** The order as it was applied: the models the defaults chose. */
export interface ResolvedQueueOrder {
  by: QueueStrategy;
  /** The version scored (disagreement, uncertainty, ensemble); null for random and dataset order. */
  model: string | null;
  /** The second version of an ensemble; null otherwise. */
  against: string | null;
  /** The seed of a random order; null otherwise. */
  seed: number | null;
}

/** An item's place in a queue: its score (null: the strategy could not score it, listed last) and why. */
export interface QueuePlace {
  score: number | null;
  /** In the user's words, e.g. "class 3: model 0 px, label 5,253 px (Dice 0.0000)". */
  reason: string;
}

/** One row of `loupe queue`. */
export interface QueueRowView extends QueuePlace {
  /** 1 = look at it first. */
  rank: number;
  itemId: number;
  key: string;
}

/** A dataset's queue, worst first. */
export interface QueueView {
  datasetId: number;
  dataset: string;
  kind: DatasetKind;
  order: ResolvedQueueOrder;
  /** Items in the dataset (every one has a place; unscored ones come last). */
  total: number;
  /** Items the strategy could score. */
  scored: number;
  rows: QueueRowView[];
}

/** A strip or slice the QA page links to: the model's worst on the reviewed items. */
export interface QaItem {
  itemId: number;
  key: string;
  /** Steel: 1 − the strip's mean Dice; CT: the slice's weighted log loss. */
  score: number;
  reason: string;
}

/** One steel class on the reviewed strips: the model's mean Dice beside the all-empty prediction's. */
export interface SteelQaClassView {
  classId: number;
  dice: number;
  emptyBaseline: number;
  /** Reviewed strips whose label has the class. */
  labelled: number;
  confusion: PresenceConfusion;
}

/** One CT label on the reviewed slices: the model's log loss beside the base-rate predictions'. */
export interface CtQaLabelView {
  label: string;
  logLoss: number;
  /** The label's share of the reviewed slices: what "base rate (this set)" predicts. */
  prevalence: number;
  baseRateLogLoss: number;
  /** RSNA's published training base rate for the label, and its log loss here. */
  rsnaBaseRate: number;
  rsnaBaseRateLogLoss: number;
  confusion: PresenceConfusion;
}

export interface SteelQaView {
  metric: 'mean Dice';
  dice: number;
  emptyBaseline: number;
  perClass: SteelQaClassView[];
}

export interface CtQaView {
  metric: 'weighted log loss';
  logLoss: number;
  baseRateLogLoss: number;
  rsnaBaseRateLogLoss: number;
  perLabel: CtQaLabelView[];
}

/** One model version on the reviewed items it has predicted. */
export interface QaModelView {
  version: string;
  /** The revisions' source, `model:<version>`. */
  source: string;
  active: boolean;
  parentVersion: string | null;
  /** Counted (reviewed) items this version has a prediction for: every figure below is over these. */
  items: number;
  /** Counted items it has no prediction for (left out of its figures). */
  missing: number;
  steel: SteelQaView | null;
  ct: CtQaView | null;
  /** Its 20 worst items, worst first. */
  worst: QaItem[];
}

/** Review work per annotator and calendar day (approvals and flags). */
export interface QaThroughputRow {
  author: string;
  day: string;
  approved: number;
  flagged: number;
}

export interface QaAuthorTotal {
  author: string;
  approved: number;
  flagged: number;
  days: number;
}

/** Cumulative reviews per day, from the first to the last day with a review (days without one repeat the total). */
export interface QaProgressOverTime {
  days: string[];
  /** Items approved or flagged up to each day. */
  reviewed: number[];
  /** Per annotator: their approvals and flags up to each day. */
  perAuthor: { author: string; reviews: number[] }[];
}

export interface QaSummary {
  datasetId: number;
  dataset: string;
  kind: DatasetKind;
  /** Which items the figures are counted on, in the user's words. */
  rule: string;
  /** The calendar days' time zone (IANA name). */
  timeZone: string;
  progress: {
    total: number;
    /** Items the figures count: approved, with a label. */
    counted: number;
    byState: Record<ReviewState, number>;
  };
  models: QaModelView[];
  throughput: { rows: QaThroughputRow[]; authors: QaAuthorTotal[] };
  overTime: QaProgressOverTime;
}
