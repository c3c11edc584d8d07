// The main-thread side of model work: one worker thread, one job at a time, a queue, progress with an
// ETA, cancel, and results streamed back as they come. It carries out the work of model jobs for the job
// service (services/jobs/jobs.ts), through the JobControl every job's work is given. Events (for the CLI's
// progress bar and tests):
//   'progress' (ModelJobProgress) — on every change of a job, queued → running → done | failed | cancelled
//   'backend'  (BackendReport)    — once the worker has chosen its TensorFlow.js backend
import { EventEmitter } from 'node:events';
import { Worker } from 'node:worker_threads';
import { LoupeError } from '../../../shared/errors';
import { estimateSecondsLeft, type ModelJobKind, type ModelJobProgress } from '../../../shared/ml/jobs';
import type { JobControl } from '../../services/jobs/jobs';
import type { BackendReport, MlBackendName } from '../backend/backend-chain';
import type { FromWorker, JobSpec, PredictedItem, ToWorker } from '../worker/protocol';

export interface ModelJobRunnerOptions {
  /** The worker's entry file (a bundled build passes its compiled worker). */
  workerFile?: string | URL;
  /** Start the backend chain here (LOUPE_ML_BACKEND otherwise). */
  startAt?: MlBackendName;
}

export interface RunOptions {
  /** Results as the worker hands them back (predictions): write them to the store here. */
  onPartial?: (items: PredictedItem[]) => void;
  onProgress?: (progress: ModelJobProgress) => void;
}

interface Job {
  id: number;
  spec: JobSpec;
  control: JobControl;
  options: RunOptions;
  progress: ModelJobProgress;
  startedAt: number;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/**
 * The worker's entry: from the sources, the small script that loads its TypeScript through tsx; in a bundle
 * (the CLI's out/cli), the bundled worker beside the chunk that holds this module.
 */
export const DEFAULT_WORKER_FILE = import.meta.url.endsWith('.ts') ? new URL('../worker/model-worker.mjs', import.meta.url) : new URL('./model-worker.js', import.meta.url);

export class ModelJobRunner extends EventEmitter {
  private worker: Worker | null = null;
  private ready: Promise<BackendReport> | null = null;
  private readonly cancelFlag = new Int32Array(new SharedArrayBuffer(4));
  private readonly queue: Job[] = [];
  private running: Job | null = null;
  private readonly finished = new Map<number, { before: number; after: number }>();
  private readonly finishedSessions = new Map<number, { before: number; after: number }>();

  constructor(private readonly options: ModelJobRunnerOptions = {}) {
    super();
  }

  /** The backend the worker runs on (starts the worker when needed). */
  backend(): Promise<BackendReport> {
    if (!this.ready) this.start();
    return this.ready!;
  }

  /**
   * Queues the work of one job (the control's job) and resolves with the worker's result; aborting the
   * control's signal cancels it (taken off the queue, or stopped at its next batch or step).
   */
  run<T>(spec: JobSpec, control: JobControl, options: RunOptions = {}): Promise<T> {
    const id = control.jobId;
    let resolve!: (value: unknown) => void;
    let reject!: (error: Error) => void;
    const result = new Promise<T>((res, rej) => {
      resolve = res as (value: unknown) => void;
      reject = rej;
    });
    const job: Job = {
      id,
      spec,
      control,
      options,
      progress: { jobId: id, kind: spec.kind, state: 'queued', phase: 'waiting', done: 0, total: 0, etaSeconds: null },
      startedAt: 0,
      resolve,
      reject,
    };
    this.queue.push(job);
    this.publish(job);
    if (control.signal.aborted) this.cancel(id);
    else control.signal.addEventListener('abort', () => this.cancel(id), { once: true });
    this.next();
    return result;
  }

  /** Stops a queued or running job; a running one stops at its next batch or step. */
  cancel(jobId: number): void {
    const queued = this.queue.findIndex((j) => j.id === jobId);
    if (queued >= 0) {
      const [job] = this.queue.splice(queued, 1);
      this.settle(job, 'cancelled', 'cancelled before it started');
    } else if (this.running?.id === jobId) {
      Atomics.store(this.cancelFlag, 0, jobId);
    }
  }

  /** The state of every job this runner knows: the running one and the queue. */
  jobs(): ModelJobProgress[] {
    return [...(this.running ? [this.running.progress] : []), ...this.queue.map((j) => j.progress)];
  }

  /** Tensors alive in the worker before and after a finished job (they must be equal). */
  tensorsOf(jobId: number): { before: number; after: number } | undefined {
    return this.finished.get(jobId);
  }

  /** ONNX Runtime sessions open in the worker before and after a finished job (every job releases its own). */
  onnxSessionsOf(jobId: number): { before: number; after: number } | undefined {
    return this.finishedSessions.get(jobId);
  }

