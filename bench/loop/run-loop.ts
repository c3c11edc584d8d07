// One task of the label-efficiency benchmark: for each strategy, starting from the same model, a simulated
// annotator reveals the truth of the K open pool items the strategy ranks first; the training job the product
// runs (runTrainJob, as `loupe train` does: fine-tuning the previous version) trains a new version on every
// item labelled so far for a fixed number of epochs; that version is scored on the fixed held-out set with the
// Kaggle metric (validate: mean Dice / weighted log loss) and is the next round's parent.
import { join } from 'node:path';
import type { CurvePoint } from '../../src/shared/ml/loop/label-efficiency';
import { nextToLabel } from '../../src/shared/ml/loop/simulated-annotator';
import { RunnableModel } from '../../src/main/ml/inference/runnable-model';
import { runTrainJob } from '../../src/main/ml/training/train-job';
import { InputCache, validate } from '../../src/main/ml/training/validate';
import type { JobContext } from '../../src/main/ml/worker/job-context';
import type { LabelledItem } from '../../src/main/ml/worker/protocol';
import { scorePool, type LoopStrategy } from './strategies';

export interface LoopTaskData {
  task: 'steel' | 'ct';
  pool: LabelledItem[];
  heldOut: LabelledItem[];
  series?: number[][];
  /** The model every strategy starts from (round 0). */
  startDir: string;
}

export interface LoopSettings {
  rounds: number;
  k: number;
  epochs: number;
  seed: number;
  workDir: string;
  log: (line: string) => void;
}

export interface StrategyRun {
  strategy: LoopStrategy;
  points: CurvePoint[];
  /** Per round: what was picked, how many of the picks had a defect / a bleed, and the seconds the round took. */
  rounds: { labels: number; positives: number; seconds: number }[];
}

const quietJob: JobContext = { jobId: 0, progress: () => undefined, partial: () => undefined, checkCancelled: () => undefined };

const isPositive = (item: LabelledItem) => (item.rles ? item.rles.some((r) => r !== '') : (item.bits ?? 0) !== 0);

/** The held-out score of the model in `dir`. */
export async function heldOutScore(dir: string, heldOut: readonly LabelledItem[], cache: InputCache): Promise<number> {
  const model = await RunnableModel.open(dir);
  try {
    return (await validate(model, heldOut, cache)).value;
  } finally {
    model.dispose();
  }
}

/** The rounds of one strategy; `start` is the starting model's held-out score (the point at 0 labels). */
export async function runStrategy(data: LoopTaskData, strategy: LoopStrategy, start: number, settings: LoopSettings, cache: InputCache): Promise<StrategyRun> {
  const byId = new Map(data.pool.map((i) => [i.itemId, i]));
  const labelled = new Set<number>();
  const training: LabelledItem[] = [];
  const points: CurvePoint[] = [{ labels: 0, metric: start }];
  const rounds: StrategyRun['rounds'] = [];
  let parentDir = data.startDir;
  for (let r = 1; r <= settings.rounds && labelled.size < data.pool.length; r++) {
    const started = performance.now();
    const parent = strategy === 'random' ? null : await RunnableModel.open(parentDir);
    let picked;
    try {
      const open = data.pool.filter((i) => !labelled.has(i.itemId));
      const scores = await scorePool(strategy, parent, { items: open, series: data.series, byId }, cache, settings.seed);
      picked = nextToLabel(scores, labelled, settings.k).map((s) => byId.get(s.itemId)!);
    } finally {
      parent?.dispose();
    }
    for (const item of picked) {
      labelled.add(item.itemId);
      training.push(item);
    }
    const outDir = join(settings.workDir, `${data.task}-${strategy}-seed${settings.seed}-${r}`);
    await runTrainJob(
      {
        kind: 'train', task: data.task, parentDir, fresh: false, outDir, training, validation: [], pseudoCandidates: [], pseudoThreshold: null,
        epochs: settings.epochs, minutes: null, seed: settings.seed + r, provenance: { bench: 'label-efficiency', strategy, round: r },
      },
      quietJob,
    );
    const metric = await heldOutScore(outDir, data.heldOut, cache);
    points.push({ labels: labelled.size, metric });
    const seconds = (performance.now() - started) / 1000;
    rounds.push({ labels: labelled.size, positives: picked.filter(isPositive).length, seconds });
    settings.log(`${data.task} ${strategy} round ${r}: ${labelled.size} labels (${rounds.at(-1)!.positives} of ${picked.length} new ones positive) → ${metric.toFixed(4)} in ${seconds.toFixed(0)} s`);
    parentDir = outDir;
  }
  return { strategy, points, rounds };
}
