// The fuzz suite: a seeded corpus generated here from real files (nothing binary is committed) — truncations,
// header mutations, wrong lengths, cut or corrupt codestreams and byte flips of every real DICOM file in
// ../shared/data/dicom (every encoding there), bad strip images and bad label CSVs of both kinds. Each case goes
// through the real import. A mutation that provably breaks the file must be refused with a bad-input error that
// names the file (and the line, for CSVs), and the database must be unchanged. A random flip may leave a valid
// file: such a case must be refused the same way, or imported and then decode in full as the viewer decodes it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { createServices, type Services } from '../../src/main/composition';
import { decodeDicomFrame, initDicomCodecs, readDicomMeta } from '../../src/main/imaging/dicom';
import { readGrayImage } from '../../src/main/imaging/image';
import { LoupeError, errorMessage } from '../../src/shared/errors';
import { fingerprint, sharedData, tempDir } from '../helpers/fs';
import { writeSeries } from '../helpers/rsna';
import { writeCsv, writeStrip } from '../helpers/severstal';
import { dicomCorpus, encodingName, type FuzzCase } from '../helpers/fuzz-dicom';
import { rsnaCsvCorpus, severstalCsvCorpus, stripCorpus, type CsvCase } from '../helpers/fuzz-labels';

const SEED = 20261201;
const dicomDir = join(sharedData, 'dicom');
const hasDicom = existsSync(dicomDir);
if (!hasDicom) console.warn(`[fuzz] ${dicomDir} is absent: the DICOM part of the fuzz suite is SKIPPED (set LOUPE_SHARED_DATA to run it)`);

const sources = hasDicom ? readdirSync(dicomDir).sort().map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(dicomDir, name))) })) : [];
const dicomCases = dicomCorpus(sources, SEED);
const GROUPS = ['truncation', 'header', 'pixel length', 'codestream', 'flip'] as const;

interface Tally {
  cases: number;
  refused: number;
  acceptedValid: number;
}
const tallies = new Map<string, Tally>();
function count(group: string, refused: boolean) {
  const t = tallies.get(group) ?? { cases: 0, refused: 0, acceptedValid: 0 };
  t.cases++;
  if (refused) t.refused++;
  else t.acceptedValid++;
  tallies.set(group, t);
}

let tmp: ReturnType<typeof tempDir>;
let services: Services;
let caseNumber = 0;
const images = ['a.png', 'b.png', 'c.jpg'];
const sliceKeys = ['ID_f1', 'ID_f2', 'ID_f3'];
let stripsDir: string;
let sliceDir: string;

beforeAll(async () => {
  tmp = tempDir('loupe-fuzz-');
  services = createServices(join(tmp.dir, 'fuzz.db'));
  await initDicomCodecs();
  stripsDir = join(tmp.dir, 'strips');
  await writeStrip(stripsDir, images[0], { seed: 1 });
  await writeStrip(stripsDir, images[1], { seed: 2 });
  await writeStrip(stripsDir, images[2], { seed: 3, format: 'jpeg' });
  sliceDir = join(tmp.dir, 'slices');
  writeSeries(sliceDir, { patient: 'P', study: '1.2', series: '1.2.1', slices: sliceKeys.map((key, i) => ({ key, z: i, instanceNumber: i + 1 })) });
  // Something in the store already, so that "unchanged" means something.
  await services.importSeverstal({ imagesDir: stripsDir, labelsCsv: writeCsv(tmp.dir, 'ok.csv', ['ImageId,ClassId,EncodedPixels', 'a.png,1,1 3']), author: 'fuzz', name: 'baseline steel' });
  await services.importRsna({ dicomDir: sliceDir, author: 'fuzz', name: 'baseline ct' });
});

afterAll(() => {
  services.close();
  tmp.cleanup();
  const total = { cases: 0, refused: 0, acceptedValid: 0 };
  const lines = [...tallies].map(([group, t]) => {
    total.cases += t.cases;
    total.refused += t.refused;
    total.acceptedValid += t.acceptedValid;
    return `  ${group.padEnd(24)} ${String(t.cases).padStart(4)} cases, ${String(t.refused).padStart(4)} refused, ${String(t.acceptedValid).padStart(3)} accepted (valid)`;
  });
  console.log(`[fuzz] seed ${SEED}: ${total.cases} cases, ${total.refused} refused, ${total.acceptedValid} accepted and fully decodable\n${lines.join('\n')}`);
});

/** A fresh folder holding one bad file (and, for strips, good ones beside it). */
function caseFolder(kind: string): string {
  const folder = join(tmp.dir, kind, String(caseNumber++));
  mkdirSync(folder, { recursive: true });
  return folder;
}

/** Runs an import that must be refused, or (when allowed) accepted; returns what went wrong, if anything. */
async function judge(
  id: string,
  group: string,
  mustRefuse: boolean,
  mustName: string,
  run: () => Promise<unknown>,
  stillValid: () => Promise<void>,
): Promise<string | null> {
  const before = fingerprint(services.db);
  try {
    await run();
  } catch (error) {
    count(group, true);
    const message = errorMessage(error);
    if (!(error instanceof LoupeError) || error.code !== 'bad_input') return `${id}: refused with a ${(error as LoupeError).code ?? 'plain'} error: ${message}`;
    if (!message.includes(mustName)) return `${id}: the error does not name ${mustName}: ${message}`;
    if (fingerprint(services.db) !== before) return `${id}: refused, but the database changed`;
    return null;
  }
  count(group, false);
  if (mustRefuse) return `${id}: imported, though the mutation breaks the file`;
  try {
    await stillValid();
  } catch (error) {
    return `${id}: imported, but does not decode: ${errorMessage(error)}`;
  }
  return null;
}

