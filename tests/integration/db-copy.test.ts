// `loupe db copy` and `loupe db migrate`: a workspace moved SQLite → PostgreSQL → a new SQLite file keeps every
// row and column of every table (BLOBs, REALs, NULLs); new rows continue after the copied ids; a target that
// holds data is refused and left as it was. A throwaway PostgreSQL 15 runs for the file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../src/main/db/database';
import { columnsOf, rowsOf } from '../../src/main/db/copy';
import { tablesInCreationOrder } from '../../src/main/db/schema-tables';
import { migrations } from '../../src/main/db/migrations';
import { tempDir } from '../helpers/fs';
import { loupe } from '../helpers/cli';
import { startPostgres, type PostgresCluster } from '../helpers/postgres-cluster';

// This file names both engines itself (a path is an SQLite file here), also in the *-postgres projects.
delete process.env.LOUPE_STORE_POSTGRES;

let tmp: ReturnType<typeof tempDir>;
let cluster: PostgresCluster;

beforeAll(async () => {
  tmp = tempDir('loupe-db-copy-');
  cluster = await startPostgres();
}, 120_000);
afterAll(() => {
  cluster?.stop();
  tmp?.cleanup();
});

/** A database of its own in the cluster, for one test. */
function freshDatabase(name: string): string {
  const admin = openDatabase(cluster.url);
  try {
    admin.prepare(`CREATE DATABASE ${name}`).run();
  } finally {
    admin.close();
  }
  return cluster.url.replace(/\/postgres$/, `/${name}`);
}

function dump(target: string): Record<string, unknown[][]> {
  const db = openDatabase(target);
  try {
    return Object.fromEntries(tablesInCreationOrder().map((table) => [table, rowsOf(db, table, columnsOf(db, table))]));
  } finally {
    db.close();
  }
}

const T = '2026-12-02T10:00:00.000Z';

