// How the workstation words a review: who set it, when, and why.
import { describe, expect, it } from 'vitest';
import { formatWhen, reviewSummary } from './vocabulary';

const now = new Date(2026, 11, 1, 16, 0, 0);
const today = new Date(2026, 11, 1, 14, 2, 10).toISOString();
const earlier = new Date(2026, 10, 28, 9, 30, 0).toISOString();

describe('review wording', () => {
  it('says who set the state and when: the time today, the day before that', () => {
    expect(formatWhen(today, now)).toBe('14:02:10');
    expect(formatWhen(earlier, now)).toBe('28 Nov, 09:30');
    expect(reviewSummary({ state: 'approved', by: 'Ana', at: today, note: null }, now)).toBe('Approved by Ana · 14:02:10');
  });

  it("adds a flag's reason, or why an approval went back to in progress", () => {
    expect(reviewSummary({ state: 'flagged', by: 'Ana', at: earlier, note: 'glare, cannot tell' }, now)).toBe('Flagged by Ana · 28 Nov, 09:30: glare, cannot tell');
    expect(reviewSummary({ state: 'in_progress', by: 'Bo', at: today, note: 'edited after approval' }, now)).toBe('In progress by Bo · 14:02:10: edited after approval');
  });

  it('an item never reviewed is just unreviewed', () => {
    expect(reviewSummary({ state: 'unreviewed', by: null, at: null, note: null }, now)).toBe('Unreviewed');
  });
});