  /** Ends the worker (its TensorFlow.js memory goes with it); a later job starts a fresh one. */
  async close(): Promise<void> {
    for (const job of this.queue.splice(0)) this.settle(job, 'cancelled', 'Loupe is closing');
    if (this.running) this.settle(this.running, 'cancelled', 'Loupe is closing');
    const worker = this.worker;
    this.worker = null;
    this.ready = null;
    await worker?.terminate();
  }

  private start(): void {
    const worker = new Worker(this.options.workerFile ?? DEFAULT_WORKER_FILE);
    this.worker = worker;
    this.ready = new Promise<BackendReport>((resolve, reject) => {
      const onMessage = (message: FromWorker) => {
        if (message.type === 'ready') {
          this.emit('backend', message.report);
          resolve(message.report);
        } else if (message.type === 'start-failed') {
          reject(new LoupeError('internal', `the model worker could not start TensorFlow.js: ${message.message}`));
        } else {
          this.onMessage(message);
        }
      };
      worker.on('message', onMessage);
      worker.on('error', (error) => this.workerDied(`the model worker failed: ${error.message}`, reject));
      worker.on('exit', (code) => {
        if (this.worker === worker) this.workerDied(`the model worker stopped (exit code ${code})`, reject);
      });
    });
    this.ready.catch(() => undefined);
    this.post({ type: 'start', startAt: this.options.startAt, cancel: this.cancelFlag.buffer as SharedArrayBuffer });
  }

  private workerDied(message: string, reject: (error: Error) => void): void {
    this.worker = null;
    this.ready = null;
    reject(new LoupeError('internal', message));
    if (this.running) this.settle(this.running, 'failed', message);
    this.next();
  }

  private post(message: ToWorker): void {
    this.worker!.postMessage(message);
  }

  private next(): void {
    if (this.running || this.queue.length === 0) return;
    const job = this.queue.shift()!;
    this.running = job;
    job.startedAt = performance.now();
    job.progress = { ...job.progress, state: 'running', phase: 'starting' };
    this.publish(job);
    this.backend().then(
      () => {
        if (this.running === job) this.post({ type: 'run', jobId: job.id, spec: job.spec });
      },
      (error: Error) => {
        if (this.running === job) this.settle(job, 'failed', error.message);
      },
    );
  }

  private onMessage(message: Exclude<FromWorker, { type: 'ready' | 'start-failed' }>): void {
    const job = this.running;
    if (!job || job.id !== message.jobId) return;
    switch (message.type) {
      case 'progress': {
        const p = message.progress;
        const elapsed = (performance.now() - job.startedAt) / 1000;
        job.progress = {
          ...job.progress,
          phase: p.phase,
          done: p.done,
          total: p.total,
          etaSeconds: p.etaSeconds ?? estimateSecondsLeft(p.done, p.total, elapsed),
          ...(p.loss === undefined ? {} : { loss: p.loss }),
          ...(p.epoch ? { epochs: [...(job.progress.epochs ?? []), p.epoch] } : {}),
        };
        this.publish(job);
        break;
      }
      case 'partial':
        try {
          job.options.onPartial?.(message.items);
        } catch (error) {
          Atomics.store(this.cancelFlag, 0, job.id);
          job.progress.message = (error as Error).message;
        }
        break;
      case 'done':
        this.finished.set(job.id, message.tensors);
        this.finishedSessions.set(job.id, message.onnxSessions);
        if (job.progress.message) this.settle(job, 'failed', job.progress.message);
        else this.settle(job, 'done', '', message.result);
        break;
      case 'failed':
        this.finished.set(job.id, message.tensors);
        this.finishedSessions.set(job.id, message.onnxSessions);
        this.settle(job, message.cancelled ? 'cancelled' : 'failed', job.progress.message ?? message.message);
        break;
    }
  }

  private settle(job: Job, state: 'done' | 'failed' | 'cancelled', message: string, result?: unknown): void {
    job.progress = { ...job.progress, state, etaSeconds: state === 'done' ? 0 : null, ...(message ? { message } : {}) };
    this.publish(job);
    if (state === 'done') job.resolve(result);
    else job.reject(new LoupeError(state === 'cancelled' ? 'cancelled' : 'internal', state === 'cancelled' ? `job ${job.id} was cancelled` : message));
    if (this.running === job) {
      this.running = null;
      Atomics.store(this.cancelFlag, 0, 0);
      this.next();
    }
  }

  private publish(job: Job): void {
    const p = job.progress;
    // The job service ends the job itself, once the result is stored (a training run is registered first).
    if (p.state === 'queued' || p.state === 'running') {
      job.control.report({ state: p.state, phase: p.phase, done: p.done, total: p.total || null, etaSeconds: p.etaSeconds, loss: p.loss, epochs: p.epochs });
    }
    job.options.onProgress?.(p);
    this.emit('progress', p);
  }
}

export type { ModelJobKind };