/** A workspace with a row in every kind of table: BLOBs, REALs with long fractions, NULLs, a model's parent. */
function seed(db: Db): void {
  const run = (sql: string, ...params: unknown[]) => db.prepare(sql).run(...params);
  run("INSERT INTO datasets (id, name, kind, root, labels_file, created_at) VALUES (1, 'line', 'severstal', '/data/line', NULL, ?)", T);
  run("INSERT INTO datasets (id, name, kind, root, labels_file, created_at, meta) VALUES (3, 'heads', 'rsna', '/data/ct', '/data/ct/labels.csv', ?, '{\"a\":1}')", T);
  run("INSERT INTO items (id, dataset_id, key, path, width, height, sort_index, position, sha256) VALUES (1, 1, 'a.jpg', 'a.jpg', 1600, 256, 0, NULL, 'ab12')");
  run("INSERT INTO items (id, dataset_id, key, path, width, height, sort_index, patient_id, study_uid, series_uid, position) VALUES (7, 3, '1.2.3', 's/1.dcm', 512, 512, 0, 'P1', 'S1', 'SE1', -12.345678901234567)");
  run("INSERT INTO label_revisions (id, item_id, class_id, source, payload, author, created_at, origin) VALUES (1, 1, 1, 'truth', '1 3', 'import', ?, NULL)", T);
  run("INSERT INTO label_revisions (id, item_id, class_id, source, payload, author, created_at, origin) VALUES (5, 1, 1, 'human', '2 4', 'Ada', ?, 'model:steel-2')", T);
  run("INSERT INTO reviews (id, item_id, state, author, created_at, note) VALUES (1, 1, 'flagged', 'Ada', ?, 'odd edge')", T);
  run("INSERT INTO models (id, version, task, architecture, parent_version, created_at, path, active) VALUES (1, 'steel-1', 'steel', 'unet', NULL, ?, '/m/steel-1', 0)", T);
  run("INSERT INTO models (id, version, task, architecture, parent_version, created_at, path, active, metrics) VALUES (2, 'steel-2', 'steel', 'unet', 'steel-1', ?, '/m/steel-2', 1, '{\"dice\":0.61}')", T);
  run("INSERT INTO model_card_revisions (id, version, revision, card, reason, author, created_at) VALUES (1, 'steel-2', 1, '{}', 'as registered', 'loupe', ?)", T);
  run("INSERT INTO models (id, version, task, architecture, created_at, path) VALUES (3, 'steel-avg', 'steel', 'ensemble', ?, '/m/steel-avg')", T);
  run("INSERT INTO ensemble_members (version, position, member_version, dir, weight, tta) VALUES ('steel-avg', 0, 'steel-2', '/m/steel-2', 0.7, 'hflip')");
  run("INSERT INTO ensemble_members (version, position, member_version, dir, weight, tta) VALUES ('steel-avg', 1, NULL, '/m/steel-avg/fold-1', 0.3, 'none')");
  run("INSERT INTO validation_sets (dataset_id, seed, share, created_at) VALUES (3, 42, 0.2, ?)", T);
  run("INSERT INTO validation_items (dataset_id, item_id, group_key, added_at) VALUES (3, 7, 'P1', ?)", T);
  run("INSERT INTO trained_groups (dataset_id, group_key, version) VALUES (1, 'a.jpg', 'steel-2')");
  run("INSERT INTO model_activations (id, task, version, author, created_at) VALUES (1, 'steel', 'steel-2', 'Ada', ?)", T);
  run("INSERT INTO prediction_maps (item_id, source, class_id, width, height, presence, data, created_at) VALUES (1, 'model:steel-2', 1, 4, 2, 0.1, ?, ?)", Buffer.from([0, 1, 2, 254, 255, 0, 128, 7]), T);
  run("INSERT INTO prediction_maps (item_id, source, class_id, width, height, presence, data, created_at) VALUES (1, 'model:steel-2', 2, 1, 1, NULL, ?, ?)", Buffer.alloc(0), T);
  run("INSERT INTO slice_embeddings (item_id, version, size, data, created_at) VALUES (7, 'ct-1', 2, ?, ?)", Buffer.from(new Float32Array([0.5, -1.25]).buffer), T);
  run("INSERT INTO jobs (id, kind, state, progress, created_at, updated_at, dataset_id, total, result, author) VALUES (4, 'import', 'done', 0.3333333333333333, ?, ?, 1, NULL, NULL, 'Ada')", T, T);
  run("INSERT INTO jobs (id, kind, state, created_at, updated_at, queue) VALUES (9, 'train', 'queued', ?, ?, 'gpu')", T, T);
  run("INSERT INTO users (id, name, password_hash, role, created_at, updated_at) VALUES (2, 'Ada', '$argon2id$x', 'admin', ?, ?)", T, T);
  run("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ('h1', 2, ?, ?)", T, T);
  run("INSERT INTO settings (key, value, updated_at) VALUES ('author', '\"Ada\"', ?)", T);
  run("INSERT INTO claims (item_id, user_name, claimed_at, active_at, expires_at) VALUES (1, 'Ada', ?, ?, ?)", T, T, T);
  run("INSERT INTO reading_tasks (id, item_id, reader, honeypot, assigned_by, assigned_at, done_at) VALUES (3, 1, 'Ana', 1, 'Rui', ?, NULL)", T);
  run("INSERT INTO readings (task_id, class_id, payload, saved_at) VALUES (3, 2, '10 5', ?)", T);
  run("INSERT INTO adjudications (item_id, adjudicated_by, adjudicated_at, revision_ids) VALUES (7, 'Rui', ?, '[5]')", T);
}

