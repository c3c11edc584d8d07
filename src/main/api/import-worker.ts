// The import worker: runs one import on its own thread with its own connection to the database (WAL lets
// the main thread keep reading), so reading millions of label rows and writing the dataset never stalls
// the workstation's event loop. Talks to import-runner.ts through messages.
import { parentPort, workerData } from 'node:worker_threads';
import { createServices } from '../composition';
import { LoupeError, errorMessage } from '../../shared/errors';
import type { ImportProgress } from '../services/imports/import-common';
import type { ImportJob, WorkerMessage } from './import-runner';

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
  const common = { name: job.name, author: job.author, signal: controller.signal, onProgress: (progress: ImportProgress) => send({ type: 'progress', progress }) };
  const result =
    job.kind === 'severstal'
      ? await services.importSeverstal({ ...common, imagesDir: job.folder, labelsCsv: job.labelsCsv!, allowMissing: job.allowMissing })
      : await services.importRsna({ ...common, dicomDir: job.folder, labelsCsv: job.labelsCsv, fixAny: job.fixAny, verify: job.verify });
  send({ type: 'done', result });
} catch (error) {
  const code = error instanceof LoupeError ? error.code : controller.signal.aborted ? 'cancelled' : 'internal';
  send({ type: 'failed', code, message: errorMessage(error) });
} finally {
  services.close();
  port.close();
}
