// The batch loop on a fake clock: every prediction costs views × items seconds of clock time, so the plan,
// the stop and the ETA are exact numbers (no model, no sleeps).
import { describe, expect, it } from 'vitest';
import { ttaViewCount, type TtaSet } from '../../../shared/ml/tta';
import type { ItemInput } from '../inputs';
import type { JobContext } from './job-context';
import type { PredictedItem, WorkerProgress } from './protocol';
import { runBatchLoop } from './predict-batches';

function setup(itemCount: number, batchSize: number) {
  let now = 0;
  const items: ItemInput[] = Array.from({ length: itemCount }, (_, i) => ({ itemId: i + 1, key: `k${i}`, file: `f${i}`, width: 8, height: 4, group: `g${i}` }));
  const batches: ItemInput[][] = [];
  for (let i = 0; i < items.length; i += batchSize) batches.push(items.slice(i, i + batchSize));
  const written: { itemId: number; tta: string }[][] = [];
  const progress: WorkerProgress[] = [];
  const context: JobContext = {
    jobId: 1,
    progress: (p) => progress.push(p),
    partial: (predicted) => written.push(predicted.map((p) => ({ itemId: p.itemId, tta: String(p.probabilities![0]) }))),
    checkCancelled: () => undefined,
  };
  const ttaNames: TtaSet[] = ['none', 'hflip', 'flips', 'x5'];
  const predict = (batch: ItemInput[], _inputs: unknown, tta: TtaSet): PredictedItem[] => {
    now += ttaViewCount(tta) * batch.length; // one second per view per item
    return batch.map((i) => ({ itemId: i.itemId, probabilities: [ttaNames.indexOf(tta)] }));
  };
  const loop = (tta: TtaSet, budgetSeconds?: number) => runBatchLoop({ batches, read: async () => [], predict, tta, budgetSeconds, clock: () => now }, context);
  return { loop, written, progress, ttaOf: (n: string) => ttaNames[Number(n)] };
}

describe('the predict batch loop', () => {
  it('without a budget predicts every batch with the set asked for', async () => {
    const { loop, written } = setup(10, 4);
    const result = await loop('flips');
    expect(result).toMatchObject({ items: 10, left: 0, stoppedBy: null, tta: 'flips', plan: null });
    expect(written.map((w) => w.length)).toEqual([4, 4, 2]);
  });

  it('with room for everything: calibrates each level on the first batch and runs the richest (x5)', async () => {
    const { loop, written, progress, ttaOf } = setup(20, 4);
    // Calibration: 4 items × (1 + 2 + 4 + 5) views = 48 s; x5 for the other 16 items: 80 s → 128 s in all.
    const result = await loop('x5', 200);
    expect(result.plan?.calibration).toEqual([
      { tta: 'none', secondsPerItem: 1 },
      { tta: 'hflip', secondsPerItem: 2 },
      { tta: 'flips', secondsPerItem: 4 },
      { tta: 'x5', secondsPerItem: 5 },
    ]);
    expect(result).toMatchObject({ items: 20, left: 0, stoppedBy: null, tta: 'x5' });
    // The calibration batch's x5 predictions are its result: written once, no batch predicted twice.
    expect(written.flat().map((w) => w.itemId)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(new Set(written.flat().map((w) => ttaOf(w.tta)))).toEqual(new Set(['x5']));
    expect(progress.some((p) => p.phase.startsWith('calibrating'))).toBe(true);
    expect(progress.at(-1)?.phase).toMatch(/^predicting with x5 TTA \(about 1 min 20 s for 20 items; budget 3 min 20 s\)/);
  });

  it('picks the richest plan that fits and reports an ETA that falls to zero', async () => {
    const { loop, progress } = setup(20, 4);
    // Calibration ends at 48 s (x5 for the 16 left would need 80 s of the 72 s left then, so nothing richer is
    // measured); with 52 s left flips (64 s) no longer fits and hflip (32 s) does.
    const result = await loop('x5', 100);
    expect(result.plan?.calibration.map((c) => c.tta)).toEqual(['none', 'hflip', 'flips', 'x5']);
    expect(result.plan?.chosen).toMatchObject({ tta: 'hflip', fits: true });
    expect(result).toMatchObject({ items: 20, left: 0, tta: 'hflip' });
    const etas = progress.filter((p) => p.phase.startsWith('predicting') && p.etaSeconds !== undefined).map((p) => p.etaSeconds);
    // Progress is throttled in real time, so the middle reports may be dropped: the first and last are always sent.
    expect(etas[0]).toBe(32);
    expect(etas.at(-1)).toBe(0);
    expect(etas.every((e, i) => i === 0 || e! <= etas[i - 1]!)).toBe(true);
  });

  it('stops before a batch that would end past the deadline, with every finished batch written', async () => {
    const { loop, written } = setup(40, 4);
    // Calibration: none (4 s; 36 left need 36 s of 56 s → fits), hflip (8 s more; 72 s > 48 s → stop). Plan: none.
    const result = await loop('x5', 60);
    expect(result.plan?.calibration.map((c) => c.tta)).toEqual(['none', 'hflip']);
    expect(result.plan?.chosen).toMatchObject({ tta: 'none', fits: true });
    expect(result).toMatchObject({ items: 40, left: 0 });

    const tight = setup(40, 4);
    // none for 36 items needs 36 s of the 26 s left: nothing fits, the cheapest runs until the deadline.
    const stopped = await tight.loop('x5', 30);
    expect(stopped.plan?.chosen).toMatchObject({ tta: 'none', fits: false });
    expect(stopped).toMatchObject({ stoppedBy: 'deadline', tta: 'none' });
    // 4 s calibration, then 4 s per batch: batches end at 8, 12, … 28; the next would end at 32 > 30.
    expect(stopped.items).toBe(28);
    expect(stopped.left).toBe(12);
    expect(tight.written.flat()).toHaveLength(28);
    expect(tight.progress.at(-1)?.phase).toBe('stopped at the deadline: 12 left for a later run');
    expect(written.flat()).toHaveLength(40);
  });

  it('the richest set asked for caps the plan', async () => {
    const { loop } = setup(8, 4);
    const result = await loop('hflip', 10_000);
    expect(result.plan?.calibration.map((c) => c.tta)).toEqual(['none', 'hflip']);
    expect(result.tta).toBe('hflip');
  });
});
