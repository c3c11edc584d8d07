// `npm run onnx:cuda`: fetches onnxruntime-node's CUDA execution provider (Linux x64, CUDA 12 + cuDNN 9 on the PC)
// into node_modules/onnxruntime-node, by running the package's own install step, which the repository otherwise
// skips (.npmrc and allowScripts) so that `npm ci` stays offline-safe. Needs the internet (api.nuget.org) once.
// Afterwards `loupe doctor` shows whether the CUDA provider loads, or why not.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const packageDir = dirname(require.resolve('onnxruntime-node/package.json'));
// Without npm's variables: the repository's .npmrc says "skip" (npm_config_onnxruntime_node_install), and under
// `npm run` the install step takes itself for a local development install (npm_package_json) and does nothing.
const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_')));
env.ONNXRUNTIME_NODE_INSTALL = process.env.ONNXRUNTIME_NODE_INSTALL ?? 'cuda12';
delete env.ONNXRUNTIME_NODE_INSTALL_CUDA;
const run = spawnSync(process.execPath, [join(packageDir, 'script', 'install.js')], { cwd: packageDir, env, stdio: 'inherit' });
if (run.status !== 0) {
  console.error(`onnx:cuda: the CUDA provider was not installed (exit ${run.status ?? run.signal}); Loupe keeps running ONNX models on the CPU.`);
  process.exit(run.status ?? 1);
}
console.log('onnx:cuda: done; run `loupe doctor` to see whether the CUDA provider loads.');
