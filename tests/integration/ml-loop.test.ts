// The measured learning loop on small generated datasets: each dataset's fixed validation set (stable for a
// seed, grown as items are reviewed, never shrunk, never trained on), a new version that only ties the empty
// baseline staying inactive with the reason in words, parent / child / baseline scored on the same set, tuning
// steel thresholds from stored maps (the maps never change) with Apply as a card revision and a revert, CT
// calibration lowering the reviewed-set loss, pseudo-label candidates and their count in the training report.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { join } from 'node:path';
import { createServices, type Services } from '../../src/main/composition';
import { pseudoLabelCandidates, trainingData } from '../../src/main/services/models/train-data';
import { PredictionMapStore } from '../../src/main/services/models/predict-maps';
import { itemPrediction } from '../../src/main/services/models/item-prediction';
import { writeDicom } from '../../src/main/imaging/dicom/write';
import { encodeRle } from '../../src/shared/rle';
import { steelPresenceValues, pseudoLabelConfidence } from '../../src/shared/ml/loop/pseudo-label-candidates';
import { tempDir } from '../helpers/fs';
import { writeCsv, writeStrip } from '../helpers/severstal';
import { registerStarterCopy } from '../helpers/planted-steel';
import { rsnaCsvLines } from '../helpers/rsna';

let tmp: ReturnType<typeof tempDir>;
let services: Services;
const W = 1600;
const H = 256;

/** A full-size column-major mask with the rectangle x0..x1 × y0..y1 (ends excluded). */
function rectangle(x0: number, x1: number, y0: number, y1: number): Uint8Array {
  const mask = new Uint8Array(W * H);
  for (let x = x0; x < x1; x++) mask.fill(1, x * H + y0, x * H + y1);
  return mask;
}

/** A copy of the steel starter, its card changed by `edit`, registered as `version`. */
const starterCopy = (version: string, edit?: (card: Record<string, unknown>) => void) => registerStarterCopy(services, tmp.dir, version, edit);

/** Old-form Severstal rows (four per image) for `ids`, with `defects` as imageId → class → RLE. */
function oldFormCsv(name: string, ids: string[], defects: Record<string, Record<number, string>> = {}): string {
  const rows = ['ImageId_ClassId,EncodedPixels'];
  for (const id of ids) for (let c = 1; c <= 4; c++) rows.push(`${id}_${c},${defects[id]?.[c] ?? ''}`);
  return writeCsv(tmp.dir, name, rows);
}

/** `patients` × 3 slices of 64×64 with a bright blob on the middle slice (labelled intraparenchymal). */
function writeCt(dir: string, patients: number): { keys: string[]; labels: Record<string, string[]> } {
  const keys: string[] = [];
  const labels: Record<string, string[]> = {};
  for (let p = 1; p <= patients; p++) {
    const folder = join(dir, `P${p}`);
    mkdirSync(folder, { recursive: true });
    for (let i = 0; i < 3; i++) {
      const key = `ID_p${p}s${i}`;
      const pixels = new Int16Array(64 * 64);
      for (let k = 0; k < pixels.length; k++) {
        const [x, y] = [k % 64, Math.floor(k / 64)];
        const bleed = i === 1 && Math.hypot(x - 40, y - 30) < 6;
        pixels[k] = (bleed ? 70 : Math.hypot(x - 32, y - 32) < 28 ? 35 : -1000) + 1024;
      }
      writeFileSync(join(folder, `${key}.dcm`), writeDicom({
        sopInstanceUid: `1.2.3.${p}.${i}`, patientId: `P${p}`, studyInstanceUid: `1.2.3.${p}`, seriesInstanceUid: `1.2.3.${p}.1`,
        instanceNumber: i + 1, imagePosition: [0, 0, i * 5], imageOrientation: [1, 0, 0, 0, 1, 0], rows: 64, columns: 64,
        rescaleSlope: 1, rescaleIntercept: -1024, windowCenter: [40], windowWidth: [80], pixels,
      }));
      keys.push(key);
      if (i === 1) labels[key] = ['intraparenchymal'];
    }
  }
  return { keys, labels };
}

