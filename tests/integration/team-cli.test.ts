// The team commands of the CLI: users (the password piped on standard input, never on the command line),
// the audit, and `loupe serve --team` refusing plain HTTP beyond loopback unless the admin says so.
// Each command is its own process (from source when the CLI is not built): the tests allow for that.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot, tempDir } from '../helpers/fs';

let dir: string;
let cleanup: () => void;
let db: string;

beforeAll(() => {
  ({ dir, cleanup } = tempDir('loupe-team-cli-'));
  db = join(dir, 'team.db');
});
afterAll(() => cleanup?.());

function loupe(args: string[], input = ''): { code: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [join(repoRoot, 'bin/loupe.mjs'), ...args], { encoding: 'utf8', cwd: repoRoot, input });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

describe('loupe users', () => {
  it('adds users with the password from standard input, lists them, changes roles and disables', { timeout: 240_000 }, () => {
    const added = loupe(['users', 'add', 'Ada', '--role', 'admin', '--db', db, '--json'], 'administers-loupe\n');
    expect(added.code, added.stderr).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({ name: 'Ada', role: 'admin', disabled: false });
    expect(added.stdout).not.toContain('argon2');
    expect(loupe(['users', 'add', 'Ana', '--role', 'annotator', '--db', db], 'annotates-strips\n').code).toBe(0);

    const short = loupe(['users', 'add', 'Bo', '--role', 'annotator', '--db', db], 'short\n');
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/at least 10 characters/);
    expect(loupe(['users', 'add', 'Cy', '--role', 'boss', '--db', db], 'long enough pw\n').stderr).toMatch(/--role must be one of annotator, reviewer, admin/);

    expect(loupe(['users', 'set-role', 'Ana', 'reviewer', '--db', db]).stdout).toBe('Ana\treviewer\n');
    expect(loupe(['users', 'disable', 'Ana', '--db', db]).stdout).toBe('Ana\treviewer\tdisabled\n');
    const lastAdmin = loupe(['users', 'disable', 'Ada', '--db', db]);
    expect(lastAdmin.code).toBe(1);
    expect(lastAdmin.stderr).toMatch(/only admin/);
    expect(loupe(['users', 'list', '--db', db]).stdout).toBe('Ada\tadmin\nAna\treviewer\tdisabled\n');
  });

  it('shows the audit, newest first', () => {
    const audit = loupe(['audit', '--db', db, '--json']);
    expect(audit.code, audit.stderr).toBe(0);
    expect(JSON.parse(audit.stdout)).toEqual({ entries: [], next: null });
  });
});

describe('loupe serve --team', () => {
  it('refuses plain HTTP beyond loopback without --insecure-http, half a certificate, and team flags without --team', { timeout: 240_000 }, () => {
    const open = loupe(['serve', '--team', '--listen', '0.0.0.0:0', '--db', db]);
    expect(open.code).toBe(1);
    expect(open.stderr).toMatch(/needs TLS: give --tls-cert <pem> and --tls-key <pem>.*--insecure-http/);
    expect(loupe(['serve', '--team', '--listen', '0.0.0.0:0', '--tls-cert', 'c.pem', '--db', db]).stderr).toMatch(/go together/);
    expect(loupe(['serve', '--listen', '0.0.0.0:0', '--db', db]).stderr).toMatch(/--listen is for team mode: add --team/);
    expect(loupe(['serve', '--team', '--listen', '0.0.0.0:0', '--tls-cert', join(dir, 'none.pem'), '--tls-key', join(dir, 'none.pem'), '--db', db]).stderr).toMatch(
      /--tls-cert .*none\.pem: cannot read it \(ENOENT\)/,
    );
  });

  it('makes the first admin of a database that has none, with the password from standard input, and prints the address', { timeout: 240_000 }, async () => {
    const fresh = join(dir, 'fresh.db');
    const child = spawn(process.execPath, [join(repoRoot, 'bin/loupe.mjs'), 'serve', '--team', '--admin', 'Root', '--db', fresh, '--port', '0', '--no-demo'], {
      cwd: repoRoot,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child.stdin!.end('first-admin-password\n');
    let errors = '';
    child.stderr!.on('data', (chunk) => (errors += String(chunk)));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (chunk) => {
        out += String(chunk);
        const line = out.split('\n').find((l) => /^http:\/\/127\.0\.0\.1:\d+\/$/.test(l.trim()));
        if (line) resolve(line.trim());
      });
      void exited.then(() => reject(new Error(`loupe serve --team ended before printing its address:\n${errors}`)));
    });
    const login = await fetch(`${url}auth/login`, { method: 'POST', body: JSON.stringify({ name: 'Root', password: 'first-admin-password' }) });
    expect(login.status).toBe(200);
    expect(await login.json()).toEqual({ ok: true, value: { name: 'Root', role: 'admin' } });
    expect(errors).toContain('Made Root the first admin.');
    child.kill('SIGTERM');
    await exited;
  });
});
