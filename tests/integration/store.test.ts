import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createServices, type Services } from '../../src/main/composition';
import { openDatabase, schemaVersion } from '../../src/main/db/database';
import { migrations } from '../../src/main/db/migrations';
import { tempDir } from '../helpers/fs';
import { describeSqliteFile, itSqliteFile } from '../helpers/engine';

let tmp: ReturnType<typeof tempDir>;
let services: Services;
let tick = 0;
const clock = { now: () => new Date(Date.UTC(2026, 0, 1, 0, 0, tick++)).toISOString() };

function addItem(datasetName = 'd', key = 'a.png'): number {
  const ds = Number(
    services.db.prepare("INSERT INTO datasets (name, kind, root, created_at) VALUES (?, 'severstal', '/x', 'now')").run(datasetName).lastInsertRowid,
  );
  return Number(
    services.db.prepare('INSERT INTO items (dataset_id, key, path, width, height, sort_index) VALUES (?, ?, ?, 1600, 256, 0)').run(ds, key, key)
      .lastInsertRowid,
  );
}

beforeEach(() => {
  tmp = tempDir();
  services = createServices(join(tmp.dir, 'store.db'), clock);
});
afterEach(() => {
  services.close();
  tmp.cleanup();
});

describe('the store', () => {
  itSqliteFile('brings a new file to the newest schema version, in WAL mode with foreign keys', () => {
    expect(schemaVersion(services.db)).toBe(migrations.length);
    expect((services.db as Database.Database).pragma('journal_mode', { simple: true })).toBe('wal');
    expect((services.db as Database.Database).pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('re-opening an up-to-date database applies nothing twice', () => {
    services.close();
    const again = openDatabase(join(tmp.dir, 'store.db'));
    expect(schemaVersion(again)).toBe(migrations.length);
    again.close();
    services = createServices(join(tmp.dir, 'store.db'), clock);
  });

  itSqliteFile('refuses a database written by a newer Loupe', () => {
    (services.db as Database.Database).pragma(`user_version = ${migrations.length + 1}`);
    services.close();
    expect(() => openDatabase(join(tmp.dir, 'store.db'))).toThrow(/newer than this Loupe/);
    services = createServices(':memory:', clock);
  });

  it('keeps label revisions append-only', () => {
    const item = addItem();
    const [id] = services.labels.append([{ itemId: item, classId: 1, payload: '1 3' }], 'truth', 'importer');
    expect(() => services.db.prepare("UPDATE label_revisions SET payload = '' WHERE id = ?").run(id)).toThrow(/append-only/);
  });

  it('current label = newest human revision, else truth; model revisions never count', () => {
    const item = addItem();
    services.labels.append([{ itemId: item, classId: 1, payload: '1 3' }, { itemId: item, classId: 2, payload: '9 2' }], 'truth', 'importer');
    expect(Object.fromEntries(services.labels.currentOf(item))).toEqual({ 1: '1 3', 2: '9 2' });

    services.labels.append([{ itemId: item, classId: 1, payload: '5 5' }], 'human', 'ana');
    services.labels.append([{ itemId: item, classId: 1, payload: '' }], 'human', 'ben');
    services.labels.append([{ itemId: item, classId: 2, payload: '100 1' }], 'model:v1', 'model');
    services.labels.append([{ itemId: item, classId: 1, payload: '7 7' }], 'truth', 'importer'); // later truth does not outrank a human
    expect(Object.fromEntries(services.labels.currentOf(item))).toEqual({ 1: '', 2: '9 2' });

    const ds = services.datasets.get('d').id;
    expect(Object.fromEntries(services.labels.labelsOf(ds, 'current').get(item)!)).toEqual({ 1: '', 2: '9 2' });
    expect(Object.fromEntries(services.labels.labelsOf(ds, 'truth').get(item)!)).toEqual({ 1: '7 7', 2: '9 2' });
    expect(Object.fromEntries(services.labels.labelsOf(ds, 'model:v1').get(item)!)).toEqual({ 2: '100 1' });

    const history = services.labels.history(item);
    expect(history.map((h) => [h.source, h.author])).toEqual([
      ['truth', 'importer'], ['truth', 'importer'], ['human', 'ana'], ['human', 'ben'], ['model:v1', 'model'], ['truth', 'importer'],
    ]);
    expect(new Set(history.map((h) => h.createdAt)).size).toBe(5); // one time per append call
  });

  it('a revision needs an author', () => {
    const item = addItem();
    expect(() => services.labels.append([{ itemId: item, classId: 1, payload: '' }], 'human', '  ')).toThrow(/author/);
  });

  it('review state is the newest review, unreviewed by default', () => {
    const item = addItem();
    expect(services.labels.reviewOf(item)).toBe('unreviewed');
    services.labels.setReview(item, 'flagged', 'ana');
    services.labels.setReview(item, 'approved', 'ben');
    expect(services.labels.reviewOf(item)).toBe('approved');
    const [summary] = services.datasets.summaries();
    expect(summary).toMatchObject({ name: 'd', items: 1, reviewed: 1, labels: { truth: 0, human: 0, model: 0 } });
    services.labels.setReview(item, 'unreviewed', 'ben'); // a reset counts as not reviewed
    expect(services.datasets.summaries()[0].reviewed).toBe(0);
  });

  it('finds a dataset by name or id, and says clearly when there is none', () => {
    addItem('steel-a');
    expect(services.datasets.get('steel-a').name).toBe('steel-a');
    expect(services.datasets.get('1').name).toBe('steel-a');
    expect(() => services.datasets.get('nope')).toThrow(/no dataset named or numbered "nope"/);
  });
});

describeSqliteFile('schema version 5: what daily review needs', () => {
  it('gives strips of a dataset imported from a train.csv under an older version an explicit empty truth per class', () => {
    services.close();
    const file = join(tmp.dir, 'v4.db');
    const db = new Database(file);
    db.pragma('foreign_keys = ON');
    for (const [v, sql] of migrations.slice(0, 4).entries()) {
      db.exec(sql);
      db.pragma(`user_version = ${v + 1}`);
    }
    const withCsv = Number(db.prepare("INSERT INTO datasets (name, kind, root, labels_file, created_at) VALUES ('csv', 'severstal', '/x', '/x/train.csv', '2026-01-01')").run().lastInsertRowid);
    const without = Number(db.prepare("INSERT INTO datasets (name, kind, root, created_at) VALUES ('bare', 'severstal', '/y', '2026-01-02')").run().lastInsertRowid);
    const item = (ds: number, key: string) => Number(db.prepare('INSERT INTO items (dataset_id, key, path, width, height, sort_index) VALUES (?, ?, ?, 1600, 256, 0)').run(ds, key, key).lastInsertRowid);
    const defect = item(withCsv, 'a.jpg');
    const clean = item(withCsv, 'b.jpg');
    const bare = item(without, 'c.jpg');
    db.prepare("INSERT INTO label_revisions (item_id, class_id, source, payload, author, created_at) VALUES (?, 3, 'truth', '1 5', 'ana', '2026-01-01')").run(defect);
    db.close();

    services = createServices(file, clock);
    expect(schemaVersion(services.db)).toBe(migrations.length);
    expect([...services.labels.currentOf(defect)].sort()).toEqual([[1, ''], [2, ''], [3, '1 5'], [4, '']]);
    expect([...services.labels.currentOf(clean)].sort()).toEqual([[1, ''], [2, ''], [3, ''], [4, '']]);
    expect(services.labels.history(clean).every((r) => r.source === 'truth' && r.author === 'ana')).toBe(true);
    expect(services.labels.hasLabel(bare)).toBe(false);
    const cards = services.datasets.summaries();
    expect(cards.map((d) => [d.name, d.labelled, d.unlabelled])).toEqual([['csv', 2, 0], ['bare', 0, 1]]);
    // Filters see the same: the bare strip is the one unlabelled item, and no labelled strip is.
    expect(services.itemPages.page(without, 0, 10, { label: 'unlabelled' }).rows.map((r) => r.key)).toEqual(['c.jpg']);
    expect(services.itemPages.page(withCsv, 0, 10, { label: 'unlabelled' }).total).toBe(0);
    expect(services.itemPages.page(withCsv, 0, 10, { label: 'none' }).rows.map((r) => r.key)).toEqual(['b.jpg']);
  });
});
