// A real `loupe serve` child process (bin/loupe.mjs) on a given database, for tests that must see the
// server as a separate process: that it survives what a client sends, or that what it acknowledged
// survives kill -9.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './fs';

export interface ServeChild {
  child: ChildProcess;
  origin: string;
  port: number;
  token: string;
  /** Resolves when the process has exited, with its exit code or the signal that ended it. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** What the process wrote to stderr so far. */
  stderr(): string;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<void>;
}

/** Starts `loupe serve --db <database> --port 0 --no-demo` and waits for the printed address. */
export async function startServe(database: string, extraArgs: string[] = []): Promise<ServeChild> {
  const child = spawn(process.execPath, [join(repoRoot, 'bin/loupe.mjs'), 'serve', '--db', database, '--port', '0', '--no-demo', ...extraArgs], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errors = '';
  child.stderr!.on('data', (chunk) => (errors += String(chunk)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk) => {
      out += String(chunk);
      const line = out.split('\n').find((l) => /^http:\/\/127\.0\.0\.1:\d+\/\?token=\S+$/.test(l.trim()));
      if (line) resolve(line.trim());
    });
    void exited.then(({ code, signal }) => reject(new Error(`loupe serve ended (${code ?? signal}) before printing its address:\n${errors}`)));
  });
  const parsed = new URL(url);
  return {
    child,
    origin: parsed.origin,
    port: Number(parsed.port),
    token: parsed.searchParams.get('token')!,
    exited,
    stderr: () => errors,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A contract request with the token; returns the parsed reply ({ok, value} or {ok: false, error}). */
export async function callServe<T = unknown>(served: Pick<ServeChild, 'origin' | 'token'>, name: string, args: unknown = {}): Promise<{ ok: boolean; value: T; error?: { code: string; message: string } }> {
  const response = await fetch(`${served.origin}/api/${name}`, {
    method: 'POST',
    headers: { 'x-loupe-token': served.token, 'content-type': 'application/json' },
    body: JSON.stringify(args),
  });
  if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);
  return (await response.json()) as { ok: boolean; value: T; error?: { code: string; message: string } };
}
