// Runs the real `loupe` command (bin/loupe.mjs) in a child process.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './fs';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function loupe(...args: string[]): CliResult {
  const result = spawnSync(process.execPath, [join(repoRoot, 'bin/loupe.mjs'), ...args], { encoding: 'utf8', cwd: repoRoot });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

export function loupeJson<T = unknown>(...args: string[]): T {
  const result = loupe(...args, '--json');
  if (result.code !== 0) throw new Error(`loupe ${args.join(' ')} failed (${result.code}): ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}
