// The benchmark's steel set: strips from the demo generator (makeStrip) written as JPEG like Severstal's, with
// their masks as the truth. Classes follow Severstal's train.csv mix rather than the demo's cycle: about
// half the strips clean, class 3 most of the defects, class 2 rare — so where the model is unsure matters.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { STEEL_HEIGHT, STEEL_WIDTH } from '../../src/shared/domain';
import { encodeRle } from '../../src/shared/rle';
import { makeStrip } from '../../src/main/demo/steel-strips';
import { seededRandom, type Random } from '../../src/main/demo/random';
import type { LabelledItem } from '../../src/main/ml/worker/protocol';

/** Share of defect strips per class (Severstal train.csv: 897 / 247 / 5,150 / 801 images of 6,666 with defects). */
const CLASS_SHARE = [0.13, 0.04, 0.7, 0.13];
const CLEAN_SHARE = 0.47;
const SECOND_CLASS = 0.07;

function drawClass(random: Random): number {
  let u = random();
  for (let c = 0; c < CLASS_SHARE.length; c++) if ((u -= CLASS_SHARE[c]) < 0) return c + 1;
  return CLASS_SHARE.length;
}

function classesOf(random: Random): number[] {
  if (random() < CLEAN_SHARE) return [];
  const classes = new Set([drawClass(random)]);
  if (random() < SECOND_CLASS) classes.add(drawClass(random));
  return [...classes].sort();
}

/** `count` strips under `dir`, item ids from `firstId`, each its own group (a steel image). */
export async function writeSteelSet(dir: string, count: number, seed: number, firstId = 1): Promise<LabelledItem[]> {
  mkdirSync(dir, { recursive: true });
  const random = seededRandom(seed);
  const items: LabelledItem[] = [];
  for (let i = 0; i < count; i++) {
    const key = `loop${String(firstId + i).padStart(5, '0')}.jpg`;
    const strip = makeStrip(random, classesOf(random));
    const file = join(dir, key);
    await sharp(Buffer.from(strip.gray), { raw: { width: STEEL_WIDTH, height: STEEL_HEIGHT, channels: 1 } }).jpeg({ quality: 92 }).toFile(file);
    const rles = [1, 2, 3, 4].map((c) => (strip.masks.has(c) ? encodeRle(strip.masks.get(c)!) : ''));
    items.push({ itemId: firstId + i, key, file, width: STEEL_WIDTH, height: STEEL_HEIGHT, group: key, rles });
  }
  return items;
}
