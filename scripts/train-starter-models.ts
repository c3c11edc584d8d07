// Trains the starter models shipped in resources/models — steel-starter (U-Net) and ct-starter (CNN) —
// on data this script generates itself with the demo generator (steel-like strips with defects of the
// four classes; head-CT phantom slices with haemorrhages of the five subtypes, as real DICOM), through
// the same import → train → export path a user takes. Fixed seeds, a fixed clock and the wasm backend
// make it reproducible from a clean clone:
//
//   npx tsx scripts/train-starter-models.ts [--out resources/models] [--only steel|ct] [--epochs-steel 40] [--epochs-ct 40]
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { CT_LABELS, STEEL_HEIGHT, STEEL_WIDTH, CT_SUBTYPES, type CtSubtype } from '../src/shared/domain';
import { encodeRle } from '../src/shared/rle';
import { makeStrip } from '../src/main/demo/steel-strips';
import { phantomSlice, type Bleed } from '../src/main/demo/head-phantom';
import { seededRandom, type Random } from '../src/main/demo/random';
import { writeDicom } from '../src/main/imaging/dicom/write';

const { values: args } = parseArgs({
  options: {
    out: { type: 'string', default: resolve(import.meta.dirname, '../resources/models') },
    'epochs-steel': { type: 'string', default: '40' },
    'epochs-ct': { type: 'string', default: '40' },
    strips: { type: 'string', default: '96' },
    patients: { type: 'string', default: '24' },
    only: { type: 'string' },
  },
});

process.env.LOUPE_ML_BACKEND ??= 'wasm'; // the same arithmetic on every machine
const work = mkdtempSync(join(tmpdir(), 'loupe-starter-'));
process.env.LOUPE_MODELS_DIR = join(work, 'models');
const { createServices } = await import('../src/main/composition');
const fixedClock = { now: () => '2026-01-01T00:00:00.000Z' };

async function writeSteel(dir: string, count: number, random: Random): Promise<{ imagesDir: string; labelsCsv: string }> {
  const imagesDir = join(dir, 'images');
  mkdirSync(imagesDir, { recursive: true });
  const rows = ['ImageId,ClassId,EncodedPixels'];
  for (let i = 0; i < count; i++) {
    const classes = random() < 0.25 ? [] : [1, 2, 3, 4].filter(() => random() < 0.4);
    if (classes.length === 0 && i % 4 !== 0) classes.push(1 + Math.floor(random() * 4));
    const strip = makeStrip(random, classes);
    const imageId = `starter${String(i + 1).padStart(3, '0')}.jpg`;
    await sharp(Buffer.from(strip.gray), { raw: { width: STEEL_WIDTH, height: STEEL_HEIGHT, channels: 1 } }).jpeg({ quality: 92 }).toFile(join(imagesDir, imageId));
    for (const [classId, mask] of [...strip.masks].sort(([a], [b]) => a - b)) rows.push(`${imageId},${classId},${encodeRle(mask)}`);
  }
  const labelsCsv = join(dir, 'train.csv');
  writeFileSync(labelsCsv, `${rows.join('\n')}\n`);
  return { imagesDir, labelsCsv };
}

function writeCt(dir: string, patients: number, slices: number, size: number, random: Random): { dicomDir: string; labelsCsv: string } {
  const dicomDir = join(dir, 'dicom');
  const rows = ['ID,Label'];
  for (let p = 0; p < patients; p++) {
    const bleeds: Bleed[] = CT_SUBTYPES.filter(() => random() < 0.45).map((subtype: CtSubtype) => {
      const from = Math.floor(random() * slices * 0.6);
      return { subtype, from, to: Math.min(slices - 1, from + 2 + Math.floor(random() * 4)), cx: random() * 1.2 - 0.6, cy: random() * 1.2 - 0.6 };
    });
    const study = `1.2.826.0.1.3680043.10.777.${p + 1}`;
    const folder = join(dicomDir, `STARTER_${p + 1}`);
    mkdirSync(folder, { recursive: true });
    for (let i = 0; i < slices; i++) {
      const key = `ID_s${String(p + 1).padStart(2, '0')}${String(i).padStart(3, '0')}`;
      const slice = phantomSlice(size, i, slices, bleeds, random);
      const stored = Int16Array.from(slice.hu, (v) => v + 1024);
      writeFileSync(join(folder, `${key}.dcm`), writeDicom({
        sopInstanceUid: `${study}.1.${i + 1}`, patientId: `STARTER_${p + 1}`, studyInstanceUid: study, seriesInstanceUid: `${study}.1`,
        instanceNumber: i + 1, imagePosition: [-125, -125, i * 5], imageOrientation: [1, 0, 0, 0, 1, 0], rows: size, columns: size,
        rescaleSlope: 1, rescaleIntercept: -1024, windowCenter: [40], windowWidth: [80], pixels: stored,
      }));
      const on = new Set(slice.subtypes);
      for (const label of CT_LABELS) rows.push(`${key}_${label},${label === 'any' ? (on.size ? 1 : 0) : on.has(label as CtSubtype) ? 1 : 0}`);
    }
  }
  const labelsCsv = join(dir, 'labels.csv');
  writeFileSync(labelsCsv, `${rows.join('\n')}\n`);
  return { dicomDir, labelsCsv };
}

const services = createServices(join(work, 'starter.db'), fixedClock);
try {
  const random = seededRandom(20260101);
  console.log(`generating data in ${work}`);
  await services.importSeverstal({ ...(await writeSteel(join(work, 'steel'), Number(args.strips), random)), name: 'starter-steel', author: 'starter' });
  await services.importRsna({ ...writeCt(join(work, 'ct'), Number(args.patients), 16, 256, random), name: 'starter-ct', author: 'starter' });
  console.log(`backend: ${(await services.modelJobs.backend()).description}`);

  for (const [task, dataset, epochs] of [['steel', 'starter-steel', args['epochs-steel']], ['ct', 'starter-ct', args['epochs-ct']]] as const) {
    if (args.only && args.only !== task) continue;
    const started = Date.now();
    const report = await services.training.train(dataset, {
      from: null,
      epochs: Number(epochs),
      seed: 1,
      activate: 'always',
      float16: true,
      onProgress: (p) => {
        const e = p.epochs?.[p.epochs.length - 1];
        if (p.state === 'running' && e && p.phase.startsWith(`epoch ${e.epoch} `) && p.done % 50 === 0) process.stdout.write('.');
      },
    });
    const out = join(args.out!, `${task}-starter`);
    rmSync(out, { recursive: true, force: true });
    services.modelFolders.exportVersion(report.version, out);
    const cardFile = join(out, 'card.json');
    const card = JSON.parse(readFileSync(cardFile, 'utf8'));
    writeFileSync(cardFile, `${JSON.stringify({ ...card, name: `${task}-starter`, description: `Loupe's ${task} starter model, trained on generated data by scripts/train-starter-models.ts` }, null, 2)}\n`);
    console.log(`\n${task}: ${report.epochs.length} epochs in ${((Date.now() - started) / 1000).toFixed(0)} s; validation ${report.metricName} ${report.metric?.toFixed(4)} on ${report.validatedOn} items → ${out}`);
    for (const e of report.epochs) console.log(`  epoch ${e.epoch}: loss ${e.loss.toFixed(4)}, ${e.metricName} ${e.metric.toFixed(4)}`);
  }
} finally {
  services.close();
  rmSync(work, { recursive: true, force: true });
}
