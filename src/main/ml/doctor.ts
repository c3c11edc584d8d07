// `loupe doctor`: which TensorFlow.js backend runs here and why each faster one did not, which ONNX Runtime
// execution provider runs ONNX models (and why CUDA did not), plus a few checks that the model side works on
// this machine (training kernels, starter models, memory handed back after a TensorFlow.js and an ONNX job).
import * as tf from '@tensorflow/tfjs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { selectBackend, type BackendReport, type SelectBackendOptions } from './backend/backend-chain';
import { checkModelFolder } from './model-check';
import { probeOnnxProviders, type OnnxProbe } from './onnx/probe';
import { memoryCheck, memoryLeftBy, starterPredictionJob, type MemoryReport } from './doctor-memory';

export interface DoctorCheck {
  name: string;
  ok: boolean;
  detail: string;
}

export interface DoctorReport {
  backend: BackendReport;
  /** ONNX models: the provider chain's outcome on a probe model. */
  onnx: OnnxProbe;
  node: string;
  platform: string;
  cpu: { model: string; cores: number };
  /** What a TensorFlow.js and an ONNX job left behind on this backend and provider (nothing, when all is well). */
  memory: MemoryReport;
  checks: DoctorCheck[];
}

/** One small convolution forward and backward: proves the backend can train (wasm needs Loupe's kernels). */
function trainingKernelsCheck(): DoctorCheck {
  const started = performance.now();
  try {
    const before = tf.memory().numTensors;
    const value = tf.tidy(() => {
      const x = tf.randomNormal([2, 32, 32, 4], 0, 1, 'float32', 1) as tf.Tensor4D;
      const w = tf.randomNormal([3, 3, 4, 8], 0, 1, 'float32', 2) as tf.Tensor4D;
      const grads = tf.grads((a, b) => tf.sum(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same')))([x, w]);
      return tf.add(tf.sum(grads[0]), tf.sum(grads[1])).dataSync()[0];
    });
    const leaked = tf.memory().numTensors - before;
    if (!Number.isFinite(value)) return { name: 'training kernels', ok: false, detail: 'the convolution gradient is not a number' };
    return { name: 'training kernels', ok: leaked === 0, detail: `conv2d forward + both gradients in ${(performance.now() - started).toFixed(1)} ms${leaked ? `; ${leaked} tensors leaked` : ''}` };
  } catch (error) {
    return { name: 'training kernels', ok: false, detail: (error as Error).message };
  }
}

function starterCheck(starterDir: string, task: 'steel' | 'ct'): DoctorCheck {
  const dir = join(starterDir, `${task}-starter`);
  try {
    const checked = checkModelFolder(dir);
    return { name: `${task} starter model`, ok: true, detail: `${dir} (${checked.card.architecture}, ${(checked.weightBytes / 1024).toFixed(0)} KB of weights)` };
  } catch (error) {
    return { name: `${task} starter model`, ok: false, detail: (error as Error).message };
  }
}

export async function runDoctor(starterDir: string, options: SelectBackendOptions = {}): Promise<DoctorReport> {
  const backend = await selectBackend(options);
  let onnx: OnnxProbe = { ok: false, detail: 'not probed' };
  const onnxLeft = await memoryLeftBy(async () => (onnx = await probeOnnxProviders()));
  const starter = starterCheck(starterDir, 'ct');
  // A starter that cannot be read has its own row; the memory row then says what the ONNX job left only.
  const tfjsLeft = starter.ok ? await memoryLeftBy(() => starterPredictionJob(starterDir)) : { tensors: 0, bytes: 0, onnxSessions: 0 };
  const memory: MemoryReport = { backend: backend.description, provider: onnx.report?.description ?? null, tfjs: tfjsLeft, onnx: onnxLeft };
  return {
    backend,
    onnx,
    memory,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpu: { model: cpus()[0]?.model ?? 'unknown', cores: cpus().length },
    checks: [trainingKernelsCheck(), starterCheck(starterDir, 'steel'), starter, { name: 'ONNX models', ok: onnx.ok, detail: onnx.detail }, memoryCheck(memory)],
  };
}
