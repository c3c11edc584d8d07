// Benchmark: Kaggle RLE decode + encode of real 1600×256 masks from ../shared/data/severstal/train.csv:
// the largest one (00e0398ad class 3, 96,228 px, 386 runs) and the class 4 mask of 0030401a5
// (60,738 px, 745 runs: the most runs). Median of a few thousand timed iterations after a warm-up.
// Target: decode + encode under 0.12 ms (numpy needs about 0.38 ms).
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readSeverstalCsv } from '../src/main/formats/severstal-csv';
import { STEEL_HEIGHT, STEEL_WIDTH } from '../src/shared/domain';
import { decodeRle, encodeRle } from '../src/shared/rle';

const WARM_UP = 2_000;
const ITERATIONS = 5_000;

const sharedData = resolve(process.env.LOUPE_SHARED_DATA ?? join(import.meta.dirname, '..', '..', 'shared', 'data'));

async function realRle(imageId: string, classId: number): Promise<string> {
  const csv = join(sharedData, 'severstal', 'train.csv');
  if (!existsSync(csv)) throw new Error(`${csv} is absent: set LOUPE_SHARED_DATA to the shared data folder`);
  for await (const row of readSeverstalCsv(csv)) if (row.imageId === imageId && row.classId === classId) return row.rle;
  throw new Error(`${csv} has no RLE for ${imageId} class ${classId}`);
}

/** Median milliseconds of `run`, timed one call at a time. */
function medianMs(run: () => void): number {
  for (let i = 0; i < WARM_UP; i++) run();
  const times = new Float64Array(ITERATIONS);
  for (let i = 0; i < ITERATIONS; i++) {
    const start = process.hrtime.bigint();
    run();
    times[i] = Number(process.hrtime.bigint() - start) / 1e6;
  }
  times.sort();
  return times[ITERATIONS >> 1];
}

function measure(rle: string): Record<string, number> {
  const mask = new Uint8Array(STEEL_WIDTH * STEEL_HEIGHT);
  if (encodeRle(decodeRle(rle, STEEL_WIDTH, STEEL_HEIGHT, mask)) !== rle) throw new Error('RLE does not round-trip');
  return {
    decodeEncodeMs: medianMs(() => {
      decodeRle(rle, STEEL_WIDTH, STEEL_HEIGHT, mask);
      encodeRle(mask);
    }),
    decodeMs: medianMs(() => decodeRle(rle, STEEL_WIDTH, STEEL_HEIGHT, mask)),
    encodeMs: medianMs(() => encodeRle(mask)),
    decodeFreshMaskMs: medianMs(() => decodeRle(rle)),
  };
}

export async function benchRle(): Promise<Record<string, number>> {
  const largest = measure(await realRle('00e0398ad.jpg', 3));
  const class4 = measure(await realRle('0030401a5.jpg', 4));
  const results: Record<string, number> = {};
  for (const [name, value] of Object.entries(largest)) results[`00e0398ad_3 ${name}`] = value;
  for (const [name, value] of Object.entries(class4)) results[`0030401a5_4 ${name}`] = value;
  return results;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await benchRle(), null, 2));
}
