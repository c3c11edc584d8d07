// What a model job (pre-annotation, training, re-thresholding) reports from the model worker while it runs:
// the progress the job service folds into the job's view, and the CLI's progress bar draws. Pure types.
import type { JobKind, JobState } from '../api/types';
import type { EpochPoint } from '../api/model-types';

/** The kinds of job the model worker runs (a subset of the one list of job kinds, JobResults in api/types.ts). */
/** A job's phase while it waits for a GPU worker (`loupe worker`) to take it; the page says so. */
export const WAITING_FOR_A_WORKER = 'waiting for a worker';

export type ModelJobKind = Extract<JobKind, 'predict' | 'train' | 'rethreshold' | 'compare' | 'tune'>;
export type ModelJobState = JobState;

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
