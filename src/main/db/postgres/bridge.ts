// The synchronous way to PostgreSQL: one thread per process (bridge-worker.mjs) runs `pg`; a call posts the
// request on a MessageChannel and blocks on a shared flag (Atomics.wait) until the thread has answered, then
// takes the answer off the port — so that the services keep better-sqlite3's synchronous statements.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

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

function workerUrl(): URL {
  // From source the worker sits beside this module; a bundle has it beside its entry (or one folder up from a chunk).
  if (import.meta.url.endsWith('.ts')) return new URL('./bridge-worker.mjs', import.meta.url);
  for (const candidate of ['./postgres-bridge-worker.js', '../postgres-bridge-worker.js']) {
    const url = new URL(candidate, import.meta.url);
    if (existsSync(fileURLToPath(url))) return url;
  }
  throw new Error('the PostgreSQL bridge (postgres-bridge-worker.js) is missing from this build');
}

class Bridge {
  private readonly flag = new Int32Array(new SharedArrayBuffer(4));
  private readonly port: MessagePort;
  private failed: Error | null = null;

  constructor() {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    const worker = new Worker(workerUrl(), { workerData: { flag: this.flag.buffer, port: port2 }, transferList: [port2] });
    worker.unref(); // an idle bridge never keeps the process alive
    this.port.unref();
    worker.on('error', (error) => {
      this.failed = error;
      Atomics.store(this.flag, 0, 1);
      Atomics.notify(this.flag, 0);
    });
  }

  call(request: BridgeRequest): BridgeAnswer {
    if (this.failed) throw new Error(`the PostgreSQL bridge stopped: ${this.failed.message}`);
    Atomics.store(this.flag, 0, 0);
    this.port.postMessage(request);
    Atomics.wait(this.flag, 0, 0);
    const answer = receiveMessageOnPort(this.port);
    // The thread's error handler may have run while Atomics.wait blocked (the compiler cannot see that).
    const failed = this.failed as Error | null;
    if (!answer) throw new Error(`the PostgreSQL bridge stopped: ${failed?.message ?? 'no answer'}`);
    return answer.message as BridgeAnswer;
  }
}

let shared: Bridge | null = null;

export function bridge(): (request: BridgeRequest) => BridgeAnswer {
  shared ??= new Bridge();
  const current = shared;
  return (request) => current.call(request);
}
