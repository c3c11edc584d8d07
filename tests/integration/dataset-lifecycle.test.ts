// Renaming and deleting a dataset on a real SQLite file: only that dataset's rows go (items, revisions, reviews,
// prediction maps; its jobs lose their link), every other row stays exactly as it was, model versions stay, and
// the files on disk are untouched.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createServices, type Services } from '../../src/main/composition';
import { tableNames } from '../../src/main/db/database';
import { LoupeError } from '../../src/shared/errors';
import { tempDir } from '../helpers/fs';
import { writeCsv, writeStrip } from '../helpers/severstal';

let tmp: ReturnType<typeof tempDir>;
let services: Services;
let doomed: number;
let kept: number;

beforeEach(async () => {
  tmp = tempDir();
  services = createServices(join(tmp.dir, 'loupe.db'));
  for (const [name, seed] of [['old', 1], ['new', 2]] as const) {
    const dir = join(tmp.dir, name);
    await writeStrip(dir, 'a.jpg', { seed });
    await writeStrip(dir, 'b.jpg', { seed: seed + 10 });
  }
  const csv = writeCsv(tmp.dir, 'train.csv', ['ImageId,ClassId,EncodedPixels', 'a.jpg,1,1 3']);
  doomed = (await services.importSeverstal({ imagesDir: join(tmp.dir, 'old'), labelsCsv: csv })).datasetId;
  kept = (await services.importSeverstal({ imagesDir: join(tmp.dir, 'new'), labelsCsv: csv })).datasetId;
  services.db.prepare("INSERT INTO models (version, task, architecture, created_at, path, active) VALUES ('steel-1', 'steel', 'unet', 'then', '/m', 1)").run();
  for (const datasetId of [doomed, kept]) {
    const [a, b] = services.datasets.items(datasetId);
    services.labels.saveHuman(a.id, [{ classId: 2, payload: '5 5' }], 'inspector');
    services.labels.review(b.id, 'flagged', 'inspector', 'scratch?');
    services.labels.append([{ itemId: b.id, classId: 1, payload: '9 9' }], 'model:steel-1', 'inspector');
    services.db
      .prepare("INSERT INTO prediction_maps (item_id, source, class_id, width, height, presence, data, created_at) VALUES (?, 'model:steel-1', 1, 4, 4, 0.5, ?, 'then')")
      .run(b.id, Buffer.from([0]));
    services.db.prepare("INSERT INTO jobs (kind, title, state, created_at, updated_at, dataset_id) VALUES ('predict', 'p', 'done', 'then', 'then', ?)").run(datasetId);
  }
});
afterEach(() => {
  services.close();
  tmp.cleanup();
});

/** Every row of every table, by table (each row as JSON, sorted). */
function snapshot(): Record<string, string[]> {
  const tables = tableNames(services.db);
  return Object.fromEntries(tables.map((t) => [t, services.db.prepare(`SELECT * FROM "${t}"`).all().map((row) => JSON.stringify(row)).sort()]));
}

describe('deleting a dataset', () => {
  it('removes only its own rows; its jobs stay without it; the files on disk and the model stay', () => {
    const doomedItems = new Set(services.datasets.items(doomed).map((i) => i.id));
    const before = snapshot();
    // What must remain: every row not of the deleted dataset, and its jobs with their link cleared.
    const expected: Record<string, string[]> = {};
    for (const [table, rows] of Object.entries(before)) {
      expected[table] = rows
        .map((text) => JSON.parse(text) as Record<string, unknown>)
        .filter((row) => {
          if (table === 'datasets') return row.id !== doomed;
          if (table === 'items') return row.dataset_id !== doomed;
          if (['label_revisions', 'reviews', 'prediction_maps'].includes(table)) return !doomedItems.has(row.item_id as number);
          return true;
        })
        .map((row) => (table === 'jobs' && row.dataset_id === doomed ? { ...row, dataset_id: null } : row))
        .map((row) => JSON.stringify(row))
        .sort();
    }
    expect(before.label_revisions.length).toBeGreaterThan(expected.label_revisions.length);
    expect(before.prediction_maps.length).toBe(2);

    expect(services.datasets.delete(doomed)).toEqual({ id: doomed, name: 'old', items: 2 });
    expect(snapshot()).toEqual(expected);
    expect(services.db.prepare('SELECT version FROM models').pluck().all()).toEqual(['steel-1']);
    expect(readdirSync(join(tmp.dir, 'old')).sort()).toEqual(['a.jpg', 'b.jpg']);
    expect(() => services.datasets.get(doomed)).toThrow(/no dataset named or numbered/);
    expect(services.datasets.summaries().map((d) => d.name)).toEqual(['new']);
  });
});

describe('renaming a dataset', () => {
  it('changes its name only, and refuses a name that is taken, empty or only digits, naming the option', () => {
    const before = snapshot();
    expect(services.datasets.rename(doomed, '  Line 3, March  ').name).toBe('Line 3, March');
    expect(services.datasets.get('Line 3, March').id).toBe(doomed);
    const after = snapshot();
    expect({ ...after, datasets: [] }).toEqual({ ...before, datasets: [] });

    for (const [wanted, message] of [
      ['new', 'a dataset named "new" exists already'],
      ['   ', 'a dataset needs a name'],
      ['42', 'dataset name "42" is only digits, which would read as an id'],
    ]) {
      let error: LoupeError | null = null;
      try {
        services.datasets.rename(doomed, wanted);
      } catch (e) {
        error = e as LoupeError;
      }
      expect(error?.message).toBe(message);
      expect(error?.option).toBe('name');
    }
    // Its own name again is fine.
    expect(services.datasets.rename(doomed, 'Line 3, March').name).toBe('Line 3, March');
  });
});
