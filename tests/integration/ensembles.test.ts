// Ensemble versions in the registry, through the services and the real model worker, on generated head-CT series
// of five patients: an average of a built-in and an ONNX version predicts the weighted mean of their predictions
// (each through its own calibration and TTA set) and is compared, activated and rolled back like any version;
// versions that cannot be averaged are refused, naming them, with the registry unchanged; training from an
// ensemble is refused with the reason; a fold run trains k members on grouped folds (no patient in two folds'
// validation parts, none trained on where it validates) and registers them under one ensemble version.
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createServices, type Services } from '../../src/main/composition';
import { readOnnxCardFile } from '../../src/main/ml/onnx/card-file';
import { writeDicom } from '../../src/main/imaging/dicom/write';
import { defaultStarterDir } from '../../src/main/services/models/models-folders';
import { consistentAny } from '../../src/shared/ml/ct-prediction';
import type { JobSpec, TrainJobSpec } from '../../src/main/ml/worker/protocol';
import { fingerprint, repoRoot, tempDir } from '../helpers/fs';
import { writeCsv, writeStrip } from '../helpers/severstal';
import { rsnaCsvLines } from '../helpers/rsna';

const fixture = (name: string) => join(resolve(repoRoot, 'tests/fixtures/onnx'), name);
const PATIENTS = ['P1', 'P2', 'P3', 'P4', 'P5'];

let tmp: ReturnType<typeof tempDir>;
let services: Services;

/** Two 48×48 slices per patient; the second of each has a bright blob (70 HU) and is labelled intraparenchymal. */
function writeCt(dir: string): { keys: string[]; labels: Record<string, string[]> } {
  const keys: string[] = [];
  const labels: Record<string, string[]> = {};
  PATIENTS.forEach((patient, p) => {
    const folder = join(dir, patient);
    mkdirSync(folder, { recursive: true });
    for (let i = 0; i < 2; i++) {
      const key = `ID_ens${p}s${i}`;
      const pixels = new Int16Array(48 * 48);
      for (let q = 0; q < pixels.length; q++) {
        const [x, y] = [q % 48, Math.floor(q / 48)];
        const bleed = i === 1 && Math.hypot(x - 28 - p, y - 22) < 5;
        pixels[q] = (bleed ? 70 : Math.hypot(x - 24, y - 24) < 20 ? 35 : -1000) + 1024;
      }
      writeFileSync(join(folder, `${key}.dcm`), writeDicom({
        sopInstanceUid: `1.2.9.${p}.${i}`, patientId: patient, studyInstanceUid: `1.2.9.${p}`, seriesInstanceUid: `1.2.9.${p}.1`,
        instanceNumber: i + 1, imagePosition: [0, 0, i * 5], imageOrientation: [1, 0, 0, 0, 1, 0], rows: 48, columns: 48,
        rescaleSlope: 1, rescaleIntercept: -1024, windowCenter: [40], windowWidth: [80], pixels,
      }));
      keys.push(key);
      if (i === 1) labels[key] = ['intraparenchymal'];
    }
  });
  return { keys, labels };
}

beforeAll(async () => {
  tmp = tempDir('loupe-ensembles-');
  const ct = writeCt(join(tmp.dir, 'ct'));
  const strips = join(tmp.dir, 'strips');
  await writeStrip(strips, 's0.jpg', { seed: 1 });
  services = createServices(join(tmp.dir, 'loupe.db'));
  await services.importRsna({ dicomDir: join(tmp.dir, 'ct'), labelsCsv: writeCsv(tmp.dir, 'labels.csv', rsnaCsvLines(ct.keys, ct.labels)), name: 'head' });
  await services.importSeverstal({ imagesDir: strips, labelsCsv: writeCsv(tmp.dir, 'train.csv', ['ImageId,ClassId,EncodedPixels']), name: 'strips' });
  services.modelFolders.importFolder(join(defaultStarterDir(), 'ct-starter'), { version: 'ct-starter', activate: true });
  services.modelFolders.importFolder(join(defaultStarterDir(), 'steel-starter'), { version: 'steel-starter', activate: true });
  await services.modelFolders.importOnnx(fixture('ct-a.onnx'), 'ct', readOnnxCardFile(fixture('ct-a.card.json')), { version: 'tiny-ct' });
}, 60_000);
afterAll(async () => {
  await services.modelJobs.close();
  services.close();
  tmp.cleanup();
});

