// Messages between the main thread (ModelJobRunner) and the model worker. Only plain data crosses:
// file paths, numbers, strings and byte arrays (transferred, not copied).
import type { ModelTask } from '../../../shared/ml/model-card';
import type { SteelPostprocessing } from '../../../shared/ml/steel-postprocess';
import type { TtaSet } from '../../../shared/ml/tta';
import type { EpochPoint } from '../../../shared/api/model-types';
import type { ValidationScore } from '../../../shared/ml/loop/model-comparison';
import type { PseudoLabelSummary } from '../../../shared/ml/loop/pseudo-label-candidates';
import type { BackendReport, MlBackendName } from '../backend/backend-chain';
import type { ItemInput } from '../inputs';

/** A probability map as stored: zlib-deflated row-major bytes (p × 255). */
export interface StoredMap {
  classId: number;
  width: number;
  height: number;
  presence: number | null;
  deflated: Uint8Array;
}

export interface PredictJobSpec {
  kind: 'predict';
  task: ModelTask;
  /** Model folders; more than one are averaged. */
  modelDirs: string[];
  items: ItemInput[];
  /** The TTA set; with a budget, the richest set the plan may choose. */
  tta: TtaSet;
  /** A time budget in seconds: calibrate, run the richest plan that fits, stop at the deadline. */
  budgetSeconds?: number;
  /** Steel: the post-processing to apply (the first model's card when absent). */
  post?: SteelPostprocessing;
  batchSize?: number;
}

/** One item's prediction, as it is written to the store. */
export interface PredictedItem {
  itemId: number;
  /** Steel: RLE per class 1–4 ('' = empty) and the four maps. */
  rles?: string[];
  maps?: StoredMap[];
  /** CT: six probabilities in CT_LABELS order, `any` consistent. */
  probabilities?: number[];
  /** CT, from a single CNN with a slice embedding: that embedding (kept for training a sequence model). */
  embedding?: Float32Array;
}

export interface RethresholdJobSpec {
  kind: 'rethreshold';
  post: SteelPostprocessing;
  items: { itemId: number; width: number; height: number; maps: StoredMap[] }[];
}

/** An item with its current (human, else truth) label. */
export interface LabelledItem extends ItemInput {
  /** Steel: RLE per class 1–4 ('' = no defect). */
  rles?: string[];
  /** CT: subtype bit mask. */
  bits?: number;
}

export interface TrainJobSpec {
  kind: 'train';
  task: ModelTask;
  /** The parent version's folder: its weights are the starting point (unless fresh) and its score the bar. */
  parentDir: string | null;
  fresh: boolean;
  /** Where the new model folder is written. */
  outDir: string;
  training: LabelledItem[];
  validation: LabelledItem[];
  /** Unlabelled items the parent may pseudo-label, and the confidence it needs. */
  pseudoCandidates: ItemInput[];
  pseudoThreshold: number | null;
  epochs: number;
  minutes: number | null;
  batchSize?: number;
  learningRate?: number;
  seed: number;
  /** Provenance written into the new card. */
  provenance: Record<string, unknown>;
  /** Store weights as float16 (starter models). */
  float16?: boolean;
  /**
   * Train a sequence model over ordered series (its items carry series and order) on the embeddings of the
   * parent, a CT CNN: those already stored by a prediction of it, the rest computed by the job.
   */
  sequence?: { embeddings: SliceEmbedding[]; units?: number };
}

/** One slice's embedding by a CNN version. */
export interface SliceEmbedding {
  itemId: number;
  values: Float32Array;
}

export interface TrainResult {
  metricName: EpochPoint['metricName'];
  metric: number | null;
  parentMetric: number | null;
  perClass?: Record<string, number>;
  /** The new version, its parent (null without one, or without validation items) and the baseline, on the same items. */
  comparison: { child: ValidationScore; parent: ValidationScore | null; baseline: ValidationScore };
  /** What pseudo-labelling took (null when it was not asked for, or there was no parent to ask). */
  pseudo: (PseudoLabelSummary & { itemIds: number[] }) | null;
  epochs: EpochPoint[];
  steps: number;
  stoppedBy: 'epochs' | 'time';
  trainedOn: number;
  pseudoLabelled: number;
  validatedOn: number;
  architecture: string;
  card: unknown;
  /** A sequence run: the embeddings it computed with the parent CNN (to store for the next run). */
  embeddings?: SliceEmbedding[];
}

/** Where one compared version's predictions on the validation items come from. */
export type ComparedSource =
  /** Steel: the stored maps (per item, in the spec's item order) through the version's card as it stands. */
  | { from: 'maps'; post: SteelPostprocessing; maps: StoredMap[][] }
  /** CT: the stored six probabilities per item. */
  | { from: 'probabilities'; probabilities: number[][] }
  /** Either: run the model in this folder. */
  | { from: 'model'; modelDir: string };

export interface CompareJobSpec {
  kind: 'compare';
  task: ModelTask;
  /** The validation items with their current labels. */
  items: LabelledItem[];
  /** The version compared, then (optionally) the one it is compared with. */
  sources: ComparedSource[];
}

export interface CompareResult {
  /** One score per source, in order, and the baseline on the same items. */
  scores: ValidationScore[];
  baseline: ValidationScore;
}

/** A strip to tune on: its label and the version's stored maps. */
export interface TuneStrip {
  itemId: number;
  width: number;
  height: number;
  rles: string[];
  maps: StoredMap[];
}

export type TuneJobSpec =
  | { kind: 'tune'; task: 'steel'; post: SteelPostprocessing; items: TuneStrip[]; validation: TuneStrip[] }
  | { kind: 'tune'; task: 'ct'; modelDir: string; method: 'temperature' | 'platt'; items: LabelledItem[]; validation: LabelledItem[] };

export type JobSpec = PredictJobSpec | RethresholdJobSpec | TrainJobSpec | CompareJobSpec | TuneJobSpec;

export type ToWorker =
  | { type: 'start'; startAt?: MlBackendName; cancel: SharedArrayBuffer }
  | { type: 'run'; jobId: number; spec: JobSpec };

export interface WorkerProgress {
  phase: string;
  done: number;
  total: number;
  loss?: number;
  epoch?: EpochPoint;
  /** The job's own estimate of seconds left (training with a time budget); else the runner estimates. */
  etaSeconds?: number;
}

export type FromWorker =
  | { type: 'ready'; report: BackendReport }
  | { type: 'start-failed'; message: string }
  | { type: 'progress'; jobId: number; progress: WorkerProgress }
  | { type: 'partial'; jobId: number; items: PredictedItem[] }
  | { type: 'done'; jobId: number; result: unknown; tensors: { before: number; after: number }; onnxSessions: { before: number; after: number } }
  | { type: 'failed'; jobId: number; message: string; cancelled: boolean; tensors: { before: number; after: number }; onnxSessions: { before: number; after: number } };
