import { describe, expect, it } from 'vitest';
import { REQUEST_NAMES } from './api/names';
import { requests } from './api/contract';
import { REQUEST_ROLES, ROLES, atLeast, binaryRole, mayRequest, requiredRole } from './roles';

describe('the role table', () => {
  it('names every request of the contract, and nothing else', () => {
    const table = Object.keys(REQUEST_ROLES).sort();
    expect(table).toEqual([...REQUEST_NAMES].sort());
    expect(table).toEqual(Object.keys(requests).sort());
    for (const name of REQUEST_NAMES) expect(ROLES).toContain(REQUEST_ROLES[name]);
  });

  it('is a ladder: each role may do what the roles below it may', () => {
    expect(atLeast('admin', 'reviewer')).toBe(true);
    expect(atLeast('reviewer', 'annotator')).toBe(true);
    expect(atLeast('annotator', 'reviewer')).toBe(false);
    expect(atLeast('reviewer', 'admin')).toBe(false);
    for (const name of REQUEST_NAMES) expect(mayRequest('admin', name, {})).toBe(true);
  });

  it('lets an annotator label and mark work in progress, but not approve, flag or run the workstation', () => {
    expect(mayRequest('annotator', 'labels.save')).toBe(true);
    expect(mayRequest('annotator', 'steel.save')).toBe(true);
    expect(mayRequest('annotator', 'reviews.set', { itemId: 1, state: 'in_progress' })).toBe(true);
    expect(mayRequest('annotator', 'reviews.set', { itemId: 1, state: 'unreviewed' })).toBe(true);
    expect(mayRequest('annotator', 'reviews.set', { itemId: 1, state: 'approved' })).toBe(false);
    expect(mayRequest('annotator', 'ct.reviewSeries', { state: 'flagged' })).toBe(false);
    for (const name of ['imports.start', 'datasets.delete', 'models.activate', 'models.train', 'folders.list', 'audit.list', 'qa.summary'] as const) {
      expect(mayRequest('annotator', name, {})).toBe(false);
    }
  });

  it('lets a reviewer approve and flag, but not manage datasets, models or users', () => {
    expect(requiredRole('reviews.set', { state: 'approved' })).toBe('reviewer');
    expect(mayRequest('reviewer', 'reviews.set', { state: 'approved' })).toBe(true);
    expect(mayRequest('reviewer', 'ct.reviewSeries', { state: 'flagged' })).toBe(true);
    expect(mayRequest('reviewer', 'qa.summary', {})).toBe(true);
    for (const name of ['imports.start', 'datasets.rename', 'models.rollback', 'jobs.cancel', 'settings.setUserName', 'audit.list'] as const) {
      expect(mayRequest('reviewer', name, {})).toBe(false);
    }
  });

  it('does not read review states from arguments that are not an object', () => {
    expect(requiredRole('reviews.set', 'approved')).toBe('annotator');
    expect(requiredRole('reviews.set', null)).toBe('annotator');
    expect(requiredRole('reviews.set', { state: ['approved'] })).toBe('annotator'); // the schema refuses it anyway
  });

  it('keeps whole-dataset label downloads for reviewers, pixels for everyone', () => {
    expect(binaryRole({ kind: 'labels-csv', datasetId: 1, source: 'current', legacy: false })).toBe('reviewer');
    expect(binaryRole({ kind: 'mask', itemId: 1, classId: 2 })).toBe('annotator');
    expect(binaryRole({ kind: 'hu', itemId: 1, frame: 0 })).toBe('annotator');
  });
});
