// What every request handler is written against: the table of handlers the contract asks for, and the
// context they run in (the services, the event hub, how imports run and what the shell offers). A leaf
// module, so that handlers.ts and the per-feature handler files (ct, steel, models) never import each other.
import type { Services } from '../composition';
import type { Args, Result } from '../../shared/api/contract';
import type { RequestName } from '../../shared/api/names';
import type { ShellKind } from '../../shared/api/types';
import type { EventHub } from './events';
import type { ImportRunner } from './import-runner';
import type { WatchKeeper } from './watch-keeper';
import type { WorkerJobs } from '../services/jobs/worker-jobs';

export type ApiHandlers = { [K in RequestName]: (args: Args<K>) => Result<K> | Promise<Result<K>> };

export interface ApiContext {
  services: Services;
  events: EventHub;
  shell: ShellKind;
  /** The database file the services have open. */
  database: string;
  /** How imports run (on a worker thread where possible). */
  runImport: ImportRunner;
  /** The watched folders of this workstation. */
  watches: WatchKeeper;
  /** Where training and pre-annotation go when a GPU worker runs them (`loupe serve --jobs-on-worker`); absent: here. */
  workerJobs?: WorkerJobs;
  /** The operating system's file picker; absent in the browser host. */
  pickPath?: (purpose: 'folder' | 'csv' | 'onnx', title?: string) => Promise<string | null>;
  /** The operating system's save dialog (Electron only): the chosen path, or null when the person cancels. */
  saveAs?: (defaultName: string, kind: 'csv') => Promise<string | null>;
}
