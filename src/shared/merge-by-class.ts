// Merging a steel save that met a conflict: for each class both people changed, the person picks their mask or
// mine; the result is saved on top of theirs (each class based on their revision), so it is a new revision after
// theirs and never a silent overwrite of it. Classes only I changed keep my mask and my base.
import type { BaseRevision, TheirLabel } from './api/collaboration-types';

export type MergePick = 'theirs' | 'mine';

export interface ClassToSave {
  classId: number;
  rle: string;
  base: BaseRevision;
  origin?: string;
}

/** The classes to save after picking per class (a class missing from `picks` keeps mine). */
export function mergeByClass(mine: readonly ClassToSave[], theirs: readonly TheirLabel[], picks: ReadonlyMap<number, MergePick>): ClassToSave[] {
  const theirsByClass = new Map(theirs.map((t) => [t.classId, t]));
  return mine.map((m) => {
    const t = theirsByClass.get(m.classId);
    if (!t) return m;
    const base: BaseRevision = t.revisionId ?? 'none';
    if (picks.get(m.classId) === 'theirs') return { classId: m.classId, rle: t.payload, base };
    return { ...m, base };
  });
}
