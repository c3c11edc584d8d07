// How a version's folder is kept in the models table. A folder under the models folder is stored relative to
// it ("steel-3"), so that workstations mounting a team's shared models folder at different paths all find it;
// any other folder (and every row written before) is stored and read as the absolute path it is.
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { badInput } from '../../../shared/errors';

export const NO_MODELS_DIR =
  'a team database keeps model files in a folder every workstation can read: give --models-dir or LOUPE_MODELS_DIR';

/** The text to store for `folder`: relative when it lies inside `modelsDir`, else absolute. */
export function storedModelPath(modelsDir: string | null, folder: string): string {
  const absolute = resolve(folder);
  if (modelsDir === null) return absolute;
  const inside = relative(resolve(modelsDir), absolute);
  if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) return absolute;
  return inside.split(sep).join('/');
}

/** The folder a stored path names: an absolute one as it is, a relative one inside the models folder. */
export function resolveModelPath(modelsDir: string | null, stored: string): string {
  if (isAbsolute(stored)) return stored;
  if (modelsDir === null) throw badInput(`model folder "${stored}": ${NO_MODELS_DIR}`);
  return join(modelsDir, ...stored.split('/'));
}