describe('loupe db copy', () => {
  it('copies every table SQLite → PostgreSQL → a new SQLite file without loss, and new rows get fresh ids', { timeout: 240_000 }, () => {
    const first = join(tmp.dir, 'team.db');
    const db = openDatabase(first);
    seed(db);
    db.close();
    const team = freshDatabase('team_copy');
    const back = join(tmp.dir, 'back.db');

    const up = loupe('db', 'copy', '--from', first, '--to', team);
    expect(up.code, up.stderr).toBe(0);
    expect(up.stdout).toMatch(/^items\t2$/m);
    expect(up.stdout).toMatch(/^prediction_maps\t2$/m);
    expect(up.stdout).toMatch(/model files .* stay in their folder/);
    const down = loupe('db', 'copy', '--from', team, '--to', back, '--json');
    expect(down.code, down.stderr).toBe(0);
    expect(JSON.parse(down.stdout).tables).toContainEqual({ table: 'users', rows: 1 });

    const original = dump(first);
    expect(Object.values(original).every((rows) => rows.length > 0)).toBe(true); // the seed reaches every table
    expect(dump(team)).toEqual(original);
    expect(dump(back)).toEqual(original);

    for (const target of [team, back]) {
      const copy = openDatabase(target);
      try {
        const item = copy.prepare("INSERT INTO items (dataset_id, key, path, width, height, sort_index) VALUES (1, 'new.jpg', 'new.jpg', 1600, 256, 1)").run();
        expect(Number(item.lastInsertRowid)).toBe(8);
        const job = copy.prepare("INSERT INTO jobs (kind, state, created_at, updated_at) VALUES ('import', 'queued', ?, ?)").run(T, T);
        expect(Number(job.lastInsertRowid)).toBe(10);
      } finally {
        copy.close();
      }
    }
  });

  it('refuses a target that holds data, names the table, and leaves it unchanged', { timeout: 240_000 }, () => {
    const source = join(tmp.dir, 'source.db');
    const seeded = openDatabase(source);
    seed(seeded);
    seeded.close();
    const team = freshDatabase('team_busy');
    const busy = openDatabase(team);
    busy.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('author', '\"Bo\"', ?)").run(T);
    busy.close();
    const before = dump(team);

    const refused = loupe('db', 'copy', '--from', source, '--to', team);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/already holds data \(table settings\)/);
    expect(refused.stderr).not.toMatch(/password/);
    expect(dump(team)).toEqual(before);

    // A row PostgreSQL refuses halfway (SQLite stores text in an INTEGER column): nothing of the copy stays.
    const loose = join(tmp.dir, 'loose.db');
    const looseDb = openDatabase(loose);
    seed(looseDb);
    looseDb.prepare("UPDATE items SET width = 'wide' WHERE id = 7").run();
    looseDb.close();
    const empty = freshDatabase('team_half');
    const emptyBefore = dump(empty);
    const half = loupe('db', 'copy', '--from', loose, '--to', empty);
    expect(half.code).toBe(1);
    expect(half.stderr).toMatch(/refused table items, row id 7 of .*loose\.db \(nothing was copied\): .*invalid input syntax for type bigint/);
    expect(dump(empty)).toEqual(emptyBefore);
    expect(Object.values(emptyBefore).every((rows) => rows.length === 0)).toBe(true);

    const missing = loupe('db', 'copy', '--from', join(tmp.dir, 'none.db'), '--to', join(tmp.dir, 'other.db'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/none\.db: no such database file/);
    expect(existsSync(join(tmp.dir, 'other.db'))).toBe(false);
  });
});

describe('loupe db migrate', () => {
  it('says from which schema version to which, on a file and on a team database, and refuses a newer store', { timeout: 240_000 }, () => {
    const file = join(tmp.dir, 'old.db');
    const old = new Database(file);
    for (const sql of migrations.slice(0, 3)) old.exec(sql);
    old.pragma('user_version = 3');
    old.close();
    const newest = migrations.length;
    expect(loupe('db', 'migrate', '--db', file).stdout).toBe(`${file}: schema version 3 → ${newest}\n`);
    expect(loupe('db', 'migrate', '--db', file).stdout).toBe(`${file}: schema version ${newest}, the newest\n`);
    expect(loupe('db', 'migrate', '--db', join(tmp.dir, 'absent.db')).stderr).toMatch(/absent\.db: no such database file/);

    const team = freshDatabase('team_migrate');
    const first = loupe('db', 'migrate', '--db', team, '--json');
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({ from: 0, to: newest });
    const store = openDatabase(team);
    store.prepare('UPDATE loupe_schema SET version = ?').run(newest + 1);
    store.close();
    const refused = loupe('db', 'migrate', '--db', team);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(new RegExp(`schema version ${newest + 1} is newer than this Loupe \\(${newest}\\); update Loupe`));
  });
});
