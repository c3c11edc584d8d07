// The steel starter ships with every class switched off (on real strips it does no better than painting nothing).
// Tests of the editing flow need a model that paints: this registers a copy of the starter with its classes on
// (threshold and presence 0.5, no min-area) under its own name and makes it the active steel version, as a
// team would import its own model.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './fs';
import { loupe } from './cli';

export const PAINTING_STEEL_MODEL = 'steel-painting';

export function registerPaintingSteelModel(database: string): void {
  const folder = join(mkdtempSync(join(tmpdir(), 'loupe-painting-')), PAINTING_STEEL_MODEL);
  cpSync(join(repoRoot, 'resources/models/steel-starter'), folder, { recursive: true });
  const cardPath = join(folder, 'card.json');
  const card = JSON.parse(readFileSync(cardPath, 'utf8')) as Record<string, unknown>;
  Object.assign(card, { name: PAINTING_STEEL_MODEL, thresholds: [0.5, 0.5, 0.5, 0.5], minArea: [0, 0, 0, 0], presenceThresholds: [0.5, 0.5, 0.5, 0.5] });
  writeFileSync(cardPath, JSON.stringify(card, null, 2));
  for (const args of [['--import', folder, '--version', PAINTING_STEEL_MODEL], ['--activate', PAINTING_STEEL_MODEL]]) {
    const run = loupe('models', ...args, '--db', database);
    if (run.code !== 0) throw new Error(`loupe models ${args.join(' ')} failed: ${run.stderr}`);
  }
}