const itemsOf = (name: string) => services.datasets.items(services.datasets.get(name).id);
const keysOf = (ids: number[]) => ids.map((id) => services.datasets.item(id).key).sort();

beforeAll(async () => {
  tmp = tempDir('loupe-ml-loop-');
  services = createServices(join(tmp.dir, 'loupe.db'));
  // "clean": 10 strips with a label CSV saying "no defect" and 3 strips it does not cover (unlabelled).
  const clean = join(tmp.dir, 'clean');
  for (let i = 0; i < 13; i++) await writeStrip(clean, `c${i}.png`, { seed: i });
  await services.importSeverstal({ imagesDir: clean, labelsCsv: oldFormCsv('clean.csv', Array.from({ length: 10 }, (_, i) => `c${i}.png`)), name: 'clean' });
  // "partial": 10 strips, 5 of them labelled; the others are reviewed later.
  const partial = join(tmp.dir, 'partial');
  for (let i = 0; i < 10; i++) await writeStrip(partial, `p${i}.png`, { seed: 20 + i });
  await services.importSeverstal({ imagesDir: partial, labelsCsv: oldFormCsv('partial.csv', ['p0.png', 'p1.png', 'p2.png', 'p3.png', 'p4.png']), name: 'partial' });
  // "tuning": 10 strips, every second one with a class-1 defect, for maps planted below.
  const tuning = join(tmp.dir, 'tuning');
  const ids = Array.from({ length: 10 }, (_, i) => `t${i}.png`);
  for (const [i, id] of ids.entries()) await writeStrip(tuning, id, { seed: 40 + i });
  const defect = encodeRle(rectangle(100, 300, 64, 128));
  await services.importSeverstal({
    imagesDir: tuning,
    labelsCsv: oldFormCsv('tuning.csv', ids, Object.fromEntries(ids.filter((_, i) => i % 2 === 0).map((id) => [id, { 1: defect }]))),
    name: 'tuning',
  });
  const ct = writeCt(join(tmp.dir, 'ct'), 5);
  await services.importRsna({ dicomDir: join(tmp.dir, 'ct'), labelsCsv: writeCsv(tmp.dir, 'ct.csv', rsnaCsvLines(ct.keys, ct.labels)), name: 'ct' });
}, 120_000);
afterAll(async () => {
  await services?.modelJobs.close();
  services?.close();
  tmp?.cleanup();
});

describe('the validation set', () => {
  it('is reviewed items only, stable for a seed, grows as items are reviewed and never loses one', async () => {
    const partial = services.datasets.get('partial');
    const first = services.validationSets.grow(partial.id, { seed: 7 });
    expect(first).toMatchObject({ seed: 7, share: 0.2, groupedBy: 'image', added: 1, reviewed: 5 });
    expect(keysOf(first.itemIds).every((k) => ['p0.png', 'p1.png', 'p2.png', 'p3.png', 'p4.png'].includes(k))).toBe(true);
    // Stable: a second store with the same data and seed draws the same items; drawing again adds nothing.
    const other = createServices(join(tmp.dir, 'other.db'));
    try {
      await other.importSeverstal({ imagesDir: join(tmp.dir, 'partial'), labelsCsv: join(tmp.dir, 'partial.csv'), name: 'partial' });
      const again = other.validationSets.grow('partial', { seed: 7 });
      expect(again.itemIds.map((id) => other.datasets.item(id).key).sort()).toEqual(keysOf(first.itemIds));
    } finally {
      other.close();
    }
    expect(services.validationSets.grow(partial.id, { seed: 99 })).toMatchObject({ added: 0, seed: 7, itemIds: first.itemIds, fingerprint: first.fingerprint });

    // Five more strips reviewed (a person says "no defect"): the set grows to 2 of 10 images, keeping its first item.
    for (const item of itemsOf('partial').slice(5)) services.labels.saveHuman(item.id, [1, 2, 3, 4].map((classId) => ({ classId, payload: '' })), 'Reviewer');
    const grown = services.validationSets.grow(partial.id);
    expect(grown).toMatchObject({ added: 1, reviewed: 10, seed: 7 });
    expect(grown.itemIds.slice(0, 1)).toEqual(first.itemIds);
    expect(grown.itemIds).toHaveLength(2);
    expect(grown.fingerprint).not.toBe(first.fingerprint);
    // A changed label of a validation item changes the fingerprint: figures scored before are of other labels.
    services.labels.saveHuman(first.itemIds[0], [{ classId: 1, payload: '1 10' }], 'Reviewer');
    expect(services.validationSets.get(partial.id)!.fingerprint).not.toBe(grown.fingerprint);
  });

  it('never takes in a group a training run has learnt from', () => {
    const clean = services.datasets.get('clean');
    const reviewed = services.validationSets.reviewedItems(clean.id);
    expect(reviewed).toHaveLength(10); // the 3 strips the CSV does not cover are not reviewed
    services.validationSets.recordTrained(clean.id, reviewed.slice(0, 9).map((r) => r.group), 'steel-x');
    const set = services.validationSets.grow(clean.id);
    expect(set.groupKeys).toEqual([reviewed[9].group]);
    expect(set.itemIds).toEqual([reviewed[9].itemId]);
    // As if never drawn nor trained: the next test draws this dataset's set afresh.
    services.db.prepare('DELETE FROM trained_groups WHERE dataset_id = ?').run(clean.id);
    services.db.prepare('DELETE FROM validation_sets WHERE dataset_id = ?').run(clean.id);
  });
});

