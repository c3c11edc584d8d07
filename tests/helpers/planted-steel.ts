// A steel dataset with a model whose probability maps are planted, not predicted: every second strip has a
// class-1 defect (a rectangle), and the planted maps say p = 0.4 over it and 0.1 elsewhere — so the card's
// threshold 0.5 finds nothing, and tuning on the reviewed strips finds the defects with a lower threshold.
// The drafts (model revisions) are written from the maps through the card, as a pre-annotation would.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { join } from 'node:path';
import type { Services } from '../../src/main/composition';
import { defaultStarterDir } from '../../src/main/services/models/models-folders';
import { PredictionMapStore } from '../../src/main/services/models/predict-maps';
import { encodeRle } from '../../src/shared/rle';
import { steelMasksFromMaps } from '../../src/shared/ml/steel-postprocess';
import type { SteelModelCard } from '../../src/shared/ml/model-card';
import { writeCsv, writeStrip } from './severstal';

const W = 1600;
const H = 256;

/** Writes `count` strips and an old-form CSV (every second strip with the class-1 rectangle); returns the import options. */
export async function writePlantedStrips(dir: string, count = 10): Promise<{ imagesDir: string; labelsCsv: string }> {
  const imagesDir = join(dir, 'planted-strips');
  const mask = new Uint8Array(W * H);
  for (let x = 100; x < 300; x++) mask.fill(1, x * H + 64, x * H + 128);
  const defect = encodeRle(mask);
  const rows = ['ImageId_ClassId,EncodedPixels'];
  for (let i = 0; i < count; i++) {
    const id = `planted${i}.png`;
    await writeStrip(imagesDir, id, { seed: 60 + i });
    for (let c = 1; c <= 4; c++) rows.push(`${id}_${c},${c === 1 && i % 2 === 0 ? defect : ''}`);
  }
  return { imagesDir, labelsCsv: writeCsv(dir, 'planted.csv', rows) };
}

/** Registers a copy of the steel starter (or `starter`) as `version`, its card changed by `edit`. */
export function registerStarterCopy(
  services: Services,
  dir: string,
  version: string,
  edit: (card: Record<string, unknown>) => void = () => {},
  starter: 'steel-starter' | 'ct-starter' = 'steel-starter',
): string {
  const folder = join(dir, `folder-${version}`);
  cpSync(join(defaultStarterDir(), starter), folder, { recursive: true });
  const card = JSON.parse(readFileSync(join(folder, 'card.json'), 'utf8'));
  edit(card);
  writeFileSync(join(folder, 'card.json'), JSON.stringify(card));
  return services.modelFolders.importFolder(folder, { version }).version;
}

/** Plants the maps of `version` on every strip of the dataset and writes its drafts through its card. */
export function plantPredictions(services: Services, datasetName: string, version: string): void {
  const dataset = services.datasets.get(datasetName);
  const current = services.labels.labelsOf(dataset.id, 'current');
  const card = services.models.get(version).card as SteelModelCard;
  const source = `model:${version}` as const;
  const items = services.datasets.items(dataset.id).map((item) => {
    const hasDefect = (current.get(item.id)?.get(1) ?? '') !== '';
    const maps = [1, 2, 3, 4].map((classId) => {
      const data = new Uint8Array(400 * 64).fill(25);
      if (classId === 1 && hasDefect) for (let y = 16; y < 32; y++) data.fill(102, y * 400 + 25, y * 400 + 75);
      return { classId, data };
    });
    return { item, maps };
  });
  new PredictionMapStore(services.db, services.clock).put(
    source,
    items.map(({ item, maps }) => ({
      itemId: item.id,
      maps: maps.map((m) => ({ classId: m.classId, width: 400, height: 64, presence: null, deflated: new Uint8Array(deflateSync(m.data)) })),
    })),
  );
  const revisions = items.flatMap(({ item, maps }) =>
    steelMasksFromMaps(maps.map((m) => ({ data: m.data, width: 400, height: 64 })), null, card, item.width, item.height).map((m) => ({
      itemId: item.id,
      classId: m.classId,
      payload: m.pixels ? encodeRle(m.mask) : '',
    })),
  );
  services.labels.append(revisions, source, 'planted');
}
