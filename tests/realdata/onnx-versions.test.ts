// The ONNX fixtures exported from PyTorch (../shared/models) as registry versions, through the real `loupe`
// command: imported with their cards (resources/model-cards), predicting the real samples in the model worker
// with PyTorch's numbers (as Loupe stores them: steel maps as bytes p × 255, CT probabilities with six
// significant digits), scored beside the baseline and another version, activated and rolled back, no ONNX
// session left open in the worker after any job, and training from them refused with the reason.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../src/main/composition';
import { defaultStarterDir } from '../../src/main/services/models/models-folders';
import { consistentAny } from '../../src/shared/ml/ct-prediction';
import { hasSharedData, repoRoot, sharedData, tempDir } from '../helpers/fs';
import { hasSharedModels, sharedModels } from '../helpers/models';
import { readNpy } from '../helpers/npy';
import { loupe, loupeJson } from '../helpers/cli';

const available = hasSharedData && hasSharedModels;
if (!available) console.log(`[onnx-versions] skipped: needs ../shared/data and the ONNX fixtures in ${sharedModels}`);
const items = available ? (JSON.parse(readFileSync(join(sharedModels, 'reference-items.json'), 'utf8')) as { steel: string[]; ct: string[] }) : { steel: [], ct: [] };
const cardFile = (name: string) => join(repoRoot, 'resources/model-cards', `${name}.card.json`);

let tmp: ReturnType<typeof tempDir>;
let db: string;

beforeAll(() => {
  tmp = tempDir('loupe-onnx-versions-');
  db = join(tmp.dir, 'loupe.db');
});
afterAll(() => tmp?.cleanup());

/** In-process services on the CLI's database, for reading what the CLI wrote and running jobs beside it. */
async function withServices<T>(use: (services: Services) => Promise<T>): Promise<T> {
  const services = createServices(db);
  try {
    return await use(services);
  } finally {
    await services.modelJobs.close();
    services.close();
  }
}

