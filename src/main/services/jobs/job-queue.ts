// The shared job queue: any process (a workstation on another PC, the CLI) submits a job as a queued row; a
// worker takes the oldest one, and taking is one write transaction that moves the row from queued to running
// under the worker's process id, so two workers (or two processes submitting at once) never run a job twice or
// lose one. The job's view and progress are the job service's (one row of `jobs`); this is only the hand-over.
import { hostname } from 'node:os';
import type { Db } from '../../db/database';
import type { Clock } from '../clock';
import type { JobKind, ReplyError } from '../../../shared/api/types';

/** The queue every workstation and worker of one store shares, unless told another. */
export const SHARED_QUEUE = 'shared';

/** The `queue` of jobs submitted to the GPU workers (`loupe worker`, through pg-boss: see worker-jobs.ts). */
export const WORKER_QUEUE = 'loupe-model-jobs';

export interface QueuedJob {
  id: number;
  kind: JobKind;
  title: string;
  args: unknown;
  datasetId: number | null;
}

export class JobQueue {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly queue = SHARED_QUEUE,
  ) {}

  /** Adds a job for whichever worker takes it first; returns its id. */
  submit(job: { kind: JobKind; title: string; args?: unknown; datasetId?: number | null }): number {
    const now = this.clock.now();
    return Number(
      this.db
        .prepare(
          `INSERT INTO jobs (kind, title, state, message, args, dataset_id, queue, created_at, updated_at)
           VALUES (?, ?, 'queued', 'waiting', ?, ?, ?, ?, ?)`,
        )
        .run(job.kind, job.title, JSON.stringify(job.args ?? {}), job.datasetId ?? null, this.queue, now, now).lastInsertRowid,
    );
  }

  /** Takes the oldest waiting job for this process (it is then running, under `pid`), or null when none waits. */
  take(pid = process.pid): QueuedJob | null {
    // IMMEDIATE: the look and the hand-over hold the write lock together; no other taker sees the row as waiting.
    return this.db
      .transaction((): QueuedJob | null => {
        const row = this.db
          .prepare("SELECT id, kind, title, args, dataset_id AS datasetId FROM jobs WHERE queue = ? AND state = 'queued' ORDER BY id LIMIT 1")
          .get(this.queue) as (Omit<QueuedJob, 'args'> & { args: string }) | undefined;
        if (!row) return null;
        const now = this.clock.now();
        this.db.prepare("UPDATE jobs SET state = 'running', message = 'starting', pid = ?, host = ?, updated_at = ? WHERE id = ?").run(pid, hostname(), now, row.id);
        return { ...row, args: JSON.parse(row.args) as unknown };
      })
      .immediate();
  }

  /** Ends a taken job: done with its result, or failed with its error. */
  finish(id: number, outcome: { result: unknown } | { error: ReplyError }): void {
    const now = this.clock.now();
    const done = 'result' in outcome;
    this.db
      .prepare("UPDATE jobs SET state = ?, message = ?, result = ?, error = ?, progress = ?, finished_at = ?, updated_at = ? WHERE id = ? AND state = 'running'")
      .run(done ? 'done' : 'failed', done ? 'done' : 'failed', done ? JSON.stringify(outcome.result) : null, done ? null : JSON.stringify(outcome.error), done ? 1 : 0, now, now, id);
  }

  /** How many jobs of the queue wait. */
  waiting(): number {
    return this.db.prepare("SELECT COUNT(*) FROM jobs WHERE queue = ? AND state = 'queued'").pluck().get(this.queue) as number;
  }
}
