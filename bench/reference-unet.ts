// The reference U-Net of `npm run bench -- ml` against PyTorch 1.13 CPU on the SAME network in the same run:
// Loupe's steel U-Net with widths 10-20-40-80, RGB input, 3×3 stride-2 transposed-convolution decoder, no presence
// head (209,624 parameters). The TensorFlow.js model's weights are written to a folder that bench/peers/unet_torch.py
// loads into the same network built with torch.nn; its inference output (1×256×1600) and its first training
// step's loss are held against TensorFlow.js's before anything is timed, so both sides provably run one network.
// Timed, one Loupe pass then one PyTorch pass each round so both see the same machine load:
//   - inference of one 256×1600 image: TensorFlow.js (wasm), and the path Loupe predicts with — the model written
//     as an ONNX graph (layers-to-onnx.ts) on ONNX Runtime's CPU provider, 2 intra-op threads;
//   - a batch-4 training step at 128×800 (forward + backward + Adam): TensorFlow.js on one thread, and data-parallel
//     over this thread and a worker (data-parallel.ts), the same step;
//   - PyTorch with torch.set_num_threads(2).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { buildSteelUnet } from '../src/main/ml/architectures/steel-unet';
import { layersModelToOnnxBytes } from '../src/main/ml/onnx/layers-to-onnx';
import { DataParallelSteelTrainer } from '../src/main/ml/training/data-parallel';
import { steelLoss } from '../src/main/ml/training/losses';
import { TorchPeer, torchPython } from './torch-peer';

const root = resolve(import.meta.dirname, '..');
const THREADS = 2;
const WIDTHS = [10, 20, 40, 80];
const INFER_SHAPE: [number, number, number, number] = [1, 256, 1600, 3];
const STEP_SHAPE: [number, number, number, number] = [4, 128, 800, 3];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function readFloats(file: string): Float32Array {
  return new Float32Array(Uint8Array.from(readFileSync(file)).buffer);
}

function worstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

/** The model's weights as weights.json + weights.f32 (tfjs layouts, named layer/kernel and layer/bias). */
function writeWeights(model: tf.LayersModel, dir: string): void {
  const weights: { name: string; shape: number[]; offset: number }[] = [];
  const parts: Float32Array[] = [];
  let offset = 0;
  for (const layer of model.layers) {
    layer.getWeights().forEach((w, i) => {
      weights.push({ name: `${layer.name}/${i === 0 ? 'kernel' : 'bias'}`, shape: w.shape, offset });
      parts.push(w.dataSync() as Float32Array);
      offset += w.size;
    });
  }
  const blob = new Float32Array(offset);
  let at = 0;
  for (const p of parts) {
    blob.set(p, at);
    at += p.length;
  }
  writeFileSync(join(dir, 'weights.f32'), new Uint8Array(blob.buffer));
  const manifest = { widths: WIDTHS, channels: 3, classes: 4, kernel: 3, infer_shape: INFER_SHAPE, step_shape: STEP_SHAPE, weights };
  writeFileSync(join(dir, 'weights.json'), JSON.stringify(manifest));
}

