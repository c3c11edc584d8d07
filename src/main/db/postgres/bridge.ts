// The synchronous way to PostgreSQL: one thread (bridge-worker.mjs) per process runs `pg`, and synckit blocks
// the caller until its answer is back, so that the services keep better-sqlite3's synchronous statements.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createSyncFn } from 'synckit';

export type BridgeRequest =
  | { op: 'connect'; url: string; schema: string | null }
  | { op: 'query'; handle: number; text: string; values: unknown[]; rowMode?: 'array' }
  | { op: 'exec'; handle: number; text: string }
  | { op: 'close'; handle: number };

export interface BridgeFailure {
  message: string;
  code: string | null;
  detail: string | null;
}

export type BridgeAnswer = { result: unknown } | { error: BridgeFailure };

type Call = (request: BridgeRequest) => BridgeAnswer;

function workerUrl(): URL {
  // From source the worker sits beside this module; a bundle has it beside its entry (or one folder up from a chunk).
  if (import.meta.url.endsWith('.ts')) return new URL('./bridge-worker.mjs', import.meta.url);
  for (const candidate of ['./postgres-bridge-worker.js', '../postgres-bridge-worker.js']) {
    const url = new URL(candidate, import.meta.url);
    if (existsSync(fileURLToPath(url))) return url;
  }
  throw new Error('the PostgreSQL bridge (postgres-bridge-worker.js) is missing from this build');
}

let call: Call | null = null;

export function bridge(): Call {
  call ??= createSyncFn(workerUrl()) as Call;
  return call;
}
