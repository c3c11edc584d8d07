// Review queues over a real SQLite file in a temp folder, with predictions planted as pre-annotation writes
// them: a planted disagreement ranks first with its reason (steel and CT), uncertainty ranks a map full of
// 0.5 above a confident one and scores unlabelled items, random repeats per seed and differs between seeds,
// ensemble ranks the item two versions disagree on first; the sorted item list pages, locates, filters and
// follows a save; queue.next walks the sorted list.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createServices, type Services } from '../../src/main/composition';
import { createApiHandlers } from '../../src/main/api/handlers';
import { WatchKeeper } from '../../src/main/api/watch-keeper';
import { EventHub } from '../../src/main/api/events';
import { tempDir } from '../helpers/fs';
import { ct, importCtQueueSet, importSteelQueueSet, plantCtPrediction, plantSteelMaps, plantSteelPrediction } from '../helpers/loop';

let tmp: ReturnType<typeof tempDir>;
let services: Services;

beforeEach(() => {
  tmp = tempDir('loupe-queue-');
  services = createServices(join(tmp.dir, 'loupe.db'));
});
afterEach(() => {
  services.close();
  tmp.cleanup();
});

const keysOf = (rows: { key: string }[]) => rows.map((r) => r.key.replace(/^ID_|\.jpg$/g, ''));

