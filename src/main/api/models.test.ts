// The model requests over a real workstation: the registry view of a dataset's task, argument checks
// before any job starts, clear errors for what does not exist, and a training run that the workstation's
// closing stops and stores as cancelled.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODEL_EVENT_NAMES, MODEL_REQUEST_NAMES } from '../../shared/api/model-names';
import { EVENT_NAMES, REQUEST_NAMES } from '../../shared/api/names';
import type { JobView } from '../../shared/api/types';
import { openDatabase } from '../db/database';
import { openTestWorkspace, type TestWorkspace } from '../../../tests/helpers/workspace';
import { registerStarterCopy } from '../../../tests/helpers/planted-steel';
import { plantCtPrediction, plantSteelPrediction } from '../../../tests/helpers/loop';

let space: TestWorkspace;
beforeAll(async () => {
  space = await openTestWorkspace();
});
afterAll(async () => {
  await space?.cleanup();
});

describe('the model requests', () => {
  it('are part of the one contract, with their events', () => {
    for (const name of MODEL_REQUEST_NAMES) expect(REQUEST_NAMES).toContain(name);
    for (const name of MODEL_EVENT_NAMES) expect(EVENT_NAMES).toContain(name);
    for (const name of MODEL_REQUEST_NAMES) expect(typeof space.workstation.handlers[name], name).toBe('function');
  });

  it('list the registry of the dataset task, with the model a pre-annotation runs', async () => {
    const steel = await space.workstation.dispatch('models.list', { datasetId: space.steelId });
    expect(steel).toMatchObject({ ok: true, value: { datasetId: space.steelId, task: 'steel', predictsWith: expect.stringMatching(/^steel-/) } });
    const ct = await space.workstation.dispatch('models.list', { datasetId: space.ctId });
    expect(ct).toMatchObject({ ok: true, value: { task: 'ct' } });
    if (ct.ok) expect((ct.value as { versions: { task: string }[] }).versions.every((v) => v.task === 'ct')).toBe(true);
  });

  it('check their arguments before any job starts, and say what does not exist', async () => {
    expect(await space.workstation.dispatch('models.train', { datasetId: space.steelId, epochs: 0 })).toMatchObject({ ok: false, error: { code: 'bad_input' } });
    expect(await space.workstation.dispatch('models.train', { datasetId: space.steelId, epochs: 1, pseudo: 0.3 })).toMatchObject({ ok: false, error: { code: 'bad_input' } });
    expect(await space.workstation.dispatch('jobs.cancel', { jobId: 999 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await space.workstation.dispatch('models.activate', { version: 'no-such-version' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await space.workstation.dispatch('models.predict', { datasetId: 424242 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    // None of the refused requests left a job behind.
    expect(await space.workstation.dispatch('jobs.list', {})).toEqual({ ok: true, value: [] });
  });
});

describe("a second version's prediction of one item", () => {
  it('lists the versions that predicted the item, newest first, and gives a CT version its card thresholds', async () => {
    const services = space.workstation.services;
    const [slice, other] = services.datasets.items(space.ctId);
    const older = registerStarterCopy(services, space.dir, 'ct-ab-old', (card) => (card.thresholds = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]), 'ct-starter');
    const newer = registerStarterCopy(services, space.dir, 'ct-ab-new', () => {}, 'ct-starter');
    plantCtPrediction(services, `model:${older}`, { [slice.id]: [0.05, 0.25, 0.1, 0.9, 0.6, 0.9] });
    plantCtPrediction(services, `model:${newer}`, { [slice.id]: [0.5, 0.5, 0.5, 0.5, 0.5, 0.5] });
    const listed = await space.workstation.dispatch('models.predictedBy', { itemId: slice.id });
    expect(listed).toMatchObject({ ok: true, value: { itemId: slice.id } });
    if (listed.ok) expect((listed.value as { versions: string[] }).versions.filter((v) => v.startsWith('ct-ab-')).sort()).toEqual(['ct-ab-new', 'ct-ab-old']);
    expect(await space.workstation.dispatch('models.predictedBy', { itemId: other.id })).toEqual({ ok: true, value: { itemId: other.id, versions: [] } });
    expect(await space.workstation.dispatch('models.predictionOf', { itemId: slice.id, version: older })).toMatchObject({
      ok: true,
      value: { predicted: true, ct: [0.05, 0.25, 0.1, 0.9, 0.6, 0.9], thresholds: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6], steel: null },
    });
    expect(await space.workstation.dispatch('models.predictionOf', { itemId: other.id, version: older })).toMatchObject({ ok: true, value: { predicted: false, thresholds: null } });
  });

  it("lists only the steel versions of a strip's task", async () => {
    const services = space.workstation.services;
    const strip = services.datasets.items(space.steelId)[2];
    const version = registerStarterCopy(services, space.dir, 'steel-ab');
    plantSteelPrediction(services, `model:${version}`, { [strip.id]: { 2: '5 3' } });
    expect(await space.workstation.dispatch('models.predictedBy', { itemId: strip.id })).toEqual({ ok: true, value: { itemId: strip.id, versions: ['steel-ab'] } });
  });
});

describe('closing the workstation', () => {
  it('stops a running training run and stores it as cancelled', async () => {
    const own = await openTestWorkspace();
    const running = new Promise<void>((resolve) => {
      const stop = own.workstation.events.subscribe((event, payload) => {
        if (event === 'job.updated' && (payload as JobView).state === 'running') {
          stop();
          resolve();
        }
      });
    });
    const started = await own.workstation.dispatch('models.train', { datasetId: own.steelId, epochs: 50 });
    expect(started).toMatchObject({ ok: true, value: { kind: 'train', state: expect.stringMatching(/^(queued|running)$/), datasetId: own.steelId } });
    const jobId = (started as { value: JobView }).value.id;
    await running;
    await own.workstation.close(); // the model worker ends and the database closes
    const db = openDatabase(own.workstation.database);
    try {
      expect(db.prepare('SELECT state FROM jobs WHERE id = ?').pluck().get(jobId)).toBe('cancelled');
    } finally {
      db.close();
      await own.cleanup();
    }
  }, 60_000);
});

describe('averaged versions over the contract', () => {
  it('registers an average of the dataset task with its members in the version view, and refuses another task’s version by name', async () => {
    const services = space.workstation.services;
    const a = registerStarterCopy(services, space.dir, 'ct-avg-a', () => {}, 'ct-starter');
    const b = registerStarterCopy(services, space.dir, 'ct-avg-b', () => {}, 'ct-starter');
    const made = await space.workstation.dispatch('models.average', { datasetId: space.ctId, versions: [a, b], weights: [1, 3], tta: ['none', 'hflip'], name: 'ct-avg' });
    expect(made).toMatchObject({
      ok: true,
      value: { version: 'ct-avg', architecture: 'ensemble', members: [{ version: a, label: a, weight: 0.25, tta: 'none' }, { version: b, label: b, weight: 0.75, tta: 'hflip' }] },
    });
    const listed = await space.workstation.dispatch('models.list', { datasetId: space.ctId });
    if (listed.ok) expect((listed.value as { versions: { version: string; members: unknown[] }[] }).versions.find((v) => v.version === 'ct-avg')?.members).toHaveLength(2);
    const steel = registerStarterCopy(services, space.dir, 'steel-avg-x', () => {}, 'steel-starter');
    const mixed = await space.workstation.dispatch('models.average', { datasetId: space.ctId, versions: [a, steel], name: 'mixed' });
    expect(mixed).toMatchObject({ ok: false, error: { code: 'bad_input', message: `${steel} is a steel model; this dataset's ensembles average ct versions` } });
    const folds = await space.workstation.dispatch('models.train', { datasetId: space.ctId, epochs: 1, folds: 2, pseudo: 0.9 });
    expect(folds).toMatchObject({ ok: false, error: { code: 'bad_input', message: expect.stringMatching(/leave Pseudo-labels empty/) } });
    expect(await space.workstation.dispatch('models.train', { datasetId: space.ctId, epochs: 1, folds: 1 })).toMatchObject({ ok: false, error: { code: 'bad_input' } });
  });
});
