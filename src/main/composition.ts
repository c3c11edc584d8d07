// The composition root: opens the store and wires every service once. The CLI, the browser host and
// Electron's main process all start from here, so they run the very same services.
import { userInfo } from 'node:os';
import { openDatabase, type Db } from './db/database';
import { systemClock, type Clock } from './services/clock';
import { DatasetService } from './services/datasets';
import { LabelService } from './services/labels';
import { ExportService } from './services/export';
import { importSeverstal, type SeverstalImportOptions } from './services/import-severstal';
import { importRsna, type RsnaImportOptions } from './services/import-rsna';

type WithoutAuthor<T> = Omit<T, 'author'> & { author?: string };

export interface Services {
  db: Db;
  clock: Clock;
  datasets: DatasetService;
  labels: LabelService;
  exports: ExportService;
  importSeverstal(options: WithoutAuthor<SeverstalImportOptions>): ReturnType<typeof importSeverstal>;
  importRsna(options: WithoutAuthor<RsnaImportOptions>): ReturnType<typeof importRsna>;
  close(): void;
}

/** The operating-system user: the default author of revisions until the user names themself. */
export function defaultAuthor(): string {
  try {
    return userInfo().username || 'unknown';
  } catch {
    return process.env.USER ?? 'unknown';
  }
}

export function createServices(dbFile: string, clock: Clock = systemClock): Services {
  const db = openDatabase(dbFile);
  const datasets = new DatasetService(db);
  const labels = new LabelService(db, clock);
  return {
    db,
    clock,
    datasets,
    labels,
    exports: new ExportService(datasets, labels),
    importSeverstal: (options) => importSeverstal(db, clock, { ...options, author: options.author ?? defaultAuthor() }),
    importRsna: (options) => importRsna(db, clock, { ...options, author: options.author ?? defaultAuthor() }),
    close: () => db.close(),
  };
}
