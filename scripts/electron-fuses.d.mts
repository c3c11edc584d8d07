// Types of electron-fuses.mjs for the TypeScript tests.
import type { FuseV1Config } from '@electron/fuses';

export function fuseSettings(platform: string, arch: string): FuseV1Config;
export function afterPack(context: {
  arch: number;
  electronPlatformName: string;
  packager: { addElectronFuses(context: unknown, fuses: FuseV1Config): Promise<unknown> };
}): Promise<void>;
export default afterPack;
