// The generated data the starter models are trained, tuned and calibrated on, written as real files (JPEG
// strips + a Severstal train.csv; DICOM series + an RSNA label CSV) so that they go through the same import
// and model pipeline as a user's data. Class and label frequencies are parameters: training sets are
// enriched so every class is learnt; tuning and calibration sets follow the real datasets' frequencies.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { CT_LABELS, CT_SUBTYPES, STEEL_HEIGHT, STEEL_WIDTH, type CtSubtype } from '../../src/shared/domain';
import { encodeRle } from '../../src/shared/rle';
import { makeStrip } from '../../src/main/demo/steel-strips';
import { SURFACE_DEFAULTS, type SurfaceOptions } from '../../src/main/demo/steel-surface';
import { phantomSlice, randomHead, type Bleed } from '../../src/main/demo/head-phantom';
import { between, intBetween, type Random } from '../../src/main/demo/random';
import { writeDicom } from '../../src/main/imaging/dicom/write';

export interface SteelMix {
  /** Share of defect-free strips. */
  clean: number;
  /** Per class 1–4: the chance it is on a strip that has defects (at least one is). */
  classes: [number, number, number, number];
  /** What the surfaces show besides defects. */
  surface: SurfaceOptions;
  /** Per strip, a random exposure (gain, offset, gamma) and mirroring: cameras and lighting the generator did not model. */
  exposure?: boolean;
}

/** Training: 40 % of the strips clean, the classes near even so each is learnt. */
export const STEEL_TRAINING_MIX: SteelMix = { clean: 0.4, classes: [0.35, 0.3, 0.5, 0.3], surface: SURFACE_DEFAULTS };
/**
 * Tuning: Severstal's train set — 47 % of its 12,568 images have no defect, and per image class 1 is on
 * 7.1 %, class 2 on 2.0 %, class 3 on 41 %, class 4 on 6.4 % — on surfaces rougher and busier than the
 * training ones (grain, glare, tread plate), so that the thresholds chosen hold up on steel the generator
 * did not foresee instead of trusting the model as far as its own kind of data allows.
 */
export const STEEL_SEVERSTAL_MIX: SteelMix = {
  clean: 0.47,
  classes: [0.134, 0.037, 0.774, 0.121],
  surface: { ...SURFACE_DEFAULTS, texture: 3, glareChance: 0.35, treadChance: 0.12, blemishChance: 0.85 },
};

/**
 * The false-alarm check: defect-free strips only, on the roughest and busiest surfaces the generator makes
 * (grain, glare, tread plate, stains, dark margins), under exposures it does not otherwise make. A class
 * that the model paints here is a class it would paint on clean steel it has not seen.
 */
export const STEEL_CLEAN_STRESS_MIX: SteelMix = {
  clean: 1,
  classes: [0, 0, 0, 0],
  surface: { ...SURFACE_DEFAULTS, texture: 4, glareChance: 0.6, treadChance: 0.25, blemishChance: 1, marginChance: 0.6 },
  exposure: true,
};

function expose(gray: Uint8Array, random: Random): Uint8Array {
  const [gain, offset, gamma] = [between(random, 0.55, 1.5), between(random, -35, 35), between(random, 0.6, 1.6)];
  const table = Uint8Array.from({ length: 256 }, (_, v) => Math.max(0, Math.min(255, Math.round(255 * (v / 255) ** gamma * gain + offset))));
  const out = gray.map((v) => table[v]);
  if (random() < 0.5) {
    for (let y = 0; y < STEEL_HEIGHT; y++) out.subarray(y * STEEL_WIDTH, (y + 1) * STEEL_WIDTH).reverse();
  }
  return out;
}

export interface WrittenSteel {
  imagesDir: string;
  labelsCsv: string;
  /** Per strip: its file and its four column-major masks. */
  strips: { file: string; masks: Uint8Array[] }[];
}

export async function writeSteelSet(dir: string, count: number, mix: SteelMix, random: Random, prefix: string): Promise<WrittenSteel> {
  const imagesDir = join(dir, 'images');
  mkdirSync(imagesDir, { recursive: true });
  const rows = ['ImageId,ClassId,EncodedPixels'];
  const strips: WrittenSteel['strips'] = [];
  for (let i = 0; i < count; i++) {
    let classes: number[] = [];
    if (random() >= mix.clean) {
      while (classes.length === 0) classes = [1, 2, 3, 4].filter((c) => random() < mix.classes[c - 1]);
    }
    const strip = makeStrip(random, classes, mix.surface);
    if (mix.exposure && classes.length === 0) strip.gray = expose(strip.gray, random); // masks stay valid: there are none
    const imageId = `${prefix}${String(i + 1).padStart(4, '0')}.jpg`;
    const file = join(imagesDir, imageId);
    const quality = intBetween(random, 72, 95); // Severstal's JPEGs vary; so does what a model must see through
    await sharp(Buffer.from(strip.gray), { raw: { width: STEEL_WIDTH, height: STEEL_HEIGHT, channels: 1 } }).jpeg({ quality }).toFile(file);
    const masks = [1, 2, 3, 4].map((c) => strip.masks.get(c) ?? new Uint8Array(STEEL_WIDTH * STEEL_HEIGHT));
    masks.forEach((mask, c) => {
      const rle = encodeRle(mask);
      if (rle) rows.push(`${imageId},${c + 1},${rle}`);
    });
    strips.push({ file, masks });
  }
  const labelsCsv = join(dir, 'train.csv');
  writeFileSync(labelsCsv, `${rows.join('\n')}\n`);
  return { imagesDir, labelsCsv, strips };
}

