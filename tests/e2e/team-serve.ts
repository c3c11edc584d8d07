// A `loupe serve --team` process for the team e2e tests: started on a database the test has filled, its address
// read from its first line, and stopped (SIGTERM, waited for) at the end.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../helpers/fs';

export interface TeamServe {
  child: ChildProcess;
  origin: string;
  stop(): Promise<void>;
}

export async function startTeamServe(database: string): Promise<TeamServe> {
  const child = spawn(process.execPath, [join(repoRoot, 'bin/loupe.mjs'), 'serve', '--team', '--db', database, '--port', '0', '--no-demo'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let errors = '';
  child.stderr!.on('data', (chunk) => (errors += String(chunk)));
  const origin = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk) => {
      out += String(chunk);
      const line = out.split('\n').find((l) => /^http:\/\/127\.0\.0\.1:\d+\/$/.test(l.trim()));
      if (line) resolve(new URL(line.trim()).origin);
    });
    child.once('exit', (code) => reject(new Error(`loupe serve --team exited (${code}) before printing its address:\n${errors}`)));
  });
  return {
    child,
    origin,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
