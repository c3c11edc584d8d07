// Label efficiency of the review strategies, with known truth (`npm run bench -- loop`; benchLoop is called by
// bench/run.ts). For each task a generated set with its truth is split into a pool and a fixed held-out part;
// every strategy starts from the shipped starter model, and each round a simulated annotator reveals the truth
// of the K pool items the strategy ranks first, the training job fine-tunes the previous version on every label
// so far for a fixed number of epochs, and the new version is scored on the held-out part by the Kaggle metric.
// Output: the per-round held-out metric per strategy (the returned figures, into .bench/results.json), the
// curves as docs/label-efficiency.png, and the fraction of random's labels each strategy needs to reach
// random's final score (label-efficiency.ts).
//
// Default sizes (kept small enough for about 10–15 minutes on the shared 2-core build machine) and the knobs:
//   steel: 160 pool strips + 48 held out, K 12, 5 rounds;  CT: 16 pool series + 6 held out of 16 slices (256²),
//   K 24 slices, 5 rounds;  1 epoch a round over every label so far (batch 4 / 16, the training job's defaults).
//   LOUPE_BENCH_LOOP_SCALE (1)      multiplies the set sizes and K (the rounds stay)
//   LOUPE_BENCH_LOOP_ROUNDS (5), LOUPE_BENCH_LOOP_EPOCHS (1), LOUPE_BENCH_LOOP_SEED (7)
//   LOUPE_BENCH_LOOP_REPEATS (1)    runs each strategy this many times (other random and training seeds) and
//                                   compares the mean curves: one run's curve swings with its seed
//   LOUPE_BENCH_LOOP_STRATEGIES     comma-separated, from random,uncertainty,ensemble (default random,uncertainty:
//                                   ensemble runs the model twice per pool item, so it is asked for)
//   LOUPE_BENCH_LOOP_TASKS          steel,ct (default both);  LOUPE_BENCH_LOOP_PNG (docs/label-efficiency.png)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { labelEfficiencyTable, labelsToReach, meanCurve, type StrategyCurve } from '../src/shared/ml/loop/label-efficiency';
import type { CurvePanel } from '../src/shared/ml/loop/learning-curve-svg';
import { selectBackend } from '../src/main/ml/backend/backend-chain';
import { InputCache, baselineScore } from '../src/main/ml/training/validate';
import { writeSteelSet } from './loop/steel-set';
import { writeCtSet } from './loop/ct-set';
import { heldOutScore, runStrategy, type LoopSettings, type LoopTaskData, type StrategyRun } from './loop/run-loop';
import { LOOP_STRATEGIES, type LoopStrategy } from './loop/strategies';
import { writeCurvesPng } from './loop/chart';

const root = join(import.meta.dirname, '..');
const env = (name: string, fallback: number) => {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!(Number.isFinite(value) && value > 0)) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
};
const list = <T extends string>(name: string, allowed: readonly T[], fallback: readonly T[]): T[] => {
  const raw = process.env[name];
  if (!raw) return [...fallback];
  const names = raw.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = names.filter((n) => !allowed.includes(n as T));
  if (bad.length || names.length === 0) throw new Error(`${name}: use some of ${allowed.join(', ')} (got "${raw}")`);
  return names as T[];
};

const scale = env('LOUPE_BENCH_LOOP_SCALE', 1);
const sized = (n: number) => Math.max(1, Math.round(n * scale));
const SIZES = {
  steel: { pool: sized(160), heldOut: sized(48), k: sized(12) },
  ct: { poolSeries: sized(16), heldOutSeries: sized(6), slices: 16, size: 256, k: sized(24) },
};

const METRIC = { steel: { name: 'held-out mean Dice', higherIsBetter: true }, ct: { name: 'held-out weighted log loss (lower is better)', higherIsBetter: false } } as const;

function log(line: string): void {
  process.stderr.write(`[loop] ${line}\n`);
}

async function makeTask(task: 'steel' | 'ct', dir: string, seed: number): Promise<LoopTaskData & { describe: string }> {
  if (task === 'steel') {
    const s = SIZES.steel;
    const items = await writeSteelSet(join(dir, 'steel'), s.pool + s.heldOut, seed);
    const describe = `${s.pool} pool strips, ${s.heldOut} held out`;
    return { task, pool: items.slice(0, s.pool), heldOut: items.slice(s.pool), startDir: join(root, 'resources/models/steel-starter'), describe };
  }
  const s = SIZES.ct;
  const set = writeCtSet(join(dir, 'ct'), s.poolSeries + s.heldOutSeries, s.slices, s.size, seed);
  const poolIds = new Set(set.series.slice(0, s.poolSeries).flat());
  const describe = `${s.poolSeries} pool series, ${s.heldOutSeries} held out, ${s.slices} slices each`;
  return {
    task,
    pool: set.items.filter((i) => poolIds.has(i.itemId)),
    heldOut: set.items.filter((i) => !poolIds.has(i.itemId)),
    series: set.series.slice(0, s.poolSeries),
    startDir: join(root, 'resources/models/ct-starter'),
    describe,
  };
}

