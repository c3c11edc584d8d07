// Items a page at a time with filters, deep-link lookup, reviews and labels signed by the settings' name,
// folder browsing, and imports as jobs with progress events.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userInfo } from 'node:os';
import type { ItemLocation, ItemPage, JobView, LabelRevisionView, Settings, FolderListing } from '../../shared/api/types';
import { call, openTestWorkspace, type TestWorkspace } from '../../../tests/helpers/workspace';

let space: TestWorkspace;
beforeAll(async () => {
  space = await openTestWorkspace();
});
afterAll(async () => space?.cleanup());

const page = (datasetId: number, filter: object = {}, offset = 0, limit = 100) =>
  call<ItemPage>(space.workstation, 'items.page', { datasetId, offset, limit, filter });
const keys = (p: ItemPage) => p.rows.map((r) => r.key);

describe('items.page', () => {
  it('lists steel strips in order with their present classes and areas', async () => {
    const all = await page(space.steelId);
    expect(all.total).toBe(3);
    expect(all.rows.map((r) => [r.key, r.labels, r.areas, r.index])).toEqual([
      ['s1.jpg', ['1'], { 1: 150 }, 0],
      ['s2.jpg', ['3'], { 3: 300 }, 1],
      ['s3.jpg', [], {}, 2],
    ]);
  });

  it('lists CT slices in series order with their labels', async () => {
    const all = await page(space.ctId);
    expect(all.rows.map((r) => [r.key, r.labels, r.position])).toEqual([
      ['ID_k1', [], 0],
      ['ID_k2', ['subdural', 'any'], 5],
      ['ID_k3', ['epidural', 'subdural', 'any'], 10],
    ]);
  });

  it('pages: offset and limit slice the filtered list and total counts all of it', async () => {
    const second = await page(space.ctId, {}, 1, 1);
    expect([second.total, second.offset, keys(second)]).toEqual([3, 1, ['ID_k2']]);
    expect(keys(await page(space.ctId, {}, 3, 10))).toEqual([]);
  });

  it('filters by class, label, no label and id', async () => {
    expect(keys(await page(space.steelId, { label: '1' }))).toEqual(['s1.jpg']);
    expect(keys(await page(space.steelId, { label: 'none' }))).toEqual(['s3.jpg']);
    expect(keys(await page(space.ctId, { label: 'any' }))).toEqual(['ID_k2', 'ID_k3']);
    expect(keys(await page(space.ctId, { label: 'epidural' }))).toEqual(['ID_k3']);
    expect(keys(await page(space.ctId, { label: 'none' }))).toEqual(['ID_k1']);
    expect(keys(await page(space.steelId, { key: 'S2' }))).toEqual(['s2.jpg']);
    expect(keys(await page(space.steelId, { key: '%' }))).toEqual([]);
  });
});

describe('reviews and labels', () => {
  it('filters by review state and finds an item in a filtered list (deep links)', async () => {
    const k2 = (await page(space.ctId)).rows[1];
    await call(space.workstation, 'reviews.set', { itemId: k2.id, state: 'approved' });
    const approved = await page(space.ctId, { review: ['approved'] });
    expect(keys(approved)).toEqual(['ID_k2']);
    expect(approved.rows[0].review).toBe('approved');
    expect(keys(await page(space.ctId, { review: ['unreviewed'] }))).toEqual(['ID_k1', 'ID_k3']);
    const k3 = (await page(space.ctId)).rows[2];
    expect(await call<ItemLocation>(space.workstation, 'items.locate', { itemId: k3.id })).toEqual({ datasetId: space.ctId, index: 2, total: 3 });
    expect(await call<ItemLocation>(space.workstation, 'items.locate', { itemId: k3.id, filter: { review: ['approved'] } })).toMatchObject({ index: null, total: 1 });
  });

  it('signs revisions with the settings name (the OS user until the person names themself)', async () => {
    const settings = await call<Settings>(space.workstation, 'settings.get');
    expect(settings).toEqual({ userName: userInfo().username, userNameConfirmed: false, defaultUserName: userInfo().username });
    expect(await call<Settings>(space.workstation, 'settings.setUserName', { name: '  Ada Inspector ' })).toMatchObject({ userName: 'Ada Inspector', userNameConfirmed: true });
    const s3 = (await page(space.steelId)).rows[2];
    await call(space.workstation, 'labels.save', { itemId: s3.id, classes: [{ classId: 2, payload: '300 20' }] });
    const history = await call<LabelRevisionView[]>(space.workstation, 'labels.history', { itemId: s3.id });
    expect(history.at(-1)).toMatchObject({ classId: 2, source: 'human', author: 'Ada Inspector', payload: '300 20' });
    expect(keys(await page(space.steelId, { label: '2' }))).toEqual(['s3.jpg']); // the filtered list follows the new label
    const detail = await call<{ labels: { classId: number; author: string; source: string }[] }>(space.workstation, 'items.get', { itemId: s3.id });
    expect(detail.labels.find((l) => l.classId === 2)).toMatchObject({ author: 'Ada Inspector', source: 'human' });
  });

  it('refuses labels of the wrong shape for the dataset', async () => {
    const s1 = (await page(space.steelId)).rows[0];
    expect(await space.workstation.dispatch('labels.save', { itemId: s1.id, classes: [{ classId: 0, payload: '3' }] })).toMatchObject({ ok: false, error: { code: 'bad_input' } });
  });
});

