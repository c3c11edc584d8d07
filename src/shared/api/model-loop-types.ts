// What the learning loop's model requests carry: the fixed validation set, figures of a version beside its
// parent and the baseline on that set (per class), a comparison of two versions, a tuning run, card
// revisions, pseudo-labelling and one version's prediction for one item. Pure types.
import type { EpochPoint, ModelVersionView } from './model-types';
import type { JobView } from './types';

export type MetricNameView = EpochPoint['metricName'];

/** A dataset's fixed validation set as it stands. */
export interface ValidationSetView {
  /** Items in the set. */
  size: number;
  /** Patients (CT) or images (steel) in the set. */
  groups: number;
  groupedBy: 'patient' | 'image';
  /** A digest of the items and their labels: figures are compared side by side only when theirs match. */
  fingerprint: string;
  seed: number;
  share: number;
  createdAt: string;
}

/** One class (steel "1".."4") or CT label: a version, the one it is compared with, the baseline, and the deltas (version − other). */
export interface ClassComparisonView {
  key: string;
  child: number;
  parent: number | null;
  baseline: number;
  deltaParent: number | null;
  deltaBaseline: number;
}

/** A version's validation figures as stored with it (at the end of its training run). */
export interface VersionValidationView {
  metricName: MetricNameView;
  value: number | null;
  parentVersion: string | null;
  parentValue: number | null;
  baselineValue: number | null;
  /** "the empty baseline" / "the base-rate baseline". */
  baselineName: string;
  /** Items scored. */
  items: number;
  /** Null for figures brought with an imported model: they were scored on its own set, elsewhere. */
  fingerprint: string | null;
  dataset: string | null;
  /** Whether these figures are of this dataset's validation set as it stands (same fingerprint). */
  onCurrentSet: boolean;
  perClass: ClassComparisonView[];
  /** The activation rule's words at training time ("not activated: ties the empty baseline (0.7500 vs 0.7500) on 2 validation items"). */
  decision: string | null;
}

/** One card revision of a version. */
export interface CardRevisionView {
  revision: number;
  reason: string;
  author: string;
  createdAt: string;
}

/** What pseudo-labelling took in a training run. */
export interface PseudoLabelReport {
  /** Items that could be pseudo-labelled (neither truth nor a person's label, unreviewed, outside the validation groups). */
  candidates: number;
  taken: number;
  threshold: number;
  minConfidence: number | null;
  meanConfidence: number | null;
  /** How many would be taken at other thresholds. */
  takenAt: { threshold: number; taken: number }[];
}

/** A model's score on a set: overall, per class, items. */
export interface ScoreView {
  value: number;
  perClass: Record<string, number>;
  count: number;
}

/** How a comparison of two versions on a dataset's validation set ended. */
export interface CompareOutcome {
  datasetId: number;
  version: string;
  /** The version it is compared with (the active one by default); null when there is none. */
  against: string | null;
  metricName: MetricNameView;
  validationSet: { size: number; fingerprint: string };
  child: ScoreView;
  other: ScoreView | null;
  baseline: ScoreView;
  perClass: ClassComparisonView[];
  /** The activation rule applied to the two on this set. */
  decision: { activate: boolean; reason: string };
  /** Where each version's predictions came from: the stored drafts, or a model run. */
  from: { version: 'stored' | 'model run'; against: 'stored' | 'model run' | null };
}

/** One class or CT label of a tuning run: before and after, on the reviewed items tuned on and on the validation set. */
export interface TuneClassView {
  key: string;
  /** Mean Dice (steel) or the label's mean log loss (CT) on the items tuned on. */
  before: number;
  after: number;
  /** The same on the validation set (held out from tuning); null without one. */
  validationBefore: number | null;
  validationAfter: number | null;
  /** The empty prediction's Dice / the base-rate prediction's loss on the items tuned on. */
  baseline: number;
  /** The setting in words: "threshold 0.50 · min-area 0 px · no presence gate" / "temperature 1.00 · bias 0.00". */
  settingBefore: string;
  settingAfter: string;
  /** Steel: the best mean Dice at each pixel threshold (over min-areas and gates). */
  curve?: { threshold: number; dice: number }[];
}

/** How a tuning run ended: what Apply would write into the card, and its effect. */
export interface TuneOutcome {
  datasetId: number;
  version: string;
  task: 'steel' | 'ct';
  metricName: MetricNameView;
  /** Reviewed items tuned on (outside the validation set). */
  reviewed: number;
  /** Validation-set items the result was checked on. */
  validationItems: number;
  before: number;
  after: number;
  validationBefore: number | null;
  validationAfter: number | null;
  perClass: TuneClassView[];
  /** The card revision tuned from; Apply refuses when the card has changed since. */
  cardRevision: number;
  /** Steel: the tuned post-processing. */
  post?: { thresholds: number[]; minArea: number[]; presenceThresholds?: number[] };
  /** CT: the fitted calibration (p' = σ(logit(p) / temperature + bias) per label). */
  calibration?: { temperature: number[]; bias: number[] };
  /** Whether the tuned setting differs from the card's. */
  changed: boolean;
  summary: string;
}

/** One version's stored prediction for one item: steel RLE per class, or the six CT probabilities (CT_LABELS order). */
export interface ItemPredictionView {
  itemId: number;
  version: string;
  source: string;
  /** False when the version has not predicted this item. */
  predicted: boolean;
  steel: { classId: number; rle: string }[] | null;
  ct: number[] | null;
  /** CT: the version's card thresholds (CT_LABELS order), what its draft says yes at; null for steel or when not predicted. */
  thresholds: number[] | null;
}

/** The registered versions of the item's task that hold a prediction of one item, newest first. */
export interface ItemVersionsView {
  itemId: number;
  versions: string[];
}

/** A card changed (a tuning applied, a revert): the version as it is now, and the job re-drafting the dataset's predictions of it. */
export interface CardChangeView {
  version: ModelVersionView;
  /** Null when the dataset has no predictions of the version to re-draft. */
  redraft: JobView<'rethreshold' | 'predict'> | null;
}

/** What a source's drafts say on a dataset: how many items it predicted, and on how many each class is found. */
export interface DraftCountView {
  source: string;
  items: number;
  /** Steel: strips with a mask per class ("1".."4"); CT: slices whose `any` probability is at least 0.5 ("any"). */
  perClass: Record<string, number>;
}