describe('pseudo-label candidates', () => {
  it('are the items with neither truth nor a person’s label, never reviewed, outside the validation groups', () => {
    const clean = services.datasets.get('clean');
    const unlabelled = itemsOf('clean').filter((i) => !services.labels.hasLabel(i.id));
    expect(unlabelled.map((i) => i.key).sort()).toEqual(['c10.png', 'c11.png', 'c12.png']);
    services.labels.review(unlabelled[2].id, 'flagged', 'Reviewer', 'odd margin');
    const data = trainingData(services.db, services.datasets, services.labels, clean);
    const candidates = pseudoLabelCandidates(data, { itemIds: new Set(), groups: new Set([unlabelled[1].key]) });
    expect(candidates.map((c) => c.key)).toEqual([unlabelled[0].key]);
    expect(pseudoLabelCandidates(data, {}).map((c) => c.key).sort()).toEqual([unlabelled[0].key, unlabelled[1].key].sort());
  });
});

describe('a new version that only ties the empty baseline', () => {
  it('is not activated, says why in words, and its figures, its parent’s and the baseline’s are of the same stored set', async () => {
    // A parent that never keeps a mask (min-area above a strip's pixels), so parent and child predict nothing.
    const blind = starterCopy('steel-blind', (card) => (card.minArea = [1_000_000, 1_000_000, 1_000_000, 1_000_000]));
    services.models.activate(blind);
    const clean = services.datasets.get('clean');
    await services.predictions.predict('clean'); // its maps give the confidences pseudo-labelling judges
    const candidates = itemsOf('clean').filter((i) => !services.labels.hasLabel(i.id) && services.labels.reviewOf(i.id) === 'unreviewed');
    const confident = candidates.filter((i) => {
      const maps = services.predictions.probabilityMaps(i.id, `model:${blind}`);
      return pseudoLabelConfidence(steelPresenceValues(maps, maps.map((m) => m.presence!))) >= 0.51;
    }).length;

    const report = await services.training.train('clean', { epochs: 1, pseudo: 0.51 });
    expect(report.activated).toBe(false);
    expect(report.activation).toBe('not activated: ties the empty baseline (1.0000 vs 1.0000) and ties its parent (1.0000 vs 1.0000) on 2 validation items');
    expect(services.models.active('steel')?.version).toBe(blind);
    const set = services.validationSets.get(clean.id)!;
    expect(report.validationSet).toEqual({ size: 2, scored: 2, fingerprint: set.fingerprint, added: 2 });
    expect(report.perClass.map((c) => [c.key, c.child, c.parent, c.baseline])).toEqual(['1', '2', '3', '4'].map((k) => [k, 1, 1, 1]));
    expect(report.pseudo).toMatchObject({ candidates: 2, taken: confident, threshold: 0.51 });
    expect(report.pseudoLabelled).toBe(confident);
    expect(report.trainedOn).toBe(8);

    const stored = services.models.get(report.version).metrics.validation!;
    expect(stored).toMatchObject({ value: 1, parentValue: 1, baselineValue: 1, items: 2, fingerprint: set.fingerprint, dataset: 'clean', decision: report.activation });
    // Never trained on: the groups the run learnt from and the validation set's are apart.
    const trained = services.validationSets.trainedGroups(clean.id);
    expect(trained.size).toBe(8 + confident);
    expect(set.groupKeys.some((g) => trained.has(g))).toBe(false);
  }, 240_000);
});