describe('folders and imports', () => {
  it('lists the host folders, only folders and CSV files when asked', async () => {
    const listing = await call<FolderListing>(space.workstation, 'folders.list', { path: space.dir, show: 'csv' });
    expect(listing.entries.map((e) => [e.name, e.kind])).toEqual([
      ['ct', 'folder'],
      ['renderer', 'folder'],
      ['steel', 'folder'],
      ['ct.csv', 'file'],
    ].filter(([name]) => name !== 'renderer' || listing.entries.some((e) => e.name === 'renderer')));
    expect(await space.workstation.dispatch('folders.list', { path: `${space.dir}/nope` })).toMatchObject({ ok: false, error: { code: 'bad_input' } });
  });

  it('has no native picker in the browser host', async () => {
    expect(await space.workstation.dispatch('folders.pick', { purpose: 'folder' })).toMatchObject({ ok: false, error: { code: 'bad_input' } });
  });

  it('imports a folder as a job that reports progress and announces the new dataset', async () => {
    const seen: JobView<'import'>[] = [];
    const changed: number[][] = [];
    let stop = () => {};
    const finished = new Promise<JobView<'import'>>((resolve) => {
      stop = space.workstation.events.subscribe((event, payload) => {
        if (event === 'datasets.changed') changed.push((payload as { datasetIds: number[] }).datasetIds);
        if (event !== 'job.updated') return;
        seen.push(payload as JobView<'import'>);
        if ((payload as JobView).state !== 'running') resolve(payload as JobView<'import'>);
      });
    });
    const job = await call<JobView<'import'>>(space.workstation, 'imports.start', { kind: 'severstal', folder: space.steelFolder, labelsCsv: space.steelCsv, name: 'steel again' });
    expect(job.state).toBe('running');
    const done = await finished;
    stop();
    expect(done).toMatchObject({ id: job.id, kind: 'import', state: 'done', datasetId: done.result!.datasetId, result: { name: 'steel again', items: 3, labelled: 3 } });
    expect(seen.some((j) => j.phase === 'writing')).toBe(true);
    expect(changed).toContainEqual([done.result!.datasetId]);
    expect((await call<{ name: string }[]>(space.workstation, 'datasets.list')).map((d) => d.name)).toContain('steel again');
    // The job is stored: its row gives the same view as the last event.
    expect(await call<JobView>(space.workstation, 'jobs.get', { jobId: job.id })).toEqual(done);
    expect((await call<JobView[]>(space.workstation, 'jobs.list')).map((j) => j.id)).toContain(job.id);
  });

  it('refuses an import of a missing folder at once, and a failing import ends as a failed job', async () => {
    expect(await space.workstation.dispatch('imports.start', { kind: 'rsna', folder: `${space.dir}/none` })).toMatchObject({ ok: false, error: { code: 'bad_input' } });
    // Listen first: the job can end before the reply that started it arrives.
    const ended = new Promise<JobView>((resolve) => {
      const stop = space.workstation.events.subscribe((event, payload) => {
        if (event === 'job.updated' && (payload as JobView).state !== 'running') {
          stop();
          resolve(payload as JobView);
        }
      });
    });
    const job = await call<JobView>(space.workstation, 'imports.start', { kind: 'severstal', folder: space.steelFolder, labelsCsv: space.steelCsv, name: 'steel' });
    expect(await ended).toMatchObject({ id: job.id, state: 'failed', error: { code: 'conflict' } });
  });
});

describe('the import worker', () => {
  it('runs an import on its own thread, reporting progress, and does not fall back', async () => {
    const { importOnWorker } = await import('./import-runner');
    const fallback = async () => {
      throw new Error('the import ran on the main thread');
    };
    const phases = new Set<string>();
    const result = await importOnWorker(space.workstation.database, fallback)(
      { kind: 'rsna', folder: space.ctFolder, labelsCsv: space.ctCsv, name: 'ct on a worker', author: 'worker test' },
      { signal: new AbortController().signal, report: (p) => p.phase && phases.add(p.phase) },
    );
    expect(result).toMatchObject({ name: 'ct on a worker', items: 3, labelled: 3 });
    expect(phases.has('writing')).toBe(true);
    const page = await call<ItemPage>(space.workstation, 'items.page', { datasetId: result.datasetId, offset: 0, limit: 10 });
    expect(page.rows.map((r) => r.key)).toEqual(['ID_k1', 'ID_k2', 'ID_k3']);
  });

  it('reports a failed import with its error code', async () => {
    const { importOnWorker } = await import('./import-runner');
    const run = importOnWorker(space.workstation.database, async () => {
      throw new Error('fallback');
    });
    await expect(run({ kind: 'rsna', folder: space.ctFolder, name: 'ct', author: 'x' }, { signal: new AbortController().signal, report: () => {} })).rejects.toMatchObject({ code: 'conflict' });
  });
});
