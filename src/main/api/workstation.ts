// A workstation: the services over one database plus what both shells need on top of them — the
// event hub (fed by the job service), the request dispatcher and the binary handler.
import { createServices, type Services, type TeamOptions } from '../composition';
import type { ModelServicesOptions } from '../services/models/models-wiring';
import type { ShellKind } from '../../shared/api/types';
import { isFinished } from '../services/jobs/jobs';
import { EventHub } from './events';
import { createApiHandlers } from './handlers';
import type { ApiContext, ApiHandlers } from './context';
import { createDispatcher, type Dispatch } from './dispatch';
import { createBinaryHandler, type BinaryHandler } from './binary';
import { defaultWorkerModule, importInProcess, importOnWorker, type WorkerModule } from './import-runner';
import { WatchKeeper } from './watch-keeper';
import { WorkerJobs } from '../services/jobs/worker-jobs';
import { isPostgresUrl } from '../db/database';

export interface Workstation {
  database: string;
  services: Services;
  events: EventHub;
  handlers: ApiHandlers;
  dispatch: Dispatch;
  /** The GPU workers' jobs, with `jobsOnWorker`. */
  workerJobs?: WorkerJobs;
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
  /** Whom the workstation runs for and how long claims last, on a store shared with others. */
  team?: TeamOptions;
  /**
   * Training and pre-annotation go to the GPU workers of the team database (`loupe worker`) instead of running
   * here; needs a `postgres://` database.
   */
  jobsOnWorker?: boolean;
  /** Where unexpected errors are reported (they also reach the caller as code `internal`). */
  onInternalError?: (request: string, error: unknown) => void;
}

export function openWorkstation(options: WorkstationOptions): Workstation {
  const services = createServices(options.database, undefined, options.models, options.team);
  const events = new EventHub();
  // Every job's change goes to every renderer; a finished job's dataset has changed (new dataset, predictions, versions).
  services.jobs.subscribe((job) => {
    events.publish('job.updated', job);
    if (isFinished(job.state) && job.datasetId !== null) events.publish('datasets.changed', { datasetIds: [job.datasetId] });
  });
  services.jobs.recoverInterrupted();
  if (options.jobsOnWorker && !isPostgresUrl(options.database)) throw new Error('jobs run on a GPU worker only on a team database (--db postgres://…)');
  // A worker's job changes in its row: announced here as if the job were this workstation's own.
  const workerJobs = options.jobsOnWorker
    ? new WorkerJobs(options.database, services.db, services.clock, () => services.settings.author(), (jobId) => {
        const job = services.jobs.get(jobId);
        events.publish('job.updated', job);
        if (isFinished(job.state) && job.datasetId !== null) events.publish('datasets.changed', { datasetIds: [job.datasetId] });
      })
    : undefined;
  const inProcess = importInProcess(services);
  const runImport = options.importWorker === false ? inProcess : importOnWorker(options.database, inProcess, options.importWorker ?? defaultWorkerModule());
  const watches = new WatchKeeper(services, events);
  const handlers = createApiHandlers({ services, events, runImport, watches, workerJobs, shell: options.shell, database: options.database, pickPath: options.pickPath, saveAs: options.saveAs });
  // The watched folders that were on when the workstation last closed watch again (see watch-keeper.ts).
  watches.resume();
  return {
    database: options.database,
    services,
    events,
    handlers,
    workerJobs,
    dispatch: createDispatcher(handlers, options.onInternalError),
    binary: createBinaryHandler(services.images, services.exports),
    close: async () => {
      // Model work ends at once with its worker (a training step can take many seconds); imports are
      // cancelled and waited for, so nothing writes to the database once it closes.
      await Promise.all([services.modelJobs.close(), services.jobs.settle(), workerJobs?.close()]);
      services.close();
    },
  };
}
