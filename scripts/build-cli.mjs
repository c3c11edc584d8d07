#!/usr/bin/env node
// Bundles the `loupe` command into out/cli (ESM, one chunk per lazily loaded command part), so that it starts
// as plain JavaScript instead of through tsx. Run by `npm run build` and, with --if-possible, from `prepare`
// after `npm ci`: there a failure only warns, and bin/loupe.mjs keeps running the sources through tsx.
//
// Native and heavy packages stay in node_modules (better-sqlite3, sharp, TensorFlow.js and its backends, the
// DICOM codecs, onnxruntime): they are loaded from there at run time, and only by the commands that use them.
// out/cli/inputs.json lists the sources the bundle was built from; bin/loupe.mjs runs the bundle only while
// none of them is newer, so an edited checkout never runs stale code.
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = join(root, 'out/cli');
const optional = process.argv.includes('--if-possible');

const EXTERNAL = [
  'better-sqlite3',
  'sharp',
  '@img/*',
  '@tensorflow/*',
  'onnxruntime-node',
  'onnxruntime-common',
  '@cornerstonejs/*',
  'dcmjs',
  'dcmjs/*',
  'dcmjs-codecs',
  'dicom-parser',
  'jpeg-lossless-decoder-js',
  'ws',
  'pg',
  'pg-boss',
  'tsx',
  'tsx/*',
  'electron',
];

async function build() {
  const esbuild = await import('esbuild');
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const startedAt = Date.now(); // a source saved while the build runs makes the bundle stale
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: {
      main: 'src/main/cli/main.ts',
      // Beside the chunks, where import-runner.ts and model-job-runner.ts look for them in a bundle.
      'import-worker': 'src/main/api/import-worker.ts',
      'model-worker': 'src/main/ml/worker/model-worker.ts',
      'data-parallel-worker': 'src/main/ml/training/data-parallel-worker.ts',
      'postgres-bridge-worker': 'src/main/db/postgres/bridge-worker.mjs',
    },
    outdir: outDir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Flat: modules that find files from their own place (the renderer, the starter models) see out/cli.
    chunkNames: 'chunk-[hash]',
    outExtension: { '.js': '.js' },
    external: EXTERNAL,
    // Bundled CommonJS packages (commander, papaparse) call require() for Node's built-ins.
    banner: { js: "import { createRequire as __loupeCreateRequire } from 'node:module'; const require = __loupeCreateRequire(import.meta.url);" },
    metafile: true,
    logLevel: 'warning',
    legalComments: 'none',
    minify: true,
    keepNames: false,
  });
  const inputs = Object.keys(result.metafile.inputs).filter((file) => !file.includes('node_modules/')).sort();
  writeFileSync(join(outDir, 'inputs.json'), `${JSON.stringify({ builtAt: startedAt, inputs })}\n`);
  const main = join(outDir, 'main.js');
  return { files: inputs.length, bytes: statSync(main).size, main: relative(root, main) };
}

try {
  const { files, main } = await build();
  console.error(`loupe CLI bundled: ${main} from ${files} sources`);
} catch (error) {
  rmSync(outDir, { recursive: true, force: true });
  if (!optional) throw error;
  console.error(`loupe: the CLI was not bundled (${error?.message ?? error}); bin/loupe.mjs runs the sources through tsx instead`);
}
