// The demo workspace on first start: Loupe generates two small datasets itself (steel-like strips with
// masks of all four classes, and a head-CT phantom written as real DICOM with haemorrhage labels) and
// imports them, so a newcomer sees both kinds of work without any download. The generator is in demo/.
import { existsSync } from 'node:fs';
import { dirname, join, parse, resolve } from 'node:path';
import type { Services } from './composition';
import { isPostgresUrl } from './db/store';
import { LoupeError } from '../shared/errors';
import { generateDemo } from './demo/generate';

/** Where the demo's files go for a database: beside it, `<name>-demo/`. A team database has no "beside". */
export function demoFolderFor(database: string): string {
  if (isPostgresUrl(database)) throw new LoupeError('bad_input', 'a team database has no folder beside it: name one for the demo files with --dir');
  const file = resolve(database);
  return join(dirname(file), `${parse(file).name}-demo`);
}

/** A database counts as new when its file does not exist yet (before the services open it); a team database never does. */
export const isNewDatabase = (database: string) => database !== ':memory:' && !isPostgresUrl(database) && !existsSync(database);

export async function createDemoWorkspace(services: Services, folder: string) {
  const report = await generateDemo(services, folder);
  return { folder, datasets: [report.steel, report.ct] };
}
