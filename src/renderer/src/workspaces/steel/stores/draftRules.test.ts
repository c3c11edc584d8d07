// What a strip's editable masks start from, and what a review does first on it.
import { describe, expect, it } from 'vitest';
import { startName, stepBeforeReview, stripStart, type DraftState } from './draftRules';
import type { SteelPrediction } from '../../../../../shared/api/steel-types';

const prediction = (version: string, active: boolean): SteelPrediction => ({ source: `model:${version}`, version, active, classes: [] });
const labelled: DraftState = { unlabelled: false, draft: null, hasUnsavedChanges: false };
const onDraft: DraftState = { unlabelled: true, draft: 'model:steel-starter', hasUnsavedChanges: false };
const empty: DraftState = { unlabelled: true, draft: null, hasUnsavedChanges: false };

describe('what the editable mask starts from', () => {
  it('names the model draft and its version, and says when it is not the active model', () => {
    expect(startName(stripStart(onDraft, prediction('steel-starter', true)))).toBe('model draft (steel-starter)');
    const older = { ...onDraft, draft: 'model:v1' };
    expect(startName(stripStart(older, prediction('v1', false)))).toBe('model draft (v1, not the active model)');
  });

  it('says "no label yet" on a strip with no label and no prediction, and nothing on a labelled strip', () => {
    expect(stripStart(empty, null)).toEqual({ kind: 'empty' });
    expect(startName(stripStart(empty, null))).toBe('no label yet');
    expect(stripStart(labelled, prediction('v2', true))).toEqual({ kind: 'label' });
    expect(startName(stripStart(labelled, null))).toBe('');
  });
});

describe('before a review is set', () => {
  it('saves pending edits first, whatever the state set', () => {
    for (const state of ['approved', 'flagged', 'unreviewed'] as const) {
      expect(stepBeforeReview({ ...labelled, hasUnsavedChanges: true }, state)).toBe('save');
      expect(stepBeforeReview({ ...onDraft, hasUnsavedChanges: true }, state)).toBe('save');
    }
  });

  it('approving an unedited model draft saves the draft as the label first', () => {
    expect(stepBeforeReview(onDraft, 'approved')).toBe('accept-draft');
  });

  it('approving a strip with no label, no draft and no edit asks whether it is defect-free', () => {
    expect(stepBeforeReview(empty, 'approved')).toBe('ask-defect-free');
  });

  it('a flag needs no label: an unedited draft is not saved for it; a labelled strip with nothing unsaved needs nothing', () => {
    expect(stepBeforeReview(onDraft, 'flagged')).toBe('none');
    expect(stepBeforeReview(empty, 'flagged')).toBe('none');
    expect(stepBeforeReview(labelled, 'approved')).toBe('none');
    expect(stepBeforeReview(null, 'approved')).toBe('none');
  });
});
