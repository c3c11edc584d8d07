// `loupe doctor`'s memory row: every model job ends with its memory handed back — tf.memory() at its baseline and
// every ONNX Runtime session released (the model worker reports both per job). The doctor proves the same on this
// PC's own backend and provider, GPU ones included: a TensorFlow.js job (the CT starter over the x5 views,
// opened, run and disposed) and an ONNX one (a session on the provider chain, run and released).
import * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import type { DoctorCheck } from './doctor';
import { predictCtBatch } from './inference/batch-predict';
import { RunnableModel } from './inference/runnable-model';
import { liveOnnxSessions } from './onnx/onnx-model';

/** What one job left behind: tensors and bytes beyond tf.memory()'s baseline, ONNX sessions still open. */
export interface MemoryLeft {
  tensors: number;
  bytes: number;
  onnxSessions: number;
}

export interface MemoryReport {
  /** The TensorFlow.js backend and the ONNX Runtime provider the jobs ran on. */
  backend: string;
  provider: string | null;
  tfjs: MemoryLeft;
  onnx: MemoryLeft;
}

/** Runs `job` and says what it left beyond the memory in use before it. */
export async function memoryLeftBy(job: () => Promise<unknown>): Promise<MemoryLeft> {
  const before = tf.memory();
  const sessions = liveOnnxSessions();
  await job();
  const after = tf.memory();
  return { tensors: after.numTensors - before.numTensors, bytes: after.numBytes - before.numBytes, onnxSessions: liveOnnxSessions() - sessions };
}

/** The CT starter model opened, one slice predicted over the x5 views, and disposed: what a prediction job does. */
export async function starterPredictionJob(starterDir: string): Promise<void> {
  const model = await RunnableModel.open(join(starterDir, 'ct-starter'));
  try {
    const { width, height, channels } = model.card.input;
    const bytes = Uint8Array.from({ length: width * height * channels }, (_, i) => (i * 37) % 256);
    await predictCtBatch([model], [[{ bytes, width, height, channels }]], 'x5');
  } finally {
    model.dispose();
  }
}

const clean = (left: MemoryLeft) => left.tensors === 0 && left.bytes === 0 && left.onnxSessions === 0;

function words(left: MemoryLeft): string {
  return `${left.tensors} tensors (${left.bytes} bytes) and ${left.onnxSessions} ONNX sessions left`;
}

/** The doctor's row for the two jobs' reports. */
export function memoryCheck(report: MemoryReport): DoctorCheck {
  const ok = clean(report.tfjs) && clean(report.onnx);
  return {
    name: 'memory handed back',
    ok,
    detail:
      `a TensorFlow.js job on ${report.backend}: ${words(report.tfjs)}; ` +
      `an ONNX job on ${report.provider ?? 'no provider'}: ${words(report.onnx)}` +
      (ok ? ' (every job ends at its baseline)' : ' — memory is not handed back after a job'),
  };
}