const rowsOf = (source: string) => services.predictions.ctProbabilities('head', source);

describe('averaged versions', () => {
  it('predict the weighted mean of their members’ predictions, and are compared, activated and rolled back like any version', async () => {
    await services.predictions.predict('head', { model: 'ct-starter', tta: 'hflip' });
    await services.predictions.predict('head', { model: 'tiny-ct', tta: 'none' });
    const avg = services.ensembles.average(['ct-starter', 'tiny-ct'], { name: 'ct-avg', weights: [3, 1], tta: ['hflip', 'none'] });
    expect(avg).toMatchObject({ task: 'ct', architecture: 'ensemble', card: { modelFormat: 'ensemble' } });
    expect(avg.members).toEqual([
      { version: 'ct-starter', dir: services.models.get('ct-starter').path, weight: 0.75, tta: 'hflip' },
      { version: 'tiny-ct', dir: services.models.get('tiny-ct').path, weight: 0.25, tta: 'none' },
    ]);
    const handle = services.predictions.start('head', { model: 'ct-avg' });
    expect(await handle.result).toMatchObject({ source: 'model:ct-avg', items: 10 });
    expect(services.modelJobs.onnxSessionsOf(handle.jobId)).toEqual({ before: 0, after: 0 });
    const tensors = services.modelJobs.tensorsOf(handle.jobId)!;
    expect(tensors.after).toBe(tensors.before);

    const [built, onnx, mean] = [rowsOf('model:ct-starter'), rowsOf('model:tiny-ct'), rowsOf('model:ct-avg')];
    expect(mean.size).toBe(10);
    let differs = false;
    for (const [itemId, row] of mean) {
      const expected = consistentAny(built.get(itemId)!.map((p, k) => 0.75 * p + 0.25 * onnx.get(itemId)![k]));
      row.forEach((p, k) => expect(p).toBeCloseTo(expected[k], 4));
      differs ||= Math.abs(row[0] - built.get(itemId)![0]) > 1e-3;
    }
    expect(differs).toBe(true); // the ONNX member really counts

    // Scored by running it (a second ensemble has no stored predictions), beside the version it is compared with.
    services.ensembles.average(['tiny-ct', 'ct-starter'], { name: 'ct-avg2' });
    const compared = await services.comparisons.compare('head', { version: 'ct-avg2', against: 'ct-avg' });
    expect(compared).toMatchObject({ from: { version: 'model run', against: 'stored' }, metricName: 'weighted log loss' });
    expect(compared.child.value).toBeGreaterThan(0);
    expect(compared.other!.value).toBeGreaterThan(0);

    expect(services.models.activate('ct-avg').active).toBe(true);
    expect((await services.predictions.predict('head')).source).toBe('model:ct-avg');
    expect(services.models.rollback('ct').version).toBe('ct-starter');
  }, 240_000);

  it('refuses versions that cannot be averaged, naming them, and leaves the registry and models folder unchanged', () => {
    const before = fingerprint(services.db);
    const refusals: [string[], { weights?: number[]; tta?: ('none' | 'x5')[] }, RegExp][] = [
      [['ct-starter', 'steel-starter'], {}, /^versions of one task only can be averaged: ct-starter \(ct\) and steel-starter \(steel\)$/],
      [['ct-starter', 'ct-avg'], {}, /^ct-avg is an ensemble itself/],
      [['ct-starter', 'tiny-ct'], { weights: [1, 0] }, /leave tiny-ct out instead/],
      [['ct-starter'], {}, /at least two versions/],
    ];
    for (const [versions, options, message] of refusals) expect(() => services.ensembles.average(versions, { name: 'refused', ...options })).toThrow(message);
    expect(() => services.ensembles.average(['ct-starter', 'tiny-ct'], { name: 'ct-avg' })).toThrow(/"ct-avg" exists already/);
    expect(fingerprint(services.db)).toBe(before);
    expect(existsSync(services.models.folderFor('refused'))).toBe(false);
  });

  it('refuses to train from an ensemble, saying why and which members could be trained', () => {
    expect(() => services.training.start('head', { from: 'ct-avg' })).toThrow(/^model ct-avg is an ensemble .*train from one of its built-in members \(ct-starter\)/);
    expect(() => services.modelFolders.exportVersion('ct-avg', join(tmp.dir, 'out'))).toThrow(/ct-avg is an ensemble/);
  });
});

