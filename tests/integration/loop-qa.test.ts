// The QA dashboard over a real SQLite file in a temp folder, on hand-made datasets with planted predictions:
// only approved items count (flagged, in progress and unreviewed do not), the steel figures per class beside
// the all-empty prediction, the CT log loss beside both base rates, presence confusion, the worst items, and
// approvals and flags per annotator per calendar day in the workstation's time zone.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createServices, type Services } from '../../src/main/composition';
import type { Clock } from '../../src/main/services/clock';
import { tempDir } from '../helpers/fs';
import { ct, importCtQueueSet, importSteelQueueSet, plantCtPrediction, plantSteelPrediction } from '../helpers/loop';

let tmp: ReturnType<typeof tempDir>;
let services: Services;
let now = '2025-05-01T08:00:00.000Z';
const clock: Clock = { now: () => now };

beforeEach(() => {
  tmp = tempDir('loupe-qa-');
  now = '2025-05-01T08:00:00.000Z';
  services = createServices(join(tmp.dir, 'loupe.db'), clock);
});
afterEach(() => {
  services.close();
  tmp.cleanup();
});

const at = (time: string) => (now = time);

describe('steel QA', () => {
  let s: Awaited<ReturnType<typeof importSteelQueueSet>>;
  beforeEach(async () => {
    s = await importSteelQueueSet(services, tmp.dir);
    plantSteelPrediction(services, 'model:v1', { [s.s1]: {}, [s.s2]: { 1: '1 80' }, [s.s3]: {}, [s.s4]: { 2: '1 500' } });
    at('2025-05-01T10:00:00.000Z');
    services.labels.review(s.s1, 'approved', 'Ada');
    at('2025-05-01T23:30:00.000Z'); // 01:30 on 2 May in Berlin
    services.labels.review(s.s2, 'approved', 'Ada');
    at('2025-05-02T09:00:00.000Z');
    services.labels.review(s.s3, 'flagged', 'Ben', 'is that a scratch?');
  });

  it('counts only the approved strips and shows each class beside the empty prediction', () => {
    const qa = services.qa.summary('steel', { timeZone: 'Europe/Berlin' });
    expect(qa.progress).toEqual({ total: 4, counted: 2, byState: { unreviewed: 1, in_progress: 0, approved: 2, flagged: 1 } });
    expect(qa.models).toHaveLength(1);
    const m = qa.models[0];
    expect(m).toMatchObject({ version: 'v1', source: 'model:v1', active: false, items: 2, missing: 0, ct: null });
    const d2 = (2 * 80) / 180;
    const perClass = m.steel!.perClass;
    expect(perClass.map((c) => c.dice)).toEqual([expect.closeTo((1 + d2) / 2, 12), 1, 0.5, 1]);
    expect(perClass.map((c) => c.emptyBaseline)).toEqual([0.5, 1, 0.5, 1]);
    expect(perClass.map((c) => c.labelled)).toEqual([1, 0, 1, 0]);
    expect(perClass.map((c) => c.confusion)).toEqual([
      { tp: 1, fp: 0, fn: 0, tn: 1 },
      { tp: 0, fp: 0, fn: 0, tn: 2 },
      { tp: 0, fp: 0, fn: 1, tn: 1 },
      { tp: 0, fp: 0, fn: 0, tn: 2 },
    ]);
    expect(m.steel!.dice).toBeCloseTo(((1 + d2) / 2 + 1 + 0.5 + 1) / 4, 12);
    expect(m.steel!.emptyBaseline).toBe(0.75);
    expect(m.worst).toEqual([
      { itemId: s.s1, key: 's1.jpg', score: 0.25, reason: 'class 3: model 0 px, label 5,253 px (Dice 0.0000)' },
      { itemId: s.s2, key: 's2.jpg', score: expect.closeTo((1 - d2) / 4, 12), reason: expect.stringMatching(/^class 1: model 80 px, label 100 px/) },
    ]);
  });

  it('counts approvals and flags per annotator per calendar day of the time zone asked for', () => {
    const berlin = services.qa.summary('steel', { timeZone: 'Europe/Berlin' });
    expect(berlin.timeZone).toBe('Europe/Berlin');
    expect(berlin.throughput.rows).toEqual([
      { author: 'Ada', day: '2025-05-01', approved: 1, flagged: 0 },
      { author: 'Ada', day: '2025-05-02', approved: 1, flagged: 0 },
      { author: 'Ben', day: '2025-05-02', approved: 0, flagged: 1 },
    ]);
    expect(berlin.throughput.authors).toEqual([
      { author: 'Ada', approved: 2, flagged: 0, days: 2 },
      { author: 'Ben', approved: 0, flagged: 1, days: 1 },
    ]);
    expect(berlin.overTime).toEqual({
      days: ['2025-05-01', '2025-05-02'],
      reviewed: [1, 3],
      perAuthor: [
        { author: 'Ada', reviews: [1, 2] },
        { author: 'Ben', reviews: [0, 1] },
      ],
    });
    const utc = services.qa.summary('steel', { timeZone: 'UTC' });
    expect(utc.throughput.rows[0]).toEqual({ author: 'Ada', day: '2025-05-01', approved: 2, flagged: 0 });
  });

  it('stops counting a strip edited after approval until it is approved again', () => {
    at('2025-05-03T09:00:00.000Z');
    services.labels.saveHuman(s.s1, [{ classId: 3, payload: '' }], 'Ada');
    expect(services.qa.summary('steel').progress).toMatchObject({ counted: 1, byState: { approved: 1, in_progress: 1 } });
    services.labels.review(s.s1, 'approved', 'Ada');
    const qa = services.qa.summary('steel');
    expect(qa.progress.counted).toBe(2);
    // The person's label now says class 3 is clean, as the model did.
    expect(qa.models[0].steel!.perClass[2]).toMatchObject({ dice: 1, emptyBaseline: 1, labelled: 0 });
  });

  it('lists every version that predicted counted strips, the active one first, and one version when asked', () => {
    plantSteelPrediction(services, 'model:v2', { [s.s1]: { 3: '10001 5253' } });
    const qa = services.qa.summary('steel');
    expect(qa.models.map((m) => [m.version, m.items, m.missing])).toEqual([['v2', 1, 1], ['v1', 2, 0]]);
    expect(qa.models[0].steel!.dice).toBe(1);
    expect(services.qa.summary('steel', { model: 'v1' }).models.map((m) => m.version)).toEqual(['v1']);
    expect(() => services.qa.summary('steel', { model: 'v7' })).toThrow('model v7 has not predicted dataset "steel"');
  });
});

