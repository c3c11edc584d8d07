// A real `loupe worker` child process (bin/loupe.mjs) on a team database, for tests of the GPU worker.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './fs';

export interface WorkerChild {
  child: ChildProcess;
  /** Resolves when the process has exited, with the signal that ended it or its exit code. */
  exited: Promise<NodeJS.Signals | number | null>;
  /** What the worker logged so far. */
  stderr(): string;
}

/** Starts `loupe worker --db <url> --models-dir <dir>` and waits until it says it takes jobs. */
export async function startWorker(url: string, modelsDir: string): Promise<WorkerChild> {
  const child = spawn(process.execPath, [join(repoRoot, 'bin/loupe.mjs'), 'worker', '--db', url, '--models-dir', modelsDir], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let errors = '';
  child.stderr!.on('data', (chunk) => (errors += String(chunk)));
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk) => {
      out += String(chunk);
      if (out.includes('worker ready')) resolve();
    });
    void exited.then((end) => reject(new Error(`loupe worker ended (${end}) before it was ready:\n${errors}`)));
  });
  return { child, exited, stderr: () => errors };
}
