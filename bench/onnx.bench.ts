// ONNX models (`npm run bench -- onnx`; benchOnnx is called by bench/run.ts): the fixtures in ../shared/models on
// ONNX Runtime's CPU provider (2 intra-op threads), one image per run — steel-unet at 256×1600, ct-cnn at 256×256 —
// beside PyTorch 1.13 CPU (2 threads) running the same graph with the same weights (bench/peers/onnx_torch.py),
// measured in the same run, one PyTorch pass after each ONNX Runtime pass so both see the same machine load.
// Without python3 + torch the PyTorch figures are the fixtures' README's, keyed as such ("another day").
// Also: Loupe's own work per image around the run (packing the card's input, the outputs into Loupe's maps) and the
// preprocessing from the file (decode + resize + windows/scaling) on the real samples when ../shared/data is here.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as ort from 'onnxruntime-node';
import { OnnxModel, readOnnxCardFile, readOnnxInput } from '../src/main/ml/onnx';
import { ctInputPlanes, packBatch, steelInputPlanes, type PlanarImage } from '../src/shared/ml/preprocess';
import { ctProbabilities, steelProbabilities, steelProbabilityMaps } from '../src/shared/ml/onnx-outputs';
import { TorchPeer, torchPython } from './torch-peer';

const root = resolve(import.meta.dirname, '..');
const models = resolve(process.env.LOUPE_SHARED_MODELS ?? join(root, '../shared/models'));
const data = resolve(process.env.LOUPE_SHARED_DATA ?? join(root, '../shared/data'));
const THREADS = 2;
/** The fixtures' README (../shared/models/README.md), one image, 2 threads, measured on another day. */
const README_PYTORCH_MS = { 'steel-unet': 557, 'ct-cnn': 26 };

/** A little-endian float32 file (copied: a small file's Buffer is a view into a shared pool). */
function readFloats(file: string): Float32Array {
  return new Float32Array(Uint8Array.from(readFileSync(file)).buffer);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function benchFixture(name: 'steel-unet' | 'ct-cnn', shape: number[], reps: number, python: string | null, results: Record<string, number>): Promise<void> {
  const file = join(models, `${name}.onnx`);
  const size = `${shape[2]}x${shape[3]}`;
  const session = await ort.InferenceSession.create(file, { executionProviders: ['cpu'], intraOpNumThreads: THREADS, interOpNumThreads: 1, graphOptimizationLevel: 'all' });
  const inputName = session.inputNames[0];
  const outputName = session.outputNames[0];
  const dump = mkdtempSync(join(tmpdir(), 'loupe-onnx-bench-'));
  let peer: TorchPeer | null = null;
  try {
    let input: Float32Array;
    if (python) {
      const started = await TorchPeer.start<{ parameters: number }>(python, join(root, 'bench/peers/onnx_torch.py'), [file, shape.join(','), String(THREADS), dump]);
      peer = started.peer;
      results[`${name} parameters`] = started.info.parameters;
      input = readFloats(join(dump, 'input.f32'));
    } else {
      input = Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => (i % 997) / 997);
    }
    const tensor = new ort.Tensor('float32', input, shape);
    const runOrt = async () => {
      const started = performance.now();
      const out = await session.run({ [inputName]: tensor });
      const ms = performance.now() - started;
      return { ms, out: out[outputName].data as Float32Array };
    };
    const first = await runOrt(); // warm-up
    if (python) {
      const torchOut = readFloats(join(dump, 'output.f32'));
      let worst = 0;
      for (let i = 0; i < torchOut.length; i++) worst = Math.max(worst, Math.abs(torchOut[i] - first.out[i]));
      results[`${name} max |output| ONNX Runtime vs PyTorch`] = worst;
    }
    const ortMs: number[] = [];
    const torchMs: number[] = [];
    for (let r = 0; r < reps; r++) {
      ortMs.push((await runOrt()).ms);
      if (peer) torchMs.push(await peer.run());
    }
    const ortMedian = median(ortMs);
    results[`${name} ONNX Runtime CPU ms/image ${size} [${THREADS} threads]`] = ortMedian;
    if (peer) {
      const torchMedian = median(torchMs);
      results[`${name} PyTorch CPU ms/image ${size} [${THREADS} threads, same graph, same run]`] = torchMedian;
      results[`${name} ONNX Runtime / PyTorch`] = ortMedian / torchMedian;
    } else {
      results[`${name} PyTorch CPU ms/image ${size} [fixtures README, another day]`] = README_PYTORCH_MS[name];
      results[`${name} ONNX Runtime / PyTorch [README figure]`] = ortMedian / README_PYTORCH_MS[name];
    }
  } finally {
    peer?.stop();
    await session.release();
    rmSync(dump, { recursive: true, force: true });
  }
}

