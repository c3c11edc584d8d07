// Model files of a team database: a postgres:// store has no "beside", so the commands that need model folders
// take --models-dir (or LOUPE_MODELS_DIR) and fail clearly without one, while the others keep working; versions
// under the models folder are stored relative to it, so workstations mounting the share elsewhere find them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../../src/main/db/database';
import { defaultStarterDir } from '../../src/main/services/models/models-folders';
import { NO_MODELS_DIR } from '../../src/main/services/models/model-paths';
import { tempDir } from '../helpers/fs';
import { loupe } from '../helpers/cli';
import { startPostgres, type PostgresCluster } from '../helpers/postgres-cluster';

let tmp: ReturnType<typeof tempDir>;
let cluster: PostgresCluster;

beforeAll(async () => {
  tmp = tempDir('loupe-team-models-');
  cluster = await startPostgres();
}, 120_000);
afterAll(() => {
  cluster?.stop();
  tmp?.cleanup();
});

describe('--models-dir on a team database', () => {
  it('fails clearly where a model folder is needed, keeps the other commands working, and resolves versions under another mount', { timeout: 300_000 }, () => {
    const team = cluster.url;
    const starter = join(defaultStarterDir(), 'steel-starter');
    expect(loupe('db', 'migrate', '--db', team).code).toBe(0);

    const without = loupe('models', '--db', team, '--import', starter, '--version', 'steel-shared');
    expect(without.code).toBe(1);
    expect(without.stderr).toContain(NO_MODELS_DIR);
    for (const args of [['users', 'list'], ['audit'], ['info'], ['models']]) {
      const run = loupe(...args, '--db', team);
      expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(0);
    }

    const share = join(tmp.dir, 'share');
    const imported = loupe('models', '--db', team, '--models-dir', share, '--import', starter, '--version', 'steel-shared', '--json');
    expect(imported.code, imported.stderr).toBe(0);
    const db = openDatabase(team);
    try {
      expect(db.prepare("SELECT path FROM models WHERE version = 'steel-shared'").pluck().get()).toBe('steel-shared');
    } finally {
      db.close();
    }

    // Another workstation mounts the share elsewhere.
    const mount = join(tmp.dir, 'mounted-elsewhere');
    cpSync(share, mount, { recursive: true });
    const listed = loupe('models', '--db', team, '--models-dir', mount, '--json');
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout).models).toContainEqual(expect.objectContaining({ version: 'steel-shared', path: join(mount, 'steel-shared') }));
    const exported = loupe('models', '--db', team, '--export', 'steel-shared', '--out', join(tmp.dir, 'out'));
    expect(exported.code).toBe(1);
    expect(exported.stderr).toContain(NO_MODELS_DIR);
    expect(loupe('models', '--db', team, '--models-dir', mount, '--export', 'steel-shared', '--out', join(tmp.dir, 'out')).code).toBe(0);
  });

  it('keeps an old absolute row working', { timeout: 120_000 }, () => {
    const file = join(tmp.dir, 'old.db');
    const folder = join(tmp.dir, 'legacy', 'steel-old');
    cpSync(join(defaultStarterDir(), 'steel-starter'), folder, { recursive: true });
    expect(loupe('models', '--db', file, '--import', folder, '--version', 'steel-old').code).toBe(0);
    const db = openDatabase(file);
    try {
      db.prepare("UPDATE models SET path = ? WHERE version = 'steel-old'").run(folder); // as rows before relative paths were
    } finally {
      db.close();
    }
    const listed = loupe('models', '--db', file, '--models-dir', join(tmp.dir, 'elsewhere'), '--json');
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout).models).toContainEqual(expect.objectContaining({ version: 'steel-old', path: folder }));
  });
});
