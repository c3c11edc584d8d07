import { describe, expect, it } from 'vitest';
import { calendarDay, reviewProgressByDay, reviewThroughput, type ReviewEvent } from './review-throughput';

describe('calendarDay', () => {
  it('counts a late-evening review on the day in the time zone asked for', () => {
    expect(calendarDay('2026-12-01T23:30:00Z')).toBe('2026-12-01');
    expect(calendarDay('2026-12-01T23:30:00Z', 'Europe/Berlin')).toBe('2026-12-02');
    expect(calendarDay(Date.parse('2026-12-02T03:00:00Z'), 'America/New_York')).toBe('2026-12-01');
  });

  it('rejects a bad time or time zone with a clear message', () => {
    expect(() => calendarDay('yesterday')).toThrow(/"yesterday" is not a date/);
    expect(() => calendarDay('2026-12-01T00:00:00Z', 'Mars/Olympus')).toThrow(/unknown time zone "Mars\/Olympus"/);
  });
});

describe('reviewThroughput', () => {
  const events: ReviewEvent[] = [
    { author: 'ana', state: 'approved', createdAt: '2026-12-01T09:00:00Z', itemId: 1 },
    { author: 'ana', state: 'flagged', createdAt: '2026-12-01T23:30:00Z', itemId: 2 },
    { author: 'ben', state: 'approved', createdAt: '2026-12-01T10:00:00Z', itemId: 3 },
    { author: 'ben', state: 'in_progress', createdAt: '2026-12-01T11:00:00Z', itemId: 4 },
    { author: 'ana', state: 'approved', createdAt: '2026-12-02T08:00:00Z', itemId: 2 },
    { author: 'ben', state: 'unreviewed', createdAt: '2026-12-02T08:00:00Z', itemId: 3 },
  ];

  it('counts approvals and flags per author per UTC day, ignoring other states', () => {
    const { rows, authors } = reviewThroughput(events);
    expect(rows).toEqual([
      { author: 'ana', day: '2026-12-01', approved: 1, flagged: 1 },
      { author: 'ben', day: '2026-12-01', approved: 1, flagged: 0 },
      { author: 'ana', day: '2026-12-02', approved: 1, flagged: 0 },
    ]);
    expect(authors).toEqual([
      { author: 'ana', approved: 2, flagged: 1, days: 2 },
      { author: 'ben', approved: 1, flagged: 0, days: 1 },
    ]);
  });

  it('moves work across midnight by the time zone', () => {
    const { rows } = reviewThroughput(events, 'Europe/Berlin');
    expect(rows.find((r) => r.author === 'ana' && r.day === '2026-12-02')).toEqual({ author: 'ana', day: '2026-12-02', approved: 1, flagged: 1 });
  });

  it('grows the reviewed set by distinct items, on the day each was first reviewed', () => {
    expect(reviewProgressByDay(events)).toEqual([{ day: '2026-12-01', newlyReviewed: 3, reviewed: 3 }]);
    expect(reviewProgressByDay(events, 'Europe/Berlin')).toEqual([
      { day: '2026-12-01', newlyReviewed: 2, reviewed: 2 },
      { day: '2026-12-02', newlyReviewed: 1, reviewed: 3 },
    ]);
  });
});
