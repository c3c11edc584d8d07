// Saving the CT workspace's labels, for the series store: the unsaved edits go out as human revisions in one
// request at a time (saves queue behind each other; edits made meanwhile stay unsaved), each with the model draft
// it started from; the slices then show the server's review rule (a first label starts the review, an edit after
// approval moves the slice back to "in progress", and the reader is told).
import { triggerRef, type Ref, type ShallowRef } from 'vue';
import { api } from '../../../api/client';
import type { CtLabelChange, CtSaveResult } from '../../../../../shared/api/ct-types';
import type { SeriesSlices } from './series-slices';

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
}

export function labelSaves({ edits, held, saving, error, notice, revision }: SaveState) {
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
      const result = await api.request('ct.saveLabels', {
        changes: [...pending].map(([itemId, edit]) => ({ itemId, bits: edit.bits, ...(edit.origin ? { origin: edit.origin } : {}) })),
      });
      lastSave = result;
      const h = held.value;
      if (h) {
        const reset = new Set(result.approvalsReset);
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
      error.value = `Labels not saved: ${(e as Error).message}`;
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

  return { save, flush, writeLabels, revertTo };
}
