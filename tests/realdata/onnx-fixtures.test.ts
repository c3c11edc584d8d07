// The ONNX fixtures exported from PyTorch (../shared/models) on the real samples (../shared/data), through Loupe's
// own preprocessing and the cards in resources/model-cards: PyTorch's probabilities within 1e-3.
//
// Steel: the reference holds round(1000 × p), so a Loupe probability p passes when |1000 p − ref| ≤ 1.5
// (1e-3 of difference plus the reference's rounding of 0.5e-3). CT: float32 probabilities, |p − ref| ≤ 1e-3.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OnnxModel, readOnnxCardFile, readOnnxInput } from '../../src/main/ml/onnx';
import { liveOnnxSessions } from '../../src/main/ml/onnx/onnx-model';
import { hasSharedData, repoRoot, sharedData } from '../helpers/fs';
import { hasSharedModels, sharedModels } from '../helpers/models';
import { readNpy } from '../helpers/npy';

const available = hasSharedData && hasSharedModels;
const items = available ? (JSON.parse(readFileSync(join(sharedModels, 'reference-items.json'), 'utf8')) as { steel: string[]; ct: string[] }) : { steel: [], ct: [] };
const cardOf = (name: string) => readOnnxCardFile(join(repoRoot, 'resources/model-cards', `${name}.card.json`));

describe.skipIf(!available)('ONNX fixtures on the real samples give PyTorch’s probabilities', () => {
  it('steel-unet: four maps per strip for the 10 strips, |1000 p − ref| ≤ 1.5', { timeout: 300_000 }, async () => {
    const reference = readNpy(join(sharedModels, 'steel-unet.reference.npy.gz'));
    expect(reference.shape).toEqual([items.steel.length, 4, 256, 1600]);
    const card = cardOf('steel-unet');
    const model = await OnnxModel.open(join(sharedModels, 'steel-unet.onnx'), card, { startAt: 'cpu' });
    let worst = 0;
    let defect = 0;
    try {
      // Two strips per run: batching must not change a strip's numbers.
      for (let i = 0; i < items.steel.length; i += 2) {
        const names = items.steel.slice(i, i + 2);
        const inputs = await Promise.all(names.map((name) => readOnnxInput(join(sharedData, 'severstal/train_images', name), card)));
        const predicted = await model.predictSteelProbabilities(inputs);
        predicted.forEach((p, b) => {
          expect([p.width, p.height]).toEqual([1600, 256]);
          const plane = 256 * 1600;
          for (let c = 0; c < 4; c++) {
            const ref = reference.data.subarray(((i + b) * 4 + c) * plane, ((i + b) * 4 + c + 1) * plane);
            const ours = p.classes[c];
            for (let k = 0; k < plane; k++) {
              const d = Math.abs(ours[k] * 1000 - ref[k]);
              if (d > worst) worst = d;
              if (ref[k] >= 500) defect++;
            }
          }
        });
      }
    } finally {
      await model.release();
    }
    console.log(`[onnx] steel-unet: largest |1000 p − ref| over ${items.steel.length} strips × 4 maps = ${worst.toFixed(4)} (${defect} pixel-classes ≥ 0.5)`);
    expect(defect).toBeGreaterThan(0); // the maps are not all empty, so the comparison is not trivial
    expect(worst).toBeLessThanOrEqual(1.5);
  });

  it('ct-cnn: six probabilities per slice for the 33 slices, |p − ref| ≤ 1e-3', { timeout: 120_000 }, async () => {
    const reference = readNpy(join(sharedModels, 'ct-cnn.reference.npy'));
    expect(reference.shape).toEqual([items.ct.length, 6]);
    const card = cardOf('ct-cnn');
    const model = await OnnxModel.open(join(sharedModels, 'ct-cnn.onnx'), card, { startAt: 'cpu' });
    let predicted: number[][];
    try {
      const inputs = await Promise.all(items.ct.map((id) => readOnnxInput(join(sharedData, 'rsna/dicom', `${id}.dcm`), card)));
      predicted = await model.predictCt(inputs);
    } finally {
      await model.release();
    }
    let worst = 0;
    predicted.forEach((row, i) => row.forEach((p, k) => (worst = Math.max(worst, Math.abs(p - reference.data[i * 6 + k])))));
    console.log(`[onnx] ct-cnn: largest |p − ref| over ${items.ct.length} slices × 6 labels = ${worst.toExponential(2)}`);
    expect(predicted).toHaveLength(items.ct.length);
    expect(worst).toBeLessThanOrEqual(1e-3);
    expect(liveOnnxSessions()).toBe(0);
  });
});
