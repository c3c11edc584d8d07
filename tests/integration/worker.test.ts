// A GPU worker in another process (`loupe worker --db postgres://…`) runs the training a workstation submits
// (`loupe serve --jobs-on-worker`'s workstation, here in the test's process): the submitting side sees the job
// wait for a worker, then its live progress as events, then the registered version. Killed with -9 mid-job,
// the worker leaves the job to the next one, which retries it from the start: it ends done with exactly one
// registered version and no folder of a half-trained one. Cancel reaches a waiting and a running job; pre-annotation
// runs there too; --gpu refuses a machine without CUDA. Needs Debian's PostgreSQL 15 server binaries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openWorkstation, type Workstation } from '../../src/main/api/workstation';
import type { JobView } from '../../src/shared/api/types';
import { POSTGRES_BIN, startPostgres, type PostgresCluster } from '../helpers/postgres-cluster';
import { tempDir } from '../helpers/fs';
import { startWorker as startWorkerChild, type WorkerChild } from '../helpers/worker';
import { writeSmallCt } from '../helpers/small-ct';
import { loupe } from '../helpers/cli';

const HAS_POSTGRES = existsSync(join(POSTGRES_BIN, 'initdb'));
const WAIT = { timeout: 180_000, interval: 100 };

let cluster: PostgresCluster;
let tmp: ReturnType<typeof tempDir>;
let modelsDir: string;
let workstation: Workstation;
let datasetId: number;
const updates: JobView[] = [];
const workers: ChildProcess[] = [];

/** `loupe worker` in a child process, once it says it takes jobs (killed after the tests if still running). */
async function startWorker(): Promise<WorkerChild> {
  const worker = await startWorkerChild(cluster.url, modelsDir);
  workers.push(worker.child);
  return worker;
}

const call = async <T>(name: string, args: unknown): Promise<T> => {
  const reply = (await workstation.dispatch(name as never, args as never)) as { ok: boolean; value: T; error?: unknown };
  if (!reply.ok) throw new Error(`${name}: ${JSON.stringify(reply.error)}`);
  return reply.value;
};
const updatesOf = (jobId: number) => updates.filter((u) => u.id === jobId);
const registered = () => workstation.services.models.list('ct').filter((v) => v.version !== 'ct-starter').map((v) => v.version);

