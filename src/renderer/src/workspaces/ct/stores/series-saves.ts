// Saving the CT workspace's labels, for the series store: the unsaved edits go out as human revisions in one
// request at a time (saves queue behind each other; edits made meanwhile stay unsaved), each with the model draft
// it started from; the slices then show the server's review rule (a first label starts the review, an edit after
// approval moves the slice back to "in progress", and the reader is told).
import { triggerRef, type Ref, type ShallowRef } from 'vue';
import { api } from '../../../api/client';
import type { CtLabelChange, CtSaveResult } from '../../../../../shared/api/ct-types';
import type { SeriesSlices } from './series-slices';
import type { BaseRevision, SaveConflict, TheirLabel } from '../../../../../shared/api/collaboration-types';

/** An unsaved label: the five bits, and the model draft it started from (`model:<v>`), if any. */
export interface SliceEdit {
  bits: number;
  origin: string | null;
}

/** The note the label service gives an edit after approval. */
export const EDITED_AFTER_APPROVAL = 'edited after approval';

export interface SaveState {
  edits: ShallowRef<Map<number, SliceEdit>>;
  held: ShallowRef<SeriesSlices | null>;
  saving: Ref<boolean>;
  error: Ref<string | null>;
  notice: Ref<string | null>;
  /** Bumped after every save. */
  revision: Ref<number>;
  /** A save that met someone else's labels: theirs, and my edits of those slices. */
  conflict: ShallowRef<CtConflict | null>;
}

export interface CtConflict {
  theirs: TheirLabel[];
  mine: Map<number, SliceEdit>;
}

export function labelSaves({ edits, held, saving, error, notice, revision, conflict }: SaveState) {
  let saveChain: Promise<void> = Promise.resolve();
  let lastSave: CtSaveResult | null = null;

  /** Writes these labels now, with whatever else is unsaved, in one request (accepting the model, undoing it). */
  async function writeLabels(changes: readonly CtLabelChange[]): Promise<CtSaveResult | null> {
    const next = new Map(edits.value);
    for (const c of changes) next.set(c.itemId, { bits: c.bits, origin: c.origin ?? null });
    edits.value = next;
    await save();
    return lastSave;
  }

  /** Saves every unsaved label as human revisions (one request); edits made meanwhile stay unsaved. */
  function save(): Promise<void> {
    saveChain = saveChain.then(saveNow, saveNow);
    return saveChain;
  }

  async function saveNow(): Promise<void> {
    const pending = new Map(edits.value);
    if (pending.size === 0) return;
    saving.value = true;
    try {
      const bases = await basesOf(held.value, [...pending.keys()]);
      const result = await api.request('ct.saveLabels', {
        changes: [...pending].map(([itemId, edit]) => ({ itemId, bits: edit.bits, base: bases.get(itemId)!, ...(edit.origin ? { origin: edit.origin } : {}) })),
      });
      lastSave = result;
      conflict.value = null;
      const h = held.value;
      if (h) {
        const reset = new Set(result.approvalsReset);
        [...pending.keys()].forEach((itemId, k) => h.rebase(itemId, result.revisionIds[k]));
        for (const [itemId, edit] of pending) {
          h.markSaved(itemId, edit.bits, result.author, result.savedAt, edit.origin);
          // The label service's rule, as the server applied it: a first label starts the review, an edit after approval resets it.
          const at = h.indexOf(itemId);
          if (reset.has(itemId)) h.markReview(at, { state: 'in_progress', by: result.author, at: result.savedAt, note: EDITED_AFTER_APPROVAL });
          else if (h.reviews[at] === 'unreviewed') h.markReview(at, { state: 'in_progress', by: result.author, at: result.savedAt, note: null });
        }
        triggerRef(held);
      }
      if (result.approvalsReset.length > 0) {
        const n = result.approvalsReset.length;
        notice.value = `${n === 1 ? 'An approved slice' : `${n} approved slices`} went back to "in progress": ${n === 1 ? 'it was' : 'they were'} edited after approval`;
      }
      const rest = new Map(edits.value);
      for (const [itemId, edit] of pending) if (rest.get(itemId) === edit) rest.delete(itemId);
      edits.value = rest;
      error.value = null;
      revision.value++;
    } catch (e) {
      const found = (e as { conflict?: SaveConflict }).conflict;
      if (found) conflict.value = { theirs: found.theirs, mine: new Map([...pending].filter(([itemId]) => found.theirs.some((t) => t.itemId === itemId))) };
      error.value = found ? null : `Labels not saved: ${(e as Error).message}`;
      throw e;
    } finally {
      saving.value = false;
    }
  }

  /** Saves what is unsaved; never throws (the error is shown), for leaving a series or the workspace. */
  async function flush(): Promise<void> {
    if (edits.value.size === 0) return;
    await save().catch(() => {});
  }

  /** A revert writes the old labels again, as a new revision (even when they equal the current ones). */
  async function revertTo(itemId: number, value: number): Promise<void> {
    edits.value = new Map(edits.value).set(itemId, { bits: value, origin: null });
    await save();
  }

  /**
   * After a conflict: keep their labels on those slices (my edits of them are dropped), or keep mine, saved as new
   * revisions after theirs. The other slices of the save go out with it either way.
   */
  async function resolveConflict(pick: 'theirs' | 'mine'): Promise<void> {
    const found = conflict.value;
    const h = held.value;
    if (!found || !h) return;
    conflict.value = null;
    const next = new Map(edits.value);
    for (const t of found.theirs) {
      h.rebase(t.itemId, t.revisionId ?? 'none');
      if (pick !== 'theirs') continue;
      next.delete(t.itemId);
      if (t.revisionId !== null) h.markSaved(t.itemId, Number(t.payload), t.author ?? '', t.createdAt ?? '', null, t.revisionId);
    }
    triggerRef(held);
    edits.value = next;
    revision.value++;
    await save().catch(() => {});
  }

  return { save, flush, writeLabels, revertTo, resolveConflict };
}

/** The base of each slice's save; a slice whose page is not here yet is asked for (its page names its revision). */
async function basesOf(h: SeriesSlices | null, itemIds: readonly number[]): Promise<Map<number, BaseRevision>> {
  const bases = new Map<number, BaseRevision>();
  for (const itemId of itemIds) {
    let base = h?.baseOf(itemId);
    if (base === undefined && h) {
      const page = await api.request('ct.series', { itemId, overview: false });
      h.setPage(page.offset, page.slices);
      base = h.baseOf(itemId);
    }
    bases.set(itemId, base ?? 'none');
  }
  return bases;
}
