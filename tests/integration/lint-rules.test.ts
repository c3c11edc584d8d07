// The project's own lint rules, run by ESLint with the project's config on small generated source trees:
// an import cycle fails lint, and a tree without one passes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ESLint } from 'eslint';
import { repoRoot, tempDir } from '../helpers/fs';

let tmp: ReturnType<typeof tempDir>;
let eslint: ESLint;

beforeAll(() => {
  tmp = tempDir('loupe-lint-');
  eslint = new ESLint({ cwd: tmp.dir, overrideConfigFile: join(repoRoot, 'eslint.config.js') });
});
afterAll(() => tmp.cleanup());

/** Writes the files (path → source) under the temporary tree and lints them; returns `file: rule` per problem. */
async function lint(files: Record<string, string>): Promise<string[]> {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(tmp.dir, path)), { recursive: true });
    writeFileSync(join(tmp.dir, path), text);
  }
  const results = await eslint.lintFiles(Object.keys(files));
  return results.flatMap((r) => r.messages.map((m) => `${r.filePath.slice(tmp.dir.length + 1)}: ${m.ruleId ?? m.message}`));
}

describe('the import-cycle rule', () => {
  it('fails lint on a cycle of two modules, and on a longer one', async () => {
    expect(
      await lint({
        'src/main/a.ts': "import { b } from './b';\nexport const a = (): number => b() + 1;\n",
        'src/main/b.ts': "import { a } from './a';\nexport const b = (): number => a() - 1;\n",
      }),
    ).toEqual(['src/main/a.ts: import-x/no-cycle', 'src/main/b.ts: import-x/no-cycle']);
    const long = await lint({
      'src/shared/x.ts': "import { y } from './y';\nexport const x = (): string => y();\n",
      'src/shared/y.ts': "import { z } from './deeper/z';\nexport const y = (): string => z();\n",
      'src/shared/deeper/z.ts': "import { x } from '../x';\nexport const z = (): string => typeof x;\n",
    });
    expect(long).toEqual(['src/shared/x.ts: import-x/no-cycle', 'src/shared/y.ts: import-x/no-cycle', 'src/shared/deeper/z.ts: import-x/no-cycle']);
  });

  it('passes the same modules once the shared part lives in a leaf module', async () => {
    expect(
      await lint({
        'src/main/leaf.ts': 'export const one = 1;\n',
        'src/main/c.ts': "import { one } from './leaf';\nexport const c = (): number => one + 1;\n",
        'src/main/d.ts': "import { one } from './leaf';\nimport { c } from './c';\nexport const d = (): number => c() - one;\n",
      }),
    ).toEqual([]);
  });
});