export async function benchLoop(): Promise<Record<string, number>> {
  const rounds = Math.round(env('LOUPE_BENCH_LOOP_ROUNDS', 5));
  const epochs = Math.round(env('LOUPE_BENCH_LOOP_EPOCHS', 1));
  const seed = Math.round(env('LOUPE_BENCH_LOOP_SEED', 7));
  const repeats = Math.round(env('LOUPE_BENCH_LOOP_REPEATS', 1));
  const strategies = list<LoopStrategy>('LOUPE_BENCH_LOOP_STRATEGIES', LOOP_STRATEGIES, ['random', 'uncertainty']);
  if (!strategies.includes('random')) strategies.unshift('random'); // the reference every strategy is measured against
  const tasks = list('LOUPE_BENCH_LOOP_TASKS', ['steel', 'ct'] as const, ['steel', 'ct']);
  const png = process.env.LOUPE_BENCH_LOOP_PNG || join(root, 'docs', 'label-efficiency.png');
  const { backend } = await selectBackend();
  log(`backend ${backend}; scale ${scale}, ${rounds} rounds, ${epochs} epoch(s) a round, strategies ${strategies.join(', ')}, ${repeats} run${repeats === 1 ? '' : 's'} each`);

  const work = mkdtempSync(join(tmpdir(), 'loupe-bench-loop-'));
  const results: Record<string, number> = { scale, rounds, 'epochs a round': epochs, repeats };
  const panels: CurvePanel[] = [];
  try {
    for (const task of tasks) {
      const started = performance.now();
      const data = await makeTask(task, work, seed + (task === 'steel' ? 0 : 1000));
      const k = SIZES[task].k;
      const settings: LoopSettings = { rounds, k, epochs, seed, workDir: join(work, 'models'), log };
      const cache = new InputCache();
      const start = await heldOutScore(data.startDir, data.heldOut, cache);
      const baseline = baselineScore(task, data.heldOut).value;
      log(`${task}: ${data.describe}; starter ${start.toFixed(4)}, baseline ${baseline.toFixed(4)}`);
      const runs: StrategyRun[] = [];
      for (const strategy of strategies) {
        const repeated: StrategyRun[] = [];
        for (let rep = 0; rep < repeats; rep++) repeated.push(await runStrategy(data, strategy, start, { ...settings, seed: seed + 101 * rep }, cache));
        runs.push({
          strategy,
          points: meanCurve(repeated.map((r) => r.points)),
          rounds: repeated[0].rounds.map((round, i) => ({ ...round, positives: repeated.reduce((s, r) => s + r.rounds[i].positives, 0) / repeats })),
        });
      }

      const curves: StrategyCurve[] = runs.map((r) => ({ strategy: r.strategy, points: r.points }));
      const { higherIsBetter, name } = METRIC[task];
      const table = labelEfficiencyTable(curves, 'random', higherIsBetter);
      results[`${task} pool items`] = data.pool.length;
      results[`${task} held-out items`] = data.heldOut.length;
      results[`${task} K a round`] = k;
      results[`${task} starter (0 labels)`] = start;
      results[`${task} ${task === 'steel' ? 'all-empty' : 'base-rate'} baseline`] = baseline;
      for (const run of runs) {
        for (const p of run.points.slice(1)) results[`${task} ${run.strategy} @${p.labels} labels`] = p.metric;
        results[`${task} ${run.strategy} positives picked (mean of runs)`] = run.rounds.reduce((s, r) => s + r.positives, 0);
      }
      for (const row of table) {
        results[`${task} ${row.strategy} reached random's final (1 = yes)`] = row.reached ? 1 : 0;
        if (row.fraction !== null) results[`${task} ${row.strategy} labels ÷ random's (target ≤ 0.6)`] = row.fraction;
        log(`${task} ${row.strategy}: ${row.reached ? `${row.labels!.toFixed(1)} labels = ${(row.fraction! * 100).toFixed(0)}%` : 'never reached'} of random's ${row.referenceLabels} to reach its final ${row.target.toFixed(4)}`);
      }
      // A strategy "reaches" random's final score at 0 labels when random never beat the starting model: say so.
      const randomFinal = runs.find((r) => r.strategy === 'random')!.points.at(-1)!.metric;
      results[`${task} random's final beats the starter (1 = yes)`] = (higherIsBetter ? randomFinal > start : randomFinal < start) ? 1 : 0;
      // The same question asked of random's own curve: where a flat or noisy curve first touches its final score.
      // A strategy's fraction means something only when it is well below this one.
      const randomRun = runs.find((r) => r.strategy === 'random')!;
      const own = labelsToReach(randomRun.points, randomFinal, higherIsBetter)!;
      results[`${task} random reaches its own final at (fraction)`] = own / randomRun.points.at(-1)!.labels;
      results[`${task} seconds`] = (performance.now() - started) / 1000;
      panels.push({
        title: task === 'steel' ? 'Steel (generated strips)' : 'Head CT (phantom series)',
        metricName: name,
        note: `${data.describe}; K ${k}, ${rounds} rounds, ${epochs} epoch${epochs === 1 ? '' : 's'} a round${repeats > 1 ? `, mean of ${repeats} runs` : ''}`,
        curves,
        guides: [
          { label: task === 'steel' ? 'all-empty prediction' : 'base rates', value: baseline },
          { label: "random's final", value: randomFinal },
        ],
      });
    }
    await writeCurvesPng(png, panels);
    log(`curves written to ${png}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return results;
}
