// What the model requests and events carry to the renderer (issue 6). Pure types.
import type { EpochPoint, ModelJobProgress } from '../ml/jobs';

export type ModelTaskName = 'steel' | 'ct';
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
  architecture: string;
  parentVersion: string | null;
  createdAt: string;
  active: boolean;
  metricName: EpochPoint['metricName'] | null;
  /** Validation metric on its split; null for a version never validated here (an imported or starter model). */
  metric: number | null;
  /** The parent's score on the same split. */
  parentMetric: number | null;
  /** What the version was trained on (items), when known. */
  trainedOn: number | null;
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
}

/** How a pre-annotation ended. */
export interface PredictOutcome {
  kind: 'predict';
  source: string;
  versions: string[];
  items: number;
  /** Steel: items with a mask per class; CT: slices whose `any` probability is at least 0.5. */
  positives: Record<string, number>;
  seconds: number;
}

/** How a training run ended: the new version beside its parent, and whether it became active. */
export interface TrainOutcome {
  kind: 'train';
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
}

/** A model job as the UI follows it: the worker's progress, the dataset, and (once finished) its outcome or error. */
export interface ModelJobView extends ModelJobProgress {
  datasetId: number;
  /** Set once the job's result is stored (a training run is registered after its last progress). */
  outcome?: PredictOutcome | TrainOutcome;
  /** The error of a failed job, in words. */
  error?: string;
}
