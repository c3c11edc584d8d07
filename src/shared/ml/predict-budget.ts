// A prediction within a time budget, the way offline Kaggle kernels ran (at most an hour): a short calibration
// measures seconds per item for each plan level (TTA sets, cheapest first), the richest level whose estimate
// for the items still to predict fits the time left is chosen (the cheapest when none does), and the run stops
// before a batch that would end past the deadline, leaving the rest for a later run. Pure: every time comes
// from the clock passed in (seconds, any origin).
import { TTA_SETS, type TtaSet } from './tta';

export type Seconds = number;
export type ClockSeconds = () => Seconds;

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600 };

/** "60m", "90s", "1.5h", "1h30m" → seconds; throws an Error naming the text otherwise. */
export function parseBudget(text: string): Seconds {
  const trimmed = text.trim().toLowerCase();
  const parts = [...trimmed.matchAll(/(\d+(?:\.\d+)?)\s*([smh])/g)];
  const rebuilt = parts.map((p) => p[0]).join('');
  if (!parts.length || rebuilt.replace(/\s/g, '') !== trimmed.replace(/\s/g, '')) {
    throw new Error(`a time budget is a number with s, m or h (e.g. 90s, 60m, 1.5h, 1h30m), not "${text}"`);
  }
  const seconds = parts.reduce((sum, [, value, unit]) => sum + Number(value) * UNIT_SECONDS[unit], 0);
  if (!(seconds > 0)) throw new Error(`a time budget must be more than zero, not "${text}"`);
  return seconds;
}

/** 59 s, 12 min 5 s, 1 h 3 min. */
export function formatDuration(seconds: Seconds): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min${s % 60 ? ` ${s % 60} s` : ''}` : `${Math.floor(m / 60)} h${m % 60 ? ` ${m % 60} min` : ''}`;
}

/** The plan levels up to `richest`, cheapest first: the TTA sets in increasing cost. */
export function planLevels(richest: TtaSet = 'x5'): TtaSet[] {
  return TTA_SETS.slice(0, TTA_SETS.indexOf(richest) + 1);
}

/** What calibration measured for one level. */
export interface LevelCost {
  tta: TtaSet;
  secondsPerItem: Seconds;
}

export interface ChosenPlan {
  /** Index into the measured levels. */
  index: number;
  tta: TtaSet;
  secondsPerItem: Seconds;
  /** Seconds the chosen level needs for the items left. */
  estimateSeconds: Seconds;
  /** False when even the cheapest level does not fit (it runs until the deadline). */
  fits: boolean;
}

/** The richest measured level whose estimate for `items` fits `secondsLeft`; the cheapest when none does. */
export function choosePlan(costs: readonly LevelCost[], items: number, secondsLeft: Seconds): ChosenPlan {
  if (!costs.length) throw new Error('no plan level was measured');
  let index = -1;
  costs.forEach((c, i) => {
    if (c.secondsPerItem * items <= secondsLeft) index = i;
  });
  const fits = index >= 0;
  const chosen = costs[fits ? index : 0];
  return { index: fits ? index : 0, tta: chosen.tta, secondsPerItem: chosen.secondsPerItem, estimateSeconds: chosen.secondsPerItem * items, fits };
}

/** The deadline of one run: the budget from the moment it is made. */
export class Deadline {
  readonly startedAt: Seconds;
  readonly at: Seconds;

  constructor(
    private readonly clock: ClockSeconds,
    readonly budgetSeconds: Seconds,
  ) {
    this.startedAt = clock();
    this.at = this.startedAt + budgetSeconds;
  }

  secondsLeft(): Seconds {
    return Math.max(0, this.at - this.clock());
  }

  /** Whether `items` more at this pace end by the deadline. */
  allows(items: number, secondsPerItem: Seconds): boolean {
    return this.clock() + items * secondsPerItem <= this.at;
  }
}

/**
 * Measures the levels cheapest first with `measure` (seconds per item on the calibration batch), and stops
 * after the first one that cannot fit the items left in the time left: a richer level costs more still.
 */
export async function calibrate(levels: readonly TtaSet[], measure: (tta: TtaSet) => Promise<Seconds>, itemsLeft: number, deadline: Deadline): Promise<LevelCost[]> {
  const costs: LevelCost[] = [];
  for (const tta of levels) {
    const secondsPerItem = await measure(tta);
    costs.push({ tta, secondsPerItem });
    if (secondsPerItem * itemsLeft > deadline.secondsLeft()) break;
  }
  return costs;
}

/** Seconds per item as observed so far (the calibrated figure until the first batch is timed). */
export class Pace {
  private items = 0;
  private seconds = 0;

  constructor(private readonly calibrated: Seconds) {}

  record(items: number, seconds: Seconds): void {
    this.items += items;
    this.seconds += seconds;
  }

  secondsPerItem(): Seconds {
    return this.items > 0 ? this.seconds / this.items : this.calibrated;
  }

  /** Seconds until the items left are done, or until the deadline when that comes first. */
  eta(itemsLeft: number, deadline?: Deadline): Seconds {
    const needed = itemsLeft * this.secondsPerItem();
    return deadline ? Math.min(needed, deadline.secondsLeft()) : needed;
  }
}

/** The plan in words, for progress text and the CLI: "flips TTA (about 41 min for 900 items; budget 1 h)". */
export function describePlan(plan: ChosenPlan, items: number, budgetSeconds: Seconds): string {
  const what = plan.tta === 'none' ? 'no TTA' : `${plan.tta} TTA`;
  const estimate = `about ${formatDuration(plan.estimateSeconds)} for ${items} ${items === 1 ? 'item' : 'items'}`;
  return `${what} (${estimate}; budget ${formatDuration(budgetSeconds)}${plan.fits ? '' : ', does not fit: it stops at the deadline'})`;
}
