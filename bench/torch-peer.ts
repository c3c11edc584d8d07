// A python3 + torch peer process for the benches: started with a script and its arguments, it prints one JSON line
// when ready, then answers each request line on stdin with one JSON line ({"ms": …}).
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';

/** A python3 with torch: LOUPE_PYTHON, else python3 on the PATH, else Debian's /usr/bin/python3. */
export function torchPython(): string | null {
  for (const python of [process.env.LOUPE_PYTHON, 'python3', '/usr/bin/python3'].filter((p): p is string => !!p)) {
    if (spawnSync(python, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0) return python;
  }
  return null;
}

export class TorchPeer {
  private lines: AsyncIterableIterator<string>;
  private stderr = '';
  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    this.lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    child.stderr.on('data', (chunk) => (this.stderr += chunk));
  }

  /** Starts the script and waits for its first line (what it says about itself). */
  static async start<Info>(python: string, script: string, args: string[]): Promise<{ peer: TorchPeer; info: Info }> {
    const peer = new TorchPeer(spawn(python, [script, ...args]));
    const first = await peer.lines.next();
    if (first.done) throw new Error(`the PyTorch peer did not start: ${peer.stderr.trim()}`);
    return { peer, info: JSON.parse(first.value) as Info };
  }

  /** Sends one request line; resolves with the milliseconds the peer measured. */
  async run(request = 'run'): Promise<number> {
    this.child.stdin.write(`${request}\n`);
    const line = await this.lines.next();
    if (line.done) throw new Error(`the PyTorch peer stopped: ${this.stderr.trim()}`);
    return (JSON.parse(line.value) as { ms: number }).ms;
  }

  stop(): void {
    this.child.stdin.end('quit\n');
  }
}