/** Loupe's own work per image around ONNX Runtime, and the preprocessing from the real files when present. */
async function benchLoupePath(results: Record<string, number>): Promise<void> {
  const steelCard = readOnnxCardFile(join(root, 'resources/model-cards/steel-unet.card.json'));
  const ctCard = readOnnxCardFile(join(root, 'resources/model-cards/ct-cnn.card.json'));
  const strip = join(data, 'severstal/train_images/0030401a5.jpg');
  const slice = join(data, 'rsna/dicom/ID_0002a38ad.dcm');
  const real = existsSync(strip) && existsSync(slice);
  const steelInput: PlanarImage = real
    ? await readOnnxInput(strip, steelCard)
    : steelInputPlanes(Uint8Array.from({ length: 1600 * 256 }, (_, i) => i % 251), 1600, 256, 1, steelCard.input);
  const ctInput: PlanarImage = real
    ? await readOnnxInput(slice, ctCard)
    : ctInputPlanes(Int16Array.from({ length: 512 * 512 }, (_, i) => (i % 400) - 100), 512, 512, ctCard.input, ctCard.task === 'ct' ? ctCard.windows : []);
  if (real) {
    const times = async (reps: number, run: () => Promise<unknown>) => {
      await run();
      const ms: number[] = [];
      for (let i = 0; i < reps; i++) {
        const started = performance.now();
        await run();
        ms.push(performance.now() - started);
      }
      return median(ms);
    };
    results['steel preprocess ms/strip (decode, /255, ImageNet mean/std planes)'] = await times(9, () => readOnnxInput(strip, steelCard));
    results['ct preprocess ms/slice (DICOM → HU → 256² resize → 3 windows)'] = await times(9, () => readOnnxInput(slice, ctCard));
  }
  for (const [name, card, input, reps] of [
    ['steel-unet', steelCard, steelInput, 9],
    ['ct-cnn', ctCard, ctInput, 21],
  ] as const) {
    const model = await OnnxModel.open(join(models, `${name}.onnx`), card, { startAt: 'cpu', threads: THREADS });
    try {
      // Loupe's own work around one ONNX Runtime run: pack the card's input, then the outputs into Loupe's terms.
      const outputs = await model.run([input]);
      const own = () => {
        packBatch([input], card.input);
        if (card.task === 'steel') steelProbabilities(card, outputs[0], outputs[1] ?? null, 1).map(steelProbabilityMaps);
        else ctProbabilities(card, outputs[0], 1);
      };
      own();
      const ms: number[] = [];
      for (let i = 0; i < reps; i++) {
        const started = performance.now();
        own();
        ms.push(performance.now() - started);
      }
      results[`${name} Loupe's own ms/image around the run (pack input, outputs to Loupe's maps)`] = median(ms);
    } finally {
      await model.release();
    }
  }
}

export async function benchOnnx(): Promise<Record<string, number>> {
  if (!existsSync(join(models, 'steel-unet.onnx'))) {
    console.error(`[onnx bench] ${models} is absent: nothing to measure`);
    return { 'skipped (no ../shared/models)': 1 };
  }
  const results: Record<string, number> = { 'load average (1 min) at start': loadavg()[0] };
  const python = torchPython();
  if (!python) console.error('[onnx bench] no python3 with torch: the PyTorch figures are the fixtures README’s');
  await benchFixture('steel-unet', [1, 3, 256, 1600], 7, python, results);
  await benchFixture('ct-cnn', [1, 3, 256, 256], 21, python, results);
  await benchLoupePath(results);
  results['load average (1 min) at end'] = loadavg()[0];
  return results;
}
