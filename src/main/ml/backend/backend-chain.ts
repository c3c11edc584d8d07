// Picks the fastest TensorFlow.js backend this PC can run, in the order
//   tfjs-node-gpu (CUDA) → tfjs-node (libtensorflow, CPU) → wasm (SIMD; threads where the runtime has them) → cpu
// and records why each faster one did not load, for `loupe doctor` and the status bar. The two native
// packages are optional dependencies: on most machines they are simply absent, which is not an error.
// Nothing here reaches for a network: the wasm binaries are read from node_modules on disk.
import * as tf from '@tensorflow/tfjs';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { registerWasmTrainingKernels } from './wasm-kernels';
import { BACKEND_CHAIN, type MlBackendName } from './backend-names';

export { BACKEND_CHAIN, type MlBackendName };

export interface BackendAttempt {
  backend: MlBackendName;
  /** The package that provides it. */
  module: string;
  loaded: boolean;
  /** Why it was not used (absent for the one chosen). */
  reason?: string;
}

export interface BackendReport {
  /** The backend that runs Loupe's models. */
  backend: MlBackendName;
  /** In words, for the status bar: "wasm (SIMD, 1 thread)". */
  description: string;
  /** Every backend tried, fastest first, up to and including the chosen one. */
  attempts: BackendAttempt[];
  wasm?: { simd: boolean; threads: number; threadsNote?: string; files: string };
}

/** Loads one backend and makes it TensorFlow.js's current one; throws (anything) when it cannot. */
export type BackendLoader = () => Promise<Partial<Pick<BackendReport, 'wasm'>> | void>;
export type BackendLoaders = Record<MlBackendName, BackendLoader>;

export const BACKEND_MODULES: Record<MlBackendName, string> = {
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
  tensorflow: '@tensorflow/tfjs-node',
  wasm: '@tensorflow/tfjs-backend-wasm',
  cpu: '@tensorflow/tfjs (built-in)',
};

const require = createRequire(import.meta.url);

/** Where the wasm binaries lie on disk (LOUPE_WASM_DIR overrides, e.g. for an unpacked asar). */
export function wasmFilesDir(): string {
  const override = process.env.LOUPE_WASM_DIR;
  if (override) return override.endsWith('/') ? override : `${override}/`;
  return `${join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist')}/`;
}

async function useNative(module: string): Promise<void> {
  // A variable, not a literal: the package is optional and usually absent, and bundlers must leave it alone.
  await import(/* @vite-ignore */ module);
  if (!(await tf.setBackend('tensorflow'))) throw new Error(`${module} loaded but its "tensorflow" backend did not start`);
}

export const defaultBackendLoaders: BackendLoaders = {
  'tensorflow-gpu': () => useNative(BACKEND_MODULES['tensorflow-gpu']),
  tensorflow: () => useNative(BACKEND_MODULES.tensorflow),
  wasm: async () => {
    const files = wasmFilesDir();
    if (!existsSync(join(files, 'tfjs-backend-wasm-simd.wasm'))) throw new Error(`no wasm binaries in ${files}`);
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths(files);
    const multithread = (await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')) as boolean;
    if (multithread) wasm.setThreadsCount(Math.max(1, availableParallelism()));
    if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend did not start');
    registerWasmTrainingKernels();
    return {
      wasm: {
        simd: (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) as boolean,
        threads: wasm.getThreadsCount(),
        threadsNote: multithread ? undefined : 'this runtime offers wasm no threads (they need Web Workers), so it runs on one',
        files,
      },
    };
  },
  cpu: async () => {
    if (!(await tf.setBackend('cpu'))) throw new Error('the cpu backend did not start');
  },
};

export interface SelectBackendOptions {
  /** Replace loaders (tests make the faster ones fail). */
  loaders?: Partial<BackendLoaders>;
  /** Start the chain here, skipping the faster ones (LOUPE_ML_BACKEND by default). */
  startAt?: MlBackendName;
}

function describe(name: MlBackendName, extra: Partial<Pick<BackendReport, 'wasm'>>): string {
  switch (name) {
    case 'tensorflow-gpu':
      return 'tensorflow (CUDA GPU)';
    case 'tensorflow':
      return 'tensorflow (native CPU)';
    case 'wasm':
      return `wasm (${extra.wasm?.simd ? 'SIMD' : 'no SIMD'}, ${extra.wasm?.threads ?? 1} thread${extra.wasm?.threads === 1 ? '' : 's'})`;
    case 'cpu':
      return 'cpu (plain JavaScript: slow, training is impractical)';
  }
}

/** Walks the chain and leaves TensorFlow.js on the first backend that loads. */
export async function selectBackend(options: SelectBackendOptions = {}): Promise<BackendReport> {
  tf.env().set('PROD', true); // no console chatter ("install our node backend…") and no debug checks
  const loaders = { ...defaultBackendLoaders, ...options.loaders };
  const startAt = options.startAt ?? parseBackendName(process.env.LOUPE_ML_BACKEND);
  const attempts: BackendAttempt[] = [];
  const from = startAt ? BACKEND_CHAIN.indexOf(startAt) : 0;
  for (const [index, backend] of BACKEND_CHAIN.entries()) {
    const module = BACKEND_MODULES[backend];
    if (index < from) {
      attempts.push({ backend, module, loaded: false, reason: `skipped: asked to start at ${startAt}` });
      continue;
    }
    try {
      const extra = (await loaders[backend]()) ?? {};
      attempts.push({ backend, module, loaded: true });
      return { backend, description: describe(backend, extra), attempts, ...extra };
    } catch (error) {
      attempts.push({ backend, module, loaded: false, reason: whyNot(error) });
    }
  }
  throw new Error(`no TensorFlow.js backend loads: ${attempts.map((a) => `${a.backend}: ${a.reason}`).join('; ')}`);
}

export function parseBackendName(value: string | undefined): MlBackendName | undefined {
  if (!value) return undefined;
  if ((BACKEND_CHAIN as readonly string[]).includes(value)) return value as MlBackendName;
  throw new Error(`LOUPE_ML_BACKEND must be one of ${BACKEND_CHAIN.join(', ')}, not "${value}"`);
}

/** One line on why a backend failed: "not installed" for the usual missing optional package. */
function whyNot(error: unknown): string {
  const e = error as { code?: string; message?: string };
  const message = String(e?.message ?? error).split('\n')[0];
  if (e?.code === 'ERR_MODULE_NOT_FOUND' || e?.code === 'MODULE_NOT_FOUND') return `not installed (${message})`;
  return message;
}
