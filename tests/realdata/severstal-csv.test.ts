// The real Severstal sample (../shared/data/severstal/train.csv, see INVENTORY.md): form detection,
// exact RLE round trips, the pixel areas the inventory lists, and Dice 1 for the truth against itself.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatSeverstalCsv, readSeverstalCsv, type SeverstalCsvRow } from '../../src/main/formats/severstal-csv';
import { scoreSeverstal } from '../../src/main/services/metrics/score';
import { countPixels } from '../../src/shared/mask';
import { decodeRle, encodeRle, parseRle } from '../../src/shared/rle';
import { hasSharedData, sharedData } from '../helpers/fs';

const trainCsv = join(sharedData, 'severstal', 'train.csv');

/** INVENTORY.md, Severstal table: image → class → [pixel area, runs]. */
const EXPECTED: Record<string, Record<number, [number, number]>> = {
  '000789191.jpg': {},
  '002e73b3c.jpg': {},
  '002fc4e19.jpg': { 1: [1547, 26], 2: [1209, 17] },
  '0030401a5.jpg': { 4: [60738, 745] },
  '0046839bd.jpg': { 3: [5253, 172] },
  '005b92582.jpg': {},
  '005f19695.jpg': { 3: [27106, 188] },
  '008ef3d74.jpg': { 1: [2066, 40], 2: [3210, 34] },
  '00ac8372f.jpg': { 1: [1232, 24], 2: [8309, 48] },
  '00e0398ad.jpg': { 3: [96228, 386] },
};

async function readAll(): Promise<SeverstalCsvRow[]> {
  const rows: SeverstalCsvRow[] = [];
  for await (const row of readSeverstalCsv(trainCsv)) rows.push(row);
  return rows;
}

describe.skipIf(!hasSharedData)('real Severstal train.csv', () => {
  it('has 40 rows in the old form, four per image, on lines 2–41', async () => {
    const rows = await readAll();
    expect(rows).toHaveLength(40);
    expect(new Set(rows.map((r) => r.form))).toEqual(new Set(['legacy']));
    expect(rows.map((r) => r.line)).toEqual(Array.from({ length: 40 }, (_, i) => i + 2));
    expect([...new Set(rows.map((r) => r.imageId))]).toEqual(Object.keys(EXPECTED));
  });

  it('round-trips every RLE exactly and has the pixel areas and run counts of INVENTORY.md', async () => {
    const rows = await readAll();
    for (const row of rows) {
      const expected = EXPECTED[row.imageId][row.classId];
      if (expected === undefined) {
        expect(row.rle, `${row.imageId} class ${row.classId}`).toBe('');
        continue;
      }
      const mask = decodeRle(row.rle);
      expect(encodeRle(mask), `${row.imageId} class ${row.classId}`).toBe(row.rle);
      expect(countPixels(mask), `${row.imageId} class ${row.classId} area`).toBe(expected[0]);
      const parsed = parseRle(row.rle);
      expect(parsed.ok && parsed.runs.length / 2, `${row.imageId} class ${row.classId} runs`).toBe(expected[1]);
    }
  });

  it('writes the file back byte for byte in the old form', async () => {
    const rows = await readAll();
    const images = [...new Set(rows.map((r) => r.imageId))];
    expect(formatSeverstalCsv(rows, 'legacy', images)).toBe(readFileSync(trainCsv, 'utf8'));
  });

  it('scores the truth against itself with Dice 1 over 40 pairs', async () => {
    const score = await scoreSeverstal(trainCsv, trainCsv);
    expect(score.value).toBe(1);
    expect(score.pairs).toBe(40);
    expect(Object.values(score.perClass).map((c) => c.count)).toEqual([10, 10, 10, 10]);
  });
});
