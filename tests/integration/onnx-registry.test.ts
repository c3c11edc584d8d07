// ONNX files in the model registry, with the tiny ONNX pairs of tests/fixtures/onnx: a corrupt, empty or
// mismatched file is refused (through the real `loupe` command and the service) with one line naming the file
// and what is wrong, leaving the registry and the models folder unchanged; an imported ONNX version predicts in
// the model worker — alone and averaged with a built-in version — and no ONNX session or tensor outlives a job;
// it exports as model.onnx + card and imports back; training from it is refused with the reason.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../src/main/composition';
import { readOnnxCardFile } from '../../src/main/ml/onnx/card-file';
import { versionView } from '../../src/main/api/model-views';
import { liveOnnxSessions } from '../../src/main/ml/onnx/onnx-model';
import { defaultStarterDir } from '../../src/main/services/models/models-folders';
import { fingerprint, repoRoot, tempDir } from '../helpers/fs';
import { loupe } from '../helpers/cli';
import { writeCsv, writeStrip } from '../helpers/severstal';
import { rsnaCsvLines, writeSeries } from '../helpers/rsna';

const fixtures = resolve(repoRoot, 'tests/fixtures/onnx');
const fixture = (name: string) => join(fixtures, name);

let tmp: ReturnType<typeof tempDir>;
let db: string;
let services: Services;

beforeAll(async () => {
  tmp = tempDir('loupe-onnx-registry-');
  db = join(tmp.dir, 'loupe.db');
  const strips = join(tmp.dir, 'strips');
  for (let i = 0; i < 3; i++) await writeStrip(strips, `s${i}.jpg`, { seed: i });
  const steelCsv = writeCsv(tmp.dir, 'train.csv', ['ImageId,ClassId,EncodedPixels', 's0.jpg,1,1000 40 1256 40']);
  // Two patients, so that the validation set (whole patients held out) holds one of them.
  const keys: string[] = [];
  for (const [p, patient] of ['P1', 'P2'].entries()) {
    const slices = [0, 1, 2].map((i) => ({ key: `ID_onnx${p}${i}`, z: i * 5, instanceNumber: i + 1 }));
    writeSeries(join(tmp.dir, 'ct', patient), { patient, study: `1.2.${p}`, series: `1.2.${p}.1`, slices, size: 32 });
    keys.push(...slices.map((s) => s.key));
  }
  const ctCsv = writeCsv(tmp.dir, 'labels.csv', rsnaCsvLines(keys, { ID_onnx01: ['subdural'] }));
  services = createServices(db);
  await services.importSeverstal({ imagesDir: strips, labelsCsv: steelCsv, name: 'strips' });
  await services.importRsna({ dicomDir: join(tmp.dir, 'ct'), labelsCsv: ctCsv, name: 'head' });
}, 60_000);
afterAll(async () => {
  await services.modelJobs.close();
  services.close();
  tmp.cleanup();
});

const modelsFolder = () => (existsSync(services.models.modelsDir) ? readdirSync(services.models.modelsDir) : []);