describe.skipIf(!HAS_POSTGRES)(`loupe worker on a team database (skipped without ${POSTGRES_BIN}/initdb: apt-get install postgresql)`, () => {
  beforeAll(async () => {
    cluster = await startPostgres();
    tmp = tempDir('loupe-worker-');
    modelsDir = join(tmp.dir, 'models');
    workstation = openWorkstation({ database: cluster.url, shell: 'browser', jobsOnWorker: true, models: { modelsDir }, importWorker: false });
    await workstation.workerJobs!.started();
    workstation.events.subscribe((event, payload) => {
      if (event === 'job.updated') updates.push(payload as JobView);
    });
    const ct = writeSmallCt(tmp.dir);
    datasetId = (await workstation.services.importRsna({ dicomDir: ct.dicomDir, labelsCsv: ct.labelsCsv, name: 'head' })).datasetId;
  }, 120_000);

  afterAll(async () => {
    for (const child of workers) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await workstation?.close();
    cluster?.stop();
    tmp?.cleanup();
  });

  it('runs a training job submitted from the workstation, with live progress there, and registers its version', async () => {
    const job = await call<JobView>('models.train', { datasetId, epochs: 2 });
    expect(job).toMatchObject({ kind: 'train', state: 'queued', phase: 'waiting for a worker' });

    const worker = await startWorker();
    await expect.poll(() => updatesOf(job.id).at(-1)?.state, WAIT).toBe('done');
    const seen = updatesOf(job.id);
    expect(seen.some((u) => u.state === 'running' && (u.epochs?.length ?? 0) >= 1)).toBe(true); // the curve, live
    const done = seen.at(-1)!;
    expect(done.result).toMatchObject({ version: 'ct-1', parent: 'ct-starter' });
    expect(registered()).toEqual(['ct-1']);
    expect(workstation.services.jobs.get(job.id)).toMatchObject({ state: 'done', epochs: done.epochs });

    worker.child.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
  });

  it('killed with -9 mid-job, leaves the job to the next worker, which runs it again to exactly one registered version', async () => {
    const before = registered();
    const job = await call<JobView>('models.train', { datasetId, epochs: 8 });
    const first = await startWorker();
    await expect.poll(() => updatesOf(job.id).some((u) => u.state === 'running' && (u.epochs?.length ?? 0) >= 1), WAIT).toBe(true);
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    const killedAt = updates.length;
    expect(workstation.services.jobs.get(job.id).state).toBe('running'); // nobody has noticed yet
    expect(registered()).toEqual(before);
    // The version folder is written as training ends: a kill then leaves part of it (made here by hand).
    const { version } = JSON.parse(workstation.services.db.prepare('SELECT args FROM jobs WHERE id = ?').pluck().get(job.id) as string) as { version: string };
    mkdirSync(join(modelsDir, version), { recursive: true });
    writeFileSync(join(modelsDir, version, 'model.json'), '{"format": "layers-model", "modelTopol');

    const second = await startWorker();
    await expect.poll(() => workstation.services.jobs.get(job.id).state, WAIT).toBe('done');
    const retried = updates.slice(killedAt).filter((u) => u.id === job.id);
    expect(['queued', 'running']).toContain(retried[0].state); // taken over again, not failed
    expect(retried.at(-1)).toMatchObject({ state: 'done' });
    // One whole run from the first epoch: the dead attempt's curve is not mixed in.
    expect(retried.at(-1)!.epochs!.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);

    const added = registered().filter((v) => !before.includes(v));
    expect(added).toHaveLength(1);
    expect(workstation.services.jobs.get(job.id).result).toMatchObject({ version: added[0] });
    // Every folder in the models folder is a registered version's: nothing of the killed attempt is left.
    expect(readdirSync(modelsDir).sort()).toEqual(workstation.services.models.list('ct').map((v) => v.version).sort());
    expect(second.stderr()).toMatch(/its worker stopped; it is queued again/);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });

  it('cancels from the workstation: a waiting job ends at once, a running one is stopped by its worker', async () => {
    const before = registered();
    const waiting = await call<JobView>('models.train', { datasetId, epochs: 2 });
    expect(await call<JobView>('jobs.cancel', { jobId: waiting.id })).toMatchObject({ state: 'cancelled' });

    const running = await call<JobView>('models.train', { datasetId, epochs: 50 });
    const worker = await startWorker();
    await expect.poll(() => updatesOf(running.id).some((u) => u.state === 'running' && (u.epochs?.length ?? 0) >= 1), WAIT).toBe(true);
    await call('jobs.cancel', { jobId: running.id });
    await expect.poll(() => workstation.services.jobs.get(running.id).state, WAIT).toBe('cancelled');
    // The row ends first; its announcement reaches the workstation over NOTIFY a moment later.
    await expect.poll(() => updatesOf(running.id).at(-1)?.state, WAIT).toBe('cancelled');
    expect(workstation.services.jobs.get(waiting.id).state).toBe('cancelled'); // the worker left it alone
    expect(registered()).toEqual(before);
    expect(readdirSync(modelsDir).sort()).toEqual(workstation.services.models.list('ct').map((v) => v.version).sort());
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
  });

  it('pre-annotates on the worker too: the drafts are written to the team database', async () => {
    const job = await call<JobView>('models.predict', { datasetId });
    expect(job).toMatchObject({ kind: 'predict', state: 'queued', phase: 'waiting for a worker' });
    const worker = await startWorker();
    await expect.poll(() => workstation.services.jobs.get(job.id).state, WAIT).toBe('done');
    const result = workstation.services.jobs.get(job.id).result as { source: string; items: number };
    expect(result.items).toBe(6);
    expect(workstation.services.predictions.sources(datasetId)).toContain(result.source);
    await expect.poll(() => updatesOf(job.id).at(-1)?.state, WAIT).toBe('done');
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
  });

  // Where CUDA is there (a GPU runner), --gpu would start and wait for jobs: this is the CPU machines' check.
  it.skipIf(existsSync('/dev/nvidiactl'))('with --gpu, refuses to start on a machine where models do not run on CUDA, saying why', () => {
    const result = loupe('worker', '--db', cluster.url, '--gpu', '--models-dir', modelsDir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^loupe: --gpu: this machine does not run models on CUDA: TensorFlow\.js runs on \S+, not CUDA \(tfjs-node-gpu: .+\)/m);
    expect(result.stdout).not.toMatch(/worker ready/);
  });

  it('takes its jobs from a team database only', () => {
    const result = loupe('worker', '--db', join(tmp.dir, 'loupe.db'));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/--db must be a team database \(postgres:\/\/…\)/);
  });
});
