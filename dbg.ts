import { execFileSync } from 'node:child_process';
import { startPostgres } from './tests/helpers/postgres-cluster';
const c = await startPostgres();
try {
  const run = (...args: string[]) => { try { return execFileSync(process.execPath, ['bin/loupe.mjs', ...args], { input: 'a-long-password-1\n', encoding: 'utf8' }); } catch (e) { return 'FAIL ' + (e as { stderr: string }).stderr + (e as {stdout: string}).stdout; } };
  console.log(run('users', 'add', 'ada', '--role', 'admin', '--db', c.url));
  console.log(run('users', 'list', '--db', c.url));
  console.log(run('demo', '--db', c.url));
  console.log(run('info', '--db', c.url));
} finally { c.stop(); }
