// Lint, including the layer rule: each file lives in one layer and may import only what its layer allows.
//   shared   → shared only (no electron, node:, DOM frameworks, Vue)
//   renderer → renderer and shared (never electron or node)
//   preload  → preload, shared and electron
//   main     → main and shared (never renderer or preload); only src/main/electron/** imports electron, since
//              the rest of main also runs in the CLI, the browser host and worker threads, where it is absent
// and no import cycles anywhere (import-x/no-cycle: a module that imports its own importer may run
// before that importer has defined what it uses).
import tseslint from 'typescript-eslint';
import pluginVue from 'eslint-plugin-vue';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const LAYERS = 'crosses a layer boundary (see README, "Layers")';
const ELECTRON = 'only src/main/electron/** imports electron: the rest of main runs in the CLI and the browser host too (see README, "Layers")';
const restrict = (patterns, paths = []) => ({
  'no-restricted-imports': ['error', { paths: paths.map((name) => ({ name, message: LAYERS })), patterns: patterns.map((group) => ({ group: [group], message: LAYERS })) }],
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'resources/**', '.bench/**'] },
  ...tseslint.configs.recommended,
  // Vue single-file components: the Vue rules, with TypeScript parsing their <script lang="ts">.
  ...pluginVue.configs['flat/essential'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'], sourceType: 'module' } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.ts', '**/*.mjs', '**/*.vue'],
    plugins: { 'import-x': importX },
    settings: { 'import-x/extensions': ['.ts', '.mjs', '.js'], 'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.mjs', '.js', '.vue', '.json'] })] },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: restrict(['**/main/**', '**/renderer/**', '**/preload/**', 'electron', 'vue', 'pinia', 'konva', 'better-sqlite3', 'node:*'], nodeBuiltins),
  },
  {
    files: ['src/renderer/**/*.ts', 'src/renderer/**/*.vue'],
    rules: restrict(['**/main/**', '**/preload/**', 'electron', 'electron/*', 'better-sqlite3', 'node:*'], nodeBuiltins),
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: restrict(['**/main/**', '**/renderer/**', 'node:*'], nodeBuiltins.filter((m) => m !== 'events')),
  },
  {
    files: ['src/main/**/*.ts'],
    rules: restrict(['**/renderer/**', '**/preload/**']),
  },
  {
    files: ['src/main/**/*.ts'],
    ignores: ['src/main/electron/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: ELECTRON }],
          patterns: [
            { group: ['electron/*'], message: ELECTRON },
            { group: ['**/renderer/**', '**/preload/**'], message: LAYERS },
          ],
        },
      ],
    },
  },
);
