// What a model job (pre-annotation, training, re-thresholding) reports while it runs: the shapes the
// UI's progress bar, ETA and live training curves are drawn from. Pure types, shared by main and renderer.

export type ModelJobKind = 'predict' | 'train' | 'rethreshold';
export type ModelJobState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

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

export interface ModelJobProgress {
  jobId: number;
  kind: ModelJobKind;
  state: ModelJobState;
  /** What it is doing now, in words: "predicting", "loading images", "epoch 3 of 10", "validating". */
  phase: string;
  done: number;
  total: number;
  /** Seconds left, estimated from the pace so far; null until there is a pace. */
  etaSeconds: number | null;
  /** Training only: the latest step's loss. */
  loss?: number;
  /** Training only: every finished epoch, oldest first (the live curves). */
  epochs?: EpochPoint[];
  /** Set when state is 'failed' or 'cancelled'. */
  message?: string;
}

/** Seconds left after `done` of `total` units in `elapsedSeconds`; null when there is no pace yet. */
export function estimateSecondsLeft(done: number, total: number, elapsedSeconds: number): number | null {
  if (done <= 0 || total <= 0 || elapsedSeconds <= 0) return null;
  return Math.max(0, (elapsedSeconds / done) * (total - done));
}
