import { describe, expect, it } from 'vitest';
import { mergeByClass, type ClassToSave } from './merge-by-class';
import type { TheirLabel } from './api/collaboration-types';

const theirs = (classId: number, revisionId: number | null, payload: string): TheirLabel => ({ itemId: 1, classId, revisionId, author: 'Ana', createdAt: '2026-01-01T00:00:00.000Z', payload });

describe('mergeByClass', () => {
  const mine: ClassToSave[] = [
    { classId: 1, rle: '1 10', base: 4, origin: 'model:v2' },
    { classId: 2, rle: '20 5', base: 'none' },
    { classId: 3, rle: '', base: 6 },
  ];

  it('takes their mask or mine per class, every conflicting class based on their revision', () => {
    const merged = mergeByClass(mine, [theirs(1, 9, '100 3'), theirs(2, 10, '30 2')], new Map([[1, 'theirs'], [2, 'mine']]));
    expect(merged).toEqual([
      { classId: 1, rle: '100 3', base: 9 },
      { classId: 2, rle: '20 5', base: 10 },
      { classId: 3, rle: '', base: 6 },
    ]);
  });

  it('keeps mine where no pick was made, and bases on "none" when their label is gone', () => {
    expect(mergeByClass(mine, [theirs(3, null, '')], new Map())[2]).toEqual({ classId: 3, rle: '', base: 'none' });
  });
});