describe('fold training', () => {
  it('trains k grouped folds, each on the other folds, and registers their members under one ensemble version', async () => {
    const run = vi.spyOn(services.modelJobs, 'run');
    const phases: string[] = [];
    const handle = services.foldTraining.start('head', { folds: 2, epochs: 1, from: 'ct-starter', activate: 'never', seed: 2 });
    const unsubscribe = services.jobs.subscribe((view) => {
      if (view.id === handle.jobId && view.phase) phases.push(view.phase);
    });
    const report = await handle.result;
    unsubscribe();
    const specs = run.mock.calls.map(([spec]) => spec as JobSpec).filter((s): s is TrainJobSpec => s.kind === 'train');
    run.mockRestore();

    expect(specs).toHaveLength(2);
    const validationGroups = specs.map((s) => new Set(s.validation.map((i) => i.group)));
    // No patient in two folds' validation parts, and none trained on in the fold it validates.
    expect([...validationGroups[0]].filter((g) => validationGroups[1].has(g))).toEqual([]);
    specs.forEach((s, f) => expect(s.training.filter((i) => validationGroups[f].has(i.group))).toEqual([]));
    const heldOut = new Set(services.validationSets.get(services.datasets.get('head').id)!.groupKeys);
    expect(specs.flatMap((s) => [...s.training, ...s.validation]).filter((i) => heldOut.has(i.group))).toEqual([]);
    expect(new Set([...validationGroups[0], ...validationGroups[1]]).size).toBe(PATIENTS.length - heldOut.size);

    expect(report).toMatchObject({ version: 'ct-1', parent: 'ct-starter', activated: false, metricName: 'weighted log loss', trainedOn: 8 });
    expect(report.folds!.map((f) => [f.fold, f.validatedOn + f.trainedOn])).toEqual([[1, 8], [2, 8]]);
    const model = services.models.get('ct-1');
    expect(model).toMatchObject({ architecture: 'ensemble', card: { modelFormat: 'ensemble' }, parentVersion: 'ct-starter' });
    expect(model.members).toEqual([
      { version: null, dir: 'fold-1', weight: 0.5, tta: expect.any(String) },
      { version: null, dir: 'fold-2', weight: 0.5, tta: expect.any(String) },
    ]);
    expect(services.models.list('ct').filter((v) => v.version.startsWith('ct-1'))).toHaveLength(1);
    expect(model.metrics.validation).toMatchObject({ value: report.metric, parentValue: report.parentMetric, items: 2 });
    expect(report.metric).toBeGreaterThan(0);
    for (const prefix of ['fold 1 of 2: ', 'fold 2 of 2: ', 'the 2 folds together: ']) expect(phases.some((p) => p.startsWith(prefix)), prefix).toBe(true);
    expect((await services.predictions.predict('head', { model: 'ct-1' })).items).toBe(10);
    // Its members are not versions of their own: training from it points at its parent.
    expect(() => services.foldTraining.start('head', { folds: 2, from: 'ct-1' })).toThrow(/^model ct-1 is an ensemble .*train from its parent ct-starter or another built-in ct version$/);
  }, 300_000);
});
