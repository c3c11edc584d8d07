// The one place long work is run and followed. Every job — an import, a pre-annotation, a training run,
// and any later kind — is a row of `jobs` with one view (JobView): a state, progress with an ETA, the
// dataset it works on, and its result or error. Work runs elsewhere (the import worker, the model worker's
// queue) and reports through the one JobControl it is given; this service keeps the view, writes it to the
// store, tells its listeners (the workstation turns that into `job.updated` events) and cancels on request.
import { hostname } from 'node:os';
import type { Db } from '../../db/database';
import type { Clock } from '../clock';
import type { JobKind, JobResults, JobState, JobView, ReplyError } from '../../../shared/api/types';
import type { EpochPoint } from '../../../shared/api/model-types';
import { LoupeError, errorMessage, notFound } from '../../../shared/errors';
import { estimateSecondsLeft } from '../../../shared/ml/jobs';
import { WORKER_QUEUE } from './job-queue';

/** What running work reports; every field is optional and merged into the job's view. */
export interface JobUpdate {
  /** A job waiting its turn (the model worker runs one at a time) reports 'running' once it starts. */
  state?: 'queued' | 'running';
  phase?: string;
  done?: number;
  total?: number | null;
  /** Seconds left as the work estimates it; left out, the pace within the current phase is used. */
  etaSeconds?: number | null;
  loss?: number;
  epochs?: EpochPoint[];
}

/** What every job's work is given, whichever runner carries it out: its id, a cancel signal, a progress report. */
export interface JobControl {
  readonly jobId: number;
  readonly signal: AbortSignal;
  report(update: JobUpdate): void;
}

export interface NewJob<K extends JobKind, R> {
  kind: K;
  title: string;
  /** The dataset it works on, when known at the start. */
  datasetId?: number | null;
  /** Stored with the row (what was asked for). */
  args?: unknown;
  /** 'queued' for work that waits for a shared worker; 'running' (the default) for work that starts at once. */
  state?: 'queued' | 'running';
  /**
   * A job submitted to a worker (`loupe worker`): its row exists already; the run takes it over (again, on a
   * retry: its progress, result and error start afresh) instead of adding a row. Who submitted it stays its author.
   */
  jobId?: number;
  /** What the job's view keeps of the work's result (the result itself when left out). */
  outcome?: (result: R) => JobResults[K];
  /** The dataset the finished work wrote (an import's new dataset). */
  datasetOf?: (result: R) => number;
}

export interface JobHandle<R, K extends JobKind = JobKind> {
  jobId: number;
  /** The work's result once the job is stored as done; rejects when it failed or was cancelled. */
  result: Promise<R>;
  cancel(): void;
  /** The job's view now. */
  view(): JobView<K>;
}

export type JobListener = (view: JobView) => void;

/** Progress is stored and announced at most this often per job (state and phase changes, and the end, always). */
const REPORT_INTERVAL_MS = 100;
/** How many jobs `list` returns: the live ones and the newest finished ones. */
export const LISTED_JOBS = 50;

const FINISHED: ReadonlySet<JobState> = new Set(['done', 'failed', 'cancelled']);
export const isFinished = (state: JobState): boolean => FINISHED.has(state);

interface LiveJob {
  view: JobView;
  controller: AbortController;
  finished: Promise<void>;
  lastReport: number;
  trailing: ReturnType<typeof setTimeout> | null;
  /** Where the current phase began, for the ETA of work that does not estimate its own. */
  pace: { phase: string; at: number; done: number };
}

interface JobRow {
  id: number;
  kind: JobKind;
  title: string;
  state: JobState;
  phase: string;
  done: number;
  total: number | null;
  datasetId: number | null;
  startedAt: string;
  finishedAt: string | null;
  result: string | null;
  error: string | null;
  detail: string;
}

const ROW_COLUMNS = `id, kind, title, state, message AS phase, done, total, dataset_id AS datasetId, created_at AS startedAt,
  finished_at AS finishedAt, result, error, detail`;

