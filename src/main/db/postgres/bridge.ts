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

const START_WAIT_MS = 60_000;
const ARRIVAL_WAIT_MS = 10_000;

class Bridge {
  /** [0]: set by the thread when it has answered; [1]: never changes, to pause on while the answer arrives. */
  private readonly flag = new Int32Array(new SharedArrayBuffer(8));
  private readonly port: MessagePort;
  private failed: Error | null = null;
  private started = false;

  constructor() {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    // No inherited flags (a `node -e` or `--import tsx` parent's): the worker is plain JavaScript.
    const worker = new Worker(workerUrl(), { workerData: { flag: this.flag.buffer, port: port2 }, transferList: [port2], execArgv: [] });
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
    // A thread that cannot start never answers, and its error event cannot reach a thread that waits: the
    // first call waits a bounded time. Later calls wait as long as PostgreSQL takes (a lock may be held).
    if (Atomics.wait(this.flag, 0, 0, this.started ? undefined : START_WAIT_MS) === 'timed-out') {
      throw new Error(`the PostgreSQL bridge thread did not start within ${START_WAIT_MS / 1000} s`);
    }
    this.started = true;
    // The thread posts its answer before it raises the flag, but the message can reach this side's port a moment
    // after the flag: look again, pausing a millisecond at a time (a bound, not a timing the answer depends on).
    let answer = receiveMessageOnPort(this.port);
    for (let pause = 0; !answer && !this.failed && pause < ARRIVAL_WAIT_MS; pause++) {
      Atomics.wait(this.flag, 1, 0, 1);
      answer = receiveMessageOnPort(this.port);
    }
    if (!answer) throw new Error(`the PostgreSQL bridge stopped: ${(this.failed as Error | null)?.message ?? 'no answer'}`);
    return answer.message as BridgeAnswer;
  }
}

let shared: Bridge | null = null;

export function bridge(): (request: BridgeRequest) => BridgeAnswer {
  shared ??= new Bridge();
  const current = shared;
  return (request) => current.call(request);
}
