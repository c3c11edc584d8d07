// Model jobs run by a GPU worker (`loupe worker --db postgres://…`), as a workstation on a team database
// submits and follows them. A submitted job is a row of `jobs` (queued, "waiting for a worker", its `queue`
// WORKER_QUEUE) plus a pg-boss job that carries its id: pg-boss (its own schema in the team database) hands it
// to one worker and retries it when that worker dies. The worker writes the job's progress into the row as any
// job does and NOTIFYs `loupe_jobs`; every workstation LISTENs there and announces the row as if the job
// were its own. Cancelling a waiting job ends it here; a running one is told to its worker (`loupe_job_cancel`).
import PgBoss from 'pg-boss';
import pg from 'pg';
import type { Db } from '../../db/database';
import type { Clock } from '../clock';
import type { ReplyError } from '../../../shared/api/types';
import { WORKER_QUEUE } from './job-queue';
import { WAITING_FOR_A_WORKER } from '../../../shared/ml/jobs';

/** pg-boss's tables live in this schema of the team database. */
export const BOSS_SCHEMA = 'loupe_pgboss';
/** `<store schema>:<job id>` whenever a worker's job changes. */
export const JOB_CHANNEL = 'loupe_jobs';
/** `<store schema>:<job id>` when a workstation cancels a job a worker runs. */
export const CANCEL_CHANNEL = 'loupe_job_cancel';
/** A worker that dies mid-job leaves it to be run again, up to this many times. */
export const RETRIES = 2;
/** pg-boss's own backstop for a worker that hangs without dying: a job active longer than this is retried. */
export const EXPIRE_HOURS = 12;

/** What a pg-boss job carries: the `jobs` row it runs, and the request as the workstation got it. */
export interface WorkerJobRequest {
  jobId: number;
  kind: 'train' | 'predict';
  datasetId: number;
  options: Record<string, unknown>;
}

/** The pg-boss of a team database (`supervise`: this process also expires and retries jobs of dead workers). */
export function openBoss(url: string, supervise: boolean): PgBoss {
  return new PgBoss({ connectionString: url, schema: BOSS_SCHEMA, supervise, schedule: false, max: 4, application_name: 'loupe' });
}

export async function startBoss(boss: PgBoss): Promise<void> {
  await boss.start();
  if (!(await boss.getQueue(WORKER_QUEUE))) {
    await boss.createQueue(WORKER_QUEUE, { name: WORKER_QUEUE, retryLimit: RETRIES, retryDelay: 0, expireInHours: EXPIRE_HOURS });
  }
}

/** The schema the store's tables are in (the payload of both channels names it: one server may hold several stores). */
export const storeSchema = (db: Db): string => db.prepare('SELECT current_schema()').pluck().get() as string;

/** Tells every workstation that a job changed (its row holds the change). */
export function announceJobChange(db: Db, jobId: number): void {
  db.prepare("SELECT pg_notify(?, current_schema() || ':' || ?)").get(JOB_CHANNEL, String(jobId));
}

/** Listens on one channel for this store's job ids; resolves once listening. */
export async function listenForJobs(url: string, channel: string, schema: string, onJob: (jobId: number) => void): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, application_name: 'loupe-listen' });
  client.on('error', () => undefined); // a lost connection ends the live updates, not the workstation
  await client.connect();
  client.on('notification', (message) => {
    const [from, id] = (message.payload ?? '').split(':');
    if (from === schema && message.channel === channel && /^\d+$/.test(id ?? '')) onJob(Number(id));
  });
  await client.query(`LISTEN ${channel}`);
  return client;
}

/** Ends a submitted job that never ran (it could not start there): failed, with its error. */
export function failSubmitted(db: Db, clock: Clock, jobId: number, error: ReplyError): void {
  const now = clock.now();
  db.prepare("UPDATE jobs SET state = 'failed', message = 'failed', error = ?, finished_at = ?, updated_at = ? WHERE id = ? AND state IN ('queued', 'running')").run(
    JSON.stringify(error),
    now,
    now,
    jobId,
  );
}

/** A workstation's side: submits model jobs to the workers and hears their progress. */
export class WorkerJobs {
  private readonly boss: PgBoss;
  private readonly ready: Promise<void>;
  private listener: pg.Client | null = null;

  constructor(
    private readonly url: string,
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly author: () => string | null,
    /** Called for every change of a worker's job (read its row). */
    onChange: (jobId: number) => void,
  ) {
    this.boss = openBoss(url, false);
    this.boss.on('error', () => undefined);
    const schema = storeSchema(db);
    this.ready = Promise.all([
      startBoss(this.boss),
      listenForJobs(url, JOB_CHANNEL, schema, onChange).then((client) => {
        this.listener = client;
      }),
    ]).then(() => undefined);
    this.ready.catch(() => undefined); // reported by the first submit
  }

  /** Resolves once the queue can take jobs and the workstation hears the workers. */
  started(): Promise<void> {
    return this.ready;
  }

  /** Adds the job's row (queued, waiting for a worker) and hands its id to the queue; returns the id. */
  async submit(request: Omit<WorkerJobRequest, 'jobId'>, title: string): Promise<number> {
    await this.ready;
    const now = this.clock.now();
    const jobId = Number(
      this.db
        .prepare(
          `INSERT INTO jobs (kind, title, state, message, args, dataset_id, queue, author, created_at, updated_at)
           VALUES (?, ?, 'queued', ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(request.kind, title, WAITING_FOR_A_WORKER, JSON.stringify(request.options), request.datasetId, WORKER_QUEUE, this.author(), now, now).lastInsertRowid,
    );
    try {
      await this.boss.send(WORKER_QUEUE, { ...request, jobId } satisfies WorkerJobRequest, { retryLimit: RETRIES, retryDelay: 0, expireInHours: EXPIRE_HOURS });
    } catch (error) {
      failSubmitted(this.db, this.clock, jobId, { code: 'internal', message: `the job could not be queued: ${(error as Error).message}` });
      throw error;
    }
    return jobId;
  }

  /** Whether a job is one of the workers' (submitted by any workstation). */
  owns(jobId: number): boolean {
    return this.db.prepare('SELECT queue FROM jobs WHERE id = ?').pluck().get(jobId) === WORKER_QUEUE;
  }

  /** Cancels a worker's job: a waiting one ends here at once; a running one is told to its worker. */
  cancel(jobId: number): void {
    const now = this.clock.now();
    const ended = this.db
      .prepare("UPDATE jobs SET state = 'cancelled', message = 'cancelled', finished_at = ?, updated_at = ? WHERE id = ? AND state = 'queued'")
      .run(now, now, jobId).changes;
    if (ended) announceJobChange(this.db, jobId);
    else this.db.prepare("SELECT pg_notify(?, current_schema() || ':' || ?)").get(CANCEL_CHANNEL, String(jobId));
  }

  async close(): Promise<void> {
    await this.ready.catch(() => undefined);
    await Promise.allSettled([this.boss.stop({ graceful: false, wait: true }), this.listener?.end()]);
  }
}
