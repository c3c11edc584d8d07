// Model jobs off the main thread: a queue run in order, progress with ETA, cancel, memory back to its
// baseline after every job — on a small generated steel dataset and a generated head-CT series.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createServices, type Services } from '../../src/main/composition';
import type { ModelJobProgress } from '../../src/shared/ml/jobs';
import { parseCtPrediction } from '../../src/shared/ml/ct-prediction';
import { scoreRsna } from '../../src/main/services/metrics/score';
import { tempDir } from '../helpers/fs';
import { writeCsv, writeStrip } from '../helpers/severstal';
import { rsnaCsvLines } from '../helpers/rsna';
import { writeSmallCt } from '../helpers/small-ct';

let tmp: ReturnType<typeof tempDir>;
let services: Services;

beforeAll(async () => {
  tmp = tempDir('loupe-ml-jobs-');
  const strips = join(tmp.dir, 'strips');
  for (let i = 0; i < 4; i++) await writeStrip(strips, `s${i}.jpg`, { seed: i });
  const steelCsv = writeCsv(tmp.dir, 'train.csv', ['ImageId,ClassId,EncodedPixels', 's0.jpg,1,1000 40 1256 40', 's2.jpg,3,50000 200']);
  const ct = writeSmallCt(tmp.dir);
  const ctCsv = ct.labelsCsv;
  services = createServices(join(tmp.dir, 'loupe.db'));
  await services.importSeverstal({ imagesDir: strips, labelsCsv: steelCsv, name: 'strips' });
  await services.importRsna({ dicomDir: join(tmp.dir, 'ct'), labelsCsv: ctCsv, name: 'head' });
  const p1 = ct.keys.filter((k) => k.startsWith('ID_p1'));
  const partialCsv = writeCsv(tmp.dir, 'p1-only.csv', rsnaCsvLines(p1, ct.labels));
  await services.importRsna({ dicomDir: join(tmp.dir, 'ct'), labelsCsv: partialCsv, name: 'head-partial' });
}, 60_000);
afterAll(async () => {
  await services.modelJobs.close();
  services.close();
  tmp.cleanup();
});

