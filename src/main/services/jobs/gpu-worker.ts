// `loupe worker`: carries out the model jobs workstations submit to a team database (worker-jobs.ts), on this
// machine's best backend, through the same training and prediction services a workstation runs.
//
// Kill -9 safety. While it runs a job the worker holds a session advisory lock named after it, on a connection
// that dies with the process. Every worker looks, every few seconds, for jobs pg-boss has as active whose lock
// nobody holds — their worker died — and fails them in pg-boss, which hands them out again (RETRIES). The
// retry takes the `jobs` row over afresh (progress reset) and first deletes the folder the dead attempt was
// writing: a version exists only once `models.register` has written its row in one transaction at the end
// of training, and the folder of a version that was never registered is never read.
import { rmSync } from 'node:fs';
import type pg from 'pg';
import type PgBoss from 'pg-boss';
import type { Services } from '../../composition';
import { errorMessage, LoupeError } from '../../../shared/errors';
import type { JobHandle } from './jobs';
import { isFinished } from './jobs';
import { WORKER_QUEUE } from './job-queue';
import { BOSS_SCHEMA, CANCEL_CHANNEL, announceJobChange, failSubmitted, listenForJobs, openBoss, startBoss, storeSchema, type WorkerJobRequest } from './worker-jobs';

export interface GpuWorkerOptions {
  url: string;
  services: Services;
  /** Jobs run at once (each its own pg-boss worker). */
  concurrency?: number;
  /** How often dead workers' jobs are looked for (seconds). */
  sweepSeconds?: number;
  /** A job fetched this recently is left to the worker that is taking hold of it. */
  graceSeconds?: number;
  log?: (line: string) => void;
}

export class GpuWorker {
  private readonly boss: PgBoss;
  private client: pg.Client | null = null;
  private schema = '';
  private sweeper: ReturnType<typeof setInterval> | null = null;
  private readonly running = new Map<number, JobHandle<unknown>>();
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly options: GpuWorkerOptions) {
    this.boss = openBoss(options.url, true);
    this.boss.on('error', (error) => this.log(`queue: ${errorMessage(error)}`));
  }

  async start(): Promise<void> {
    const { services } = this.options;
    this.schema = storeSchema(services.db);
    await startBoss(this.boss);
    this.client = await listenForJobs(this.options.url, CANCEL_CHANNEL, this.schema, (jobId) => this.running.get(jobId)?.cancel());
    this.unsubscribe = services.jobs.subscribe((view) => {
      if (this.running.has(view.id)) announceJobChange(services.db, view.id);
    });
    for (let i = 0; i < (this.options.concurrency ?? 1); i++) {
      await this.boss.work<WorkerJobRequest>(WORKER_QUEUE, { batchSize: 1, pollingIntervalSeconds: 1 }, async ([job]) => this.carryOut(job.data));
    }
    await this.sweep();
    this.sweeper = setInterval(() => void this.sweep().catch((error) => this.log(`looking for dead workers' jobs: ${errorMessage(error)}`)), (this.options.sweepSeconds ?? 5) * 1000);
  }

  /** Stops taking jobs, cancels the running ones (they end as cancelled) and lets go of the queue. */
  async stop(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    for (const handle of this.running.values()) handle.cancel();
    await this.boss.stop({ graceful: true, wait: true, timeout: 30_000 }).catch(() => undefined);
    this.unsubscribe?.();
    await this.client?.end().catch(() => undefined);
  }

  private log(line: string): void {
    this.options.log?.(line);
  }

  private lockKey(jobId: number): [string, number] {
    return [`loupe-job:${this.schema}`, jobId];
  }

  /** Runs one submitted job to its end; its outcome is in its `jobs` row, so pg-boss only hears of a dead worker. */
  private async carryOut(request: WorkerJobRequest): Promise<void> {
    const { services } = this.options;
    const { jobId } = request;
    const row = services.db.prepare('SELECT state, args FROM jobs WHERE id = ?').get(jobId) as { state: string; args: string } | undefined;
    if (!row || isFinished(row.state as 'done')) return; // cancelled while it waited (or its store was emptied)
    const locked = await this.client!.query('SELECT pg_try_advisory_lock(hashtext($1), $2) AS locked', this.lockKey(jobId));
    if (!locked.rows[0].locked) return; // another live worker has it
    try {
      this.cleanAfterDeadAttempt(row.args);
      let handle: JobHandle<unknown>;
      try {
        handle =
          request.kind === 'train'
            ? services.training.start(request.datasetId, { ...request.options, jobId })
            : services.predictions.start(request.datasetId, { ...request.options, jobId });
      } catch (error) {
        failSubmitted(services.db, services.clock, jobId, { code: error instanceof LoupeError ? error.code : 'internal', message: errorMessage(error) });
        announceJobChange(services.db, jobId);
        this.log(`job ${jobId} could not start: ${errorMessage(error)}`);
        return;
      }
      this.running.set(jobId, handle);
      announceJobChange(services.db, jobId);
      this.log(`job ${jobId}: ${handle.view().title}`);
      await handle.result.then(
        () => this.log(`job ${jobId} done`),
        (error: unknown) => this.log(`job ${jobId} ${handle.view().state}: ${errorMessage(error)}`),
      );
    } finally {
      this.running.delete(jobId);
      await this.client!.query('SELECT pg_advisory_unlock(hashtext($1), $2)', this.lockKey(jobId)).catch(() => undefined);
    }
  }

  /** A training run that died wrote (part of) its version's folder without registering it: that folder goes. */
  private cleanAfterDeadAttempt(args: string): void {
    const { models } = this.options.services;
    const version = (JSON.parse(args) as { version?: unknown }).version;
    if (typeof version === 'string' && !models.has(version)) rmSync(models.folderFor(version), { recursive: true, force: true });
  }

  /** Fails (so pg-boss retries) the active jobs whose worker no longer holds their lock: it died. */
  private async sweep(): Promise<void> {
    const client = this.client!;
    const active = await client.query<{ id: string; jobId: number }>(
      `SELECT id, (data->>'jobId')::bigint AS "jobId" FROM ${BOSS_SCHEMA}.job
       WHERE name = $1 AND state = 'active' AND started_on < now() - make_interval(secs => $2)`,
      [WORKER_QUEUE, this.options.graceSeconds ?? 10],
    );
    for (const { id, jobId } of active.rows) {
      if (this.running.has(Number(jobId))) continue; // this worker's own (its lock is this session's)
      const key = this.lockKey(Number(jobId));
      const free = await client.query('SELECT pg_try_advisory_lock(hashtext($1), $2) AS locked', key);
      if (!free.rows[0].locked) continue;
      try {
        const job = await this.boss.getJobById(WORKER_QUEUE, id);
        if (job?.state !== 'active') continue;
        await this.boss.fail(WORKER_QUEUE, id, { message: 'the worker running it stopped' });
        this.log(`job ${jobId}: its worker stopped; it is queued again`);
      } finally {
        await client.query('SELECT pg_advisory_unlock(hashtext($1), $2)', key);
      }
    }
  }
}
