// The composition root as the commands reach it: loaded only when a command runs, so that `--help`, usage
// errors and the commands that need no database never load the services, SQLite or the imaging libraries.
import type { Services } from '../composition';

export async function openServices(dbFile: string): Promise<Services> {
  const { createServices } = await import('../composition');
  return createServices(dbFile);
}
