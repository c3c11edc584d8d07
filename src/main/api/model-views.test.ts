import { describe, expect, it } from 'vitest';
import { formatCtPrediction } from '../../shared/ml/ct-prediction';
import { draftCounts } from './model-views';

describe('draft counts', () => {
  it('count, per steel class, the strips whose draft has a mask', () => {
    const drafts = new Map([
      [1, new Map([[1, '1 3'], [2, ''], [3, ''], [4, '']])],
      [2, new Map([[1, '5 2'], [2, ''], [3, '9 9'], [4, '']])],
      [3, new Map<number, string>()],
    ]);
    expect(draftCounts(drafts, 'model:a', 'steel')).toEqual({ source: 'model:a', items: 3, perClass: { '1': 2, '2': 0, '3': 1, '4': 0 } });
  });

  it('count the CT slices whose `any` probability is at least 0.5, and skip what does not parse', () => {
    const drafts = new Map([
      [1, new Map([[0, formatCtPrediction([0, 0.6, 0, 0, 0, 0.5])]])],
      [2, new Map([[0, formatCtPrediction([0, 0, 0, 0, 0, 0.49])]])],
      [3, new Map([[0, 'not a prediction']])],
    ]);
    expect(draftCounts(drafts, 'model:ct', 'ct')).toEqual({ source: 'model:ct', items: 3, perClass: { any: 1 } });
  });
});
