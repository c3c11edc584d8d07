import { describe, expect, it } from 'vitest';
import { cameRound, followsSortBy } from './listOrder';

describe('N / Shift+N and the list’s Sort by', () => {
  it('follow a review queue of the item’s own dataset, not dataset order', () => {
    expect(followsSortBy({ by: 'disagreement' }, 3, 3)).toBe(true);
    expect(followsSortBy({ by: 'random', seed: 4 }, 3, 3)).toBe(true);
    expect(followsSortBy({ by: 'order' }, 3, 3)).toBe(false);
    expect(followsSortBy(null, 3, 3)).toBe(false);
    expect(followsSortBy({ by: 'disagreement' }, 2, 3)).toBe(false);
    expect(followsSortBy({ by: 'disagreement' }, null, undefined)).toBe(false);
  });

  it('say where they came round to', () => {
    expect(cameRound('next')).toBe('Came round to the start of the list');
    expect(cameRound('previous')).toBe('Came round to the end of the list');
  });
});
