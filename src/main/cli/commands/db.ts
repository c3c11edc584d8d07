// loupe db migrate|copy: the store itself, on either engine — bring it to the newest schema, or move a
// workspace between an SQLite file and a team database on PostgreSQL (and back).
import { Command } from 'commander';
import { existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { printResult } from '../output';

interface MigrateFlags {
  db: string;
  json?: boolean;
}

interface CopyFlags {
  from: string;
  to: string;
  json?: boolean;
}

/** Where a target is, for messages: a path as given, a URL without its password. */
export function storeName(target: string): string {
  if (!/^postgres(ql)?:\/\//i.test(target)) return target;
  try {
    const url = new URL(target);
    url.password = '';
    return url.toString();
  } catch {
    return 'the team database';
  }
}

const MODEL_FILES_NOTE =
  'model files are not in the database: they stay in their folder (beside an SQLite file as <name>-models/, or --models-dir / LOUPE_MODELS_DIR); copy or share that folder too';

function migrateCommand(): Command {
  return new Command('migrate')
    .description('bring a store to the newest schema (SQLite file or postgres://… team database)')
    .requiredOption('--db <file|url>', 'the Loupe database: a file, or postgres://user@host/db')
    .option('--json', 'machine-readable output')
    .action(async (flags: MigrateFlags) => {
      const { engineFor, openDatabase, schemaVersion, schemaVersionAtOpen } = await import('../../db/database');
      if (engineFor(flags.db) === 'sqlite' && flags.db !== ':memory:' && !existsSync(flags.db)) throw new Error(`${flags.db}: no such database file`);
      const db = openDatabase(flags.db);
      try {
        const to = schemaVersion(db);
        const from = schemaVersionAtOpen(db) ?? to;
        const name = storeName(flags.db);
        printResult(flags, { from, to }, () => (from === to ? `${name}: schema version ${to}, the newest` : `${name}: schema version ${from} → ${to}`));
      } finally {
        db.close();
      }
    });
}

function copyCommand(): Command {
  return new Command('copy')
    .description('copy a whole workspace into a new, empty store: SQLite → PostgreSQL, PostgreSQL → SQLite, or SQLite → SQLite')
    .requiredOption('--from <file|url>', 'the store to copy (left as it is, but brought to the newest schema)')
    .requiredOption('--to <file|url>', 'the empty store to fill: a new file, or postgres://user@host/db')
    .option('--json', 'machine-readable output')
    .action(async (flags: CopyFlags) => {
      const { engineFor, openDatabase } = await import('../../db/database');
      const { copyStore } = await import('../../db/copy');
      const [from, to] = [storeName(flags.from), storeName(flags.to)];
      const same = engineFor(flags.from) === 'sqlite' && engineFor(flags.to) === 'sqlite' ? resolve(flags.from) === resolve(flags.to) : flags.from === flags.to;
      if (same) throw new Error('--from and --to name the same store');
      if (engineFor(flags.from) === 'sqlite' && !existsSync(flags.from)) throw new Error(`--from ${flags.from}: no such database file`);
      // A new SQLite file that the copy did not fill is removed again: the target stays as it was.
      const newFile = engineFor(flags.to) === 'sqlite' && !existsSync(flags.to) ? flags.to : null;
      const source = openDatabase(flags.from);
      try {
        const target = openDatabase(flags.to);
        let filled = false;
        try {
          const tables = copyStore(source, target, { from, to });
          filled = true;
          const total = tables.reduce((sum, t) => sum + t.rows, 0);
          printResult(flags, { from, to, tables, note: MODEL_FILES_NOTE }, () =>
            [...tables.map((t) => `${t.table}\t${t.rows}`), `copied ${total} rows from ${from} to ${to}`, MODEL_FILES_NOTE].join('\n'),
          );
        } finally {
          target.close();
          if (!filled && newFile) for (const file of [newFile, `${newFile}-wal`, `${newFile}-shm`]) rmSync(file, { force: true });
        }
      } finally {
        source.close();
      }
    });
}

export function dbCommand(): Command {
  return new Command('db').description('the store: migrate it to the newest schema, copy a workspace between SQLite and PostgreSQL').addCommand(migrateCommand()).addCommand(copyCommand());
}
