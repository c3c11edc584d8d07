// What a dataset may be called: the rule an import, an added batch and a rename share.
import type { Db } from '../../db/database';
import { LoupeError, badInput } from '../../../shared/errors';
import { textProblem } from '../../../shared/api/text';

/**
 * A name a dataset may take (trimmed): not empty, plain text, not only digits (it would read as an id) and not
 * another dataset's (`renaming` is the dataset being renamed, which may keep its own name). Each refusal names
 * the 'name' option, which every surface says in its own words (a flag, a field).
 */
export function checkDatasetName(db: Db, wanted: string, renaming?: number): string {
  const name = wanted.trim();
  if (!name) throw badInput('a dataset needs a name', 'name');
  const problem = textProblem(name);
  if (problem) throw badInput(`the dataset name ${JSON.stringify(name)} ${problem}`, 'name');
  if (/^\d+$/.test(name)) throw badInput(`dataset name "${name}" is only digits, which would read as an id`, 'name');
  const holder = db.prepare('SELECT id FROM datasets WHERE name = ?').get(name) as { id: number } | undefined;
  if (holder && holder.id !== renaming) throw new LoupeError('conflict', `a dataset named "${name}" exists already`, 'name');
  return name;
}
