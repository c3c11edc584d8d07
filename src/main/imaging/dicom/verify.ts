// The import's verify step: every frame of every slice decoded in full, on worker threads (one per core), so a
// stream that is corrupt inside — which no header shows — is refused at the door rather than in the viewer.
// Small imports decode on this thread: starting threads costs more than it saves there.
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { decodeDicomFrame } from './decode';
import { initDicomCodecs, needsDicomCodecs } from './codecs';
import { readDicomMeta } from './meta';
import { LoupeError } from '../../../shared/errors';

export interface VerifyFailure {
  file: string;
  message: string;
}

export interface VerifyOptions {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  /** Worker threads at most (default: one per core, up to 8). */
  workers?: number;
  /** Fewer files than this are decoded on this thread (default 64). */
  inProcessBelow?: number;
  /** The worker's module; default the one beside this file (source) or beside the bundle. */
  workerUrl?: URL | null;
}

/** Files a worker takes at a time: enough to keep messages rare, few enough to share the work out evenly. */
const BATCH = 8;

export type VerifyRequest = { type: 'verify'; files: { index: number; file: string }[] };
export type VerifyReply = { type: 'verified'; results: { index: number; message: string | null }[] };

/** Decodes every frame of a DICOM file; throws an Error naming the file when one does not decode. */
export async function decodeEveryFrame(bytes: Uint8Array, file: string): Promise<void> {
  const meta = readDicomMeta(bytes, file);
  if (needsDicomCodecs(meta.transferSyntaxUid)) await initDicomCodecs();
  for (let frame = 0; frame < meta.frames; frame++) {
    const decoded = decodeDicomFrame(bytes, frame, file);
    if (decoded.hu.length !== decoded.width * decoded.height) {
      throw new Error(`${file}: frame ${frame + 1} decoded to ${decoded.hu.length} values for ${decoded.width}×${decoded.height} pixels`);
    }
  }
}

/** Why one file fails to decode, or null when every frame decodes. */
export async function verifyFile(file: string): Promise<string | null> {
  try {
    await decodeEveryFrame(new Uint8Array(readFileSync(file)), file);
    return null;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return message.startsWith(file) ? message : `${file}: ${message}`;
  }
}

function defaultWorkerUrl(): URL | null {
  // From source (CLI, tests), a small module registers tsx inside the thread; a bundle has its own entry,
  // beside the main bundle, while this module may sit in a chunk one folder down.
  if (import.meta.url.endsWith('.ts')) return new URL('./verify-worker.mjs', import.meta.url);
  for (const candidate of ['./dicom-verify-worker.js', '../dicom-verify-worker.js']) {
    const url = new URL(candidate, import.meta.url);
    if (existsSync(fileURLToPath(url))) return url;
  }
  return null;
}

const cancelledError = () => new LoupeError('cancelled', 'import cancelled; nothing was written');

async function verifyHere(files: readonly string[], indices: readonly number[], options: VerifyOptions, report: (index: number, message: string | null) => void) {
  for (const index of indices) {
    if (options.signal?.aborted) throw cancelledError();
    report(index, await verifyFile(files[index]));
  }
}

/**
 * Decodes every frame of every file; returns the files that do not decode, each with its reason (in the
 * order of `files`). Cancelled through `signal` (throws a 'cancelled' LoupeError).
 */
export async function verifySlices(files: readonly string[], options: VerifyOptions = {}): Promise<VerifyFailure[]> {
  const messages: (string | null)[] = new Array(files.length).fill(null);
  let done = 0;
  const report = (index: number, message: string | null) => {
    messages[index] = message;
    done++;
    if (done % BATCH === 0 || done === files.length) options.onProgress?.(done, files.length);
  };
  const all = files.map((_, i) => i);
  const url = options.workerUrl === undefined ? defaultWorkerUrl() : options.workerUrl;
  const threads = Math.min(options.workers ?? Math.min(8, availableParallelism()), Math.ceil(files.length / BATCH));
  if (files.length < (options.inProcessBelow ?? 64) || url === null || threads < 1) await verifyHere(files, all, options, report);
  else await verifyOnWorkers(files, all, threads, url, options, report);
  return messages.flatMap((message, i) => (message === null ? [] : [{ file: files[i], message }]));
}

function verifyOnWorkers(
  files: readonly string[],
  indices: number[],
  threads: number,
  url: URL,
  options: VerifyOptions,
  report: (index: number, message: string | null) => void,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const queue = [...indices];
    const workers = new Set<Worker>();
    const leftovers: number[] = []; // batches of threads that failed, decoded here at the end
    let settled = false;
    const finish = (error?: unknown) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', abort);
      for (const w of workers) void w.terminate();
      if (error) reject(error);
      else verifyHere(files, leftovers, options, report).then(resolve, reject);
    };
    const abort = () => finish(cancelledError());
    options.signal?.addEventListener('abort', abort, { once: true });
    if (options.signal?.aborted) return abort();

    const feed = (worker: Worker, batch: { current: number[] }) => {
      batch.current = queue.splice(0, BATCH);
      if (batch.current.length === 0) {
        workers.delete(worker);
        void worker.terminate();
        if (workers.size === 0) finish();
        return;
      }
      worker.postMessage({ type: 'verify', files: batch.current.map((index) => ({ index, file: files[index] })) } satisfies VerifyRequest);
    };
    for (let t = 0; t < threads; t++) {
      let worker: Worker;
      try {
        worker = new Worker(url);
      } catch {
        continue;
      }
      workers.add(worker);
      const batch = { current: [] as number[] };
      worker.on('message', (reply: VerifyReply) => {
        for (const r of reply.results) report(r.index, r.message);
        feed(worker, batch);
      });
      const lost = () => {
        // A thread that could not load or died: its batch, and the rest of the queue if it was the last,
        // are decoded here instead.
        if (!workers.delete(worker)) return;
        leftovers.push(...batch.current);
        batch.current = [];
        if (workers.size === 0) {
          leftovers.push(...queue.splice(0));
          finish();
        }
      };
      worker.on('error', lost);
      worker.on('exit', lost);
      feed(worker, batch);
    }
    if (workers.size === 0) {
      leftovers.push(...queue.splice(0));
      finish();
    }
  });
}
