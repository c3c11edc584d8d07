// Review throughput: how many strips or slices each annotator approved or flagged per calendar day, and how
// the reviewed set grew day by day, from the review rows (who, state, when). Days are calendar days in the
// time zone the caller passes (an IANA name such as "Europe/Berlin"; UTC by default), so work done late in the
// evening counts on the day the person did it.
import type { ReviewState } from '../../domain';

/** One review row: who set which state on an item, and when (an ISO time, epoch milliseconds or a Date). */
export interface ReviewEvent {
  author: string;
  state: ReviewState;
  createdAt: string | number | Date;
  /** The item reviewed; needed for progress (distinct items), not for throughput. */
  itemId?: number;
}

export interface ThroughputRow {
  author: string;
  /** YYYY-MM-DD in the time zone asked for. */
  day: string;
  approved: number;
  flagged: number;
}

export interface AuthorThroughput {
  author: string;
  approved: number;
  flagged: number;
  /** Days with at least one approval or flag. */
  days: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    } catch {
      throw new RangeError(`unknown time zone "${timeZone}" (expected an IANA name such as "UTC" or "Europe/Berlin")`);
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The calendar day (YYYY-MM-DD) of an instant in a time zone. */
export function calendarDay(instant: string | number | Date, timeZone = 'UTC'): string {
  const date = instant instanceof Date ? instant : new Date(instant);
  if (Number.isNaN(date.getTime())) throw new RangeError(`review time "${String(instant)}" is not a date`);
  const parts = formatterFor(timeZone).formatToParts(date);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

const counted = (state: ReviewState) => state === 'approved' || state === 'flagged';

/** Approvals and flags per author per day (sorted by day, then author), and each author's totals (by author). */
export function reviewThroughput(events: Iterable<ReviewEvent>, timeZone = 'UTC'): { rows: ThroughputRow[]; authors: AuthorThroughput[] } {
  const byKey = new Map<string, ThroughputRow>();
  for (const e of events) {
    if (!counted(e.state)) continue;
    const day = calendarDay(e.createdAt, timeZone);
    const key = `${day}\u0000${e.author}`;
    let row = byKey.get(key);
    if (!row) byKey.set(key, (row = { author: e.author, day, approved: 0, flagged: 0 }));
    if (e.state === 'approved') row.approved++;
    else row.flagged++;
  }
  const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const rows = [...byKey.values()].sort((a, b) => compare(a.day, b.day) || compare(a.author, b.author));
  const authors = new Map<string, AuthorThroughput>();
  for (const row of rows) {
    let total = authors.get(row.author);
    if (!total) authors.set(row.author, (total = { author: row.author, approved: 0, flagged: 0, days: 0 }));
    total.approved += row.approved;
    total.flagged += row.flagged;
    total.days++;
  }
  return { rows, authors: [...authors.values()].sort((a, b) => compare(a.author, b.author)) };
}

export interface ProgressDay {
  day: string;
  /** Items approved or flagged for the first time that day. */
  newlyReviewed: number;
  /** Items approved or flagged up to and including that day. */
  reviewed: number;
}

/** How the reviewed set grew: per day with a first approval or flag of some item, in day order. */
export function reviewProgressByDay(events: Iterable<ReviewEvent>, timeZone = 'UTC'): ProgressDay[] {
  const first = new Map<number, number>();
  for (const e of events) {
    if (!counted(e.state) || e.itemId === undefined) continue;
    const time = (e.createdAt instanceof Date ? e.createdAt : new Date(e.createdAt)).getTime();
    if (Number.isNaN(time)) throw new RangeError(`review time "${String(e.createdAt)}" is not a date`);
    const seen = first.get(e.itemId);
    if (seen === undefined || time < seen) first.set(e.itemId, time);
  }
  const perDay = new Map<string, number>();
  for (const time of first.values()) {
    const day = calendarDay(time, timeZone);
    perDay.set(day, (perDay.get(day) ?? 0) + 1);
  }
  let reviewed = 0;
  return [...perDay.keys()].sort().map((day) => {
    reviewed += perDay.get(day)!;
    return { day, newlyReviewed: perDay.get(day)!, reviewed };
  });
}
