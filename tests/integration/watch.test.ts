// A watched folder on a real SQLite file, driven poll by poll (no sleeps): a strip written slowly in two halves
// is added once, after it is complete; one that never completes is never added; the new items are handed to the
// active model for pre-annotation, and the watch job ends as done with what it brought in when it is stopped.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServices, type Services } from '../../src/main/composition';
import { FolderWatch, type WatchBatch } from '../../src/main/services/imports/folder-watch';
import { folderInside } from '../../src/main/services/imports/batch-common';
import { WatchService } from '../../src/main/services/imports/watches';
import type { ModelService } from '../../src/main/services/models/models';
import type { PredictService } from '../../src/main/services/models/predict';
import { tempDir } from '../helpers/fs';
import { writeStrip } from '../helpers/severstal';

let tmp: ReturnType<typeof tempDir>;
let services: Services;
let root: string;
let datasetId: number;
/** A whole strip's bytes, written elsewhere, to be copied into the watched folder piece by piece. */
let strip: Buffer;

beforeEach(async () => {
  tmp = tempDir();
  root = join(tmp.dir, 'camera');
  services = createServices(join(tmp.dir, 'loupe.db'));
  await writeStrip(root, 'first.jpg', { seed: 1 });
  ({ datasetId } = await services.importSeverstal({ imagesDir: root, name: 'line' }));
  await writeStrip(join(tmp.dir, 'made'), 'next.png', { seed: 7 });
  strip = readFileSync(join(tmp.dir, 'made', 'next.png'));
});
afterEach(() => {
  services.close();
  tmp.cleanup();
});

function folderWatch(problems: string[] = []): FolderWatch {
  const dataset = services.datasets.get(datasetId);
  return new FolderWatch({
    dataset,
    dir: root,
    prefix: folderInside(dataset, root),
    add: async (files) => services.addItems({ dataset: datasetId, dir: root, files, verify: true }),
    knownPaths: () => services.datasets.items(datasetId).map((i) => i.path),
    onProblem: (message) => problems.push(message),
  });
}

const keys = () => services.datasets.items(datasetId).map((i) => i.key);

describe('a watched folder', () => {
  it('adds a strip written in two halves once, after it is complete, and never reads the dataset’s own files again', async () => {
    const problems: string[] = [];
    const watch = folderWatch(problems);
    const file = join(root, 'next.jpg');
    writeFileSync(file, strip.subarray(0, strip.length >> 1));
    expect(await watch.poll()).toEqual([]); // seen for the first time
    expect(await watch.poll()).toEqual([]); // the same size twice, but it does not decode yet
    expect(keys()).toEqual(['first.jpg']);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(file);
    expect(await watch.poll()).toEqual([]); // said once, not at every poll

    appendFileSync(file, strip.subarray(strip.length >> 1));
    expect(await watch.poll()).toEqual([]); // it grew: wait for it to settle
    const batches: WatchBatch[] = await watch.poll();
    expect(batches).toHaveLength(1);
    expect(batches[0].report).toMatchObject({ added: true, items: 1, unchanged: [] });
    expect(keys()).toEqual(['first.jpg', 'next.jpg']);
    expect(services.datasets.item(batches[0].itemIds[0]).key).toBe('next.jpg');

    for (let i = 0; i < 3; i++) expect(await watch.poll()).toEqual([]);
    expect(keys()).toEqual(['first.jpg', 'next.jpg']);
    expect(problems).toHaveLength(1);
  });

  it('never adds a strip that never completes, nor an empty file', async () => {
    const watch = folderWatch();
    writeFileSync(join(root, 'stuck.jpg'), strip.subarray(0, 1000));
    writeFileSync(join(root, 'empty.jpg'), '');
    for (let i = 0; i < 5; i++) expect(await watch.poll()).toEqual([]);
    expect(keys()).toEqual(['first.jpg']);
    rmSync(join(root, 'stuck.jpg'));
    expect(await watch.poll()).toEqual([]);
  });

  it('adds files that arrived together in one batch', async () => {
    const watch = folderWatch();
    writeFileSync(join(root, 'a2.jpg'), strip);
    writeFileSync(join(root, 'b2.png'), readFileSync(join(root, 'first.jpg'))); // the first strip again, under another id
    await watch.poll();
    const [batch] = await watch.poll();
    expect(batch.report.items).toBe(2);
    expect(keys()).toEqual(['a2.jpg', 'b2.png', 'first.jpg']);
  });
});

describe('the watch job', () => {
  it('runs until stopped, hands each batch to the active model, and ends as done with what it brought in', async () => {
    const predicted: { datasetId: number; model?: string; itemIds?: readonly number[] }[] = [];
    const models = { active: () => ({ version: 'steel-9' }) } as unknown as ModelService;
    const predictions = {
      start: (id: number, options: { model?: string; itemIds?: readonly number[] }) => {
        predicted.push({ datasetId: id, ...options });
        return { result: Promise.resolve() };
      },
    } as unknown as PredictService;
    const watches = new WatchService(services.db, services.datasets, models, predictions, services.jobs, () => 'tester', (o) => services.addItems(o));
    let polls = 0;
    const waiting: (() => void)[] = [];
    const lines: string[] = [];
    const handle = watches.start(datasetId, root, {
      onBatch: (batch, model) => lines.push(`${batch.report.items} by ${model}`),
      // Each wait is one step the test takes: it writes the file in halves between polls.
      wait: () =>
        new Promise<void>((resolve) => {
          polls++;
          if (polls === 1) writeFileSync(join(root, 'next.jpg'), strip.subarray(0, 500));
          if (polls === 2) appendFileSync(join(root, 'next.jpg'), strip.subarray(500));
          if (polls >= 5) waiting.push(resolve);
          else resolve();
        }),
    });
    await expect.poll(() => waiting.length).toBe(1);
    expect(lines).toEqual(['1 by steel-9']);
    const added = services.datasets.items(datasetId).find((i) => i.key === 'next.jpg')!;
    expect(predicted).toEqual([{ datasetId, model: 'steel-9', itemIds: [added.id] }]);
    expect(handle.view()).toMatchObject({ kind: 'watch', state: 'running', done: 1 });

    handle.cancel();
    waiting[0]();
    const outcome = await handle.result;
    expect(outcome).toEqual({ folder: root, batches: 1, added: 1, unchanged: 0, preannotated: 1 });
    expect(services.jobs.get(handle.jobId)).toMatchObject({ state: 'done', result: outcome, datasetId });
  });

  it('refuses a folder outside the dataset’s folder before it starts', () => {
    const models = { active: () => null } as unknown as ModelService;
    const watches = new WatchService(services.db, services.datasets, models, {} as PredictService, services.jobs, () => 'tester', (o) => services.addItems(o));
    expect(() => watches.start(datasetId, tmp.dir)).toThrow(/is not inside the folder of dataset "line"/);
  });
});
