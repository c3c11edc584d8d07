// loupe predict → export → score → train → predict on the real Severstal samples, through the CLI.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase } from '../../src/main/db/database';
import { hasSharedData, sharedData, tempDir } from '../helpers/fs';
import { loupe, loupeJson } from '../helpers/cli';

const images = join(sharedData, 'severstal', 'train_images');
const truth = join(sharedData, 'severstal', 'train.csv');
let tmp: ReturnType<typeof tempDir>;
let db: string;

function count(sql: string, ...params: unknown[]): number {
  const handle = openDatabase(db);
  try {
    return (handle.prepare(sql).pluck().get(...params) as number) ?? 0;
  } finally {
    handle.close();
  }
}

beforeAll(() => {
  tmp = tempDir('loupe-ml-severstal-');
  db = join(tmp.dir, 'loupe.db');
});
afterAll(() => tmp?.cleanup());

describe.skipIf(!hasSharedData)('models on the real Severstal samples (CLI)', () => {
  interface PredictJson { source: string; versions: string[]; items: number; backend: string }

  it('predict writes model revisions and maps; export --source model is scored; train makes the next predict use the new version', () => {
    loupeJson('import', 'severstal', images, '--labels', truth, '--db', db, '--name', 'severstal');

    const first = loupeJson<PredictJson>('predict', 'severstal', '--db', db);
    expect(first).toMatchObject({ source: 'model:steel-starter', versions: ['steel-starter'], items: 10 });
    expect(['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']).toContain(first.backend);
    expect(count("SELECT COUNT(*) FROM label_revisions WHERE source = 'model:steel-starter'")).toBe(40);
    expect(count("SELECT COUNT(*) FROM label_revisions WHERE source = 'human'")).toBe(0);
    expect(count("SELECT COUNT(*) FROM prediction_maps WHERE source = 'model:steel-starter'")).toBe(40);

    const predCsv = join(tmp.dir, 'pred.csv');
    const exported = loupeJson<{ source: string; items: number }>('export', 'severstal', '--format', 'severstal', '--source', 'model', '--db', db, '--out', predCsv);
    expect(exported).toMatchObject({ source: 'model:steel-starter', items: 10 });
    const score = loupeJson<{ value: number; pairs: number }>('score', 'severstal', '--truth', truth, '--pred', predCsv);
    expect(score.pairs).toBe(40);
    expect(score.value).toBeGreaterThanOrEqual(0);
    expect(score.value).toBeLessThanOrEqual(1);
    expect(loupeJson<unknown[]>('items', 'severstal', '--db', db)).toHaveLength(10); // model payloads leave "current" alone

    const trained = loupeJson<{ version: string; parent: string; metric: number; parentMetric: number; validatedOn: number; activated: boolean }>(
      'train', 'severstal', '--task', 'steel', '--epochs', '1', '--activate', 'always', '--db', db,
    );
    expect(trained).toMatchObject({ version: 'steel-1', parent: 'steel-starter', activated: true, validatedOn: 2 });
    expect(trained.metric).toBeGreaterThanOrEqual(0);
    expect(trained.parentMetric).toBeGreaterThanOrEqual(0);

    const models = loupeJson<{ models: { version: string; active: boolean; parentVersion: string | null; metrics: { validation: { parentValue: number } } }[] }>('models', '--db', db).models;
    expect(models.find((m) => m.active)?.version).toBe('steel-1');
    expect(models.find((m) => m.version === 'steel-1')?.metrics.validation.parentValue).toBe(trained.parentMetric);

    const second = loupeJson<PredictJson>('predict', 'severstal', '--db', db);
    expect(second).toMatchObject({ source: 'model:steel-1', versions: ['steel-1'] });
    expect(count("SELECT COUNT(*) FROM label_revisions WHERE source = 'model:steel-1'")).toBe(40);

    loupeJson('models', '--db', db, '--rollback', 'steel');
    expect(loupeJson<{ models: { version: string; active: boolean }[] }>('models', '--db', db).models.find((m) => m.active)?.version).toBe('steel-starter');
  }, 300_000);

  it('re-thresholds the stored maps without the model, and refuses a bad setting', () => {
    const before = count("SELECT COUNT(*) FROM label_revisions WHERE source = 'model:steel-starter'");
    const report = loupeJson<{ items: number; source: string }>('predict', 'severstal', '--rethreshold', '--thresholds', '0.99,0.99,0.99,0.99', '--db', db);
    expect(report).toEqual({ items: 10, source: 'model:steel-starter' });
    expect(count("SELECT COUNT(*) FROM label_revisions WHERE source = 'model:steel-starter'")).toBe(before + 40);
    const bad = loupe('predict', 'severstal', '--rethreshold', '--thresholds', '0.5,2', '--db', db);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--thresholds needs four comma-separated numbers/);
  }, 120_000);
});
