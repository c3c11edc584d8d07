// Electron's main bundle (out/main/index.js) run in Node against a stand-in for Electron's API: the
// binary cannot be downloaded here, but the bundle, its externals, the first-start demo, the security
// settings of the window, the IPC registration, the `loupe://` protocol, the permission handlers and which
// pages may navigate or call main (unpackaged with a dev server, and packaged) can all be checked.
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REQUEST_NAMES, requestChannel } from '../../src/shared/api/names';
import { repoRoot } from '../helpers/fs';

const withoutDevServer = (env: NodeJS.ProcessEnv) => Object.fromEntries(Object.entries(env).filter(([k]) => k !== 'ELECTRON_RENDERER_URL'));
const folders: string[] = [];
afterAll(() => folders.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

// The stand-in's JSON report, read field by field below.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Report = any;

/** Runs out/main/index.js against the stand-in with its own user data folder; returns the report it printed. */
function runMain(env: Record<string, string>): { report: Report; userData: string } {
  const userData = mkdtempSync(join(tmpdir(), 'loupe-electron-'));
  folders.push(userData);
  const run = spawnSync(process.execPath, ['--import', join(repoRoot, 'tests/e2e/fake-electron/register.mjs'), join(repoRoot, 'out/main/index.js')], {
    cwd: repoRoot,
    env: { ...withoutDevServer(process.env), FAKE_USER_DATA: userData, ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect(run.status, run.stderr).toBe(0);
  expect(run.stderr).not.toMatch(/import worker could not start/);
  return { report: JSON.parse(run.stdout.trim().split('\n').at(-1)!), userData };
}

/** The plain run (unpackaged, no dev server), made once for the tests that read it. */
let plainRun: ReturnType<typeof runMain> | undefined;
const plain = () => (plainRun ??= runMain({}));

const DEV = 'http://localhost:5173/';
const LOOKALIKE = 'http://localhost:5173.evil.example/';

describe("Electron's main process", () => {
  it('starts: sandboxed window, every request registered, demo database, CSP, binary routes on loupe://, imports on its worker', () => {
    const { report, userData } = plain();
    expect(report.schemes).toEqual([expect.objectContaining({ scheme: 'loupe', privileges: expect.objectContaining({ standard: true, secure: true }) })]);
    expect(report.protocol).toBe('loupe');
    expect([...report.channels].sort()).toEqual(REQUEST_NAMES.map(requestChannel).sort());
    expect(report.window.webPreferences).toMatchObject({ nodeIntegration: false, contextIsolation: true, sandbox: true, webSecurity: true });
    expect(report.window.webPreferences.preload).toBe(join(repoRoot, 'out/preload/index.cjs'));
    expect(existsSync(report.window.webPreferences.preload)).toBe(true);
    expect(report.openHandler).toEqual({ action: 'deny' });
    expect(report.permission).toBe(false);
    expect(report.url).toBe('loupe://app/index.html');
    expect(report.menu[0]).toEqual({ label: '&File', items: ['Open Dataset…', 'Open Database…', 'Connect to a Team Database…', 'Recent Databases', 'separator', 'Quit'] });
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

  it('denies every permission request and check, device access and screen capture, and never picks a device', () => {
    const { report } = plain();
    expect(report.permission).toBe(false);
    expect(report.permissions).toEqual({ requestNotifications: false, checkMedia: false, checkHid: false, device: false, displayMedia: null });
    expect([...report.sessionEvents].sort()).toEqual(['select-hid-device', 'select-serial-port', 'select-usb-device']);
    for (const [event, outcome] of Object.entries(report.devicePickers)) {
      expect(outcome, event).toMatchObject({ prevented: true });
      expect([undefined, null, ''], event).toContain((outcome as { picked: unknown }).picked);
    }
  });

  it('in development, trusts the dev server by its exact origin only, and offers the developer tools', () => {
    const { report } = runMain({ FAKE_QUICK: '1', ELECTRON_RENDERER_URL: DEV });
    expect(report.url).toBe(DEV);
    for (const allowed of [report.navigation, report.redirect, report.ipc]) {
      expect(allowed).toEqual({ 'loupe://app/index.html': true, [DEV]: true, [LOOKALIKE]: false, 'https://example.org/': false, 'loupe://evil/index.html': false });
    }
    expect(report.devTools).toEqual({ webPreferences: true, menu: true, f12Blocked: false });
  });

  it('packaged, ignores ELECTRON_RENDERER_URL and has no developer tools', () => {
    const { report } = runMain({ FAKE_QUICK: '1', FAKE_PACKAGED: '1', ELECTRON_RENDERER_URL: DEV });
    expect(report.url).toBe('loupe://app/index.html');
    for (const allowed of [report.navigation, report.redirect, report.ipc]) {
      expect(allowed).toEqual({ 'loupe://app/index.html': true, [DEV]: false, [LOOKALIKE]: false, 'https://example.org/': false, 'loupe://evil/index.html': false });
    }
    expect(report.devTools).toEqual({ webPreferences: false, menu: false, f12Blocked: true });
    expect(report.menu.find((entry: { label: string }) => entry.label === '&View').items).not.toContain('toggleDevTools');
  });
});
