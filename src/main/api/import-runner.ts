// Runs the work of an import job: on a worker thread when it can (see import-worker.ts), in this thread
// otherwise (an in-memory database, or a worker that cannot start).
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Services } from '../composition';
import type { ImportProgress } from '../services/imports/import-common';
import type { ImportReport } from '../../shared/api/types';
import type { JobControl } from '../services/jobs/jobs';
import { LoupeError, type ErrorCode, type ErrorOption } from '../../shared/errors';

export interface ImportJob {
  kind: 'severstal' | 'rsna';
  folder: string;
  labelsCsv?: string;
  name?: string;
  allowMissing?: boolean;
  fixAny?: boolean;
  /** CT: decode every slice in full before writing (see RsnaImportOptions.verify). */
  verify?: boolean;
  /** Add the folder's files to this dataset (a batch) instead of importing a new dataset. */
  addTo?: number;
  author: string;
}

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'progress'; progress: ImportProgress }
  | { type: 'done'; result: ImportReport }
  | { type: 'failed'; code: ErrorCode; message: string; option?: ErrorOption };

/** The work of an import job: cancelled through the control's signal, progress through its report. */
export type ImportRunner = (job: ImportJob, control: Pick<JobControl, 'signal' | 'report'>) => Promise<ImportReport>;

/** In this thread, through the services. */
export function importInProcess(services: Services): ImportRunner {
  return (job, { signal, report: onProgress }) => runImportJob(services, job, signal, onProgress);
}

/** The work of an import job over the services: an import of a new dataset, or a batch added to one. */
export async function runImportJob(services: Services, job: ImportJob, signal: AbortSignal, onProgress: (progress: ImportProgress) => void): Promise<ImportReport> {
  const common = { labelsCsv: job.labelsCsv, allowMissing: job.allowMissing, author: job.author, signal, onProgress };
  if (job.addTo !== undefined) return (await services.addItems({ ...common, dataset: job.addTo, dir: job.folder, fixAny: job.fixAny, verify: job.verify })).report;
  return job.kind === 'severstal'
    ? services.importSeverstal({ ...common, imagesDir: job.folder, name: job.name })
    : services.importRsna({ ...common, dicomDir: job.folder, name: job.name, fixAny: job.fixAny, verify: job.verify });
}

/** How to start the worker: a module file, or (from source) a small script that loads it through tsx. */
export type WorkerModule = { url: URL } | { script: string };

/**
 * The worker's module: the bundled `import-worker.js` beside Electron's main bundle, or this folder's
 * TypeScript source loaded through tsx (the CLI, `loupe serve` and the tests run from source; Node 20
 * does not apply `--import` hooks to a worker's entry, so tsx is registered inside the worker first).
 */
export function defaultWorkerModule(): WorkerModule {
  if (import.meta.url.endsWith('.ts')) {
    const tsx = pathToFileURL(tsxEsmApi()).href;
    const entry = new URL('./import-worker.ts', import.meta.url).href;
    return { script: `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });` };
  }
  return { url: new URL('./import-worker.js', import.meta.url) };
}

/** The ESM build of `tsx/esm/api` (its CommonJS build cannot register the hooks from a worker). */
function tsxEsmApi(): string {
  const manifest = createRequire(import.meta.url).resolve('tsx/package.json');
  const exports = (JSON.parse(readFileSync(manifest, 'utf8')) as { exports: Record<string, { import: { default: string } }> }).exports;
  return join(dirname(manifest), exports['./esm/api'].import.default);
}

/** On a worker thread; falls back to `fallback` when the worker cannot start. */
export function importOnWorker(database: string, fallback: ImportRunner, module = defaultWorkerModule()): ImportRunner {
  if (database === ':memory:') return fallback;
  return (job, control) =>
    new Promise<ImportReport>((resolve, reject) => {
      const { signal } = control;
      let worker: Worker;
      try {
        worker = 'url' in module ? new Worker(module.url, { workerData: { database, job } }) : new Worker(module.script, { eval: true, workerData: { database, job } });
      } catch {
        fallback(job, control).then(resolve, reject);
        return;
      }
      let started = false;
      let settled = false;
      const settle = (action: () => void) => {
        if (!settled) {
          settled = true;
          action();
        }
      };
      const cancel = () => worker.postMessage({ type: 'cancel' });
      signal.addEventListener('abort', cancel, { once: true });
      worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'ready') started = true;
        else if (message.type === 'progress') control.report(message.progress);
        else if (message.type === 'done') settle(() => resolve(message.result));
        else settle(() => reject(new LoupeError(message.code, message.message, message.option)));
      });
      worker.on('error', (error) => {
        // A worker that could not even load its module: run the import here instead, and say why.
        if (!started) {
          console.warn(`loupe: the import worker could not start (${error.message}); importing on the main thread`);
          settle(() => fallback(job, control).then(resolve, reject));
        }
        else settle(() => reject(error));
      });
      worker.on('exit', (code) => {
        signal.removeEventListener('abort', cancel);
        settle(() => reject(new LoupeError('internal', `the import stopped unexpectedly (worker exit code ${code})`)));
      });
    });
}
