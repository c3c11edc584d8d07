import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { openDatabase, type Db } from '../../db/database';
import { systemClock } from '../clock';
import { JobService, type JobControl } from './jobs';
import { LoupeError } from '../../../shared/errors';
import type { ImportReport, JobView } from '../../../shared/api/types';

let db: Db;
let jobs: JobService;
let seen: JobView[];

beforeEach(() => {
  db = openDatabase(':memory:');
  jobs = new JobService(db, systemClock);
  for (const id of [3, 7]) db.prepare("INSERT INTO datasets (id, name, kind, root, created_at) VALUES (?, ?, 'severstal', '/data', 'then')").run(id, `d${id}`);
  seen = [];
  jobs.subscribe((view) => seen.push(view));
});
afterEach(() => db.close());

const summary: ImportReport = { datasetId: 7, name: 'strips', kind: 'severstal', items: 3, labelled: 2, skippedMissing: 0, skippedFiles: [], leftOut: [], warnings: [], verified: true, fixedAny: 0, added: false, unchanged: [] };

/** Work that waits until the test lets it go on. */
function gate<T>() {
  let open!: (value: T) => void;
  let fail!: (error: Error) => void;
  const promise = new Promise<T>((resolve, reject) => ((open = resolve), (fail = reject)));
  return { promise, open, fail };
}

