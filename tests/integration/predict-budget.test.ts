// A pre-annotation within a time budget, through the real service, store and predict job (the starter steel
// model, run in this process so that the job's clock can be injected): every prediction costs one second
// per view per strip on that clock. A run that stops at its deadline leaves what it finished written; the
// next run predicts only the strips it left; the one after that predicts everything again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createServices, type Services } from '../../src/main/composition';
import { PredictService } from '../../src/main/services/models/predict';
import { PredictionMapStore } from '../../src/main/services/models/predict-maps';
import type { ModelJobRunner } from '../../src/main/ml/jobs/model-job-runner';
import { runPredictJob } from '../../src/main/ml/worker/predict-job';
import { ttaViewCount } from '../../src/shared/ml/tta';
import { selectBackend } from '../../src/main/ml/backend/backend-chain';
import type { PredictJobSpec } from '../../src/main/ml/worker/protocol';
import { tempDir } from '../helpers/fs';
import { writeCsv, writeStrip } from '../helpers/severstal';

let tmp: ReturnType<typeof tempDir>;
let services: Services;
let predictions: PredictService;
let now = 0;

/** The model job runner's `run`, in this process, with the fake clock and two strips a batch. */
const inProcessRunner: Pick<ModelJobRunner, 'run'> = {
  run: async <T,>(spec: Parameters<ModelJobRunner['run']>[0], control: Parameters<ModelJobRunner['run']>[1], options: Parameters<ModelJobRunner['run']>[2] = {}) => {
    const result = await runPredictJob(
      { ...(spec as PredictJobSpec), batchSize: 2 },
      {
        jobId: control.jobId,
        progress: (p) => control.report({ phase: p.phase, done: p.done, total: p.total }),
        partial: (items) => options.onPartial?.(items),
        checkCancelled: () => undefined,
      },
      { clock: () => now, onPredicted: (items, tta) => (now += items * ttaViewCount(tta)) },
    );
    return result as T;
  },
};

const count = (sql: string, ...args: unknown[]) => services.db.prepare(sql).pluck().get(...args) as number;
const SOURCE = 'model:steel-starter';

beforeAll(async () => {
  await selectBackend({ startAt: 'wasm' }); // as the model worker does; the pure-JS cpu backend is far slower
  tmp = tempDir('loupe-predict-budget-');
  const strips = join(tmp.dir, 'strips');
  for (let i = 0; i < 6; i++) await writeStrip(strips, `s${i}.jpg`, { seed: i });
  const csv = writeCsv(tmp.dir, 'train.csv', ['ImageId,ClassId,EncodedPixels', 's0.jpg,1,1000 40']);
  services = createServices(join(tmp.dir, 'loupe.db'));
  await services.importSeverstal({ imagesDir: strips, labelsCsv: csv, name: 'strips' });
  const s = services;
  predictions = new PredictService(s.db, s.datasets, s.labels, s.models, s.modelFolders, new PredictionMapStore(s.db, s.clock), inProcessRunner as ModelJobRunner, s.jobs, () => 'tester');
}, 60_000);
afterAll(async () => {
  await services?.modelJobs.close();
  services?.close();
  tmp?.cleanup();
});

describe('a prediction with a time budget', () => {
  it('stops at the deadline with the finished strips written, and the next run predicts only the rest', async () => {
    const dataset = services.datasets.get('strips');
    const itemIds = services.datasets.items(dataset.id).map((i) => i.id);
    const predictedItems = () =>
      services.db.prepare('SELECT item_id AS id, COUNT(*) AS n FROM label_revisions WHERE source = ? GROUP BY item_id ORDER BY item_id').all(SOURCE) as { id: number; n: number }[];

    // 5 s: calibrating `none` on the first two strips takes 2 s, and the four left would need 4 s of the 3 s
    // left, so nothing fits: the cheapest plan runs, the second batch ends at 4 s, the third would end at 6 s.
    const first = await predictions.predict('strips', { tta: 'hflip', budgetSeconds: 5 });
    expect(first).toMatchObject({ items: 4, left: 2, stoppedBy: 'deadline', tta: 'none', resumed: false });
    expect(first.plan?.calibration.map((c) => c.tta)).toEqual(['none']);
    expect(first.plan?.chosen).toMatchObject({ tta: 'none', fits: false });
    expect(predictedItems()).toEqual(itemIds.slice(0, 4).map((id) => ({ id, n: 4 })));
    expect(count('SELECT COUNT(*) FROM prediction_maps WHERE source = ?', SOURCE)).toBe(16);
    expect(services.jobs.get(first.jobId)).toMatchObject({
      state: 'done',
      result: { tta: 'none', left: 2, items: 4, plan: expect.stringMatching(/^no TTA .*budget 5 s, does not fit/) },
    });

    // No budget now: the run continues the one that stopped, and predicts the two strips it left.
    const second = await predictions.predict('strips');
    expect(second).toMatchObject({ items: 2, left: 0, stoppedBy: null, resumed: true, tta: 'none', plan: null });
    expect(predictedItems()).toEqual(itemIds.map((id) => ({ id, n: 4 })));
    expect(services.jobs.get(second.jobId).title).toBe('Pre-annotate the 2 items left of strips with steel-starter');

    // That chain is complete: the next run predicts every strip again, here with flip TTA.
    const third = await predictions.predict('strips', { tta: 'hflip' });
    expect(third).toMatchObject({ items: 6, left: 0, resumed: false, tta: 'hflip' });
    expect(predictedItems()).toEqual(itemIds.map((id) => ({ id, n: 8 })));
  }, 120_000);

  it('a budget with room runs the richest plan it allows, and --all predicts every item after a stop', async () => {
    now = 0;
    // 40 s, up to flips: calibration 2 × (1 + 2 + 4) = 14 s; flips for the other four strips needs 16 s of the 26 s left.
    const roomy = await predictions.predict('strips', { tta: 'flips', budgetSeconds: 40 });
    expect(roomy).toMatchObject({ items: 6, left: 0, tta: 'flips' });
    expect(roomy.plan?.calibration.map((c) => c.secondsPerItem)).toEqual([1, 2, 4]);

    const stopped = await predictions.predict('strips', { tta: 'none', budgetSeconds: 3 });
    expect(stopped).toMatchObject({ items: 2, left: 4 });
    const all = await predictions.predict('strips', { all: true });
    expect(all).toMatchObject({ items: 6, resumed: false });
  }, 120_000);
});
