// The README's CT workspace section names every key of the CT key table (the table the workspace's keys and its
// `?` help are made of), so the documentation cannot fall behind the keyboard.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../helpers/fs';
import { ctKeyTable, type CtKeyActions } from '../../src/renderer/src/workspaces/ct/composables/useCtKeys';

const noop = new Proxy({} as CtKeyActions, { get: () => () => false });

function ctSection(): string {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## CT workspace');
  return readme.slice(start, readme.indexOf('\n## ', start + 5));
}

describe("the README's CT keys", () => {
  it('lists every key of ctKeyTable', () => {
    const section = ctSection();
    const missing: string[] = [];
    for (const b of ctKeyTable(noop)) {
      for (const key of b.keys.split(/,? +/)) {
        // The subtype keys are written as one range.
        const written = /^[1-5]$/.test(key) ? section.includes('`1`–`5`') : section.includes(`\`${key}\``);
        if (!written) missing.push(`${key} (${b.does})`);
      }
    }
    expect(missing).toEqual([]);
  });
});
