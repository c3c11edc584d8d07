// ONNX Runtime sessions with the fastest execution provider this PC can run, in the order
//   cuda (onnxruntime-node's CUDA provider: Linux x64, CUDA 12 + cuDNN 9, fetched by `npm run onnx:cuda`) → cpu
// and why each faster one did not load, like the TensorFlow.js backend chain. The CPU provider ships in the npm
// package and always loads; the CUDA provider's files are absent unless someone fetched them, which is not an error.
import type * as Ort from 'onnxruntime-node';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export const ONNX_PROVIDER_CHAIN = ['cuda', 'cpu'] as const;
export type OnnxProvider = (typeof ONNX_PROVIDER_CHAIN)[number];

export interface OnnxProviderAttempt {
  provider: OnnxProvider;
  loaded: boolean;
  /** Why it was not used (absent for the one chosen). */
  reason?: string;
}

export interface OnnxProviderReport {
  /** The execution provider the session runs on (CUDA sessions still run unsupported nodes on the CPU). */
  provider: OnnxProvider;
  /** In words, for the status bar and `loupe doctor`. */
  description: string;
  /** Every provider tried, fastest first, up to and including the chosen one. */
  attempts: OnnxProviderAttempt[];
  /** onnxruntime-node's version. */
  version: string;
}

export interface OnnxSessionOptions {
  /** Start the chain here, skipping the faster ones (LOUPE_ONNX_PROVIDER by default). */
  startAt?: OnnxProvider;
  /** Threads inside one operator on the CPU (ONNX Runtime's default: one per physical core). */
  threads?: number;
}

export type OrtModule = typeof Ort;

const require = createRequire(import.meta.url);
let ortModule: Promise<OrtModule> | null = null;

/** onnxruntime-node, loaded once on first use (a clear error when it is not installed). */
export function loadOnnxRuntime(): Promise<OrtModule> {
  ortModule ??= import('onnxruntime-node').then(
    (m) => ((m as { default?: OrtModule }).default?.InferenceSession ? (m as { default: OrtModule }).default : m),
    (error: unknown) => {
      ortModule = null;
      throw new Error(`onnxruntime-node does not load here (${(error as Error).message.split('\n')[0]}); run npm ci to install it`);
    },
  );
  return ortModule;
}

/** The CUDA provider's libraries in onnxruntime-node's binary folder, and which of them are missing. */
export function cudaProviderFiles(): { dir: string; missing: string[] } {
  const dir = join(dirname(require.resolve('onnxruntime-node/package.json')), 'bin', 'napi-v6', process.platform, process.arch);
  const files = process.platform === 'win32' ? ['onnxruntime_providers_cuda.dll', 'onnxruntime_providers_shared.dll'] : ['libonnxruntime_providers_cuda.so', 'libonnxruntime_providers_shared.so'];
  return { dir, missing: files.filter((f) => !existsSync(join(dir, f))) };
}

export function parseOnnxProvider(value: string | undefined): OnnxProvider | undefined {
  if (!value) return undefined;
  if ((ONNX_PROVIDER_CHAIN as readonly string[]).includes(value)) return value as OnnxProvider;
  throw new Error(`LOUPE_ONNX_PROVIDER must be one of ${ONNX_PROVIDER_CHAIN.join(', ')}, not "${value}"`);
}

/** Why CUDA is not worth trying in this process, once it has failed on a model the CPU then ran. */
let cudaUnusable: string | null = null;

/** Why the CUDA provider cannot be tried here, or null when it can. */
function cudaPrecondition(ort: OrtModule): string | null {
  if (cudaUnusable) return cudaUnusable;
  if (!ort.listSupportedBackends().some((b) => b.name === 'cuda')) return `this onnxruntime-node (${process.platform} ${process.arch}) has no CUDA provider`;
  const { dir, missing } = cudaProviderFiles();
  if (missing.length) return `not installed (${missing.join(', ')} absent from ${dir}; \`npm run onnx:cuda\` fetches them on a PC with CUDA 12)`;
  return null;
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0].replace(/\u001b\[[0-9;]*m/g, '').trim();
}

function describe(provider: OnnxProvider, version: string): string {
  return provider === 'cuda' ? `onnxruntime ${version} (CUDA GPU)` : `onnxruntime ${version} (CPU)`;
}

/**
 * Opens a session on the first provider of the chain that loads. A model that no provider can load (a corrupt
 * file, an operator ONNX Runtime lacks) rejects with ONNX Runtime's own reason; the caller names the file.
 */
export async function createOnnxSession(model: string | Uint8Array, options: OnnxSessionOptions = {}): Promise<{ session: Ort.InferenceSession; report: OnnxProviderReport }> {
  const ort = await loadOnnxRuntime();
  const version = ort.env.versions?.node ?? ort.env.versions?.common ?? 'unknown';
  const startAt = options.startAt ?? parseOnnxProvider(process.env.LOUPE_ONNX_PROVIDER);
  const from = startAt ? ONNX_PROVIDER_CHAIN.indexOf(startAt) : 0;
  const attempts: OnnxProviderAttempt[] = [];
  const base: Ort.InferenceSession.SessionOptions = {
    graphOptimizationLevel: 'all',
    // Errors come back as exceptions; ONNX Runtime's own warnings (CUDA absent, …) would only clutter the console.
    logSeverityLevel: 3,
    ...(options.threads ? { intraOpNumThreads: options.threads, interOpNumThreads: 1 } : {}),
  };
  for (const [index, provider] of ONNX_PROVIDER_CHAIN.entries()) {
    if (index < from) {
      attempts.push({ provider, loaded: false, reason: `skipped: asked to start at ${startAt}` });
      continue;
    }
    if (provider === 'cuda') {
      const why = cudaPrecondition(ort);
      if (why) {
        attempts.push({ provider, loaded: false, reason: why });
        continue;
      }
    }
    try {
      const executionProviders = provider === 'cuda' ? ['cuda', 'cpu'] : ['cpu'];
      const session = await ort.InferenceSession.create(model as string, { ...base, executionProviders });
      attempts.push({ provider, loaded: true });
      if (provider === 'cpu') {
        const cuda = attempts.find((a) => a.provider === 'cuda' && a.reason && !a.reason.startsWith('skipped') && !a.reason.startsWith('not installed'));
        if (cuda) cudaUnusable = `failed earlier in this process: ${cuda.reason}`;
      }
      return { session, report: { provider, description: describe(provider, version), attempts, version } };
    } catch (error) {
      if (provider === 'cpu') throw new Error(firstLine(error));
      attempts.push({ provider, loaded: false, reason: firstLine(error) });
    }
  }
  throw new Error('no ONNX Runtime execution provider was tried');
}
