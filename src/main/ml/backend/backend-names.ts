// The TensorFlow.js backends Loupe tries, fastest first, by name only: what the CLI offers as choices without
// loading TensorFlow.js (backend-chain.ts loads them).
export const BACKEND_CHAIN = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;
export type MlBackendName = (typeof BACKEND_CHAIN)[number];
