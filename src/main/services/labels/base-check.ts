// The check every label save makes before it writes, in its transaction: each class (or CT slice) sent names the
// revision the person's edit started from; when another revision has become current since and holds something
// else than what is sent, the save is refused whole as a conflict carrying their labels — never an overwrite.
// A base that moved to the very label being sent is no conflict (a save retried after its reply was lost).
import type { BaseRevision, TheirLabel } from '../../../shared/api/collaboration-types';
import { SaveConflictError } from '../../../shared/errors';
import type { LabelService } from './labels';

export interface BasedLabel {
  itemId: number;
  classId: number;
  base: BaseRevision;
  /** True when their current payload already is what this save sends. */
  same(theirs: string): boolean;
}

/** Throws a SaveConflictError naming every label whose base moved; call it inside the save's transaction. */
export function requireCurrentBases(labels: LabelService, sent: readonly BasedLabel[], message: string): void {
  const theirs: TheirLabel[] = [];
  const byItem = new Map<number, ReturnType<LabelService['currentRevisionsOf']>>();
  for (const s of sent) {
    let current = byItem.get(s.itemId);
    if (!current) byItem.set(s.itemId, (current = labels.currentRevisionsOf(s.itemId)));
    const now = current.get(s.classId);
    const currentId: BaseRevision = now ? now.id : 'none';
    if (currentId === s.base) continue;
    if (now && s.same(now.payload)) continue;
    theirs.push({ itemId: s.itemId, classId: s.classId, revisionId: now?.id ?? null, author: now?.author ?? null, createdAt: now?.createdAt ?? null, payload: now?.payload ?? '' });
  }
  if (theirs.length) {
    const who = [...new Set(theirs.map((t) => t.author).filter((a): a is string => a !== null))];
    throw new SaveConflictError(`${message}${who.length ? ` (by ${who.join(', ')})` : ''}: nothing was saved`, { theirs });
  }
}
