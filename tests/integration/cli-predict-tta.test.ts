// `loupe predict --tta <set> --budget <time>` through the real command and model worker, on two generated
// strips: bad values are refused with one line naming the flag; a run records the TTA set and the plan.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase } from '../../src/main/db/database';
import { loupe, loupeJson } from '../helpers/cli';
import { tempDir } from '../helpers/fs';
import { writeCsv, writeStrip } from '../helpers/severstal';

let tmp: ReturnType<typeof tempDir>;
let db: string;

beforeAll(async () => {
  tmp = tempDir('loupe-cli-tta-');
  const strips = join(tmp.dir, 'strips');
  for (let i = 0; i < 2; i++) await writeStrip(strips, `s${i}.jpg`, { seed: i });
  const csv = writeCsv(tmp.dir, 'train.csv', ['ImageId,ClassId,EncodedPixels', 's0.jpg,1,1000 40']);
  db = join(tmp.dir, 'loupe.db');
  loupeJson('import', 'severstal', strips, '--labels', csv, '--db', db, '--name', 'strips');
}, 60_000);
afterAll(() => tmp?.cleanup());

describe('loupe predict --tta / --budget', () => {
  it('refuses an unknown TTA set and a budget without a unit, in one line naming the flag', () => {
    const tta = loupe('predict', 'strips', '--tta', 'x7', '--db', db);
    expect(tta.code).not.toBe(0);
    expect(tta.stderr.trim()).toMatch(/^[^\n]*--tta takes one of none, hflip, flips, x5, not "x7"$/);
    const budget = loupe('predict', 'strips', '--budget', '60', '--db', db);
    expect(budget.code).not.toBe(0);
    expect(budget.stderr.trim()).toMatch(/^[^\n]*--budget: a time budget is a number with s, m or h .*not "60"$/);
  });

  it('predicts with the set asked for, within a budget, and records both in the job', () => {
    // One batch only: nothing is left after calibration, so every level up to flips fits whatever the pace.
    const report = loupeJson<{ items: number; tta: string; left: number; plan: { text: string; calibration: { tta: string }[] }; jobId: number }>(
      'predict', 'strips', '--tta', 'flips', '--budget', '10m', '--db', db,
    );
    expect(report).toMatchObject({ items: 2, tta: 'flips', left: 0 });
    expect(report.plan.calibration.map((c) => c.tta)).toEqual(['none', 'hflip', 'flips']);
    expect(report.plan.text).toMatch(/^flips TTA \(about .* for 2 items; budget 10 min\)$/);
    const store = openDatabase(db);
    try {
      const row = store.prepare('SELECT args, result FROM jobs WHERE id = ?').get(report.jobId) as { args: string; result: string };
      expect(JSON.parse(row.args)).toMatchObject({ tta: 'flips', budgetSeconds: 600 });
      expect(JSON.parse(row.result)).toMatchObject({ tta: 'flips', left: 0, items: 2 });
      expect(store.prepare("SELECT COUNT(*) FROM label_revisions WHERE source = 'model:steel-starter'").pluck().get()).toBe(8);
    } finally {
      store.close();
    }
    // --tta alone is the old flip averaging.
    expect(loupeJson<{ tta: string }>('predict', 'strips', '--tta', '--db', db).tta).toBe('hflip');
  }, 180_000);
});
