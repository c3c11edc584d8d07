import { describe, expect, it } from 'vitest';
import { reviewLine, stripReadout, type ReadoutSlice } from './strip-readout';

const slice: ReadoutSlice = { bits: 16, draft: false, probabilities: [0.01, 0.2, 0.03, 0.4, 0.834, 0.9], review: 'unreviewed', reviewInfo: null };
const when = (iso: string) => `at ${iso}`;

describe('stripReadout', () => {
  it('reads a label row as the label, the slice and the model probability', () => {
    expect(stripReadout({ index: 13, row: 4, inside: true }, slice)).toBe('subdural · slice 14 · p = 0.83 · yes');
    expect(stripReadout({ index: 13, row: 0, inside: true }, slice)).toBe('epidural · slice 14 · p = 0.01 · no');
    expect(stripReadout({ index: 13, row: 5, inside: true }, slice)).toBe('any · slice 14 · p = 0.90 · yes');
  });

  it('says when the labels are the model draft, or when there is no prediction or no label', () => {
    expect(stripReadout({ index: 0, row: 4, inside: true }, { ...slice, draft: true })).toBe('subdural · slice 1 · p = 0.83 · yes (model draft)');
    expect(stripReadout({ index: 0, row: 4, inside: true }, { ...slice, bits: null, probabilities: null })).toBe('subdural · slice 1 · no model prediction · not labelled');
    expect(stripReadout({ index: 2, row: 6, inside: true }, { ...slice, draft: true, bits: 16 | 2 })).toBe('slice 3 · model draft: intraparenchymal · subdural (not saved yet)');
    expect(stripReadout({ index: 2, row: 6, inside: true }, { ...slice, bits: null })).toBe('slice 3 · not labelled');
  });

  it('reads the ruler as the review: who, when and why', () => {
    const flagged = { ...slice, review: 'flagged' as const, reviewInfo: { state: 'flagged' as const, by: 'Ada', at: '2026-12-03T10:02:00Z', note: 'motion artefact' } };
    expect(stripReadout({ index: 4, row: -1, inside: true }, flagged, when)).toBe('slice 5 · Flagged by Ada, at 2026-12-03T10:02:00Z: motion artefact');
    expect(stripReadout({ index: 4, row: -1, inside: true }, slice, when)).toBe('slice 5 · Unreviewed');
  });
});

describe('reviewLine', () => {
  it('names the state alone when nobody is known', () => {
    expect(reviewLine({ state: 'approved', by: null, at: null, note: null }, 'approved', when)).toBe('Approved');
    expect(reviewLine(null, 'in_progress', when)).toBe('In progress');
    expect(reviewLine({ state: 'in_progress', by: 'Bo', at: null, note: 'edited after approval' }, 'in_progress', when)).toBe('In progress by Bo: edited after approval');
  });
});
