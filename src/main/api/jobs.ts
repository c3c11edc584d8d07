// Long work the renderer starts and watches: each job has a state, progress and a result or an error,
// reports every change as a `job.updated` event, and can be cancelled.
import type { Clock } from '../services/clock';
import type { ImportProgress } from '../services/import-common';
import type { ImportSummary, JobView } from '../../shared/api/types';
import { LoupeError, errorMessage } from '../../shared/errors';
import type { EventHub } from './events';

export type JobWork = (signal: AbortSignal, progress: (p: ImportProgress) => void) => Promise<ImportSummary>;

/** Progress events at most this often per job (the final state is always sent). */
const PROGRESS_INTERVAL_MS = 100;
const KEPT_FINISHED_JOBS = 50;

export class JobRunner {
  private readonly jobs = new Map<number, { view: JobView; controller: AbortController; finished: Promise<void> }>();
  private nextId = 1;

  constructor(
    private readonly events: EventHub,
    private readonly clock: Clock,
  ) {}

  start(title: string, work: JobWork, onDone?: (result: ImportSummary) => void): JobView {
    const controller = new AbortController();
    const view: JobView = {
      id: this.nextId++,
      kind: 'import',
      title,
      state: 'running',
      phase: 'starting',
      done: 0,
      total: null,
      startedAt: this.clock.now(),
      finishedAt: null,
      result: null,
      error: null,
    };
    let lastSent = 0;
    const progress = (p: ImportProgress) => {
      const phaseChanged = p.phase !== view.phase;
      Object.assign(view, { phase: p.phase, done: p.done, total: p.total });
      const now = Date.now();
      if (phaseChanged || now - lastSent >= PROGRESS_INTERVAL_MS || p.done === p.total) {
        lastSent = now;
        this.events.publish('job.updated', { ...view });
      }
    };
    const finished = (async () => {
      // Let the caller receive the job before its first event.
      await Promise.resolve();
      try {
        const result = await work(controller.signal, progress);
        Object.assign(view, { state: 'done', result, phase: 'done' });
        onDone?.(result);
      } catch (error) {
        const cancelled = controller.signal.aborted || (error instanceof LoupeError && error.code === 'cancelled');
        Object.assign(view, {
          state: cancelled ? 'cancelled' : 'failed',
          phase: cancelled ? 'cancelled' : 'failed',
          error: { code: error instanceof LoupeError ? error.code : 'internal', message: errorMessage(error) },
        });
      }
      view.finishedAt = this.clock.now();
      this.events.publish('job.updated', { ...view });
      this.forgetOldJobs();
    })();
    this.jobs.set(view.id, { view, controller, finished });
    this.events.publish('job.updated', { ...view });
    return { ...view };
  }

  get(jobId: number): JobView {
    const job = this.jobs.get(jobId);
    if (!job) throw new LoupeError('not_found', `no job ${jobId}`);
    return { ...job.view };
  }

  list(): JobView[] {
    return [...this.jobs.values()].map((j) => ({ ...j.view })).reverse();
  }

  cancel(jobId: number): JobView {
    const job = this.jobs.get(jobId);
    if (!job) throw new LoupeError('not_found', `no job ${jobId}`);
    if (job.view.state === 'running') job.controller.abort();
    return { ...job.view };
  }

  /** Resolves when every running job has finished (used when the workstation closes). */
  async settle(): Promise<void> {
    for (const job of this.jobs.values()) job.controller.abort();
    await Promise.all([...this.jobs.values()].map((j) => j.finished));
  }

  private forgetOldJobs(): void {
    const finished = [...this.jobs.values()].filter((j) => j.view.state !== 'running');
    for (const job of finished.slice(0, Math.max(0, finished.length - KEPT_FINISHED_JOBS))) this.jobs.delete(job.view.id);
  }
}