export class JobService {
  private readonly live = new Map<number, LiveJob>();
  private readonly listeners = new Set<JobListener>();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    /** Who starts a job (the audit view's "who"); null where nobody is named. */
    private readonly author: () => string | null = () => null,
  ) {}

  /**
   * Starts a job: its row is written and announced, then `work` is called at once with the job's control.
   * The job ends as done (with the work's outcome), cancelled (the signal was aborted, or the work threw a
   * `cancelled` error) or failed (any other error, with its message).
   */
  run<K extends JobKind, R = JobResults[K]>(job: NewJob<K, R>, work: (control: JobControl) => Promise<R>): JobHandle<R, K> {
    const now = this.clock.now();
    const state = job.state ?? 'running';
    const phase = state === 'queued' ? 'waiting' : 'starting';
    const id = job.jobId ?? Number(
      this.db
        .prepare(
          `INSERT INTO jobs (kind, title, state, message, args, dataset_id, pid, host, author, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(job.kind, job.title, state, phase, JSON.stringify(job.args ?? {}), job.datasetId ?? null, process.pid, hostname(), this.author(), now, now).lastInsertRowid,
    );
    if (job.jobId !== undefined) this.takeOver(job, state, phase, now);
    const view = {
      id,
      kind: job.kind,
      title: job.title,
      state,
      phase,
      done: 0,
      total: null,
      etaSeconds: null,
      datasetId: job.datasetId ?? null,
      startedAt: now,
      finishedAt: null,
      result: null,
      error: null,
    } as JobView;
    const controller = new AbortController();
    const live: LiveJob = { view, controller, finished: Promise.resolve(), lastReport: 0, trailing: null, pace: { phase, at: performance.now(), done: 0 } };
    this.live.set(id, live);
    this.announce(view);

    let started: Promise<R>;
    try {
      started = work({ jobId: id, signal: controller.signal, report: (update) => this.update(live, update) });
    } catch (error) {
      started = Promise.reject(error);
    }
    const result = started.then(
      (value) => {
        const outcome = job.outcome ? job.outcome(value) : (value as unknown as JobResults[K]);
        this.finish(live, 'done', { result: outcome, datasetId: job.datasetOf?.(value) });
        return value;
      },
      (error: unknown) => {
        const cancelled = controller.signal.aborted || (error instanceof LoupeError && error.code === 'cancelled');
        const code = error instanceof LoupeError ? error.code : cancelled ? 'cancelled' : 'internal';
        const option = error instanceof LoupeError ? error.option : undefined;
        this.finish(live, cancelled ? 'cancelled' : 'failed', { error: { code, message: errorMessage(error), ...(option ? { option } : {}) } });
        throw error;
      },
    );
    // Callers that only start a job (a request handler) never await its result; its failure is in the view.
    live.finished = result.then(
      () => undefined,
      () => undefined,
    );
    return { jobId: id, result, cancel: () => void this.cancel(id), view: () => this.get(id) as JobView<K> };
  }

  /** A submitted job's row, taken over by the run that carries it out (its author and start stay). */
  private takeOver(job: Pick<NewJob<JobKind, unknown>, 'kind' | 'title' | 'args' | 'datasetId' | 'jobId'>, state: JobState, phase: string, now: string): void {
    const taken = this.db
      .prepare(
        `UPDATE jobs SET kind = ?, title = ?, state = ?, message = ?, args = ?, dataset_id = ?, pid = ?, host = ?, done = 0, total = NULL,
         progress = 0, detail = '{}', result = NULL, error = NULL, finished_at = NULL, updated_at = ? WHERE id = ?`,
      )
      .run(job.kind, job.title, state, phase, JSON.stringify(job.args ?? {}), job.datasetId ?? null, process.pid, hostname(), now, job.jobId).changes;
    if (taken === 0) throw notFound(`no job ${job.jobId}`);
  }

  get(jobId: number): JobView {
    const live = this.live.get(jobId);
    if (live) return copy(live.view);
    const row = this.db.prepare(`SELECT ${ROW_COLUMNS} FROM jobs WHERE id = ?`).get(jobId) as JobRow | undefined;
    if (!row) throw notFound(`no job ${jobId}`);
    return viewOf(row);
  }

  /** The jobs of this process that still run, and the newest stored ones: newest first. */
  list(limit = LISTED_JOBS): JobView[] {
    const rows = this.db.prepare(`SELECT ${ROW_COLUMNS} FROM jobs ORDER BY id DESC LIMIT ?`).all(limit) as JobRow[];
    const views = new Map(rows.map((row) => [row.id, this.live.has(row.id) ? copy(this.live.get(row.id)!.view) : viewOf(row)]));
    for (const [id, live] of this.live) if (!views.has(id)) views.set(id, copy(live.view));
    return [...views.values()].sort((a, b) => b.id - a.id);
  }

  /** Stops a queued or running job of this process; a finished one is returned as it is. */
  cancel(jobId: number): JobView {
    const live = this.live.get(jobId);
    if (live) {
      if (!isFinished(live.view.state)) live.controller.abort();
      return copy(live.view);
    }
    const view = this.get(jobId);
    if (!isFinished(view.state)) throw new LoupeError('conflict', `job ${jobId} runs in another Loupe process; stop it there`);
    return view;
  }

  /** Listens to every change of every job; returns the function that stops listening. */
  subscribe(listener: JobListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Marks the jobs that were left queued or running by a process that no longer runs (Loupe was killed or
   * crashed) as failed, so that nobody waits for them. Returns how many.
   */
  recoverInterrupted(): number {
    // A job waiting in the shared queue belongs to no process until a worker takes it: it is not interrupted.
    // A job of the GPU workers' queue may run on another machine; when its worker dies, the queue retries it.
    // A process id is this machine's only when the job's host is this machine (NULL: a job from before 013).
    const rows = this.db
      .prepare(
        `SELECT id, pid FROM jobs WHERE (state = 'running' OR (state = 'queued' AND queue IS NULL)) AND (queue IS NULL OR queue <> ?)
         AND (host IS NULL OR host = ?)`,
      )
      .all(WORKER_QUEUE, hostname()) as { id: number; pid: number | null }[];
    const dead = rows.filter((r) => !this.live.has(r.id) && (r.pid === null || (r.pid !== process.pid && !processRuns(r.pid))));
    const error = JSON.stringify({ code: 'internal', message: 'Loupe stopped before this job finished' } satisfies ReplyError);
    const now = this.clock.now();
    const mark = this.db.prepare("UPDATE jobs SET state = 'failed', message = 'failed', error = ?, finished_at = ?, updated_at = ? WHERE id = ?");
    this.db.transaction(() => dead.forEach((r) => mark.run(error, now, now, r.id)))();
    return dead.length;
  }

  /** Cancels every job of this process and waits until each has ended (the workstation is closing). */
  async settle(): Promise<void> {
    for (const live of this.live.values()) live.controller.abort();
    await Promise.all([...this.live.values()].map((j) => j.finished));
  }

  private update(live: LiveJob, update: JobUpdate): void {
    const view = live.view;
    if (isFinished(view.state)) return;
    const stateChanged = update.state !== undefined && update.state !== view.state;
    const phaseChanged = update.phase !== undefined && update.phase !== view.phase;
    const newEpoch = update.epochs !== undefined && update.epochs.length !== (view.epochs?.length ?? 0);
    if (update.state !== undefined) view.state = update.state;
    if (update.phase !== undefined) view.phase = update.phase;
    if (update.done !== undefined) view.done = update.done;
    if (update.total !== undefined) view.total = update.total;
    if (update.loss !== undefined) view.loss = update.loss;
    if (update.epochs !== undefined) view.epochs = update.epochs;
    if (stateChanged || phaseChanged) live.pace = { phase: view.phase, at: performance.now(), done: view.done };
    view.etaSeconds =
      update.etaSeconds !== undefined
        ? update.etaSeconds
        : view.total === null
          ? null
          : estimateSecondsLeft(view.done - live.pace.done, view.total - live.pace.done, (performance.now() - live.pace.at) / 1000);

    const now = Date.now();
    const complete = view.total !== null && view.done >= view.total;
    if (stateChanged || phaseChanged || newEpoch || complete || now - live.lastReport >= REPORT_INTERVAL_MS) {
      this.report(live);
    } else if (!live.trailing) {
      // The last progress of a burst is reported too, a moment later.
      live.trailing = setTimeout(() => this.report(live), REPORT_INTERVAL_MS - (now - live.lastReport));
      live.trailing.unref?.();
    }
  }

  /** Stores the live view and announces it. */
  private report(live: LiveJob): void {
    if (live.trailing) clearTimeout(live.trailing);
    live.trailing = null;
    live.lastReport = Date.now();
    const v = live.view;
    if (isFinished(v.state)) return;
    this.db
      .prepare('UPDATE jobs SET state = ?, message = ?, done = ?, total = ?, progress = ?, detail = ?, updated_at = ? WHERE id = ?')
      .run(v.state, v.phase, v.done, v.total, share(v), detailOf(v), this.clock.now(), v.id);
    this.announce(v);
  }

  private finish(live: LiveJob, state: 'done' | 'failed' | 'cancelled', end: { result?: unknown; datasetId?: number; error?: ReplyError }): void {
    if (live.trailing) clearTimeout(live.trailing);
    live.trailing = null;
    const view = live.view as JobView & { result: unknown };
    Object.assign(view, { state, phase: state, etaSeconds: null, finishedAt: this.clock.now(), result: end.result ?? null, error: end.error ?? null });
    if (end.datasetId !== undefined) view.datasetId = end.datasetId;
    this.db
      .prepare(
        `UPDATE jobs SET state = ?, message = ?, done = ?, total = ?, progress = ?, detail = ?, dataset_id = ?, result = ?, error = ?,
         finished_at = ?, updated_at = ? WHERE id = ?`,
      )
      .run(
        state,
        state,
        view.done,
        view.total,
        state === 'done' ? 1 : share(view),
        detailOf(view),
        view.datasetId,
        end.result === undefined ? null : JSON.stringify(end.result),
        end.error ? JSON.stringify(end.error) : null,
        view.finishedAt,
        view.finishedAt,
        view.id,
      );
    this.live.delete(view.id);
    this.announce(view);
  }

  private announce(view: JobView): void {
    for (const listener of this.listeners) {
      try {
        listener(copy(view));
      } catch {
        // one listener's failure must not stop the job or the other listeners
      }
    }
  }
}

const share = (v: JobView): number => (v.total ? Math.min(1, v.done / v.total) : 0);
const detailOf = (v: JobView): string => JSON.stringify({ ...(v.loss === undefined ? {} : { loss: v.loss }), ...(v.epochs ? { epochs: v.epochs } : {}) });
const copy = (v: JobView): JobView => ({ ...v, ...(v.epochs ? { epochs: [...v.epochs] } : {}) });

function viewOf(row: JobRow): JobView {
  const detail = parseJson<{ loss?: number; epochs?: EpochPoint[] }>(row.detail) ?? {};
  return {
    id: row.id,
    kind: row.kind,
    title: row.title || `${row.kind} job ${row.id}`,
    state: row.state,
    phase: row.phase,
    done: row.done,
    total: row.total,
    etaSeconds: null,
    datasetId: row.datasetId,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    result: parseJson(row.result),
    error: parseJson<ReplyError>(row.error),
    ...(detail.loss === undefined ? {} : { loss: detail.loss }),
    ...(detail.epochs ? { epochs: detail.epochs } : {}),
  } as JobView;
}

function parseJson<T>(text: string | null): T | null {
  if (!text) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}

/** True while a process with this id runs (signal 0 checks without signalling). */
function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
