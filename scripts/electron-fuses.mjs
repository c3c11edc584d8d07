// electron-builder's `afterPack` hook (package.json: build.afterPack): flips Electron's fuses in the packaged
// binary, before it is signed. Fuses are switches compiled into the Electron executable; set off here, a
// feature cannot be turned back on by an environment variable or a command-line flag on the user's machine.
//   RunAsNode off          ELECTRON_RUN_AS_NODE=1 would turn Loupe into a plain Node.js with its signature
//   NODE_OPTIONS off       no --require of foreign code through the environment
//   --inspect off          no debugger attached to the main process from the command line
//   cookie encryption on   the session's cookies are encrypted at rest with the OS key store
//   ASAR integrity on      the app.asar header is checked against the hash electron-builder embeds
//                          (validated on macOS and Windows; Electron does not check it on Linux)
//   only load from ASAR    the app is never loaded from a loose folder beside the archive
//   file: privileges off   Loupe serves itself from loupe://app, never from file://
// Native modules listed under build.asarUnpack still load from app.asar.unpacked: that folder is resolved
// from inside the archive, which `OnlyLoadAppFromAsar` leaves alone.
import { FuseV1Options, FuseVersion } from '@electron/fuses';

/**
 * The fuse settings for one packaged build. `platform` is electron-builder's `electronPlatformName`
 * (darwin, mas, win32, linux), `arch` the architecture's name (x64, arm64, …).
 */
export function fuseSettings(platform, arch) {
  return {
    version: FuseVersion.V1,
    // Flipping fuses changes the binary; Apple Silicon refuses to run it without a fresh ad-hoc signature.
    resetAdHocDarwinSignature: (platform === 'darwin' || platform === 'mas') && (arch === 'arm64' || arch === 'universal'),
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableCookieEncryption]: true,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  };
}

/** electron-builder's architecture enum (builder-util `Arch`) by number. */
const ARCH_NAMES = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'];

/** The hook: electron-builder passes its AfterPackContext. */
export async function afterPack(context) {
  const arch = ARCH_NAMES[context.arch] ?? String(context.arch);
  // The packager finds the executable for each platform (Loupe.app, Loupe.exe, loupe) and runs @electron/fuses.
  await context.packager.addElectronFuses(context, fuseSettings(context.electronPlatformName, arch));
}

export default afterPack;