describe('the job service', () => {
  it('runs work as a stored job: running, progress, then done with its result, announced at every step', async () => {
    const step = gate<ImportReport>();
    let control!: JobControl;
    const handle = jobs.run({ kind: 'import', title: 'Import strips', datasetOf: (r) => r.datasetId }, (c) => ((control = c), step.promise));
    expect(handle.view()).toMatchObject({ id: handle.jobId, kind: 'import', title: 'Import strips', state: 'running', datasetId: null, result: null });
    control.report({ phase: 'writing', done: 0, total: 3 });
    control.report({ done: 3 });
    step.open(summary);
    expect(await handle.result).toEqual(summary);
    const done = jobs.get(handle.jobId);
    expect(done).toMatchObject({ state: 'done', phase: 'done', done: 3, total: 3, datasetId: 7, result: summary, error: null });
    expect(seen.map((v) => [v.state, v.phase, v.done])).toEqual([
      ['running', 'starting', 0],
      ['running', 'writing', 0],
      ['running', 'writing', 3],
      ['done', 'done', 3],
    ]);
    expect(seen.at(-1)).toEqual(done);
    expect(db.prepare('SELECT kind, state, progress, dataset_id AS datasetId, pid FROM jobs WHERE id = ?').get(handle.jobId)).toEqual({
      kind: 'import',
      state: 'done',
      progress: 1,
      datasetId: 7,
      pid: process.pid,
    });
  });

  it('keeps what a finished job brought across a restart of the service', async () => {
    const epochs = [{ epoch: 1, loss: 0.5, metric: 0.7, metricName: 'mean Dice' as const, seconds: 2 }];
    const handle = jobs.run(
      { kind: 'train', title: 'Train steel-1', datasetId: 3, state: 'queued', outcome: () => ({ version: 'steel-1', parent: null, metricName: 'mean Dice', metric: 0.7, parentMetric: null, activated: true, activation: 'activated as asked', stoppedBy: 'epochs', trainedOn: 4, validatedOn: 1, seconds: 2, baselineMetric: null, perClass: [], validationSet: { size: 1, scored: 1, fingerprint: 'f', added: 1 }, pseudoLabelled: 0, pseudo: null }) },
      async (control) => {
        control.report({ state: 'running', phase: 'epoch 1 of 1', done: 1, total: 1, loss: 0.4, epochs });
        return 'trained';
      },
    );
    await handle.result;
    const live = seen.at(-1)!;
    const again = new JobService(db, systemClock).get(handle.jobId);
    expect(again).toEqual(live);
    expect(again).toMatchObject({ kind: 'train', state: 'done', loss: 0.4, epochs, result: { version: 'steel-1', activated: true } });
  });

  it('ends a job that threw as failed with the error, and a cancelled one as cancelled', async () => {
    const failing = jobs.run({ kind: 'import', title: 'broken' }, async () => {
      throw new LoupeError('bad_input', 'train.csv, line 3: no such image');
    });
    await expect(failing.result).rejects.toThrow('no such image');
    expect(jobs.get(failing.jobId)).toMatchObject({ state: 'failed', error: { code: 'bad_input', message: 'train.csv, line 3: no such image' } });

    const crashing = jobs.run({ kind: 'import', title: 'crash' }, () => {
      throw new Error('out of disk');
    });
    await expect(crashing.result).rejects.toThrow('out of disk');
    expect(jobs.get(crashing.jobId)).toMatchObject({ state: 'failed', error: { code: 'internal', message: 'out of disk' } });

    const long = jobs.run({ kind: 'predict', title: 'long', state: 'queued' }, (control) => new Promise((_, reject) => control.signal.addEventListener('abort', () => reject(new Error('stopped')))));
    expect(jobs.cancel(long.jobId).state).toBe('queued');
    await expect(long.result).rejects.toThrow('stopped');
    expect(jobs.get(long.jobId)).toMatchObject({ state: 'cancelled', error: { code: 'cancelled' } });
    expect(jobs.cancel(long.jobId).state).toBe('cancelled'); // a finished job stays as it is
    expect(() => jobs.get(9999)).toThrow(/no job 9999/);
  });

  it('lists every kind, newest first, and a job that outlived its process as failed once recovered', async () => {
    const first = jobs.run({ kind: 'import', title: 'one' }, async () => summary);
    await first.result;
    const waiting = gate<string>();
    const second = jobs.run({ kind: 'predict', title: 'two', datasetId: 7, state: 'queued' }, () => waiting.promise);
    // A row left running by a process that has ended (its id is that of a finished child process).
    const gone = spawnSync(process.execPath, ['-e', '0']).pid!;
    const orphan = Number(
      db
        .prepare("INSERT INTO jobs (kind, title, state, pid, created_at, updated_at) VALUES ('train', 'orphan', 'running', ?, 'then', 'then')")
        .run(gone).lastInsertRowid,
    );
    expect(jobs.list().map((j) => [j.id, j.kind, j.state])).toEqual([
      [orphan, 'train', 'running'],
      [second.jobId, 'predict', 'queued'],
      [first.jobId, 'import', 'done'],
    ]);
    expect(() => jobs.cancel(orphan)).toThrow(/another Loupe process/);
    expect(jobs.recoverInterrupted()).toBe(1); // the live job of this process is left alone
    expect(jobs.get(orphan)).toMatchObject({ state: 'failed', error: { message: 'Loupe stopped before this job finished' } });
    expect(jobs.get(second.jobId).state).toBe('queued');
    waiting.open('ok');
    await jobs.settle();
  });

  it("leaves alone a job another machine runs on a shared database: its process id is that machine's", () => {
    const gone = spawnSync(process.execPath, ['-e', '0']).pid!;
    const insert = db.prepare("INSERT INTO jobs (kind, title, state, pid, host, created_at, updated_at) VALUES ('train', ?, 'running', ?, ?, 'then', 'then')");
    const elsewhere = Number(insert.run('on the other PC', gone, 'other-pc.lab').lastInsertRowid);
    const here = Number(insert.run('on this PC', gone, hostname()).lastInsertRowid);
    expect(jobs.recoverInterrupted()).toBe(1);
    expect(jobs.get(elsewhere).state).toBe('running');
    expect(jobs.get(here).state).toBe('failed');
    const mine = jobs.run({ kind: 'import', title: 'mine' }, async () => summary);
    expect(db.prepare('SELECT host FROM jobs WHERE id = ?').pluck().get(mine.jobId)).toBe(hostname());
  });
});
