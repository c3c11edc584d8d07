// What a job running in the model worker can do: report progress, hand back results as it goes, and
// notice that it was cancelled (a shared flag the main thread sets, readable without yielding).
import type { PredictedItem, WorkerProgress } from './protocol';

export class JobCancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'JobCancelled';
  }
}

export interface JobContext {
  readonly jobId: number;
  progress(progress: WorkerProgress): void;
  partial(items: PredictedItem[]): void;
  /** Throws JobCancelled when the main thread has asked this job to stop. */
  checkCancelled(): void;
}

/** A progress reporter that sends at most one message every `intervalMs`, and always the last one. */
export function throttled(send: (p: WorkerProgress) => void, intervalMs = 100): (p: WorkerProgress, force?: boolean) => void {
  let last = 0;
  return (p, force = false) => {
    const now = performance.now();
    if (!force && p.done < p.total && now - last < intervalMs) return;
    last = now;
    send(p);
  };
}
