// Electron's fuses for packaged builds (scripts/electron-fuses.mjs, electron-builder's afterPack hook). The
// Electron binary cannot be downloaded here, so the hook runs through electron-builder's own packager code on
// a stand-in executable that carries Electron's fuse wire (the sentinel, version 1, the default wire).
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FuseV1Options, FuseVersion, getCurrentFuseWire } from '@electron/fuses';
import { LinuxPackager, WinPackager } from 'electron-builder';
import { afterPack, fuseSettings } from '../../scripts/electron-fuses.mjs';
import { repoRoot } from '../helpers/fs';

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const ON = 0x31;
const OFF = 0x30;
const dir = mkdtempSync(join(tmpdir(), 'loupe-fuses-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An executable-like file with Electron's default fuse wire: run as node, NODE_OPTIONS, --inspect and file: privileges on. */
function fakeElectron(path: string): void {
  const defaults = [ON, OFF, ON, ON, OFF, OFF, OFF, ON];
  writeFileSync(path, Buffer.concat([Buffer.from('MZ…binary…'), Buffer.from(SENTINEL), Buffer.from([1, defaults.length, ...defaults]), Buffer.from('…more binary')]));
}

describe('fuseSettings', () => {
  it('turns off RunAsNode, NODE_OPTIONS, --inspect and file: privileges; turns on cookie encryption, ASAR integrity and ASAR-only loading', () => {
    const settings = fuseSettings('linux', 'x64');
    expect(settings).toEqual({
      version: FuseVersion.V1,
      resetAdHocDarwinSignature: false,
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    });
  });

  it('re-signs ad hoc only for Apple Silicon (and universal) Macs', () => {
    expect(fuseSettings('darwin', 'arm64').resetAdHocDarwinSignature).toBe(true);
    expect(fuseSettings('darwin', 'universal').resetAdHocDarwinSignature).toBe(true);
    expect(fuseSettings('darwin', 'x64').resetAdHocDarwinSignature).toBe(false);
    expect(fuseSettings('win32', 'arm64').resetAdHocDarwinSignature).toBe(false);
  });

  it('sets the same fuses on every platform', () => {
    const { resetAdHocDarwinSignature: _a, ...linux } = fuseSettings('linux', 'x64');
    for (const [platform, arch] of [['win32', 'x64'], ['darwin', 'arm64'], ['mas', 'x64']]) {
      const { resetAdHocDarwinSignature: _b, ...other } = fuseSettings(platform, arch);
      expect(other, platform).toEqual(linux);
    }
  });
});

describe('the afterPack hook', () => {
  it.each([
    ['win32', 'Loupe.exe', () => Object.assign(Object.create(WinPackager.prototype), { appInfo: { productFilename: 'Loupe' } })],
    ['linux', 'loupe', () => Object.defineProperty(Object.create(LinuxPackager.prototype), 'executableName', { value: 'loupe' })],
  ])('flips the fuses of the packaged %s executable through electron-builder', async (platform, executable, packager) => {
    const appOutDir = join(dir, platform);
    mkdirSync(appOutDir, { recursive: true });
    fakeElectron(join(appOutDir, executable));
    await afterPack({ appOutDir, electronPlatformName: platform, arch: 1, packager: packager() } as Parameters<typeof afterPack>[0]);
    const wire = await getCurrentFuseWire(join(appOutDir, executable));
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((i) => String.fromCharCode(wire[i as FuseV1Options] as number))).toEqual(['0', '1', '0', '0', '1', '1', '0', '0']);
  });
});

describe("electron-builder's configuration", () => {
  const build = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).build;

  it('runs the hook after packing, packs into an ASAR and keeps the native modules unpacked beside it', () => {
    expect(build.afterPack).toBe('./scripts/electron-fuses.mjs');
    expect(build.asar).not.toBe(false);
    expect(build.electronFuses).toBeUndefined(); // one place sets the fuses
    expect(build.asarUnpack).toEqual(expect.arrayContaining(['node_modules/better-sqlite3/**', 'node_modules/sharp/**', 'node_modules/@tensorflow/**']));
  });
});
