// What the model requests and events carry to the renderer: the backend, the registry, and what a
// pre-annotation or training job ends with (the job itself is a JobView, types.ts). Pure types.
import type { OnnxCard } from '../ml/onnx-card';
import type { CardRevisionView, ClassComparisonView, DraftCountView, PseudoLabelReport, ValidationSetView, VersionValidationView } from './model-loop-types';
import type { TtaSet } from '../ml/tta';
import type { ModelKind } from '../ml/model-card';

export type ModelTaskName = 'steel' | 'ct';

/** One point of the training curves: an epoch's mean training loss and its validation metric. */
export interface EpochPoint {
  epoch: number;
  /** Mean training loss over the epoch's steps. */
  loss: number;
  /** Validation metric after the epoch: mean Dice (steel, higher is better) or weighted log loss (CT, lower is better). */
  metric: number;
  metricName: 'mean Dice' | 'weighted log loss';
  /** Seconds since training began. */
  seconds: number;
}
export type MlBackendId = 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';

/** Which TensorFlow.js backend the model worker runs on, and why each faster one did not load. */
export interface MlBackendView {
  backend: MlBackendId;
  description: string;
  attempts: { backend: MlBackendId; module: string; loaded: boolean; reason?: string }[];
}

/** One registered model version, as the Models panel lists it. */
export interface ModelVersionView {
  version: string;
  task: ModelTaskName;
  /** 'onnx' (an ONNX file run by ONNX Runtime) or 'built-in' (Loupe's TensorFlow.js pipeline), as `loupe models` says. */
  kind: ModelKind;
  architecture: string;
  parentVersion: string | null;
  createdAt: string;
  active: boolean;
  metricName: EpochPoint['metricName'] | null;
  /** Validation metric on its validation set; null for a version never validated here (an imported or starter model). */
  metric: number | null;
  /** The parent's score on the same set. */
  parentMetric: number | null;
  /** What the version was trained on (items), when known. */
  trainedOn: number | null;
  /** Its figures beside its parent's and the baseline's, per class, with the set they were scored on. */
  validation: VersionValidationView | null;
  /** The card revision in use, and every revision (oldest first). */
  cardRevision: number;
  cardRevisions: CardRevisionView[];
  /** Steel: the card's post-processing now. */
  postprocessing: { thresholds: number[]; minArea: number[]; presenceThresholds: number[] | null } | null;
  /** CT: the card's calibration now (null: the model's own probabilities). */
  calibration: { temperature: number[]; bias: number[] } | null;
  /** An ensemble's members in order (empty for any other version): the registered version, else the fold's folder. */
  members: EnsembleMemberView[];
}

export interface EnsembleMemberView {
  /** The registered version; null for a fold run's member. */
  version: string | null;
  /** How it reads: the version, or the fold ("fold-2"). */
  label: string;
  weight: number;
  tta: TtaSet;
}

export interface ModelRegistryView {
  datasetId: number;
  task: ModelTaskName;
  /** Newest first. */
  versions: ModelVersionView[];
  /** The version a pre-annotation runs with (the active one, else the starter model). */
  predictsWith: string | null;
  /** Stored prediction sources of the dataset (`model:<version>`). */
  sources: string[];
  /** The dataset's fixed validation set; null until the first training, comparison or tuning draws it. */
  validationSet: ValidationSetView | null;
  /** Per stored prediction source, what its drafts find (they change when a tuning is applied or reverted). */
  drafts: DraftCountView[];
}

/** How a pre-annotation ended. */
export interface PredictOutcome {
  source: string;
  versions: string[];
  items: number;
  /** Steel: items with a mask per class; CT: slices whose `any` probability is at least 0.5. */
  positives: Record<string, number>;
  seconds: number;
  /** The TTA set the items were predicted with (absent on jobs stored before TTA sets). */
  tta?: TtaSet;
  /** Items left for a later run because the time budget ran out. */
  left?: number;
  /** With a time budget: the plan chosen, in words. */
  plan?: string | null;
  /** True when the run continued one that stopped at its deadline. */
  resumed?: boolean;
}

/** How a training run ended: the new version beside its parent, and whether it became active. */
export interface TrainOutcome {
  version: string;
  parent: string | null;
  metricName: EpochPoint['metricName'];
  metric: number | null;
  parentMetric: number | null;
  activated: boolean;
  activation: string;
  stoppedBy: 'epochs' | 'time';
  trainedOn: number;
  validatedOn: number;
  seconds: number;
  /** The baseline on the same validation items (empty prediction / base rates). */
  baselineMetric: number | null;
  perClass: ClassComparisonView[];
  /** The validation set as the run used it: its size, how many of its items were scored, their fingerprint, how many joined. */
  validationSet: { size: number; scored: number; fingerprint: string; added: number };
  pseudoLabelled: number;
  /** What pseudo-labelling took; null when it was not asked for. */
  pseudo: PseudoLabelReport | null;
  /** A fold run: each fold's member, what it trained and was validated on, and its score on its own fold. */
  folds?: { fold: number; dir: string; trainedOn: number; validatedOn: number; metric: number | null; epochs: number; stoppedBy: 'epochs' | 'time' }[];
}

/** How a re-thresholding of stored steel probability maps ended. */
export interface RethresholdOutcome {
  source: string;
  items: number;
}

/** One input or output an ONNX file declares (fixed axes as numbers, symbolic ones as their names). */
export interface OnnxValueView {
  name: string;
  isTensor: boolean;
  type?: string;
  shape?: (number | string)[];
}

/** What the ONNX import dialog reads from a file: its inputs and outputs and a first card drafted from them. */
export interface OnnxInspectionView {
  file: string;
  task: ModelTaskName;
  inputs: OnnxValueView[];
  outputs: OnnxValueView[];
  /** A valid ONNX card drafted from the shapes (null when the file cannot be described, see problems). */
  card: OnnxCard | null;
  /** What was read from the file, in words. */
  read: string[];
  /** The card's fields the file cannot say. */
  ask: string[];
  problems: string[];
}
