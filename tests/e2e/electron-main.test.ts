// Electron's main bundle (out/main/index.js) run in Node against a stand-in for Electron's API: the
// binary cannot be downloaded here, but the bundle, its externals, the first-start demo, the security
// settings of the window, the IPC registration and the `loupe://` protocol can all be checked.
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REQUEST_NAMES, requestChannel } from '../../src/shared/api/names';
import { repoRoot } from '../helpers/fs';

const withoutDevServer = (env: NodeJS.ProcessEnv) => Object.fromEntries(Object.entries(env).filter(([k]) => k !== 'ELECTRON_RENDERER_URL'));
const userData = mkdtempSync(join(tmpdir(), 'loupe-electron-'));
afterAll(() => rmSync(userData, { recursive: true, force: true }));

describe("Electron's main process", () => {
  it('starts: sandboxed window, every request registered, demo database, CSP, binary routes on loupe://, imports on its worker', () => {
    const run = spawnSync(process.execPath, ['--import', join(repoRoot, 'tests/e2e/fake-electron/register.mjs'), join(repoRoot, 'out/main/index.js')], {
      cwd: repoRoot,
      env: { ...withoutDevServer(process.env), FAKE_USER_DATA: userData },
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(/import worker could not start/);
    const report = JSON.parse(run.stdout.trim().split('\n').at(-1)!);
    expect(report.schemes).toEqual([expect.objectContaining({ scheme: 'loupe', privileges: expect.objectContaining({ standard: true, secure: true }) })]);
    expect(report.protocol).toBe('loupe');
    expect([...report.channels].sort()).toEqual(REQUEST_NAMES.map(requestChannel).sort());
    expect(report.window.webPreferences).toMatchObject({ nodeIntegration: false, contextIsolation: true, sandbox: true, webSecurity: true });
    expect(report.window.webPreferences.preload).toBe(join(repoRoot, 'out/preload/index.cjs'));
    expect(existsSync(report.window.webPreferences.preload)).toBe(true);
    expect(report.openHandler).toEqual({ action: 'deny' });
    expect(report.permission).toBe(false);
    expect(report.url).toBe('loupe://app/index.html');
    expect(report.menu[0]).toEqual({ label: '&File', items: ['Open Dataset…', 'Open Database…', 'Recent Databases', 'separator', 'Quit'] });
    expect(report.index.status).toBe(200);
    expect(report.index.csp).toContain("script-src 'self'");
    expect(report.index.body).toContain('<title>Loupe</title>');
    expect(report.thumbnail).toEqual({ status: 200, type: 'image/jpeg' });
    expect(report.outside).toBe(404);
    expect(report.importJob).toMatchObject({ started: true, state: 'done', items: 12 });
    expect(report.refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(existsSync(join(userData, 'loupe.db'))).toBe(true);
    expect(existsSync(join(repoRoot, 'out/main/import-worker.js'))).toBe(true);
  });
});
