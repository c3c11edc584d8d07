// The composition root as the commands reach it: loaded only when a command runs, so that `--help`, usage
// errors and the commands that need no database never load the services, SQLite or the imaging libraries.
import type { Services } from '../composition';

export interface StoreFlags {
  /** --models-dir: where model folders live (a team database needs it, or LOUPE_MODELS_DIR). */
  modelsDir?: string;
}

export async function openServices(dbFile: string, flags: StoreFlags = {}): Promise<Services> {
  const { createServices } = await import('../composition');
  return createServices(dbFile, undefined, flags.modelsDir ? { modelsDir: flags.modelsDir } : {});
}

export const MODELS_DIR_HELP = 'where model folders live (default: beside an SQLite file; a postgres:// team database needs it, or LOUPE_MODELS_DIR)';
