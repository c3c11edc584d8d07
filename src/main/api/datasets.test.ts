// The dataset requests through the dispatcher, over a real workstation: a batch added as an import job, errors
// that carry the option that gets past them (in replies, failed jobs and across the import worker), a watched
// folder that is switched off by cancelling its job and resumes when the workstation starts again, rename, delete.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DatasetCard, JobView } from '../../shared/api/types';
import { call, openTestWorkspace, type TestWorkspace } from '../../../tests/helpers/workspace';
import { openWorkstation } from './workstation';
import { writeStrip } from '../../../tests/helpers/severstal';

let space: TestWorkspace;
beforeEach(async () => {
  space = await openTestWorkspace();
});
afterEach(async () => space?.cleanup());

const card = async (datasetId: number) => (await call<DatasetCard[]>(space.workstation, 'datasets.list')).find((d) => d.id === datasetId);

/** The next job update that is not running any more (listen before starting the job). */
function nextEnd(): Promise<JobView> {
  return new Promise((resolve) => {
    const stop = space.workstation.events.subscribe((event, payload) => {
      if (event === 'job.updated' && (payload as JobView).state !== 'running' && (payload as JobView).state !== 'queued') {
        stop();
        resolve(payload as JobView);
      }
    });
  });
}

describe('datasets.add', () => {
  it('adds a batch as an import job whose result says added, and announces that items came', async () => {
    const batch = join(space.steelFolder, 'batch2');
    await writeStrip(batch, 's4.jpg', { seed: 9 });
    copyFileSync(join(space.steelFolder, 's1.jpg'), join(batch, 's1.jpg'));
    const changed: { datasetIds: number[]; items?: boolean }[] = [];
    const stop = space.workstation.events.subscribe((event, payload) => event === 'datasets.changed' && changed.push(payload as (typeof changed)[number]));
    const ended = nextEnd();
    const job = await call<JobView<'import'>>(space.workstation, 'datasets.add', { datasetId: space.steelId, folder: batch });
    expect(job).toMatchObject({ kind: 'import', datasetId: space.steelId });
    const done = (await ended) as JobView<'import'>;
    stop();
    expect(done.result).toMatchObject({ added: true, items: 1, unchanged: [{ file: 's1.jpg', key: 's1.jpg' }] });
    expect(changed).toContainEqual({ datasetIds: [space.steelId], items: true });
    expect(await card(space.steelId)).toMatchObject({ items: 4, labelled: 3, unlabelled: 1 });
  }, 60_000);
});

describe('errors name an option, never a flag', () => {
  it('in a reply, in a failed job, and from the import worker', async () => {
    const renamed = await space.workstation.dispatch('datasets.rename', { datasetId: space.steelId, name: 'ct' });
    expect(renamed).toEqual({ ok: false, error: { code: 'conflict', message: 'a dataset named "ct" exists already', option: 'name' } });

    const ended = nextEnd();
    await call(space.workstation, 'imports.start', { kind: 'severstal', folder: space.steelFolder, name: 'steel' });
    expect(await ended).toMatchObject({ state: 'failed', error: { code: 'conflict', message: 'a dataset named "steel" exists already', option: 'name' } });

    const { importOnWorker } = await import('./import-runner');
    const run = importOnWorker(space.workstation.database, async () => {
      throw new Error('the import ran on the main thread');
    });
    await expect(run({ kind: 'rsna', folder: space.ctFolder, name: 'ct', author: 'x' }, { signal: new AbortController().signal, report: () => {} })).rejects.toMatchObject({
      code: 'conflict',
      option: 'name',
    });
  }, 60_000);
});

describe('datasets.watch', () => {
  it('watches until its job is cancelled (which switches it off), and resumes when the workstation starts again', async () => {
    const job = await call<JobView<'watch'>>(space.workstation, 'datasets.watch', { datasetId: space.steelId, folder: space.steelFolder });
    expect(job).toMatchObject({ kind: 'watch', state: 'running', datasetId: space.steelId });
    expect((await card(space.steelId))!.watchFolder).toBe(space.steelFolder);

    const ended = nextEnd();
    await call(space.workstation, 'jobs.cancel', { jobId: job.id });
    expect(await ended).toMatchObject({ id: job.id, kind: 'watch', state: 'done', result: { added: 0 } });
    expect((await card(space.steelId))!.watchFolder).toBeNull();

    // On again, then the workstation closes and opens again: the watch resumes.
    await call(space.workstation, 'datasets.watch', { datasetId: space.steelId, folder: space.steelFolder });
    await space.workstation.close();
    const again = openWorkstation({ database: space.workstation.database, shell: 'browser', importWorker: false });
    try {
      const watching = (await call<JobView[]>(again, 'jobs.list')).filter((j) => j.kind === 'watch' && j.state === 'running');
      expect(watching).toHaveLength(1);
      expect(watching[0].datasetId).toBe(space.steelId);
      expect((await call<{ stopped: JobView | null }>(again, 'datasets.unwatch', { datasetId: space.steelId })).stopped).toMatchObject({ kind: 'watch' });
      expect((await call<DatasetCard[]>(again, 'datasets.list')).find((d) => d.id === space.steelId)!.watchFolder).toBeNull();
    } finally {
      await again.close(); // the workspace's cleanup closes the first one again, which does nothing
    }
  });

  it('refuses a folder outside the dataset’s folder', async () => {
    const outside = join(space.dir, 'elsewhere');
    mkdirSync(outside);
    const reply = await space.workstation.dispatch('datasets.watch', { datasetId: space.steelId, folder: outside });
    expect(reply).toMatchObject({ ok: false, error: { code: 'bad_input' } });
    expect((await card(space.steelId))!.watchFolder).toBeNull();
  });
});

describe('datasets.rename and datasets.delete', () => {
  it('renames, then deletes the dataset with its watch; the other dataset stays', async () => {
    expect(await call<DatasetCard>(space.workstation, 'datasets.rename', { datasetId: space.steelId, name: 'line 3' })).toMatchObject({ id: space.steelId, name: 'line 3' });
    await call(space.workstation, 'datasets.watch', { datasetId: space.steelId, folder: space.steelFolder });
    expect(await call(space.workstation, 'datasets.delete', { datasetId: space.steelId })).toEqual({ datasetId: space.steelId, name: 'line 3', items: 3 });
    const left = await call<DatasetCard[]>(space.workstation, 'datasets.list');
    expect(left.map((d) => d.name)).toEqual(['ct']);
    expect((await call<JobView[]>(space.workstation, 'jobs.list')).filter((j) => j.kind === 'watch' && j.state === 'running')).toEqual([]);
  });
});