describe.skipIf(!available)('ONNX fixtures as registry versions, through the CLI', () => {
  it('steel-unet: imports, predicts the 10 strips with PyTorch’s maps, is scored, activated and rolled back', { timeout: 600_000 }, async () => {
    loupeJson('import', 'severstal', join(sharedData, 'severstal/train_images'), '--labels', join(sharedData, 'severstal/train.csv'), '--db', db, '--name', 'steel');
    const imported = loupeJson<{ version: string; architecture: string; card: { modelFormat: string } }>(
      'models', '--import', join(sharedModels, 'steel-unet.onnx'), '--task', 'steel', '--card', cardFile('steel-unet'), '--db', db,
    );
    expect(imported).toMatchObject({ version: 'steel-unet', architecture: 'ONNX U-Net', card: { modelFormat: 'onnx' } });

    const predicted = loupeJson<{ versions: string[]; items: number }>('predict', 'steel', '--model', 'steel-unet', '--db', db);
    expect(predicted.versions).toEqual(['steel-unet']);

    const reference = readNpy(join(sharedModels, 'steel-unet.reference.npy.gz'));
    const plane = 256 * 1600;
    await withServices(async (services) => {
      const dataset = services.datasets.get('steel');
      const byKey = new Map(services.datasets.items(dataset.id).map((i) => [i.key, i]));
      let worst = 0;
      let defect = 0;
      items.steel.forEach((name, s) => {
        const item = byKey.get(name) ?? byKey.get(name.replace(/\.jpg$/, ''));
        expect(item, name).toBeDefined();
        const maps = services.predictions.probabilityMaps(item!.id, 'model:steel-unet');
        expect(maps.map((m) => [m.classId, m.width, m.height])).toEqual([1, 2, 3, 4].map((c) => [c, 1600, 256]));
        maps.forEach((m, c) => {
          const ref = reference.data.subarray((s * 4 + c) * plane, (s * 4 + c + 1) * plane);
          for (let k = 0; k < plane; k++) {
            // Stored bytes round p × 255 (±0.5/255), the reference rounds p × 1000 (±0.5/1000).
            const d = Math.abs(m.data[k] / 255 - ref[k] / 1000);
            if (d > worst) worst = d;
            if (ref[k] >= 500) defect++;
          }
        });
      });
      console.log(`[onnx-versions] steel-unet stored maps: largest |p − PyTorch p| = ${worst.toFixed(5)} (${defect} pixel-classes ≥ 0.5)`);
      expect(defect).toBeGreaterThan(0);
      expect(worst).toBeLessThanOrEqual(1e-3 + 0.5 / 255 + 0.5 / 1000);

      // Scored beside a built-in version (run in the worker) and the baseline on the same validation items.
      services.modelFolders.importFolder(join(defaultStarterDir(), 'steel-starter'), { version: 'steel-starter' });
      const compared = await services.comparisons.compare('steel', { version: 'steel-unet', against: 'steel-starter' });
      expect(compared.from).toEqual({ version: 'stored', against: 'model run' });
      expect(compared.child.count).toBeGreaterThan(0);
      expect(compared.child.value).not.toBeNull();
      expect(compared.perClass).toHaveLength(4);
      // The same score from a fresh run of the ONNX model in the worker, session released after the job.
      const handle = services.comparisons.start('steel', { version: 'steel-unet', against: null });
      const rerun = await handle.result;
      expect(rerun.child.value).toBeCloseTo(compared.child.value!, 2);
      expect(services.modelJobs.onnxSessionsOf(handle.jobId)).toEqual({ before: 0, after: 0 });
    });

    expect(loupeJson<{ active: boolean }>('models', '--activate', 'steel-starter', '--db', db).active).toBe(true);
    expect(loupeJson<{ version: string; active: boolean }>('models', '--activate', 'steel-unet', '--db', db)).toMatchObject({ version: 'steel-unet', active: true });
    const train = loupe('train', 'steel', '--epochs', '1', '--db', db);
    expect(train.code).not.toBe(0);
    expect(train.stderr).toMatch(/steel-unet is an ONNX model: Loupe runs ONNX models but cannot train or fine-tune them; train from a built-in steel version instead \(registered: steel-starter\)/);
    expect(loupeJson<{ version: string }>('models', '--rollback', 'steel', '--db', db).version).toBe('steel-starter');
  });

  // The 33 labelled sample slices are of one patient: the CT validation set (held out by whole patients) is empty
  // here, so the CT comparison is tested on generated series (tests/integration/onnx-registry.test.ts).
  it('ct-cnn: imports, predicts the 33 slices with PyTorch’s probabilities, is activated and rolled back', { timeout: 300_000 }, async () => {
    loupeJson('import', 'rsna', join(sharedData, 'rsna/dicom'), '--labels', join(sharedData, 'rsna/labels.csv'), '--db', db, '--name', 'ct');
    const imported = loupeJson<{ version: string; task: string }>('models', '--import', join(sharedModels, 'ct-cnn.onnx'), '--task', 'ct', '--card', cardFile('ct-cnn'), '--db', db);
    expect(imported).toMatchObject({ version: 'ct-cnn', task: 'ct' });

    await withServices(async (services) => {
      const predict = services.predictions.start('ct', { model: 'ct-cnn' });
      await predict.result;
      expect(services.modelJobs.onnxSessionsOf(predict.jobId)).toEqual({ before: 0, after: 0 });
      const reference = readNpy(join(sharedModels, 'ct-cnn.reference.npy'));
      const dataset = services.datasets.get('ct');
      const byKey = new Map(services.datasets.items(dataset.id).map((i) => [i.key, i.id]));
      const stored = services.predictions.ctProbabilities(dataset.id, 'model:ct-cnn');
      let worst = 0;
      items.ct.forEach((key, s) => {
        const ours = stored.get(byKey.get(key)!);
        expect(ours, key).toBeDefined();
        // Loupe keeps `any` at least the largest subtype (consistentAny); the reference is the model's own.
        const ref = consistentAny(reference.data.subarray(s * 6, s * 6 + 6));
        ours!.forEach((p, k) => (worst = Math.max(worst, Math.abs(p - ref[k]))));
      });
      console.log(`[onnx-versions] ct-cnn stored probabilities: largest |p − PyTorch p| = ${worst.toExponential(2)}`);
      expect(worst).toBeLessThanOrEqual(1e-3);
    });

    loupeJson('models', '--import', join(defaultStarterDir(), 'ct-starter'), '--version', 'ct-starter', '--db', db);
    loupeJson('models', '--activate', 'ct-cnn', '--db', db);
    loupeJson('models', '--activate', 'ct-starter', '--db', db);
    expect(loupeJson<{ version: string }>('models', '--rollback', 'ct', '--db', db).version).toBe('ct-cnn');
    const train = loupe('train', 'ct', '--epochs', '1', '--db', db);
    expect(train.stderr).toMatch(/ct-cnn is an ONNX model: .*cannot train or fine-tune them; train from a built-in ct version instead \(registered: ct-starter\)/);
  });
});