describe('steel queues', () => {
  let s: Awaited<ReturnType<typeof importSteelQueueSet>>;
  beforeEach(async () => {
    s = await importSteelQueueSet(services, tmp.dir);
    // v1: misses s1's class 3, nearly finds s2's class 1, agrees that s3 is clean, and paints s4 (no label).
    plantSteelPrediction(services, 'model:v1', { [s.s1]: {}, [s.s2]: { 1: '1 80' }, [s.s3]: {}, [s.s4]: { 2: '1 500' } });
  });

  it('ranks the planted disagreement first, with the reason in pixels, and unlabelled strips last', async () => {
    const view = await services.queue.queue('steel', { by: 'disagreement' });
    expect(view.order).toEqual({ by: 'disagreement', model: 'v1', against: null, seed: null });
    expect(keysOf(view.rows)).toEqual(['s1', 's2', 's3', 's4']);
    expect(view.rows[0]).toMatchObject({ rank: 1, score: 0.25, reason: 'class 3: model 0 px, label 5,253 px (Dice 0.0000)' });
    expect(view.rows[1].score).toBeCloseTo((1 - (2 * 80) / 180) / 4, 10);
    expect(view.rows[2]).toMatchObject({ score: 0, reason: 'model and label agree on all 4 classes' });
    expect(view.rows[3]).toMatchObject({ score: null, reason: 'no label yet to compare the model with' });
    expect([view.total, view.scored]).toEqual([4, 3]);
  });

  it('scores the active version by default, else the newest that predicted the dataset', async () => {
    plantSteelPrediction(services, 'model:v2', { [s.s1]: { 3: '10001 5253' }, [s.s2]: {}, [s.s3]: {}, [s.s4]: {} });
    expect((await services.queue.queue('steel', { by: 'disagreement' })).order.model).toBe('v2');
    expect((await services.queue.queue('steel', { by: 'disagreement', model: 'v1' })).rows[0].key).toBe('s1.jpg');
    await expect(services.queue.queue('steel', { by: 'disagreement', model: 'v9' })).rejects.toThrow('model v9 has not predicted dataset "steel"');
  });

  it('ranks a probability map full of 0.5 above a confident one, on an unlabelled strip too', async () => {
    // s4 (no label): class 1 everywhere at 0.5; s1: class 3 certain on a block, the rest certain nothing.
    plantSteelMaps(services, 'model:v1', s.s4, [128, 0, 0, 0]);
    plantSteelMaps(services, 'model:v1', s.s1, [0, 0, (x, y) => (x >= 20 && x < 60 && y >= 4 && y < 20 ? 255 : 0), 0]);
    plantSteelMaps(services, 'model:v1', s.s3, [0, 0, 0, 0]);
    const view = await services.queue.queue('steel', { by: 'uncertainty' });
    expect(keysOf(view.rows)).toEqual(['s4', 's1', 's3', 's2']);
    expect(view.rows[0].score!).toBeGreaterThan(0.1);
    expect(view.rows[0].reason).toMatch(/^class 1: expected Dice 0\.\d{4} \(presence 0\.50; model 409,600 px, expected 205,\d{3} px\)$/);
    expect(view.rows[1].score!).toBeLessThan(view.rows[0].score! / 10);
    expect(view.rows[2].score).toBe(0);
    expect(view.rows[3]).toMatchObject({ score: null, reason: 'no probability maps from v1' });
  });

  it('repeats a random order for a seed and changes it with the seed', async () => {
    const order = async (seed: number) => keysOf((await services.queue.queue('steel', { by: 'random', seed })).rows);
    const first = await order(1);
    expect(await order(1)).toEqual(first);
    expect(await order(2)).not.toEqual(first);
    expect([...first].sort()).toEqual(['s1', 's2', 's3', 's4']);
    expect((await services.queue.queue('steel', { by: 'random', seed: 1 })).rows[0].reason).toBe('random order (seed 1)');
  });

  it('ranks first the strip two versions disagree on most, the parent by default', async () => {
    plantSteelPrediction(services, 'model:v2', { [s.s1]: {}, [s.s2]: { 1: '1 80' }, [s.s3]: { 4: '1 20000' }, [s.s4]: { 2: '1 500' } });
    const view = await services.queue.queue('steel', { by: 'ensemble' });
    expect(view.order).toMatchObject({ model: 'v2', against: 'v1' });
    expect(view.rows[0]).toMatchObject({ key: 's3.jpg', score: 0.25, reason: 'class 4: v2 20,000 px, v1 0 px (Dice 0.0000)' });
    expect(view.rows.slice(1).map((r) => r.score)).toEqual([0, 0, 0]);
  });

  it('refuses an ensemble with one version only', async () => {
    await expect(services.queue.queue('steel', { by: 'ensemble' })).rejects.toThrow(/only v1 has predicted dataset "steel"/);
  });

  it('sorts the item list, keeps the filters with the order, and follows a person’s save', async () => {
    const events = new EventHub();
    const handlers = createApiHandlers({ services, events, shell: 'browser', database: 'test', runImport: async () => { throw new Error('no imports here'); }, watches: new WatchKeeper(services, events) });
    const datasetId = services.datasets.get('steel').id;
    const order = { by: 'disagreement' as const };
    const page = await handlers['items.page']({ datasetId, offset: 0, limit: 10, filter: {}, order });
    expect(keysOf(page.rows)).toEqual(['s1', 's2', 's3', 's4']);
    expect(page.order).toEqual({ by: 'disagreement', model: 'v1', against: null, seed: null });
    expect(page.rows[0].queue).toEqual({ score: 0.25, reason: 'class 3: model 0 px, label 5,253 px (Dice 0.0000)' });
    expect(page.rows.map((r) => r.index)).toEqual([0, 1, 2, 3]);

    const second = await handlers['items.page']({ datasetId, offset: 1, limit: 2, filter: {}, order });
    expect(keysOf(second.rows)).toEqual(['s2', 's3']);
    const filtered = await handlers['items.page']({ datasetId, offset: 0, limit: 10, filter: { label: 'none' }, order });
    expect(keysOf(filtered.rows)).toEqual(['s3']);
    expect(await handlers['items.locate']({ itemId: s.s2, filter: {}, order })).toEqual({ datasetId, index: 1, total: 4 });
    expect(await handlers['items.locate']({ itemId: s.s2, filter: {}, order: { by: 'order' } })).toEqual({ datasetId, index: 1, total: 4 });

    // The person draws s1's class 3 as the model saw it (nothing): s1 now agrees and leaves the top.
    services.labels.saveHuman(s.s1, [{ classId: 3, payload: '' }], 'Ada');
    const after = await handlers['items.page']({ datasetId, offset: 0, limit: 10, filter: {}, order });
    expect(keysOf(after.rows)).toEqual(['s2', 's1', 's3', 's4']);
    expect(after.rows[1].queue!.reason).toBe('model and label agree on all 4 classes');
  });

  it('walks the sorted list with queue.next, wrapping, and skipping reviewed items', async () => {
    const events = new EventHub();
    const handlers = createApiHandlers({ services, events, shell: 'browser', database: 'test', runImport: async () => { throw new Error('no imports here'); }, watches: new WatchKeeper(services, events) });
    const datasetId = services.datasets.get('steel').id;
    const order = { by: 'disagreement' as const };
    const next = (itemId: number, direction: 'next' | 'previous', unreviewedOnly = true) => handlers['queue.next']({ datasetId, itemId, order, direction, unreviewedOnly });
    expect(await next(s.s1, 'next')).toEqual({ itemId: s.s2, wrapped: false });
    expect(await next(s.s1, 'previous')).toEqual({ itemId: s.s4, wrapped: true });
    services.labels.review(s.s2, 'approved', 'Ada');
    expect(await next(s.s1, 'next')).toEqual({ itemId: s.s3, wrapped: false });
    expect(await next(s.s1, 'next', false)).toEqual({ itemId: s.s2, wrapped: false });
    expect(await next(s.s4, 'next')).toEqual({ itemId: s.s1, wrapped: true });
    // Without an order it walks the dataset order.
    expect(await handlers['queue.next']({ datasetId, itemId: s.s1, direction: 'next', unreviewedOnly: true })).toEqual({ itemId: s.s3, wrapped: false });
  });
});

