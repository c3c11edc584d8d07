// The QA page's "progress over time": from the days with reviews (review-throughput) to one row per calendar
// day from the first review to the last — days without a review repeat the running total, so a chart of it
// has no gaps — cumulative for the whole dataset and per annotator.
import type { ProgressDay, ThroughputRow } from './review-throughput';

/** Every calendar day from `first` to `last` (YYYY-MM-DD, both included). */
export function daysBetween(first: string, last: string): string[] {
  const parse = (day: string) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
    if (!m) throw new RangeError(`"${day}" is not a calendar day (YYYY-MM-DD)`);
    return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  };
  const days: string[] = [];
  for (let t = parse(first), end = parse(last); t <= end; t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

export interface ProgressOverTime {
  days: string[];
  /** Items approved or flagged up to each day. */
  reviewed: number[];
  /** Per annotator (by name): their approvals and flags up to each day. */
  perAuthor: { author: string; reviews: number[] }[];
}

/** Cumulative progress per day, filled from the first day with a review to the last. */
export function progressOverTime(progress: readonly ProgressDay[], throughput: readonly ThroughputRow[]): ProgressOverTime {
  const seen = [...progress.map((p) => p.day), ...throughput.map((r) => r.day)].sort();
  if (seen.length === 0) return { days: [], reviewed: [], perAuthor: [] };
  const days = daysBetween(seen[0], seen[seen.length - 1]);
  const reviewedOn = new Map(progress.map((p) => [p.day, p.reviewed]));
  let running = 0;
  const reviewed = days.map((day) => (running = reviewedOn.get(day) ?? running));
  const authors = [...new Set(throughput.map((r) => r.author))].sort();
  const perAuthor = authors.map((author) => {
    const onDay = new Map(throughput.filter((r) => r.author === author).map((r) => [r.day, r.approved + r.flagged]));
    let total = 0;
    return { author, reviews: days.map((day) => (total += onDay.get(day) ?? 0)) };
  });
  return { days, reviewed, perAuthor };
}
