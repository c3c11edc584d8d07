// Trains the starter models shipped in resources/models — steel-starter (U-Net) and ct-starter (CNN) — on
// data this script generates with the demo generator (src/main/demo: steel strips with streaks, stains, dark
// margins and defects of the four classes; head-CT phantoms from the neck to above the vertex with the five
// haemorrhage subtypes, as real DICOM), through the same import → train → export path a user takes. Then,
// on held-out generated sets at the real datasets' frequencies, it tunes the steel card's thresholds,
// min-areas and presence thresholds, and fits the CT card's calibration (RSNA's base rates as the prior).
// Fixed seeds, a fixed clock and the wasm backend make it reproducible from a clean clone:
//
//   npx tsx scripts/train-starter-models.ts [--out resources/models] [--only steel|ct] [--epochs-steel 36] [--epochs-ct 30] [--retune] [--steel-classes off|tuned]
//
// --retune keeps the weights already in --out and redoes only the tuning (steel) and calibration (CT), which
// take minutes where training takes the better part of an hour on two cores.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CT_LABELS } from '../src/shared/domain';
import { RSNA_BASE_RATES } from '../src/shared/ml/ct-prediction';
import { seededRandom } from '../src/main/demo/random';
import { selectBackend } from '../src/main/ml/backend/backend-chain';
import {
  CT_RSNA_MIX, CT_TRAINING_MIX, STEEL_CLEAN_STRESS_MIX, STEEL_SEVERSTAL_MIX, STEEL_TRAINING_MIX, writeCtSet, writeSteelSet,
} from './starter-models/synthetic-sets';
import { MARGIN, OFF, calibrateCtStarter, tuneSteel } from './starter-models/tuning';

const { values: args } = parseArgs({
  options: {
    out: { type: 'string', default: resolve(import.meta.dirname, '../resources/models') },
    'epochs-steel': { type: 'string', default: '36' },
    'epochs-ct': { type: 'string', default: '30' },
    strips: { type: 'string', default: '200' },
    'tuning-strips': { type: 'string', default: '200' },
    patients: { type: 'string', default: '32' },
    'calibration-patients': { type: 'string', default: '16' },
    slices: { type: 'string', default: '20' },
    'stress-strips': { type: 'string', default: '100' },
    only: { type: 'string' },
    retune: { type: 'boolean', default: false },
    // 'off' ships every steel class switched off (the tuned settings stay in the card's provenance); 'tuned'
    // ships the tuned ones. Off by default: measured on real Severstal strips, the synthetic-only model paints
    // class 3 on clean steel at presence 1.0, so no threshold chosen on generated data keeps it harmless there.
    'steel-classes': { type: 'string', default: 'off' },
  },
});

process.env.LOUPE_ML_BACKEND ??= 'wasm'; // the same arithmetic on every machine
const work = mkdtempSync(join(tmpdir(), 'loupe-starter-'));
process.env.LOUPE_MODELS_DIR = join(work, 'models');
const { createServices } = await import('../src/main/composition');
const fixedClock = { now: () => '2026-01-01T00:00:00.000Z' };
const round = (values: number[]) => values.map((v) => Number(v.toFixed(4)));
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

const services = createServices(join(work, 'starter.db'), fixedClock);

async function trainAndExport(task: 'steel' | 'ct', dataset: string, epochs: number): Promise<string> {
  const started = Date.now();
  let shown = 0;
  const report = await services.training.train(dataset, {
    from: null,
    epochs,
    seed: 1,
    activate: 'always',
    float16: true,
    onProgress: (p) => {
      for (const e of (p.epochs ?? []).slice(shown)) console.log(`  ${task} epoch ${e.epoch}: loss ${e.loss.toFixed(4)}, ${e.metricName} ${e.metric.toFixed(4)} (${e.seconds.toFixed(0)} s)`);
      shown = Math.max(shown, p.epochs?.length ?? 0);
    },
  });
  const out = join(args.out!, `${task}-starter`);
  rmSync(out, { recursive: true, force: true });
  services.modelFolders.exportVersion(report.version, out);
  console.log(`${task}: ${report.epochs.length} epochs in ${((Date.now() - started) / 1000).toFixed(0)} s; validation ${report.metricName} ${report.metric?.toFixed(4)} on ${report.validatedOn} items → ${out}`);
  return out;
}

function updateCard(out: string, task: string, fields: Record<string, unknown>, provenance: Record<string, unknown>): void {
  const file = join(out, 'card.json');
  const card = JSON.parse(readFileSync(file, 'utf8'));
  const description = `Loupe's ${task} starter model, trained on generated data by scripts/train-starter-models.ts`;
  const updated = { ...card, ...fields, name: `${task}-starter`, description, provenance: { ...card.provenance, ...provenance } };
  writeFileSync(file, `${JSON.stringify(updated, null, 2)}\n`);
}