describe('CT queues', () => {
  let k: Awaited<ReturnType<typeof importCtQueueSet>>;
  beforeEach(async () => {
    k = await importCtQueueSet(services, tmp.dir);
  });

  it('ranks first the slice whose label has subdural where the model says 0.02', async () => {
    plantCtPrediction(services, 'model:c1', { [k.k1]: ct(0.05), [k.k2]: ct(0.9), [k.k3]: ct(0.02), [k.k4]: ct(0.1), [k.k5]: ct(0.5) });
    const view = await services.queue.queue('ct', { by: 'disagreement' });
    expect(keysOf(view.rows)[0]).toBe('k3');
    expect(keysOf(view.rows)[4]).toBe('k5');
    expect(view.rows[0].reason).toBe('any: model 0.02, label yes');
    expect(view.rows[4]).toMatchObject({ score: null, reason: 'no label yet to compare the model with' });
  });

  it('ranks uncertain slices first, unlabelled ones included, and raises a slice its neighbours contradict', async () => {
    plantCtPrediction(services, 'model:c1', { [k.k1]: ct(0.01), [k.k2]: ct(0.01), [k.k3]: ct(0.97), [k.k4]: ct(0.01), [k.k5]: [0.49, 0.49, 0.49, 0.49, 0.49, 0.49] });
    const view = await services.queue.queue('ct', { by: 'uncertainty' });
    expect(keysOf(view.rows).slice(0, 2)).toEqual(['k3', 'k5']);
    expect(view.rows[0].reason).toMatch(/^subdural and any on this slice but on neither neighbour; /);
    expect(view.rows[1].score).toBeCloseTo(Math.log(2), 3);
    expect(view.rows[1].reason).toBe('any: model 0.49');
    expect(view.rows.slice(2).every((r) => r.score! < 0.1)).toBe(true);
  });

  it('ranks first the slice two versions disagree on', async () => {
    const same = { [k.k1]: ct(0.05), [k.k2]: ct(0.9), [k.k4]: ct(0.1), [k.k5]: ct(0.3) };
    plantCtPrediction(services, 'model:c1', { ...same, [k.k3]: ct(0.1) });
    plantCtPrediction(services, 'model:c2', { ...same, [k.k3]: ct(0.95) });
    const view = await services.queue.queue('ct', { by: 'ensemble', model: 'c2', against: 'c1' });
    expect(view.rows[0]).toMatchObject({ key: 'ID_k3' });
    expect(view.rows[0].reason).toMatch(/^any: c2 0\.95, c1 0\.10 \(difference 0\.\d{4}\)$/);
    expect(view.rows.slice(1).every((r) => r.score === 0)).toBe(true);
  });
});
