// `loupe worker --gpu`: a GPU worker that would quietly train on the CPU is worse than none, so it starts only
// when both engines run on CUDA here, and otherwise says which did not and why (the reasons the backend
// chain and the ONNX Runtime provider chain recorded).

export interface EngineAttempt {
  /** tensorflow-gpu, tensorflow, wasm, cpu; or the ONNX provider cuda, cpu. */
  name: string;
  loaded: boolean;
  reason?: string;
}

export interface EnginesHere {
  /** The TensorFlow.js backend that runs, and every one tried. */
  tensorflow: { backend: string; attempts: EngineAttempt[] };
  /** The ONNX Runtime provider that runs (null: onnxruntime-node does not load), and every one tried. */
  onnx: { provider: string | null; attempts: EngineAttempt[]; detail?: string };
}

const reasonOf = (attempts: EngineAttempt[], name: string): string => attempts.find((a) => a.name === name)?.reason ?? 'it was not tried';

/** Why this machine is no GPU worker, in one line per engine; empty when both run on CUDA. */
export function gpuShortfalls(here: EnginesHere): string[] {
  const problems: string[] = [];
  if (here.tensorflow.backend !== 'tensorflow-gpu') {
    problems.push(`TensorFlow.js runs on ${here.tensorflow.backend}, not CUDA (tfjs-node-gpu: ${reasonOf(here.tensorflow.attempts, 'tensorflow-gpu')})`);
  }
  if (here.onnx.provider !== 'cuda') {
    const why = here.onnx.provider === null ? (here.onnx.detail ?? 'onnxruntime-node does not load') : reasonOf(here.onnx.attempts, 'cuda');
    problems.push(`ONNX Runtime runs on ${here.onnx.provider ?? 'nothing'}, not CUDA (CUDA provider: ${why})`);
  }
  return problems;
}
