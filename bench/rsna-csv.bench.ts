// Benchmark: parse of a 4.5-million-row RSNA `ID,Label` CSV (752k slices × 6 labels) by readRsnaCsv,
// without any store: this is the parse-and-validate share of the 7 s import budget.
// The file is generated in the system temp folder and removed afterwards.
// Run on its own (`tsx bench/rsna-csv.bench.ts`) so that its peak memory is its own.
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readRsnaCsv } from '../src/main/formats/rsna-csv';
import { CT_LABELS } from '../src/shared/domain';

const SLICES = 752_000;

/** The i-th synthetic slice id, `ID_<9 hex>` like RSNA's. */
export const syntheticRsnaKey = (i: number) => `ID_${(0x10000000 + i * 7919).toString(16).slice(-9).padStart(9, '0')}`;

/** Writes an RSNA-like truth CSV: keys `ID_<9 hex>`, six rows per slice, one slice in seven labelled. */
export async function writeSyntheticRsnaCsv(file: string, slices: number): Promise<void> {
  const out = createWriteStream(file);
  out.write('ID,Label\n');
  let chunk = '';
  for (let i = 0; i < slices; i++) {
    const key = syntheticRsnaKey(i);
    const bits = i % 7 === 0 ? (i % 31) + 1 : 0;
    for (let j = 0; j < 5; j++) chunk += `${key}_${CT_LABELS[j]},${(bits >> j) & 1}\n`;
    chunk += `${key}_any,${bits ? 1 : 0}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

export async function benchRsnaCsvParse(): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'loupe-bench-rsna-csv-'));
  try {
    const csv = join(dir, 'stage_2_train.csv');
    await writeSyntheticRsnaCsv(csv, SLICES);
    const rssBefore = process.memoryUsage().rss;
    let peakRss = rssBefore;
    let rows = 0;
    let ones = 0;
    const start = process.hrtime.bigint();
    for await (const batch of readRsnaCsv(csv)) {
      rows += batch.length;
      for (const row of batch) ones += row.value;
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (rows !== SLICES * CT_LABELS.length) throw new Error(`expected ${SLICES * CT_LABELS.length} rows, read ${rows}`);
    return {
      rows,
      labelledValues: ones,
      fileMb: statSync(csv).size / 2 ** 20,
      parseSeconds: seconds,
      rowsPerSecond: Math.round(rows / seconds),
      peakRssDuringParseMb: peakRss / 2 ** 20,
      peakRssProcessMb: process.resourceUsage().maxRSS / 1024,
      rssBeforeMb: rssBefore / 2 ** 20,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await benchRsnaCsvParse(), null, 2));
}
