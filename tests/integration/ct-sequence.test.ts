// The CT sequence model end to end on generated series whose bleeds span contiguous slices: a CNN prediction
// keeps the slice embeddings, `loupe train --task ct-sequence` trains a bidirectional GRU over each ordered
// series on them and registers it as a version with the CNN as its parent, and that version predicts, is
// compared, activated and rolled back like any other — the same sequence whatever order the files came in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createServices, type Services } from '../../src/main/composition';
import { orderedSeries } from '../../src/shared/ml/series-sequences';
import { itemInput } from '../../src/main/services/models/predict';
import { tempDir } from '../helpers/fs';
import { loupe, loupeJson } from '../helpers/cli';
import { copyShuffled, writeCtSeriesSet } from '../helpers/ct-series-set';

let tmp: ReturnType<typeof tempDir>;
let db: string;
let services: Services;

beforeAll(async () => {
  tmp = tempDir('loupe-ct-sequence-');
  db = join(tmp.dir, 'loupe.db');
  const set = writeCtSeriesSet(tmp.dir, 5, 8, 64, 11);
  const shuffledDir = copyShuffled(set, join(tmp.dir, 'shuffled'), 3);
  const s = createServices(db);
  await s.importRsna({ dicomDir: set.dicomDir, labelsCsv: set.labelsCsv, name: 'head' });
  await s.importRsna({ dicomDir: shuffledDir, name: 'head-shuffled' });
  s.close();
}, 120_000);
afterAll(async () => {
  await services?.modelJobs.close();
  services?.close();
  tmp.cleanup();
});

/** Each slice by its content: the patient and the position along the slice normal. */
const identity = (i: { patientId: string | null; position: number | null }) => `${i.patientId}@${i.position}`;

describe('loupe train --task ct-sequence', () => {
  it('trains a sequence model on the CNN embeddings a prediction stored, and registers it with the CNN as its parent', () => {
    const predicted = loupeJson<{ items: number; source: string }>('predict', 'head', '--db', db);
    expect(predicted).toMatchObject({ items: 40, source: 'model:ct-starter' });
    const report = loupeJson<Record<string, unknown>>('train', 'head', '--task', 'ct-sequence', '--parent', 'ct-starter', '--epochs', '3', '--activate', 'always', '--db', db);
    expect(report).toMatchObject({ version: 'ct-1', parent: 'ct-starter', task: 'ct', metricName: 'weighted log loss', activated: true, stoppedBy: 'epochs' });
    expect(report.epochs).toHaveLength(3);
    expect(Number.isFinite(report.metric)).toBe(true);
    expect(Number.isFinite(report.parentMetric)).toBe(true);
    expect((report.trainedOn as number) + (report.validatedOn as number)).toBe(40);

    services = createServices(db);
    const version = services.models.get('ct-1');
    expect(version).toMatchObject({ architecture: 'ct-sequence', parentVersion: 'ct-starter', active: true });
    expect(existsSync(join(version.path, 'cnn', 'model.json'))).toBe(true);
    expect(services.sliceEmbeddings.count('ct-starter')).toBe(40); // every slice of "head", kept by the prediction
  }, 300_000);

  it('refuses a sequence model as the parent, and two different parents, each in one line', () => {
    const again = loupe('train', 'head', '--task', 'ct-sequence', '--parent', 'ct-1', '--db', db);
    expect(again.code).toBe(1);
    expect(again.stderr.trim()).toBe('loupe: model ct-1 is a sequence model; name the CNN version it should learn from as the parent (ct-starter)');
    const both = loupe('train', 'head', '--task', 'ct-sequence', '--from', 'ct-starter', '--parent', 'ct-1', '--db', db);
    expect(both.code).not.toBe(0);
    expect(both.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('a sequence version', () => {
  it('sees each series in anatomical order, whatever order the files were imported in', () => {
    const sequences = (name: string) => {
      const dataset = services.datasets.get(name);
      const items = services.datasets.items(dataset.id);
      const byId = new Map(items.map((i) => [i.id, i]));
      return { items, series: orderedSeries(items.map((i) => itemInput(dataset, i))).map((s) => s.map((x) => identity(byId.get(x.itemId)!))) };
    };
    const plain = sequences('head');
    const shuffled = sequences('head-shuffled');
    expect(shuffled.series).toEqual(plain.series);
    expect(plain.series).toHaveLength(5);
    for (const s of plain.series) expect(s.map((id) => Number(id.split('@')[1]))).toEqual([0, 5, 10, 15, 20, 25, 30, 35]);
    // The shuffled copy's file names are not in that order, so the test could tell.
    const byKey = [...shuffled.items].sort((a, b) => a.key.localeCompare(b.key)).map(identity);
    expect(byKey).not.toEqual(shuffled.series.flat());
  });

  it('predicts every slice of a series the same from a shuffled import, with memory back at its baseline', async () => {
    const plain = await services.predictions.start('head', { model: 'ct-1' });
    const shuffled = await services.predictions.start('head-shuffled', { model: 'ct-1' });
    const [a, b] = await Promise.all([plain.result, shuffled.result]);
    expect(a).toMatchObject({ source: 'model:ct-1', items: 40 });
    expect(b).toMatchObject({ source: 'model:ct-1', items: 40 });
    for (const handle of [plain, shuffled]) {
      const tensors = services.modelJobs.tensorsOf(handle.jobId)!;
      expect(tensors.after).toBe(tensors.before);
    }
    const byContent = (name: string) => {
      const dataset = services.datasets.get(name);
      const items = new Map(services.datasets.items(dataset.id).map((i) => [i.id, i]));
      const probabilities = services.predictions.ctProbabilities(name, 'model:ct-1');
      return new Map([...probabilities].map(([id, p]) => [identity(items.get(id)!), p]));
    };
    const fromPlain = byContent('head');
    const fromShuffled = byContent('head-shuffled');
    expect(fromPlain.size).toBe(40);
    for (const [id, p] of fromPlain) {
      const q = fromShuffled.get(id)!;
      p.forEach((v, k) => expect(q[k]).toBeCloseTo(v, 6));
    }
  }, 300_000);

  it('is compared with its CNN on the validation set, and rolled back like any version', async () => {
    const outcome = await services.comparisons.compare('head', { version: 'ct-1', against: 'ct-starter' });
    expect(outcome).toMatchObject({ metricName: 'weighted log loss' });
    expect(JSON.stringify(outcome)).toContain('ct-starter');
    expect(services.models.active('ct')?.version).toBe('ct-1');
    services.models.activate('ct-starter');
    services.models.activate('ct-1');
    expect(services.models.rollback('ct').version).toBe('ct-starter');
  }, 120_000);

  it('exports and imports with the CNN it predicts with, and a folder without it is refused', () => {
    const out = join(tmp.dir, 'exported');
    const exported = services.modelFolders.exportVersion('ct-1', out);
    expect(exported.files).toContain('cnn/');
    const copy = services.modelFolders.importFolder(out, { version: 'ct-1-copy' });
    expect(copy).toMatchObject({ architecture: 'ct-sequence' });
    expect(existsSync(join(copy.path, 'cnn', 'model.json'))).toBe(true);
    rmSync(join(out, 'cnn'), { recursive: true });
    expect(() => services.modelFolders.importFolder(out, { version: 'ct-1-broken' })).toThrow(/cnn: no such model folder/);
    expect(services.models.has('ct-1-broken')).toBe(false);
  });
});
