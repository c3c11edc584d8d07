// The batch loop of a pre-annotation: the next batch is read while the current one is predicted, every
// batch is handed back as soon as it is done (the main thread writes it in one transaction), and the job
// reports progress with an ETA. With a time budget the loop first calibrates the plan levels on the first
// batch (src/shared/ml/predict-budget.ts), runs the richest that fits, and stops before a batch that would
// end past the deadline: what is done is written, the rest is left for a later run.
import {
  Deadline,
  Pace,
  calibrate,
  choosePlan,
  describePlan,
  planLevels,
  type ChosenPlan,
  type ClockSeconds,
  type LevelCost,
} from '../../../shared/ml/predict-budget';
import type { TtaSet } from '../../../shared/ml/tta';
import type { ItemInput, ModelInput } from '../inputs';
import { throttled, type JobContext } from './job-context';
import type { PredictedItem } from './protocol';

export const systemClockSeconds: ClockSeconds = () => performance.now() / 1000;

export interface BatchLoop {
  batches: ItemInput[][];
  read(items: ItemInput[]): Promise<ModelInput[][]>;
  predict(items: ItemInput[], inputs: ModelInput[][], tta: TtaSet): PredictedItem[] | Promise<PredictedItem[]>;
  /** The TTA set (with a budget: the richest the planner may choose). */
  tta: TtaSet;
  budgetSeconds?: number;
  clock?: ClockSeconds;
}

export interface PredictLoopResult {
  items: number;
  /** The TTA set the items were predicted with. */
  tta: TtaSet;
  /** Items not predicted because the deadline came first. */
  left: number;
  stoppedBy: 'deadline' | null;
  /** With a budget: what calibration measured and what was chosen. */
  plan: { budgetSeconds: number; calibration: LevelCost[]; chosen: ChosenPlan; text: string } | null;
}

export async function runBatchLoop(loop: BatchLoop, context: JobContext): Promise<PredictLoopResult> {
  const clock = loop.clock ?? systemClockSeconds;
  const deadline = loop.budgetSeconds ? new Deadline(clock, loop.budgetSeconds) : null;
  const { batches } = loop;
  const total = batches.reduce((n, b) => n + b.length, 0);
  const report = throttled((p) => context.progress(p));
  let done = 0;
  let b = 0;
  let tta = loop.tta;
  let plan: PredictLoopResult['plan'] = null;
  let phase = 'predicting';
  let next = batches.length ? loop.read(batches[0]) : null;

  if (deadline && batches.length) {
    // Calibration on the first batch: each level's predictions are kept, and the chosen level's are its result.
    const inputs = await next!;
    next = batches.length > 1 ? loop.read(batches[1]) : null;
    next?.catch(() => undefined);
    const measured = new Map<TtaSet, PredictedItem[]>();
    const calibration = await calibrate(
      planLevels(loop.tta),
      async (level) => {
        context.checkCancelled();
        report({ phase: `calibrating (${level === 'none' ? 'no TTA' : `${level} TTA`})`, done: 0, total }, true);
        const started = clock();
        measured.set(level, await loop.predict(batches[0], inputs, level));
        return (clock() - started) / batches[0].length;
      },
      total - batches[0].length,
      deadline,
    );
    const chosen = choosePlan(calibration, total - batches[0].length, deadline.secondsLeft());
    tta = chosen.tta;
    const text = describePlan(chosen, total, loop.budgetSeconds!);
    plan = { budgetSeconds: loop.budgetSeconds!, calibration, chosen, text };
    phase = `predicting with ${text}`;
    context.partial(measured.get(tta)!);
    done = batches[0].length;
    b = 1;
  }

  const pace = new Pace(plan?.chosen.secondsPerItem ?? 0);
  report({ phase, done, total, ...(plan ? { etaSeconds: pace.eta(total - done, deadline!) } : {}) }, true);
  let stoppedBy: PredictLoopResult['stoppedBy'] = null;
  for (; b < batches.length; b++) {
    context.checkCancelled();
    const items = batches[b];
    if (deadline && !deadline.allows(items.length, pace.secondsPerItem())) {
      stoppedBy = 'deadline';
      break;
    }
    const started = clock(); // from before the read is awaited: the pace is what the loop achieves
    const inputs = await next!;
    next = b + 1 < batches.length ? loop.read(batches[b + 1]) : null;
    next?.catch(() => undefined); // a failed read surfaces when it is awaited
    context.partial(await loop.predict(items, inputs, tta));
    pace.record(items.length, clock() - started);
    done += items.length;
    report({ phase, done, total, ...(deadline ? { etaSeconds: pace.eta(total - done, deadline) } : {}) });
  }
  if (stoppedBy) report({ phase: `stopped at the deadline: ${total - done} left for a later run`, done, total, etaSeconds: 0 }, true);
  return { items: done, tta, left: total - done, stoppedBy, plan };
}