export interface CtMix {
  /** Share of patients with any haemorrhage. */
  bleeding: number;
  /** Relative frequency of each subtype among bleeds, in CT_SUBTYPES order. */
  subtypes: [number, number, number, number, number];
  /** Longest bleed, in slices. */
  longest: number;
  /** Bleed size (0…1, drawn as `lo + (hi − lo) × u^skew`) and blood density (HU). */
  size: [number, number];
  skew: number;
  density: [number, number];
}

/** Training: most patients bleed, every subtype appears often enough to be learnt, most bleeds plain to see. */
export const CT_TRAINING_MIX: CtMix = { bleeding: 0.65, subtypes: [0.1, 0.25, 0.17, 0.23, 0.25], longest: 8, size: [0, 1], skew: 0.8, density: [50, 88] };
/**
 * Calibration: RSNA-like — about one slice in seven with a bleed, subdural the commonest, epidural rare — and
 * bleeds as real ones often are: small, thin, or nearly as dense as the brain. The calibration learns how far a
 * confident "no" of the model can be trusted from the bleeds it misses here.
 */
export const CT_RSNA_MIX: CtMix = { bleeding: 0.42, subtypes: [0.02, 0.22, 0.16, 0.25, 0.35], longest: 7, size: [0, 0.7], skew: 1.5, density: [42, 75] };

export interface WrittenCt {
  dicomDir: string;
  labelsCsv: string;
  /** Per slice: its file and six 0/1 labels (CT_LABELS order). */
  slices: { file: string; labels: number[] }[];
}

function drawSubtype(mix: CtMix, random: Random): CtSubtype {
  const total = mix.subtypes.reduce((a, b) => a + b, 0);
  let r = random() * total;
  for (let i = 0; i < CT_SUBTYPES.length; i++) if ((r -= mix.subtypes[i]) < 0) return CT_SUBTYPES[i];
  return CT_SUBTYPES[CT_SUBTYPES.length - 1];
}

export function writeCtSet(dir: string, patients: number, slices: number, size: number, mix: CtMix, random: Random, prefix: string): WrittenCt {
  const dicomDir = join(dir, 'dicom');
  const rows = ['ID,Label'];
  const written: WrittenCt['slices'] = [];
  for (let p = 0; p < patients; p++) {
    const head = randomHead(random);
    // Bleeds lie in the cranium: between the skull base and the vertex of this patient's series.
    const first = Math.round(((head.base + 1) / 2) * (slices - 1));
    const last = Math.min(slices - 1, Math.round(((Math.min(1, head.vertex) + 1) / 2) * (slices - 1)));
    const bleeds: Bleed[] = [];
    if (random() < mix.bleeding) {
      for (let n = 1 + (random() < 0.45 ? 1 : 0) + (random() < 0.2 ? 1 : 0); n > 0; n--) {
        const length = intBetween(random, 1, mix.longest);
        const from = intBetween(random, first, Math.max(first, last - length + 1));
        const angle = between(random, 0, 2 * Math.PI);
        const reach = Math.sqrt(random()) * 0.9;
        bleeds.push({
          subtype: drawSubtype(mix, random), from, to: Math.min(last, from + length - 1),
          cx: Math.cos(angle) * reach, cy: Math.sin(angle) * reach,
          size: mix.size[0] + (mix.size[1] - mix.size[0]) * random() ** mix.skew, hu: between(random, mix.density[0], mix.density[1]),
        });
      }
    }
    const study = `1.2.826.0.1.3680043.10.778.${prefix.charCodeAt(0)}.${p + 1}`;
    const folder = join(dicomDir, `${prefix}_${p + 1}`);
    mkdirSync(folder, { recursive: true });
    for (let i = 0; i < slices; i++) {
      const key = `ID_${prefix}${String(p + 1).padStart(3, '0')}${String(i).padStart(3, '0')}`;
      const slice = phantomSlice(size, i, slices, bleeds, random, head);
      const stored = Int16Array.from(slice.hu, (v) => v + 1024);
      const file = join(folder, `${key}.dcm`);
      writeFileSync(file, writeDicom({
        sopInstanceUid: `${study}.1.${i + 1}`, patientId: `${prefix}_${p + 1}`, studyInstanceUid: study, seriesInstanceUid: `${study}.1`,
        instanceNumber: i + 1, imagePosition: [-125, -125, i * 5], imageOrientation: [1, 0, 0, 0, 1, 0], pixelSpacing: [250 / size, 250 / size],
        rows: size, columns: size, rescaleSlope: 1, rescaleIntercept: -1024, windowCenter: [40], windowWidth: [80], pixels: stored,
      }));
      const on = new Set(slice.subtypes);
      const labels = CT_LABELS.map((label) => (label === 'any' ? (on.size ? 1 : 0) : on.has(label as CtSubtype) ? 1 : 0));
      CT_LABELS.forEach((label, k) => rows.push(`${key}_${label},${labels[k]}`));
      written.push({ file, labels });
    }
  }
  const labelsCsv = join(dir, 'labels.csv');
  writeFileSync(labelsCsv, `${rows.join('\n')}\n`);
  return { dicomDir, labelsCsv, slices: written };
}
