import { describe, expect, it } from 'vitest';
import { daysBetween, progressOverTime } from './review-progress';

describe('daysBetween', () => {
  it('lists every calendar day, across a month end and a leap day', () => {
    expect(daysBetween('2024-02-27', '2024-03-02')).toEqual(['2024-02-27', '2024-02-28', '2024-02-29', '2024-03-01', '2024-03-02']);
    expect(daysBetween('2025-05-01', '2025-05-01')).toEqual(['2025-05-01']);
  });

  it('refuses what is not a day', () => {
    expect(() => daysBetween('May 1', '2025-05-02')).toThrow(/not a calendar day/);
  });
});

describe('progressOverTime', () => {
  it('fills the days between reviews and counts per annotator cumulatively', () => {
    const result = progressOverTime(
      [
        { day: '2025-05-01', newlyReviewed: 2, reviewed: 2 },
        { day: '2025-05-03', newlyReviewed: 1, reviewed: 3 },
      ],
      [
        { author: 'Ben', day: '2025-05-01', approved: 1, flagged: 0 },
        { author: 'Ada', day: '2025-05-01', approved: 1, flagged: 0 },
        { author: 'Ada', day: '2025-05-03', approved: 1, flagged: 1 },
      ],
    );
    expect(result.days).toEqual(['2025-05-01', '2025-05-02', '2025-05-03']);
    expect(result.reviewed).toEqual([2, 2, 3]);
    expect(result.perAuthor).toEqual([
      { author: 'Ada', reviews: [1, 1, 3] },
      { author: 'Ben', reviews: [1, 1, 1] },
    ]);
  });

  it('is empty without reviews', () => {
    expect(progressOverTime([], [])).toEqual({ days: [], reviewed: [], perAuthor: [] });
  });
});