async function runDicomCase(c: FuzzCase): Promise<string | null> {
  const folder = caseFolder('dicom');
  const file = join(folder, c.source);
  writeFileSync(file, c.bytes);
  const name = `dicom case ${caseNumber}`;
  return judge(
    `${c.id} (${c.what})`,
    `DICOM ${c.group}`,
    c.mustRefuse,
    c.source,
    () => services.importRsna({ dicomDir: folder, author: 'fuzz', name }),
    async () => {
      const frames = readDicomMeta(c.bytes, file).frames;
      for (let f = 0; f < frames; f++) decodeDicomFrame(c.bytes, f, file);
      expect(services.datasets.items(services.datasets.get(name).id)).toHaveLength(1);
    },
  );
}

describe.skipIf(!hasDicom)('fuzz: broken DICOM files are refused at the door, named', () => {
  it('the corpus covers every encoding of ../shared/data/dicom with every kind of mutation', () => {
    const encodings = new Set(sources.map((s) => encodingName(readDicomMeta(s.bytes, s.name).transferSyntaxUid)));
    expect([...encodings].sort()).toEqual(['JPEG 2000', 'JPEG baseline/extended', 'JPEG lossless', 'JPEG-LS', 'RLE', 'big endian', 'deflate', 'explicit LE', 'implicit LE']);
    for (const group of GROUPS) expect(dicomCases.filter((c) => c.group === group).length, group).toBeGreaterThan(0);
    for (const s of sources) expect(dicomCases.filter((c) => c.source === s.name && c.group === 'truncation' && c.mustRefuse).length, s.name).toBeGreaterThanOrEqual(4);
  });

  for (const group of GROUPS) {
    it(`${group}: ${dicomCases.filter((c) => c.group === group).length} cases`, async () => {
      const problems: string[] = [];
      for (const c of dicomCases.filter((k) => k.group === group)) {
        const problem = await runDicomCase(c);
        if (problem) problems.push(problem);
      }
      expect(problems).toEqual([]);
    });
  }
});

describe('fuzz: bad strip images are refused at the door, named', () => {
  it('truncated, corrupt and wrong-size PNG and JPEG strips', async () => {
    const real = existsSync(join(sharedData, 'severstal/train_images'))
      ? readdirSync(join(sharedData, 'severstal/train_images')).sort().slice(0, 2).map((name) => ({ name: `real-${name}`, bytes: new Uint8Array(readFileSync(join(sharedData, 'severstal/train_images', name))) }))
      : [];
    const synthetic = images.map((name) => ({ name: `bad-${name}`, bytes: new Uint8Array(readFileSync(join(stripsDir, name))) }));
    const gray = Buffer.alloc(800 * 256, 90);
    const wrongSize = [
      { name: 'narrow.png', bytes: new Uint8Array(await sharp(gray, { raw: { width: 800, height: 256, channels: 1 } }).png().toBuffer()) },
      { name: 'short.jpg', bytes: new Uint8Array(await sharp(gray, { raw: { width: 1600, height: 128, channels: 1 } }).jpeg().toBuffer()) },
    ];
    const cases = stripCorpus([...synthetic, ...real], wrongSize, SEED);
    const problems: string[] = [];
    for (const c of cases) {
      const folder = caseFolder('strips');
      writeFileSync(join(folder, images[0]), readFileSync(join(stripsDir, images[0])));
      writeFileSync(join(folder, c.file), c.bytes);
      const csv = writeCsv(folder, 'train.csv', ['ImageId,ClassId,EncodedPixels', `${images[0]},2,10 4`]); // left out, as not an image
      const name = `strip case ${caseNumber}`;
      const problem = await judge(
        c.id,
        'strip image',
        c.mustRefuse,
        c.file,
        () => services.importSeverstal({ imagesDir: folder, labelsCsv: csv, author: 'fuzz', name }),
        async () => {
          await readGrayImage(join(folder, c.file));
          expect(services.datasets.items(services.datasets.get(name).id)).toHaveLength(2);
        },
      );
      if (problem) problems.push(problem);
    }
    expect(problems).toEqual([]);
  });
});

describe('fuzz: bad label CSVs are refused at the door, with their line', () => {
  async function runCsvCase(c: CsvCase): Promise<string | null> {
    const folder = caseFolder('csv');
    const csv = join(folder, 'labels.csv');
    writeFileSync(csv, c.bytes);
    const run = () =>
      c.form === 'rsna'
        ? services.importRsna({ dicomDir: sliceDir, labelsCsv: csv, author: 'fuzz', name: `csv case ${caseNumber}` })
        : services.importSeverstal({ imagesDir: stripsDir, labelsCsv: csv, author: 'fuzz', name: `csv case ${caseNumber}` });
    return judge(`${c.id} (line ${c.line})`, `${c.form.startsWith('rsna') ? 'RSNA' : 'Severstal'} CSV`, true, `${csv}:${c.line}: `, run, async () => undefined);
  }

  it('Severstal CSVs in both forms: bad header, columns, class, RLE, duplicates, unknown images, encodings', async () => {
    const cases = severstalCsvCorpus(images, SEED);
    const problems: string[] = [];
    for (const c of cases) {
      const problem = await runCsvCase(c);
      if (problem) problems.push(problem);
    }
    expect(problems).toEqual([]);
    expect(cases.filter((c) => c.form === 'severstal old').length).toBeGreaterThan(0);
  });

  it('RSNA CSVs: bad header, columns, labels, values, duplicates, any ≠ OR, missing rows, unknown slices, encodings', async () => {
    const problems: string[] = [];
    for (const c of rsnaCsvCorpus(sliceKeys, SEED)) {
      const problem = await runCsvCase(c);
      if (problem) problems.push(problem);
    }
    expect(problems).toEqual([]);
  });
});