try {
  console.log(`generating data in ${work}`);
  await selectBackend({ startAt: 'wasm' }); // this thread runs the tuning; training runs on the model worker

  if (!args.only || args.only === 'steel') {
    let out = join(args.out!, 'steel-starter');
    if (!args.retune) {
      const training = await writeSteelSet(join(work, 'steel'), Number(args.strips), STEEL_TRAINING_MIX, seededRandom(1001), 'starter');
      await services.importSeverstal({ imagesDir: training.imagesDir, labelsCsv: training.labelsCsv, name: 'starter-steel', author: 'starter' });
      out = await trainAndExport('steel', 'starter-steel', Number(args['epochs-steel']));
    }
    // Tuned on Severstal's class frequencies over rougher surfaces than training saw, plus clean strips under
    // exposures it never saw: painting a clean strip there costs a whole strip's Dice, as it does on Kaggle.
    const tuningSet = await writeSteelSet(join(work, 'steel-tuning'), Number(args['tuning-strips']), STEEL_SEVERSTAL_MIX, seededRandom(1002), 'tuning');
    const stressSet = await writeSteelSet(join(work, 'steel-stress'), Number(args['stress-strips']), STEEL_CLEAN_STRESS_MIX, seededRandom(1003), 'stress');
    const tuning = await tuneSteel(out, [...tuningSet.strips, ...stressSet.strips]);
    const tunedMinArea = tuning.minArea;
    if (args['steel-classes'] === 'off') [tuning.minArea, tuning.after] = [tuning.minArea.map(() => OFF), tuning.empty];
    const off = tuning.minArea.flatMap((m, c) => (m === OFF ? [c + 1] : []));
    console.log(`steel tuning on ${tuning.strips} strips: thresholds ${tuning.thresholds}, min-area ${tuning.minArea}, presence ${tuning.presenceThresholds}; switched off: ${off.join(', ') || 'none'}`);
    console.log(`  mean Dice per class: defaults ${round(tuning.before)}, best ${round(tuning.best)} → shipped ${round(tuning.after)} (empty ${round(tuning.empty)}); mean ${mean(tuning.before).toFixed(4)} → ${mean(tuning.after).toFixed(4)} (empty ${mean(tuning.empty).toFixed(4)})`);
    updateCard(out, 'steel', { thresholds: tuning.thresholds, minArea: tuning.minArea, presenceThresholds: tuning.presenceThresholds }, {
      tuning: {
        strips: tuning.strips, mix: `${tuningSet.strips.length} at Severstal's class frequencies + ${stressSet.strips.length} clean under unseen exposures`,
        switchedOff: off, marginOverEmpty: MARGIN, tunedMinArea, shipped: args['steel-classes'],
        meanDicePerClass: { defaults: round(tuning.before), best: round(tuning.best), shipped: round(tuning.after), empty: round(tuning.empty) },
      },
    });
  }

  if (!args.only || args.only === 'ct') {
    const slices = Number(args.slices);
    let out = join(args.out!, 'ct-starter');
    let trainedRates: number[];
    if (args.retune) {
      trainedRates = JSON.parse(readFileSync(join(out, 'card.json'), 'utf8')).provenance.calibration.trainedRates;
    } else {
      const training = writeCtSet(join(work, 'ct'), Number(args.patients), slices, 512, CT_TRAINING_MIX, seededRandom(2001), 'S');
      await services.importRsna({ dicomDir: training.dicomDir, labelsCsv: training.labelsCsv, name: 'starter-ct', author: 'starter' });
      out = await trainAndExport('ct', 'starter-ct', Number(args['epochs-ct']));
      // The label rates the model was trained at (Laplace-smoothed: a rate of 0 would make an infinite logit).
      trainedRates = CT_LABELS.map((_, k) => (training.slices.filter((s) => s.labels[k]).length + 1) / (training.slices.length + 2));
    }
    const calibrationSet = writeCtSet(join(work, 'ct-calibration'), Number(args['calibration-patients']), slices, 512, CT_RSNA_MIX, seededRandom(2002), 'C');
    const fit = await calibrateCtStarter(out, calibrationSet.slices, trainedRates, RSNA_BASE_RATES);
    console.log(`ct calibration on ${fit.slices} slices: temperature ${fit.calibration.temperature}; training rates ${round(trainedRates)}`);
    console.log(`  log loss per label: raw ${round(fit.raw)} → calibrated ${round(fit.calibrated)} (base rates ${round(fit.baseRates)})`);
    updateCard(out, 'ct', { calibration: { temperature: fit.calibration.temperature, bias: round(fit.calibration.bias) } }, {
      calibration: {
        slices: fit.slices, trainedRates: round(trainedRates), targetRates: [...RSNA_BASE_RATES],
        logLossPerLabel: { raw: round(fit.raw), calibrated: round(fit.calibrated), baseRates: round(fit.baseRates) },
      },
    });
  }
} finally {
  services.close();
  rmSync(work, { recursive: true, force: true });
}