/** A digest of every stored map of a source. */
function mapsDigest(source: string): string {
  const rows = services.db.prepare('SELECT item_id, class_id, width, height, presence, data FROM prediction_maps WHERE source = ? ORDER BY item_id, class_id').all(source) as { data: Buffer }[];
  return JSON.stringify(rows.map((row) => ({ ...row, data: row.data.toString('hex') })));
}

describe('tuning steel thresholds on reviewed strips', () => {
  const source = 'model:steel-planted';

  it('raises the reviewed-set Dice from the stored maps, which never change; Apply is a card revision and re-drafts; a revert restores the card', async () => {
    // Planted maps at the model's resolution (400×64): p = 0.4 over each labelled defect, 0.1 elsewhere, so the
    // card's threshold 0.5 finds nothing and a lower one finds the defects.
    const version = starterCopy('steel-planted', (card) => Object.assign(card, { thresholds: [0.5, 0.5, 0.5, 0.5], minArea: [150, 150, 300, 300] }));
    const tuning = services.datasets.get('tuning');
    const current = services.labels.labelsOf(tuning.id, 'current');
    new PredictionMapStore(services.db, services.clock).put(
      source,
      itemsOf('tuning').map((item) => {
        const hasDefect = (current.get(item.id)?.get(1) ?? '') !== '';
        const maps = [1, 2, 3, 4].map((classId) => {
          const data = new Uint8Array(400 * 64).fill(25);
          if (classId === 1 && hasDefect) for (let y = 16; y < 32; y++) data.fill(102, y * 400 + 25, y * 400 + 75);
          return { classId, width: 400, height: 64, presence: null, deflated: new Uint8Array(deflateSync(data)) };
        });
        return { itemId: item.id, maps };
      }),
    );
    await services.predictions.rethreshold('tuning', { source, saveToCard: false }).result;
    const drafted = () => [...services.labels.labelsOf(tuning.id, source).values()].filter((c) => (c.get(1) ?? '') !== '').length;
    expect(drafted()).toBe(0);
    const maps = mapsDigest(source);

    const tuned = await services.tuning.tune('tuning', { model: version });
    const set = services.validationSets.get(tuning.id)!;
    expect(tuned).toMatchObject({ version, task: 'steel', reviewed: 10 - set.itemIds.length, validationItems: set.itemIds.length, changed: true, cardRevision: 1 });
    const class1 = tuned.perClass[0];
    expect(class1.after).toBeGreaterThan(class1.before);
    expect(class1.after).toBeGreaterThan(0.9);
    expect(class1.after).toBeGreaterThan(class1.baseline);
    expect(tuned.after).toBeGreaterThan(tuned.before);
    expect(tuned.post!.thresholds[0]).toBeLessThan(0.4);
    expect(class1.curve!.length).toBeGreaterThan(10);
    expect(class1.curve!.find((p) => p.threshold === 0.5)!.dice).toBeCloseTo(class1.before, 9);
    expect(mapsDigest(source)).toBe(maps);

    const applied = services.tuning.apply(tuned);
    expect(applied.model.cardRevision).toBe(2);
    expect(applied.redraft).not.toBeNull();
    await applied.redraft!.result;
    expect(drafted()).toBe(5); // every strip with a defect now has a class-1 draft
    expect(mapsDigest(source)).toBe(maps);
    const revisions = services.models.cardRevisions(version);
    expect(revisions.map((r) => [r.revision, r.reason])).toEqual([
      [1, 'as registered'],
      [2, expect.stringMatching(/^thresholds, min-areas and presence gates tuned on \d+ reviewed strips of tuning: mean Dice \d\.\d{4} → \d\.\d{4}$/)],
    ]);
    expect(services.models.get(version).card).toMatchObject({ thresholds: tuned.post!.thresholds });
    expect(() => services.tuning.apply(tuned)).toThrow(/has changed since this tuning/);

    // A second version's prediction of one strip, as an A/B layer would ask for it.
    const withDefect = itemsOf('tuning')[0];
    const prediction = itemPrediction(services.datasets, services.labels, services.models, withDefect.id, version);
    expect(prediction).toMatchObject({ predicted: true, ct: null, source });
    expect(prediction.steel!.map((c) => c.classId)).toEqual([1, 2, 3, 4]);
    expect(prediction.steel![0].rle).not.toBe('');

    const reverted = services.tuning.revert('tuning', version, 1);
    await reverted.redraft!.result;
    expect(reverted.model.cardRevision).toBe(3);
    expect(services.models.get(version).card).toEqual(revisions[0].card);
    expect(services.models.cardRevisions(version)[2].reason).toBe('reverted to card revision 1');
    expect(drafted()).toBe(0);
    expect(mapsDigest(source)).toBe(maps);
  }, 180_000);

  it('compares two versions on the same validation set, from stored maps or by running the model', async () => {
    const blind = services.models.has('steel-blind') ? 'steel-blind' : starterCopy('steel-blind', (card) => (card.minArea = [1e6, 1e6, 1e6, 1e6]));
    const outcome = await services.comparisons.compare('tuning', { version: 'steel-planted', against: blind });
    const set = services.validationSets.get('tuning')!;
    expect(outcome).toMatchObject({ against: 'steel-blind', validationSet: { size: set.itemIds.length, fingerprint: set.fingerprint }, from: { version: 'stored', against: 'model run' } });
    expect([outcome.child.count, outcome.other!.count, outcome.baseline.count]).toEqual([set.itemIds.length, set.itemIds.length, set.itemIds.length]);
    // The blind version predicts nothing: it scores exactly the empty baseline.
    expect(outcome.other!.value).toBe(outcome.baseline.value);
    expect(outcome.perClass.map((c) => c.key)).toEqual(['1', '2', '3', '4']);
    expect(outcome.decision.reason).toMatch(/^not activated: |^activated: /);
  }, 180_000);
});

