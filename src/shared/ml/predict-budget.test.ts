import { describe, expect, it } from 'vitest';
import { Deadline, Pace, calibrate, choosePlan, describePlan, formatDuration, parseBudget, planLevels, type LevelCost } from './predict-budget';
import { ttaViewCount, type TtaSet } from './tta';

/** A clock the test moves by hand. */
function fakeClock(start = 1000) {
  let now = start;
  return { now: () => now, advance: (seconds: number) => (now += seconds) };
}

const costs: LevelCost[] = [
  { tta: 'none', secondsPerItem: 1 },
  { tta: 'hflip', secondsPerItem: 2 },
  { tta: 'flips', secondsPerItem: 4 },
  { tta: 'x5', secondsPerItem: 5 },
];

describe('time budget', () => {
  it('parses s, m and h, alone or together, and refuses anything else', () => {
    expect(parseBudget('60m')).toBe(3600);
    expect(parseBudget('90s')).toBe(90);
    expect(parseBudget('1.5h')).toBe(5400);
    expect(parseBudget('1h30m')).toBe(5400);
    expect(parseBudget(' 2M ')).toBe(120);
    for (const bad of ['60', 'm', '10x', '-5m', '0s', '5m later', '']) expect(() => parseBudget(bad), bad).toThrow(/time budget/);
    expect(formatDuration(3600)).toBe('1 h');
    expect(formatDuration(125)).toBe('2 min 5 s');
  });

  it('lists the TTA sets cheapest first, up to the richest allowed', () => {
    expect(planLevels()).toEqual(['none', 'hflip', 'flips', 'x5']);
    expect(planLevels('flips')).toEqual(['none', 'hflip', 'flips']);
    expect(planLevels('none')).toEqual(['none']);
  });

  it('picks the richest plan whose estimate fits the time left', () => {
    expect(choosePlan(costs, 100, 1000)).toMatchObject({ tta: 'x5', estimateSeconds: 500, fits: true, index: 3 });
    expect(choosePlan(costs, 100, 450)).toMatchObject({ tta: 'flips', estimateSeconds: 400, fits: true });
    expect(choosePlan(costs, 100, 399)).toMatchObject({ tta: 'hflip', fits: true });
    expect(choosePlan(costs, 100, 100)).toMatchObject({ tta: 'none', fits: true });
  });

  it('falls back to the cheapest plan when none fits', () => {
    const plan = choosePlan(costs, 100, 50);
    expect(plan).toMatchObject({ tta: 'none', index: 0, fits: false, estimateSeconds: 100 });
    expect(describePlan(plan, 100, 50)).toMatch(/no TTA .*does not fit: it stops at the deadline/);
    expect(describePlan(choosePlan(costs, 100, 3600), 100, 3600)).toBe('x5 TTA (about 8 min 20 s for 100 items; budget 1 h)');
  });

  it('calibrates cheapest first and stops measuring after the first level that cannot fit', async () => {
    const clock = fakeClock();
    const deadline = new Deadline(clock.now, 300);
    const measured: TtaSet[] = [];
    // Measuring a level costs its views × 4 items × 1 s on the clock, and reports 1 s per view per item.
    const measure = async (tta: TtaSet) => {
      measured.push(tta);
      clock.advance(ttaViewCount(tta) * 4);
      return ttaViewCount(tta);
    };
    const result = await calibrate(planLevels(), measure, 96, deadline);
    // none: 96 s fits the 296 s left; hflip: 192 s fits 288 s; flips: 384 s does not fit 272 s → x5 is never run.
    expect(measured).toEqual(['none', 'hflip', 'flips']);
    expect(result.map((c) => c.tta)).toEqual(['none', 'hflip', 'flips']);
    expect(deadline.secondsLeft()).toBe(300 - 28);
    expect(choosePlan(result, 96, deadline.secondsLeft())).toMatchObject({ tta: 'hflip', fits: true });
  });

  it('the deadline allows a batch only when it ends in time, and the ETA follows the observed pace', () => {
    const clock = fakeClock(0);
    const deadline = new Deadline(clock.now, 100);
    const pace = new Pace(2);
    expect(pace.eta(30, deadline)).toBe(60); // the calibrated pace until a batch is timed
    expect(deadline.allows(4, 2)).toBe(true);
    clock.advance(12);
    pace.record(4, 12); // slower than calibrated: 3 s per item
    expect(pace.secondsPerItem()).toBe(3);
    expect(pace.eta(26, deadline)).toBe(78);
    expect(pace.eta(40, deadline)).toBe(88); // capped by the deadline
    clock.advance(80);
    expect(deadline.secondsLeft()).toBe(8);
    expect(deadline.allows(2, 3)).toBe(true);
    expect(deadline.allows(3, 3)).toBe(false);
    clock.advance(10);
    expect(deadline.secondsLeft()).toBe(0);
    expect(deadline.allows(1, 0)).toBe(false);
  });
});