describe('CT QA', () => {
  it('shows the weighted log loss beside the set’s base rate and RSNA’s, on approved slices only', async () => {
    const k = await importCtQueueSet(services, tmp.dir);
    plantCtPrediction(services, 'model:c1', { [k.k1]: ct(0.05), [k.k2]: ct(0.9), [k.k3]: ct(0.02), [k.k4]: ct(0.1), [k.k5]: ct(0.5) });
    services.labels.review(k.k2, 'approved', 'Ada');
    services.labels.review(k.k3, 'approved', 'Ada');
    services.labels.review(k.k4, 'in_progress', 'Ada');
    const qa = services.qa.summary('ct', { timeZone: 'UTC' });
    expect(qa.progress).toMatchObject({ total: 5, counted: 2 });
    const m = qa.models[0].ct!;
    const subdural = (-Math.log(0.9) - Math.log(0.02)) / 2;
    const rest = -Math.log(0.99);
    expect(m.logLoss).toBeCloseTo((4 * rest + subdural + 2 * subdural) / 7, 5);
    expect(m.perLabel.map((l) => l.label)).toEqual(['epidural', 'intraparenchymal', 'intraventricular', 'subarachnoid', 'subdural', 'any']);
    expect(m.perLabel.map((l) => l.prevalence)).toEqual([0, 0, 0, 0, 1, 1]);
    expect(m.baseRateLogLoss).toBeLessThan(1e-12);
    const rsna = [0.004, 0.048, 0.035, 0.048, 0.063, 0.144];
    const rsnaLoss = rsna.map((p, j) => (j >= 4 ? -Math.log(p) : -Math.log(1 - p)));
    expect(m.rsnaBaseRateLogLoss).toBeCloseTo((rsnaLoss.slice(0, 5).reduce((a, b) => a + b) + 2 * rsnaLoss[5]) / 7, 10);
    expect(m.perLabel[4]).toMatchObject({ rsnaBaseRate: 0.063, confusion: { tp: 1, fp: 0, fn: 1, tn: 0 } });
    expect(qa.models[0].worst[0]).toMatchObject({ itemId: k.k3, key: 'ID_k3', reason: 'any: model 0.02, label yes' });
  });
});
