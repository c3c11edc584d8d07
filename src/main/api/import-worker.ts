// The import worker: runs one import on its own thread with its own connection to the database (WAL lets
// the main thread keep reading), so reading millions of label rows and writing the dataset never stalls
// the workstation's event loop. Talks to import-runner.ts through messages.
import { parentPort, workerData } from 'node:worker_threads';
import { createServices } from '../composition';
import { LoupeError, errorMessage } from '../../shared/errors';
import type { ImportProgress } from '../services/imports/import-common';
import { runImportJob, type ImportJob, type WorkerMessage } from './import-runner';

const { database, job } = workerData as { database: string; job: ImportJob };
const port = parentPort!;
const controller = new AbortController();
port.on('message', (message: { type: string }) => {
  if (message.type === 'cancel') controller.abort();
});
const send = (message: WorkerMessage) => port.postMessage(message);
send({ type: 'ready' }); // every module has loaded

const services = createServices(database);
try {
  const result = await runImportJob(services, job, controller.signal, (progress: ImportProgress) => send({ type: 'progress', progress }));
  send({ type: 'done', result });
} catch (error) {
  const code = error instanceof LoupeError ? error.code : controller.signal.aborted ? 'cancelled' : 'internal';
  send({ type: 'failed', code, message: errorMessage(error), ...(error instanceof LoupeError && error.option ? { option: error.option } : {}) });
} finally {
  services.close();
  port.close();
}