export async function benchReferenceUnet(backend: string, results: Record<string, number>): Promise<void> {
  const tag = (name: string) => `${name} [${backend}]`;
  results['reference U-Net load average (1 min) at start'] = loadavg()[0];
  const model = buildSteelUnet({ widths: WIDTHS, inputChannels: 3, upsampling: 'transpose', upsamplingKernel: 3, presenceHead: false });
  results['reference U-Net parameters'] = model.countParams();
  const dir = mkdtempSync(join(tmpdir(), 'loupe-unet-bench-'));
  const x = tf.randomUniform(INFER_SHAPE, 0, 1, 'float32', 1);
  const xs = tf.randomUniform(STEP_SHAPE, 0, 1, 'float32', 2) as tf.Tensor4D;
  const ys = tf.tidy(() => tf.cast(tf.greater(tf.randomUniform([...STEP_SHAPE.slice(0, 3), 4], 0, 1, 'float32', 3), 0.9), 'float32')) as tf.Tensor4D;
  const presence = tf.ones([STEP_SHAPE[0], 4]) as tf.Tensor2D;
  const session = await ort.InferenceSession.create(await layersModelToOnnxBytes(model), {
    executionProviders: ['cpu'], intraOpNumThreads: THREADS, interOpNumThreads: 1, graphOptimizationLevel: 'all',
  });
  const ortInput = new ort.Tensor('float32', x.dataSync().slice(), INFER_SHAPE);
  let peer: TorchPeer | null = null;
  let parallel: DataParallelSteelTrainer | null = null;
  try {
    // Inference outputs of both Loupe paths, and the loss of the first step, before any weight changes.
    const tfjsOut = tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync().slice());
    const ortOut = (await session.run({ input: ortInput })).masks.data as Float32Array;
    results['reference U-Net max |output| ONNX Runtime vs TensorFlow.js'] = worstDifference(ortOut, tfjsOut);
    const firstLoss = tf.tidy(() => steelLoss(model.apply(xs, { training: true }) as tf.Tensor, ys, null, presence).dataSync()[0]);

    const python = torchPython();
    if (python) {
      writeWeights(model, dir);
      writeFileSync(join(dir, 'infer_input.f32'), new Uint8Array((x.dataSync() as Float32Array).slice().buffer));
      writeFileSync(join(dir, 'step_input.f32'), new Uint8Array((xs.dataSync() as Float32Array).slice().buffer));
      writeFileSync(join(dir, 'step_target.f32'), new Uint8Array((ys.dataSync() as Float32Array).slice().buffer));
      const started = await TorchPeer.start<{ parameters: number; torch: string }>(python, join(root, 'bench/peers/unet_torch.py'), [dir, String(THREADS)]);
      peer = started.peer;
      results['reference U-Net parameters in PyTorch'] = started.info.parameters;
      results['reference U-Net max |output| PyTorch vs TensorFlow.js'] = worstDifference(readFloats(join(dir, 'infer_output.f32')), tfjsOut);
      // Relative to the loss summed in float64 (PyTorch's peer): both sides' float32 sums over 1.6 M pixels differ from it.
      const [torchLoss, exactLoss] = readFloats(join(dir, 'step_loss.f32'));
      results['reference U-Net first-step loss, relative |TensorFlow.js − float64|'] = Math.abs(firstLoss - exactLoss) / exactLoss;
      results['reference U-Net first-step loss, relative |PyTorch − float64|'] = Math.abs(torchLoss - exactLoss) / exactLoss;
    } else {
      console.error('[ml bench] no python3 with torch: the reference U-Net is timed without its PyTorch peer');
    }

    const tfjsInfer: number[] = [];
    const ortInfer: number[] = [];
    const torchInfer: number[] = [];
    const time = async (run: () => unknown) => {
      const started = performance.now();
      await run();
      return performance.now() - started;
    };
    const inferTfjs = () => tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync());
    const inferOrt = () => session.run({ input: ortInput });
    inferTfjs(); // warm-up (the ONNX session ran once above, PyTorch in its start-up)
    for (let r = 0; r < 5; r++) {
      tfjsInfer.push(await time(inferTfjs));
      ortInfer.push(await time(inferOrt));
      if (peer) torchInfer.push(await peer.run('infer'));
    }

    const adam = tf.train.adam(1e-3);
    const stepTfjs = () => {
      const loss = adam.minimize(() => steelLoss(model.apply(xs, { training: true }) as tf.Tensor, ys, null, presence), true)!;
      loss.dataSync();
      loss.dispose();
    };
    parallel = await DataParallelSteelTrainer.start(model, 1);
    const adamParallel = tf.train.adam(1e-3);
    const stepParallel = () => parallel!.step(adamParallel, xs, ys, presence);
    stepTfjs();
    await stepParallel();
    const tfjsStep: number[] = [];
    const parallelStep: number[] = [];
    const torchStep: number[] = [];
    for (let r = 0; r < 3; r++) {
      tfjsStep.push(await time(stepTfjs));
      parallelStep.push(await time(stepParallel));
      if (peer) torchStep.push(await peer.run('step'));
    }
    adam.dispose();
    adamParallel.dispose();

    const [ti, oi, ts, ps] = [median(tfjsInfer), median(ortInfer), median(tfjsStep), median(parallelStep)];
    results[tag('reference U-Net infer ms 256x1600, TensorFlow.js')] = ti;
    results[`reference U-Net infer ms 256x1600, ONNX Runtime CPU [${THREADS} threads] (Loupe's predict path)`] = oi;
    results[tag('reference U-Net train ms/step b4 128x800, 1 thread')] = ts;
    results[tag('reference U-Net train ms/step b4 128x800, data-parallel over 2 threads')] = ps;
    if (peer) {
      const [pi, pst] = [median(torchInfer), median(torchStep)];
      results[`reference U-Net infer ms 256x1600, PyTorch CPU [${THREADS} threads, same network, same run]`] = pi;
      results[`reference U-Net train ms/step b4 128x800, PyTorch CPU [${THREADS} threads, same network, same run]`] = pst;
      results['reference infer ONNX Runtime ÷ PyTorch (target ≤ 1)'] = oi / pi;
      results[tag('reference infer TensorFlow.js ÷ PyTorch')] = ti / pi;
      results[tag('reference step data-parallel ÷ PyTorch (target ≤ 2)')] = ps / pst;
      results[tag('reference step 1 thread ÷ PyTorch')] = ts / pst;
    }
    results['reference U-Net load average (1 min) at end'] = loadavg()[0];
  } finally {
    peer?.stop();
    await parallel?.close();
    await session.release();
    tf.dispose([x, xs, ys, presence]);
    model.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}
