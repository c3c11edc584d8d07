// The model worker (a worker thread): TensorFlow.js lives here, never on the main thread. It picks the
// backend once, then runs one job at a time as the main thread sends them, and reports how many tensors
// were alive before and after each job (the baseline must hold across a long session).
import * as tf from '@tensorflow/tfjs';
import { parentPort } from 'node:worker_threads';
import { selectBackend } from '../backend/backend-chain';
import { JobCancelled, type JobContext } from './job-context';
import type { FromWorker, JobSpec, ToWorker } from './protocol';
import { runPredictJob } from './predict-job';
import { runRethresholdJob } from './rethreshold-job';
import { runTrainJob } from '../training/train-job';
import { runCompareJob } from './compare-job';
import { runTuneJob } from './tune-job';
import { liveOnnxSessions } from '../onnx/onnx-model';

const port = parentPort;
if (!port) throw new Error('model-worker.ts runs as a worker thread');

let cancelFlag: Int32Array<ArrayBufferLike> = new Int32Array(1);

function send(message: FromWorker, transfer: ArrayBuffer[] = []): void {
  port!.postMessage(message, transfer);
}

function runJob(spec: JobSpec, context: JobContext): Promise<unknown> {
  switch (spec.kind) {
    case 'predict':
      return runPredictJob(spec, context);
    case 'rethreshold':
      return runRethresholdJob(spec, context);
    case 'train':
      return runTrainJob(spec, context);
    case 'compare':
      return runCompareJob(spec, context);
    case 'tune':
      return runTuneJob(spec, context);
  }
}

async function run(jobId: number, spec: JobSpec): Promise<void> {
  const before = tf.memory().numTensors;
  const sessionsBefore = liveOnnxSessions();
  const onnxSessions = () => ({ before: sessionsBefore, after: liveOnnxSessions() });
  const context: JobContext = {
    jobId,
    progress: (progress) => send({ type: 'progress', jobId, progress }),
    partial: (items) => {
      const transfer = items.flatMap((i) => i.maps?.map((m) => m.deflated.buffer as ArrayBuffer) ?? []);
      send({ type: 'partial', jobId, items }, transfer);
    },
    checkCancelled: () => {
      if (Atomics.load(cancelFlag, 0) === jobId) throw new JobCancelled();
    },
  };
  try {
    const result = await runJob(spec, context);
    send({ type: 'done', jobId, result, tensors: { before, after: tf.memory().numTensors }, onnxSessions: onnxSessions() });
  } catch (error) {
    const cancelled = error instanceof JobCancelled;
    send({ type: 'failed', jobId, message: cancelled ? 'cancelled' : (error as Error)?.message ?? String(error), cancelled, tensors: { before, after: tf.memory().numTensors }, onnxSessions: onnxSessions() });
  }
}

let queue: Promise<void> = Promise.resolve();

port.on('message', (message: ToWorker) => {
  if (message.type === 'start') {
    cancelFlag = new Int32Array(message.cancel);
    selectBackend({ startAt: message.startAt }).then(
      (report) => send({ type: 'ready', report }),
      (error: Error) => send({ type: 'start-failed', message: error.message }),
    );
  } else {
    queue = queue.then(() => run(message.jobId, message.spec));
  }
});
