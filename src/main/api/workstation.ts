// A workstation: the services over one database plus what both shells need on top of them — the
// event hub, the job runner, the request dispatcher and the binary handler.
import { createServices, type Services } from '../composition';
import type { ModelServicesOptions } from '../services/models-wiring';
import type { ShellKind } from '../../shared/api/types';
import { EventHub } from './events';
import { JobRunner } from './jobs';
import { createApiHandlers } from './handlers';
import type { ApiContext, ApiHandlers } from './context';
import { createDispatcher, type Dispatch } from './dispatch';
import { createBinaryHandler, type BinaryHandler } from './binary';
import { defaultWorkerModule, importInProcess, importOnWorker, type WorkerModule } from './import-runner';

export interface Workstation {
  database: string;
  services: Services;
  events: EventHub;
  jobs: JobRunner;
  handlers: ApiHandlers;
  dispatch: Dispatch;
  binary: BinaryHandler;
  /** Cancels running jobs, waits for them, and closes the database. */
  close(): Promise<void>;
}

export interface WorkstationOptions {
  database: string;
  shell: ShellKind;
  pickPath?: ApiContext['pickPath'];
  saveAs?: ApiContext['saveAs'];
  /** The import worker's module (Electron passes its bundled one); false runs imports on this thread. */
  importWorker?: WorkerModule | false;
  /** The model side's options: Electron passes its bundled model worker file. */
  models?: ModelServicesOptions;
  /** Where unexpected errors are reported (they also reach the caller as code `internal`). */
  onInternalError?: (request: string, error: unknown) => void;
}

export function openWorkstation(options: WorkstationOptions): Workstation {
  const services = createServices(options.database, undefined, options.models);
  const events = new EventHub();
  const jobs = new JobRunner(events, services.clock);
  const inProcess = importInProcess(services);
  const runImport = options.importWorker === false ? inProcess : importOnWorker(options.database, inProcess, options.importWorker ?? defaultWorkerModule());
  const handlers = createApiHandlers({ services, events, jobs, runImport, shell: options.shell, database: options.database, pickPath: options.pickPath, saveAs: options.saveAs });
  return {
    database: options.database,
    services,
    events,
    jobs,
    handlers,
    dispatch: createDispatcher(handlers, options.onInternalError),
    binary: createBinaryHandler(services.images),
    close: async () => {
      await jobs.settle();
      services.close();
    },
  };
}