describe('model jobs', () => {
  it('run queued jobs in order with progress and ETA, and every tensor is freed after each job', async () => {
    const seen: ModelJobProgress[] = [];
    const listener = (p: ModelJobProgress) => seen.push(p);
    services.modelJobs.on('progress', listener);
    const first = services.predictions.start('strips');
    const second = services.predictions.start('head');
    expect(services.modelJobs.jobs().map((j) => [j.jobId, j.state])).toEqual([[first.jobId, 'running'], [second.jobId, 'queued']]);
    const [steel, ct] = await Promise.all([first.result, second.result]);
    services.modelJobs.off('progress', listener);

    expect(steel).toMatchObject({ source: 'model:steel-starter', items: 4 });
    expect(ct).toMatchObject({ source: 'model:ct-starter', items: 6 });
    const finished = seen.filter((p) => p.state === 'done').map((p) => p.jobId);
    expect(finished).toEqual([first.jobId, second.jobId]);
    const running = seen.filter((p) => p.jobId === first.jobId && p.state === 'running' && p.done > 0);
    expect(running.at(-1)).toMatchObject({ phase: 'predicting', done: 4, total: 4 });
    expect(running.some((p) => p.etaSeconds !== null)).toBe(true);
    for (const job of [first.jobId, second.jobId]) {
      const tensors = services.modelJobs.tensorsOf(job)!;
      expect(tensors.after).toBe(tensors.before);
    }
    const row = services.db.prepare('SELECT state, progress FROM jobs WHERE id = ?').get(first.jobId);
    expect(row).toEqual({ state: 'done', progress: 1 });
    // The job service's view of the same job: one job model for every kind.
    expect(services.jobs.get(first.jobId)).toMatchObject({
      kind: 'predict',
      state: 'done',
      datasetId: services.datasets.get('strips').id,
      done: 4,
      total: 4,
      result: { source: 'model:steel-starter', items: 4 },
      error: null,
    });
  }, 120_000);

  it('CT predictions are six consistent probabilities that export as an RSNA CSV loupe score reads', async () => {
    const head = services.datasets.get('head');
    const probabilities = services.predictions.ctProbabilities('head', 'model:ct-starter');
    expect(probabilities.size).toBe(6);
    for (const p of probabilities.values()) expect(p[5]).toBeGreaterThanOrEqual(Math.max(...p.slice(0, 5)));
    // "current" labels (bit masks) are untouched by the model's JSON payloads.
    expect([...services.labels.labelsOf(head.id, 'current').values()].every((c) => /^\d+$/.test(c.get(0)!))).toBe(true);
    expect(parseCtPrediction(services.labels.labelsOf(head.id, 'model:ct-starter').values().next().value!.get(0)!)).toHaveLength(6);
    const pred = join(tmp.dir, 'ct-pred.csv');
    const truth = join(tmp.dir, 'ct-truth.csv');
    services.exports.export('head', { format: 'rsna', source: 'model:ct-starter', out: pred });
    services.exports.export('head', { format: 'rsna', source: 'truth', out: truth });
    const score = await scoreRsna(truth, pred);
    expect(score.slices).toBe(6);
    expect(Number.isFinite(score.value)).toBe(true);
  });

  it('training on CT stores the new version beside its parent on the same grouped split, and memory returns to baseline', async () => {
    const handle = services.training.start('head', { epochs: 2, activate: 'never', seed: 3 });
    const report = await handle.result;
    expect(report).toMatchObject({ version: 'ct-1', parent: 'ct-starter', activated: false, validatedOn: 3, trainedOn: 3, metricName: 'weighted log loss' });
    expect(report.epochs).toHaveLength(2);
    const model = services.models.get('ct-1');
    expect(model.metrics.validation).toMatchObject({ parentVersion: 'ct-starter', parentValue: report.parentMetric, value: report.metric });
    expect(model.trainingSnapshot).toMatchObject({ split: { seed: 3, share: 0.2, groupedBy: 'patient' }, labelRevisions: { count: 6 } });
    expect(services.models.active('ct')?.version).toBe('ct-starter');
    // The job is done only once the version is registered, with the live curves kept beside the outcome.
    expect(services.jobs.get(handle.jobId)).toMatchObject({ kind: 'train', state: 'done', epochs: report.epochs, result: { version: 'ct-1', parent: 'ct-starter', activated: false } });
    const tensors = services.modelJobs.tensorsOf(handle.jobId)!;
    expect(tensors.after).toBe(tensors.before);
  }, 120_000);

  it('a cancelled training leaves no version, no folder and the registry as it was', async () => {
    const modelsBefore = JSON.stringify(services.models.list());
    let cancelled = false;
    const handle = services.training.start('strips', {
      epochs: 50,
      onProgress: (p) => {
        if (!cancelled && p.phase.startsWith('epoch')) {
          cancelled = true;
          handle.cancel();
        }
      },
    });
    await expect(handle.result).rejects.toThrow(/cancelled/);
    expect(JSON.stringify(services.models.list())).toBe(modelsBefore);
    expect(existsSync(services.models.folderFor('steel-1'))).toBe(false);
    expect(services.db.prepare('SELECT state FROM jobs WHERE id = ?').pluck().get(handle.jobId)).toBe('cancelled');
    expect(services.jobs.get(handle.jobId)).toMatchObject({ state: 'cancelled', result: null, error: { code: 'cancelled' } });
    const tensors = services.modelJobs.tensorsOf(handle.jobId)!;
    expect(tensors.after).toBe(tensors.before);
  }, 120_000);
});

describe('pseudo-labels', () => {
  it("train on the parent's confident predictions for unlabelled, unreviewed slices", async () => {
    await services.predictions.predict('head-partial');
    const dataset = services.datasets.get('head-partial');
    const labelled = services.labels.labelsOf(dataset.id, 'current');
    const probabilities = services.predictions.ctProbabilities('head-partial', 'model:ct-starter');
    const unlabelled = services.datasets.items(dataset.id).filter((i) => !labelled.has(i.id));
    expect(unlabelled).toHaveLength(3);
    const confident = unlabelled.filter((i) => probabilities.get(i.id)!.every((p) => p >= 0.55 || p <= 0.45)).length;
    expect(confident).toBeGreaterThan(0);
    const report = await services.training.train('head-partial', { epochs: 1, pseudo: 0.55 });
    expect(report).toMatchObject({ trainedOn: 3, pseudoLabelled: confident, validatedOn: 0, pseudo: { candidates: 3, taken: confident, threshold: 0.55 } });
    expect(report).toMatchObject({ activated: false, activation: expect.stringMatching(/no validation set yet \(it needs reviewed items of at least two patients\)/) });
  }, 120_000);
});

describe('after a training run', () => {
  it('the next prediction uses the new active version', async () => {
    const trained = await services.training.train('strips', { epochs: 1, activate: 'always' });
    expect(trained).toMatchObject({ parent: 'steel-starter', activated: true });
    expect(services.models.active('steel')?.version).toBe(trained.version);
    const report = await services.predictions.predict('strips');
    expect(report).toMatchObject({ source: `model:${trained.version}`, versions: [trained.version], items: 4 });
    expect(services.predictions.sources('strips')).toEqual(['model:steel-starter', `model:${trained.version}`]);
    const maps = services.predictions.probabilityMaps(services.datasets.items(services.datasets.get('strips').id)[0].id, report.source);
    expect(maps.map((m) => m.classId)).toEqual([1, 2, 3, 4]);
    expect(maps[0].data.length).toBe(maps[0].width * maps[0].height);
  }, 120_000);
});