describe('ONNX files in the registry', () => {
  it('refuses a corrupt, empty or mismatched file with one line naming it, and changes nothing', async () => {
    const before = fingerprint(services.db);
    const corrupt = join(tmp.dir, 'corrupt.onnx');
    writeFileSync(corrupt, readFileSync(fixture('steel-a.onnx')).subarray(0, 700));
    const empty = join(tmp.dir, 'empty.onnx');
    writeFileSync(empty, '');
    const steelCard = fixture('steel-a.card.json');
    const alone = join(tmp.dir, 'alone.onnx');
    writeFileSync(alone, readFileSync(fixture('steel-a.onnx')));
    const wrongName = join(tmp.dir, 'wrong-name.card.json');
    writeFileSync(wrongName, JSON.stringify({ ...JSON.parse(readFileSync(steelCard, 'utf8')), input: { name: 'pixels', layout: 'NCHW', channels: 3, size: 'any', scaling: { range: '0..1' } } }));

    const refusals: [string[], RegExp][] = [
      [[corrupt, '--task', 'steel', '--card', steelCard], /corrupt\.onnx: not a model ONNX Runtime can load/],
      [[empty, '--task', 'steel', '--card', steelCard], /empty\.onnx: the file is empty, not an ONNX model/],
      [[fixture('steel-a.onnx'), '--task', 'steel', '--card', wrongName], /steel-a\.onnx: the steel card .* does not fit this model: the model has no input "pixels" \(its inputs: "image"\)/],
      [[fixture('ct-a.onnx'), '--task', 'steel', '--card', steelCard], /ct-a\.onnx: the steel card .* does not fit this model: .*output "masks"/],
      [[fixture('steel-a.onnx'), '--task', 'ct', '--card', steelCard], /steel-a\.onnx: the card is for a steel model, but the model is imported for ct/],
      [[alone, '--task', 'steel'], /alone\.onnx: an ONNX model needs its card: --card <card\.json> \(no .*alone\.card\.json beside it\)/],
      [[fixture('steel-a.onnx'), '--card', steelCard], /steel-a\.onnx: an ONNX model needs --task steel or --task ct/],
    ];
    for (const [args, message] of refusals) {
      const result = loupe('models', '--import', ...args, '--db', db);
      expect(result.code, args.join(' ')).not.toBe(0);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(message);
    }
    await expect(services.modelFolders.importOnnx(corrupt, 'steel', readOnnxCardFile(steelCard))).rejects.toThrow(/corrupt\.onnx: not a model ONNX Runtime can load/);
    expect(fingerprint(services.db)).toBe(before);
    expect(modelsFolder()).toEqual([]);
    expect(liveOnnxSessions()).toBe(0);
  });

  it('imports an ONNX file as a version that predicts in the worker, alone and averaged with a built-in one, leaving no session', async () => {
    const steel = await services.modelFolders.importOnnx(fixture('steel-a.onnx'), 'steel', readOnnxCardFile(fixture('steel-a.card.json')), { version: 'tiny-steel' });
    expect(steel).toMatchObject({ version: 'tiny-steel', task: 'steel', card: { modelFormat: 'onnx', thresholds: [0.5, 0.4, 0.6, 0.5], minArea: [0, 2, 0, 0] } });
    expect(readdirSync(steel.path).sort()).toEqual(['card.json', 'model.onnx']);
    expect(liveOnnxSessions()).toBe(0);

    const alone = services.predictions.start('strips', { model: 'tiny-steel' });
    expect(await alone.result).toMatchObject({ source: 'model:tiny-steel', items: 3 });
    expect(services.modelJobs.onnxSessionsOf(alone.jobId)).toEqual({ before: 0, after: 0 });
    const item = services.datasets.items(services.datasets.get('strips').id)[0];
    const maps = services.predictions.probabilityMaps(item.id, 'model:tiny-steel');
    expect(maps.map((m) => [m.width, m.height, m.presence !== null])).toEqual(new Array(4).fill([1600, 256, true]));

    // The card's TTA set is the version's default: a prediction that names none runs and records it.
    await services.modelFolders.importOnnx(fixture('steel-a.onnx'), 'steel', { ...readOnnxCardFile(fixture('steel-a.card.json')), tta: 'flips' }, { version: 'tiny-steel-flips' });
    const flipped = services.predictions.start('strips', { model: 'tiny-steel-flips' });
    expect(await flipped.result).toMatchObject({ source: 'model:tiny-steel-flips', items: 3, tta: 'flips' });
    expect(services.jobs.get(flipped.jobId)).toMatchObject({ state: 'done', result: { tta: 'flips' } });
    expect(services.modelJobs.onnxSessionsOf(flipped.jobId)).toEqual({ before: 0, after: 0 });
    const flippedMaps = services.predictions.probabilityMaps(item.id, 'model:tiny-steel-flips');
    expect(flippedMaps.map((m) => [m.width, m.height])).toEqual(new Array(4).fill([1600, 256]));
    expect(Array.from(flippedMaps[0].data)).not.toEqual(Array.from(maps[0].data));
    const x5 = services.predictions.start('strips', { model: 'tiny-steel-flips', tta: 'x5', all: true });
    expect(await x5.result).toMatchObject({ items: 3, tta: 'x5' });

    services.modelFolders.importFolder(join(defaultStarterDir(), 'steel-starter'), { version: 'steel-starter' });
    const averaged = services.predictions.start('strips', { average: ['tiny-steel', 'steel-starter'] });
    expect(await averaged.result).toMatchObject({ source: 'model:tiny-steel+steel-starter', items: 3 });
    expect(services.modelJobs.onnxSessionsOf(averaged.jobId)).toEqual({ before: 0, after: 0 });
    const tensors = services.modelJobs.tensorsOf(averaged.jobId)!;
    expect(tensors.after).toBe(tensors.before);
    const mean = services.predictions.probabilityMaps(item.id, 'model:tiny-steel+steel-starter');
    expect([mean[0].width, mean[0].height]).toEqual([1600, 256]); // the first model's resolution
    expect(Array.from(mean[0].data.subarray(0, 64))).not.toEqual(Array.from(maps[0].data.subarray(0, 64)));

    const ct = await services.modelFolders.importOnnx(fixture('ct-b.onnx'), 'ct', readOnnxCardFile(fixture('ct-b.card.json')), { version: 'tiny-ct', activate: true });
    expect(ct.active).toBe(true);
    // Scored on the validation set by running it in the worker (nothing stored yet), beside the baseline.
    const compare = services.comparisons.start('head', { version: 'tiny-ct', against: null });
    const compared = await compare.result;
    expect(compared).toMatchObject({ from: { version: 'model run' }, child: { count: 3 }, metricName: 'weighted log loss' });
    expect(compared.child.value).toBeGreaterThan(0);
    expect(services.modelJobs.onnxSessionsOf(compare.jobId)).toEqual({ before: 0, after: 0 });
    const predicted = services.predictions.start('head');
    expect(await predicted.result).toMatchObject({ source: 'model:tiny-ct', items: 6 });
    expect(services.modelJobs.onnxSessionsOf(predicted.jobId)).toEqual({ before: 0, after: 0 });
    const rows = [...services.predictions.ctProbabilities('head', 'model:tiny-ct').values()];
    expect(rows).toHaveLength(6);
    for (const row of rows) {
      expect(row).toHaveLength(6);
      expect(row[5]).toBeGreaterThanOrEqual(Math.max(...row.slice(0, 5)));
    }
  });

  it('a steel ONNX version keeps its thresholds as card revisions, exports as model.onnx + card and imports back', async () => {
    const tuned = services.models.setPostprocessing('tiny-steel', { thresholds: [0.7, 0.7, 0.7, 0.7] });
    expect(tuned).toMatchObject({ cardRevision: 2, card: { modelFormat: 'onnx', thresholds: [0.7, 0.7, 0.7, 0.7] } });
    const out = join(tmp.dir, 'exported');
    expect(services.modelFolders.exportVersion('tiny-steel', out).files).toEqual(['model.onnx', 'model.card.json']);
    const card = readOnnxCardFile(join(out, 'model.card.json'));
    expect(card).toMatchObject({ task: 'steel', name: 'tiny-steel', thresholds: [0.7, 0.7, 0.7, 0.7] });
    const result = loupe('models', '--import', join(out, 'model.onnx'), '--task', 'steel', '--version', 'tiny-steel-again', '--db', db, '--json');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ version: 'tiny-steel-again', kind: 'onnx', card: { modelFormat: 'onnx', thresholds: [0.7, 0.7, 0.7, 0.7] } });
    // One word for the kind, the same in `loupe models` (text and JSON) and in the Models panel's view.
    const listed = loupe('models', '--db', db);
    expect(listed.stdout).toMatch(/^ {2}tiny-steel-again\tsteel\tonnx\tONNX /m);
    expect(listed.stdout).toMatch(/^ {2}steel-starter\tsteel\tbuilt-in\tsteel-unet\t/m);
    const kinds = Object.fromEntries(JSON.parse(loupe('models', '--db', db, '--json').stdout).models.map((m: { version: string; kind: string }) => [m.version, m.kind]));
    expect(kinds).toMatchObject({ 'tiny-steel': 'onnx', 'tiny-steel-again': 'onnx', 'steel-starter': 'built-in', 'tiny-ct': 'onnx' });
    expect(versionView(services.models.get('tiny-steel')).kind).toBe('onnx');
    expect(versionView(services.models.get('steel-starter')).kind).toBe('built-in');
  });

  it('refuses to train from an ONNX version, saying why', () => {
    const before = fingerprint(services.db);
    expect(() => services.training.start('head', { from: 'tiny-ct', epochs: 1 })).toThrow(
      /model tiny-ct is an ONNX model: Loupe runs ONNX models but cannot train or fine-tune them; train from a built-in ct version instead \(none is registered yet\)/,
    );
    expect(() => services.training.start('head', { epochs: 1 })).toThrow(/tiny-ct is an ONNX model/); // the active one
    expect(fingerprint(services.db)).toBe(before);
  });
});
