// Builds the three parts of the desktop app into out/: main (Node, ESM), preload (sandboxed, so CommonJS)
// and the renderer (Vue). The same out/renderer is what `loupe serve` hands to a browser.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import vue from '@vitejs/plugin-vue';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * electron-vite's ESM shim declares `const require = createRequire(import.meta.url)` at the top of any
 * chunk that calls `require(`; modules that make their own `require` the same way (the DICOM codecs)
 * then declare it twice and the chunk does not load. Keep the module's own declaration.
 */
function dropDuplicateRequireShim(): Plugin {
  const shim = 'const require = __shims_module__.createRequire(import.meta.url);';
  return {
    name: 'loupe:drop-duplicate-require-shim',
    apply: 'build',
    enforce: 'post',
    renderChunk(code) {
      if (!code.includes(shim) || !/^(?:var|let|const) require\s*=/m.test(code.replace(shim, ''))) return null;
      return { code: code.replace(shim, ''), map: null };
    },
  };
}

export default defineConfig({
  main: {
    plugins: [dropDuplicateRequireShim()],
    build: {
      // Native and WASM-carrying packages stay in node_modules (dependencies are external by default);
      // tfjs-node-gpu is optional and must never be bundled; onnxruntime-node loads its .node binding from its own folder.
      externalizeDeps: { include: ['better-sqlite3', 'sharp', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs', 'onnxruntime-node'] },
      rolldownOptions: {
        input: { index: resolve(root, 'src/main/electron/main.ts'), 'import-worker': resolve(root, 'src/main/api/import-worker.ts'),
          'model-worker': resolve(root, 'src/main/ml/worker/model-worker.ts'),
          'data-parallel-worker': resolve(root, 'src/main/ml/training/data-parallel-worker.ts'),
          'dicom-verify-worker': resolve(root, 'src/main/imaging/dicom/verify-worker.ts'),
          'postgres-bridge-worker': resolve(root, 'src/main/db/postgres/bridge-worker.mjs'),
        },
        external: [/^@tensorflow\//, /^onnxruntime-/],
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload cannot load modules: bundle everything it imports (only shared code).
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(root, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src/renderer'),
    base: './',
    plugins: [vue()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      rolldownOptions: { input: { index: resolve(root, 'src/renderer/index.html') } },
    },
  },
});