describe('CT calibration on reviewed slices', () => {
  it('lowers the reviewed-set weighted log loss and is applied through the card', async () => {
    await services.predictions.predict('ct', { model: services.modelFolders.activeOrStarter('ct').version });
    const tuned = await services.tuning.tune('ct', { method: 'platt' });
    const set = services.validationSets.get('ct')!;
    expect(set.groupKeys).toHaveLength(1); // one of the five patients
    expect(tuned).toMatchObject({ task: 'ct', metricName: 'weighted log loss', reviewed: 12, validationItems: 3 });
    expect(tuned.after).toBeLessThan(tuned.before);
    expect(tuned.perClass.map((c) => c.key)).toEqual(['epidural', 'intraparenchymal', 'intraventricular', 'subarachnoid', 'subdural', 'any']);
    expect(tuned.calibration!.temperature).toHaveLength(6);

    const before = services.predictions.ctProbabilities('ct', 'model:ct-starter');
    const applied = services.tuning.apply(tuned);
    await applied.redraft!.result;
    expect(services.models.get('ct-starter').card).toMatchObject({ calibration: tuned.calibration });
    const after = services.predictions.ctProbabilities('ct', 'model:ct-starter');
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    expect([...after.entries()].some(([id, p]) => p.some((v, j) => Math.abs(v - before.get(id)![j]) > 1e-4))).toBe(true);
    // Scored again on the slices it was tuned on, the re-drafted predictions have the lower loss.
    const again = await services.tuning.tune('ct', { method: 'platt' });
    expect(again.before).toBeCloseTo(tuned.after, 6);
  }, 180_000);
});
