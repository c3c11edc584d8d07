import { describe, expect, it } from 'vitest';
import { qaText, queueText, textTable } from './loop-text';
import type { QaSummary, QueueView } from '../../shared/api/loop-types';

describe('textTable', () => {
  it('pads columns to the widest cell, numbers to the right, and leaves no trailing blanks', () => {
    expect(textTable([['rank', 'key', 'why'], ['1', 'a', 'long reason'], ['10', 'bbbb', '']], new Set([0]))).toBe(
      ['rank  key   why', '   1  a     long reason', '  10  bbbb'].join('\n'),
    );
  });
});

const queue: QueueView = {
  datasetId: 1,
  dataset: 'strips',
  kind: 'severstal',
  order: { by: 'ensemble', model: 'steel-3', against: 'steel-2', seed: null },
  total: 1234,
  scored: 1200,
  rows: [{ rank: 1, itemId: 9, key: 'a.jpg', score: 0.5, reason: 'class 1: steel-3 1,200 px, steel-2 0 px (Dice 0.0000)' }],
};

describe('queueText', () => {
  it('names the strategy, the versions, the counts and that only the first rows are shown', () => {
    expect(queueText(queue).split('\n')).toEqual([
      'Ensemble queue of "strips" (steel-3 against steel-2): 1,234 items, 1,200 scored; the first 1',
      'rank  key     score  reason',
      '   1  a.jpg  0.5000  class 1: steel-3 1,200 px, steel-2 0 px (Dice 0.0000)',
    ]);
  });
});

const empty: QaSummary = {
  datasetId: 1,
  dataset: 'head',
  kind: 'rsna',
  rule: 'Counted on approved items.',
  timeZone: 'UTC',
  progress: { total: 10, counted: 0, byState: { unreviewed: 9, in_progress: 1, approved: 0, flagged: 0 } },
  models: [],
  throughput: { rows: [], authors: [] },
  overTime: { days: [], reviewed: [], perAuthor: [] },
};

describe('qaText', () => {
  it('says what is missing when nothing is counted yet', () => {
    const text = qaText(empty);
    expect(text).toContain('QA of "head": 0 of 10 slices counted');
    expect(text).toContain('Review progress: 0 approved · 0 flagged · 1 in progress · 9 unreviewed');
    expect(text).toContain('Nothing is counted yet: approve some slices first.');
    expect(text).toContain('no approvals or flags yet');
  });

  it('prints CT labels with both base rates and their probabilities', () => {
    const confusion = { tp: 1, fp: 0, fn: 0, tn: 1 };
    const text = qaText({
      ...empty,
      progress: { ...empty.progress, counted: 2 },
      models: [
        {
          version: 'ct-2',
          source: 'model:ct-2',
          active: true,
          parentVersion: 'ct-1',
          items: 2,
          missing: 0,
          steel: null,
          ct: {
            metric: 'weighted log loss',
            logLoss: 0.5,
            baseRateLogLoss: 0.4,
            rsnaBaseRateLogLoss: 0.9,
            perLabel: [{ label: 'subdural', logLoss: 0.5, prevalence: 0.5, baseRateLogLoss: 0.6931, rsnaBaseRate: 0.063, rsnaBaseRateLogLoss: 1.4, confusion }],
          },
          worst: [],
        },
      ],
    });
    expect(text).toContain('Model ct-2 (active, parent ct-1) on 2 reviewed slices; lower log loss is better');
    expect(text).toMatch(/subdural\s+0\.5000\s+0\.6931 \(p 0\.50\)\s+1\.4000 \(p 0\.06\)\s+1\s+0\s+0\s+1/);
    expect(text).toMatch(/weighted\s+0\.5000\s+0\.4000\s+0\.9000/);
  });
});
