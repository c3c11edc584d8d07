// The project's own lint rules, run by ESLint with the project's config on small generated source trees:
// an import cycle fails lint, and so does `electron` imported in main outside src/main/electron.
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

describe('the electron rule', () => {
  it('lets only src/main/electron/** (and the preload) import electron', async () => {
    const problems = await lint({
      'src/main/electron/window.ts': "import { app } from 'electron';\nexport const name = (): string => app.getName();\n",
      'src/main/services/dialogs.ts': "import { dialog } from 'electron';\nexport const pick = (): unknown => dialog;\n",
      'src/main/api/menu-types.ts': "import type { MenuItem } from 'electron';\nexport type Item = MenuItem;\n",
      'src/main/host/shell.ts': "import { shell } from 'electron/main';\nexport const open = (): unknown => shell;\n",
      'src/preload/expose.ts': "import { contextBridge } from 'electron';\nexport const bridge = (): unknown => contextBridge;\n",
    });
    expect(problems).toEqual(['src/main/services/dialogs.ts: no-restricted-imports', 'src/main/api/menu-types.ts: no-restricted-imports', 'src/main/host/shell.ts: no-restricted-imports']);
  });

  it('still keeps main away from the renderer and the preload, inside src/main/electron too', async () => {
    expect(
      await lint({
        'src/main/services/view.ts': "import { draw } from '../../renderer/src/draw';\nexport const view = (): unknown => draw;\n",
        'src/main/electron/preload-twin.ts': "import { expose } from '../../preload/expose';\nexport const twin = (): unknown => expose;\n",
        'src/renderer/src/draw.ts': 'export const draw = (): number => 1;\n',
        'src/preload/expose.ts': 'export const expose = (): number => 2;\n',
      }),
    ).toEqual(['src/main/services/view.ts: no-restricted-imports', 'src/main/electron/preload-twin.ts: no-restricted-imports']);
  });
});
